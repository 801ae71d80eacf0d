"""nnlib.analysis.neuron: where a neuron's decision line crosses a box, and the side where z > 0."""

import numpy as np
import pytest

from nnlib.analysis.neuron import decision_line, positive_region


def test_decision_line_inside_the_box():
    ends = decision_line(1.0, 1.0, -1.5, (-0.5, 1.5), (-0.5, 1.5))
    assert ends.shape == (2, 2)
    np.testing.assert_allclose(ends @ np.array([1.0, 1.0]) - 1.5, 0.0, atol=1e-12)
    assert set(map(tuple, np.round(ends, 12))) == {(0.0, 1.5), (1.5, 0.0)}


def test_decision_line_vertical_missing_and_absent():
    ends = decision_line(2.0, 0.0, -1.0, (-0.5, 1.5), (-0.5, 1.5))  # x1 = 0.5
    np.testing.assert_allclose(ends[:, 0], [0.5, 0.5])
    np.testing.assert_allclose(sorted(ends[:, 1]), [-0.5, 1.5])
    assert decision_line(1.0, 1.0, 10.0, (-0.5, 1.5), (-0.5, 1.5)) is None  # outside the box
    assert decision_line(0.0, 0.0, 1.0, (-0.5, 1.5), (-0.5, 1.5)) is None  # no line at all


def test_decision_line_through_a_corner_of_the_box():
    ends = decision_line(1.0, -1.0, 0.0, (0.0, 1.0), (0.0, 1.0))  # the diagonal x2 = x1
    assert set(map(tuple, np.round(ends, 12))) == {(0.0, 0.0), (1.0, 1.0)}


def test_decision_line_misses_the_box_or_has_no_line():
    ends = decision_line(1.0, 1.0, -1.0, (-0.5, 1.5), (-0.5, 1.5))  # x + y = 1
    assert ends.shape == (2, 2)
    for x, y in ends:
        assert x + y == pytest.approx(1.0)
        assert -0.5 - 1e-9 <= x <= 1.5 + 1e-9 and -0.5 - 1e-9 <= y <= 1.5 + 1e-9
    assert decision_line(1.0, 0.0, -5.0, (0, 1), (0, 1)) is None  # x = 5: outside


def test_positive_region_is_the_side_where_z_is_positive():
    corners = positive_region(1.0, 1.0, -1.0, (0, 1), (0, 1))  # x + y > 1: the upper-right triangle
    assert len(corners) == 3
    assert np.all(corners.sum(axis=1) >= 1.0 - 1e-9)
    assert len(positive_region(0.0, 0.0, -1.0, (0, 1), (0, 1))) == 0  # never positive
    assert len(positive_region(0.0, 0.0, 1.0, (0, 1), (0, 1))) == 4  # everywhere positive
