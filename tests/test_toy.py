"""Toy datasets: truth tables, shapes, determinism from the rng, geometry, and bad arguments."""

import numpy as np
import pytest

from nnlib import toy

GENERATORS = {
    "moons": lambda n, rng, **kw: toy.make_moons(n, rng=rng, **kw),
    "circles": lambda n, rng, **kw: toy.make_circles(n, rng=rng, **kw),
    "spirals": lambda n, rng, **kw: toy.make_spirals(n, rng=rng, **kw),
    "blobs": lambda n, rng, **kw: toy.make_blobs(n, rng=rng, **kw),
}
N_CLASSES = {"moons": 2, "circles": 2, "spirals": 2, "blobs": 3}


# logic gates


@pytest.mark.parametrize(
    ("name", "outputs"),
    [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]), ("nand", [1, 1, 1, 0]), ("nor", [1, 0, 0, 0])],
)
def test_logic_gate_truth_tables(name, outputs):
    X, y = toy.logic_gate(name)
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, outputs)
    # the rows really compute the gate they are named after
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    gate = {"and": a & b, "or": a | b, "xor": a ^ b, "nand": ~(a & b), "nor": ~(a | b)}[name]
    np.testing.assert_array_equal(y, gate.astype(int))


def test_logic_gate_accepts_any_case_and_returns_fresh_arrays():
    X, y = toy.logic_gate("XOR")
    X[0, 0] = 99
    y[0] = 99
    X2, y2 = toy.logic_gate("xor")
    assert X2[0, 0] == 0 and y2[0] == 0


def test_logic_gate_unknown_name_lists_known_ones():
    with pytest.raises(ValueError, match=r"unknown logic gate 'xnor'.*and, or, xor, nand, nor"):
        toy.logic_gate("xnor")
    with pytest.raises(TypeError, match="name must be a string"):
        toy.logic_gate(3)


# 2-D generators


@pytest.mark.parametrize("kind", GENERATORS)
@pytest.mark.parametrize("n", [7, 200])
def test_shapes_dtypes_labels(kind, n):
    X, y = GENERATORS[kind](n, np.random.default_rng(0))
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))
    counts = np.bincount(y)
    assert len(counts) == N_CLASSES[kind]
    assert counts.max() - counts.min() <= 1, "classes are shared as evenly as possible"


@pytest.mark.parametrize("kind", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(kind):
    X1, y1 = GENERATORS[kind](100, np.random.default_rng(42))
    X2, y2 = GENERATORS[kind](100, np.random.default_rng(42))
    X3, _ = GENERATORS[kind](100, np.random.default_rng(43))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("kind", GENERATORS)
def test_classes_are_shuffled(kind):
    _, y = GENERATORS[kind](100, np.random.default_rng(0))
    assert not np.all(np.diff(y) >= 0), "labels should not come sorted by class"


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = toy.make_moons(50, noise=0.0, rng=np.random.default_rng(0))
    outer, inner = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(outer[:, 0], outer[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1.0, inner[:, 1] - 0.5), 1.0)
    assert outer[:, 1].min() >= -1e-12 and inner[:, 1].max() <= 0.5 + 1e-12


def test_circles_without_noise_have_radius_one_and_factor():
    X, y = toy.make_circles(60, noise=0.0, factor=0.3, rng=np.random.default_rng(0))
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_spirals_radius_and_arms():
    X, y = toy.make_spirals(301, n_classes=3, noise=0.0, rng=np.random.default_rng(0))
    assert np.bincount(y).tolist() == [101, 100, 100]
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.min() == pytest.approx(0.0) and radius.max() == pytest.approx(1.0)
    # without noise, the outermost point of arm k sits at angle 2 pi k / 3 (+ one full turn)
    for k in range(3):
        tip = X[y == k][np.argmax(radius[y == k])]
        angle = np.arctan2(tip[0], tip[1])  # points are (r sin theta, r cos theta)
        assert np.isclose(np.cos(angle - 2 * np.pi * k / 3), 1.0)


def test_blobs_with_given_centres_and_zero_std():
    centres = [[0.0, 0.0], [5.0, -5.0]]
    X, y = toy.make_blobs(10, centers=centres, std=0.0, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, np.asarray(centres)[y])


def test_blobs_points_gather_around_their_centres():
    centres = np.array([[-8.0, 0.0], [8.0, 0.0], [0.0, 8.0]])
    X, y = toy.make_blobs(3000, centers=centres, std=0.5, rng=np.random.default_rng(1))
    for k in range(3):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centres[k], atol=0.1)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.05)


def test_blobs_random_centres_lie_in_the_box():
    X, y = toy.make_blobs(400, centers=4, std=0.0, rng=np.random.default_rng(3))
    assert len(np.unique(X, axis=0)) == 4 and np.abs(X).max() <= 10


# bad arguments


@pytest.mark.parametrize("kind", GENERATORS)
@pytest.mark.parametrize("bad_rng", [None, 0, np.random.RandomState(0), "seed"])
def test_rng_must_be_a_generator(kind, bad_rng):
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator, e.g. rng = np.random.default_rng\(0\)"):
        GENERATORS[kind](10, bad_rng)


@pytest.mark.parametrize("kind", GENERATORS)
def test_rng_is_required_and_keyword_only(kind):
    make = getattr(toy, f"make_{kind}")
    with pytest.raises(TypeError, match="rng"):
        make(10)
    with pytest.raises(TypeError):
        make(10, 0.1, np.random.default_rng(0))


@pytest.mark.parametrize("kind", GENERATORS)
@pytest.mark.parametrize(
    ("n", "error", "message"),
    [
        (0, ValueError, "n_samples must be at least"),
        (-5, ValueError, "n_samples must be at least"),
        (1, ValueError, "n_samples must be at least"),
        (10.0, TypeError, "n_samples must be a whole number"),
        ("10", TypeError, "n_samples must be a whole number"),
        (True, TypeError, "n_samples must be a whole number"),
    ],
)
def test_bad_n_samples(kind, n, error, message):
    with pytest.raises(error, match=message):
        GENERATORS[kind](n, np.random.default_rng(0))


def test_numpy_integer_n_samples_is_fine():
    X, _ = toy.make_moons(np.int64(12), rng=np.random.default_rng(0))
    assert X.shape == (12, 2)


@pytest.mark.parametrize("kind", ["moons", "circles", "spirals"])
@pytest.mark.parametrize(
    ("noise", "error", "message"),
    [
        (-0.1, ValueError, "noise must be >= 0"),
        (float("nan"), ValueError, "noise must be a finite number"),
        (float("inf"), ValueError, "noise must be a finite number"),
        ("0.1", TypeError, "noise must be a number"),
        (None, TypeError, "noise must be a number"),
        (1e308, ValueError, "noise must be <= 100"),
    ],
)
def test_bad_noise(kind, noise, error, message):
    with pytest.raises(error, match=message):
        GENERATORS[kind](10, np.random.default_rng(0), noise=noise)


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5, -0.5])
def test_circles_factor_must_be_between_0_and_1(factor):
    with pytest.raises(ValueError, match="factor must be strictly between 0 and 1"):
        toy.make_circles(10, factor=factor, rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    ("n_classes", "error", "message"),
    [(1, ValueError, "n_classes must be at least 2"), (2.0, TypeError, "n_classes must be a whole number")],
)
def test_spirals_bad_n_classes(n_classes, error, message):
    with pytest.raises(error, match=message):
        toy.make_spirals(10, n_classes=n_classes, rng=np.random.default_rng(0))


def test_spirals_need_a_point_per_arm():
    with pytest.raises(ValueError, match=r"n_samples must be at least 5 \(one point per arm"):
        toy.make_spirals(4, n_classes=5, rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    ("centers", "error", "message"),
    [
        (0, ValueError, "centers must be at least 1"),
        (2.5, TypeError, "centers must be an int or an array"),
        (True, TypeError, "centers must be an int or an array"),
        ([1.0, 2.0], ValueError, r"shape \(k, 2\)"),
        ([[1.0, 2.0, 3.0]], ValueError, r"shape \(k, 2\)"),
        (np.empty((0, 2)), ValueError, r"shape \(k, 2\)"),
        ([[0.0, np.nan]], ValueError, "NaN or infinity"),
        (20, ValueError, r"at least 20 \(one point per blob"),
    ],
)
def test_blobs_bad_centers(centers, error, message):
    with pytest.raises(error, match=message):
        toy.make_blobs(10, centers=centers, rng=np.random.default_rng(0))


@pytest.mark.parametrize(("std", "error"), [(-1.0, ValueError), (float("nan"), ValueError), ("1", TypeError)])
def test_blobs_bad_std(std, error):
    with pytest.raises(error, match="std must"):
        toy.make_blobs(10, std=std, rng=np.random.default_rng(0))
