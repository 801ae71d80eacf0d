"""nnlib.analysis.cost: the best straight line under the L2 and the L1 loss."""

import numpy as np
import pytest

from nnlib.analysis.cost import fit_l1, fit_l2


@pytest.fixture
def line_data():
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 10.0, 12)
    return x, 0.8 * x + 1.0 + rng.normal(0.0, 0.6, x.size)


def test_fit_l2_is_least_squares(line_data):
    x, y = line_data
    np.testing.assert_allclose(fit_l2(x, y), np.polyfit(x, y, 1), rtol=1e-12)


def test_fit_l1_is_the_best_line_under_absolute_error(line_data):
    x, y = line_data
    y = y.copy()
    y[9] = 25.0
    slope, intercept = fit_l1(x, y)
    best = np.mean(np.abs(slope * x + intercept - y))
    # no line on a fine grid around it does better
    slopes = slope + np.linspace(-0.3, 0.3, 121)
    intercepts = intercept + np.linspace(-1.5, 1.5, 121)
    S, B = np.meshgrid(slopes, intercepts)
    mae = np.abs(S[..., None] * x + B[..., None] - y).mean(axis=-1)
    assert mae.min() >= best - 1e-12
    # and it passes through (at least) two of the points
    assert np.sum(np.abs(slope * x + intercept - y) < 1e-9) >= 2


def test_l1_fit_ignores_how_far_an_outlier_is_l2_does_not(line_data):
    x, y = line_data
    far, farther = y.copy(), y.copy()
    far[9], farther[9] = 20.0, 30.0
    np.testing.assert_allclose(fit_l1(x, far), fit_l1(x, farther))
    assert fit_l2(x, farther)[0] > fit_l2(x, far)[0] + 0.1


def test_fits_reject_bad_input():
    with pytest.raises(ValueError, match="one y per x"):
        fit_l2(np.arange(3.0), np.arange(4.0))
    with pytest.raises(ValueError, match="different x"):
        fit_l1(np.ones(3), np.arange(3.0))
