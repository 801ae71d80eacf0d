"""Lesson 07's widgets (nnlib.widgets.cost), driven headless under Agg.

For every widget: update() changes the artists in place and the readouts, every control changes
the picture, and the readouts are the right numbers for a known setting (checked against nnlib's
losses, numpy's least squares or a brute-force search).
"""

import numpy as np
import pytest

from nnlib import accuracy, get_loss, sigmoid
from nnlib.analysis.cost import (
    fit_l1,
)
from nnlib.widgets.cost import (
    SURFACE_LOSSES,
    AccuracyVsCrossEntropy,
    CostSurface,
    LearningSlowdown,
    OutlierFit,
)

BCE = get_loss("binary_crossentropy")


@pytest.fixture
def line_data():
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 10.0, 12)
    return x, 0.8 * x + 1.0 + rng.normal(0.0, 0.6, x.size)


@pytest.fixture
def data_1d():
    rng = np.random.default_rng(3)
    y = np.repeat([0, 1], 10)
    return rng.normal(1.5 + 2.0 * y, 1.0), y


@pytest.fixture
def data_2d():
    rng = np.random.default_rng(4)
    y = np.repeat([0, 1], 20)
    X = rng.normal(0.0, 0.9, (40, 2)) + np.where(y[:, None] == 1, [2.0, 1.5], [0.5, 0.0])
    return X, y


# ---------------------------------------------------------------------------------------------
# the fitting functions


# ---------------------------------------------------------------------------------------------
# OutlierFit


@pytest.fixture
def outlier(line_data):
    w = OutlierFit(*line_data, point=9, outlier_y=25.0)
    yield w
    w.close()


def test_outlier_fit_readouts_are_the_fits(outlier, line_data):
    x, y = line_data
    moved = y.copy()
    moved[9] = 25.0
    a2, b2 = np.polyfit(x, moved, 1)
    a1, b1 = fit_l1(x, moved)
    r = outlier.readouts
    assert r["L2 fit (least squares)"] == f"y = {a2:+.3f}·x {b2:+.3f}"
    assert r["L1 fit (least absolute)"] == f"y = {a1:+.3f}·x {b1:+.3f}"
    assert r["L2 fit: mean squared error"] == f"{np.mean((a2 * x + b2 - moved) ** 2):.3f}"
    assert r["L1 fit: mean absolute error"] == f"{np.mean(np.abs(a1 * x + b1 - moved)):.3f}"
    pull = 2 * (25.0 - (a2 * x[9] + b2))
    assert r["moved point's pull on L2 line"].startswith(f"{pull:+.2f}")
    assert r["moved point's pull on L1 line"].startswith("+1")
    np.testing.assert_allclose(outlier.l2_line.get_ydata(), a2 * outlier.ends + b2)
    np.testing.assert_allclose([b.get_height() for b in outlier.bars_l2], 2 * (moved - (a2 * x + b2)))


def test_outlier_fit_update_moves_artists_and_readouts(outlier):
    line = outlier.l2_line
    l2_before = line.get_ydata().copy()
    heights = [b.get_height() for b in outlier.bars_l2]
    text = dict(outlier.readouts)
    outlier.update(outlier_y=-5.0)
    assert outlier.l2_line is line
    assert not np.allclose(line.get_ydata(), l2_before)
    assert [b.get_height() for b in outlier.bars_l2] != heights
    assert outlier.moved.get_ydata()[0] == -5.0
    assert outlier.readouts != text


def test_outlier_fit_point_control_moves_another_point(outlier, line_data):
    x, _ = line_data
    outlier.update(point=0)
    assert outlier.moved.get_xdata()[0] == x[0]
    assert outlier.readouts["moved point"].startswith("#0 at x = 0.00")
    assert len(outlier.others.get_offsets()) == len(x) - 1


def test_outlier_fit_rejects_bad_input(line_data):
    with pytest.raises(ValueError, match="point must be one of"):
        OutlierFit(*line_data, point=12)


# ---------------------------------------------------------------------------------------------
# AccuracyVsCrossEntropy


@pytest.fixture
def staircase(data_1d):
    w = AccuracyVsCrossEntropy(*data_1d, w=0.9, b=-2.5)
    yield w
    w.close()


def test_staircase_readouts_are_nnlib_accuracy_and_cross_entropy(staircase, data_1d):
    x, y = data_1d
    p = sigmoid(0.9 * x - 2.5)
    acc = accuracy(y, p)
    ce = BCE.value(y, p)
    r = staircase.readouts
    assert r["accuracy"] == f"{round(acc * len(x))} / {len(x)} = {acc:.3f}"
    assert r["cross-entropy"] == f"{ce:.4f}"
    assert r["accuracy's slope d(acc)/dw"] == "0 (a flat stair)"
    assert r["p crosses 0.5 at"] == f"x = −b/w = {2.5 / 0.9:+.2f}"


def test_staircase_slope_is_the_derivative_of_the_cross_entropy(staircase, data_1d):
    x, y = data_1d
    h = 1e-6
    numeric = (BCE.value(y, sigmoid((0.9 + h) * x - 2.5)) - BCE.value(y, sigmoid((0.9 - h) * x - 2.5))) / (2 * h)
    assert np.isclose(staircase.scores(0.9, -2.5)["slope"], numeric, rtol=1e-6)
    slope_text = staircase.readouts["cross-entropy's slope dL/dw"]
    assert float(slope_text) == pytest.approx(numeric, abs=1e-4)


def test_staircase_accuracy_curve_is_flat_between_jumps(staircase):
    acc = staircase.acc_curve.get_ydata()
    ce = staircase.ce_curve.get_ydata()
    # accuracy takes a handful of values (multiples of 1/20); cross-entropy changes everywhere
    assert len(np.unique(acc)) <= 21
    assert np.mean(np.diff(acc) == 0) > 0.9
    assert np.all(np.diff(ce) != 0)


def test_staircase_update_w_and_b_move_artists_and_readouts(staircase):
    dot, tangent = staircase.ce_dot, staircase.tangent.get_ydata().copy()
    text = dict(staircase.readouts)
    staircase.update(w=2.0)
    assert staircase.ce_dot is dot and staircase.ce_dot.get_xdata()[0] == 2.0
    assert staircase.acc_dot.get_xdata()[0] == 2.0
    assert not np.allclose(staircase.tangent.get_ydata(), tangent)
    assert staircase.readouts != text
    curve = staircase.acc_curve.get_ydata().copy()
    staircase.update(b=-1.0)
    assert not np.array_equal(staircase.acc_curve.get_ydata(), curve)
    assert staircase.readouts["w, b"] == "+2.00, -1.00"


def test_staircase_w_zero_has_no_threshold(staircase):
    staircase.update(w=0.0)
    assert staircase.readouts["p crosses 0.5 at"].startswith("none")
    assert len(staircase.cut.get_xdata()) == 0


# ---------------------------------------------------------------------------------------------
# CostSurface


@pytest.fixture
def surface(data_2d):
    w = CostSurface(*data_2d, b=-2.0, w1=-2.0, w2=3.0)
    yield w
    w.close()


def test_surface_cost_is_nnlib_cross_entropy(surface, data_2d):
    X, y = data_2d
    p = sigmoid(X @ np.array([-2.0, 3.0]) - 2.0)
    ce = BCE.value(y, p)
    assert surface.readouts["cost (cross-entropy)"] == f"{ce:.4f}"
    assert surface.readouts["accuracy"] == f"{accuracy(y, p):.3f}"
    # the precomputed map holds the same numbers at its grid points
    k1 = int(np.argmin(np.abs(surface.grid - 1.0)))
    k2 = int(np.argmin(np.abs(surface.grid + 0.5)))
    assert np.isclose(
        surface.maps["cross-entropy"][k2, k1], surface.cost(surface.grid[k1], surface.grid[k2], "cross-entropy")
    )
    assert np.isclose(
        surface.cost(1.0, -0.5, "squared error"), get_loss("mse").value(y, sigmoid(X @ np.array([1.0, -0.5]) - 2.0))
    )
    assert np.isclose(
        surface.cost(1.0, -0.5, "error rate (1 − accuracy)"), 1 - accuracy(y, sigmoid(X @ np.array([1.0, -0.5]) - 2.0))
    )


def test_surface_best_is_the_lowest_grid_point(surface):
    for name, m in surface.maps.items():
        w1, w2, value = surface.best[name]
        assert value == m.min()
        assert np.isclose(surface.cost(w1, w2, name), value)


def test_surface_sliders_move_the_markers_and_the_line(surface):
    line = surface.boundary.get_ydata().copy()
    text = dict(surface.readouts)
    surface.update(w1=1.0, w2=1.5)
    assert list(surface.dot_map.get_xdata()) == [1.0] and list(surface.dot_map.get_ydata()) == [1.5]
    xs, ys, zs = surface.dot3.get_data_3d()
    assert (xs[0], ys[0]) == (1.0, 1.5)
    assert np.isclose(zs[0], surface.cost(1.0, 1.5, "cross-entropy"))
    assert not np.allclose(surface.boundary.get_ydata(), line)
    assert surface.readouts != text
    # the arrow is the weight vector: at right angles to the decision line
    (x0, y0), (x1, y1) = surface.arrow._posA_posB
    bx, by = surface.boundary.get_data()
    along_line = np.array([bx[1] - bx[0], by[1] - by[0]])
    arrow = np.array([x1 - x0, y1 - y0])
    cosine = arrow @ along_line / (np.linalg.norm(arrow) * np.linalg.norm(along_line))
    assert abs(cosine) < 1e-9
    assert np.isclose(1.0 * x0 + 1.5 * y0 + surface.b, 0.0)  # it starts on the line


def test_surface_loss_dropdown_swaps_map_contours_and_surface(surface):
    before = surface.image.get_array().copy()
    surface.update(loss="squared error")
    assert not np.allclose(surface.image.get_array(), before)
    assert surface.surfaces["squared error"].get_visible()
    assert not surface.surfaces["cross-entropy"].get_visible()
    assert surface.contours["squared error"].get_visible()
    assert not surface.contours["cross-entropy"].get_visible()
    assert surface.readouts["this surface is"] == SURFACE_LOSSES["squared error"]
    surface.update(loss="error rate (1 − accuracy)")
    assert not any(c.get_visible() for c in surface.contours.values())
    assert surface.image.get_interpolation() == "nearest"


def test_surface_rejects_bad_input(data_2d):
    X, y = data_2d
    with pytest.raises(ValueError, match="unknown loss"):
        CostSurface(X, y, loss="hinge")
    with pytest.raises(ValueError, match=r"shape \(n_samples, 2\)"):
        CostSurface(X[:, :1], y)


# ---------------------------------------------------------------------------------------------
# every control changes the picture; the benchmark cases run


@pytest.mark.parametrize(
    "make, moves",
    [
        (lambda d: OutlierFit(*d["line"], point=9, outlier_y=25.0), {"point": 3, "outlier_y": 10.0}),
        (lambda d: AccuracyVsCrossEntropy(*d["1d"]), {"w": 2.0, "b": -1.0}),
        (lambda d: CostSurface(*d["2d"], b=-2.0), {"w1": 1.0, "w2": -1.0, "loss": "error rate (1 − accuracy)"}),
        (lambda d: LearningSlowdown(), {"z0": -3.0, "target": 1.0, "lr": 1.5, "epochs": 100}),
    ],
    ids=["OutlierFit", "AccuracyVsCrossEntropy", "CostSurface", "LearningSlowdown"],
)
def test_every_control_changes_picture_and_readouts(make, moves, line_data, data_1d, data_2d):
    widget = make({"line": line_data, "1d": data_1d, "2d": data_2d})
    try:
        assert set(moves) == set(widget.controls), "move every control"
        picture = widget.png()
        for control, value in moves.items():
            text = dict(widget.readouts)
            widget.update(**{control: value})
            after = widget.png()
            assert after != picture, f"{control} did not change the picture"
            assert widget.readouts != text, f"{control} did not change the readouts"
            picture = after
    finally:
        widget.close()


def test_layout_is_computed_once(outlier):
    # the constrained layout ran in the constructor; later draws do not run it again
    assert type(outlier.fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    positions = [ax.get_position().bounds for ax in outlier.fig.axes]
    outlier.update(outlier_y=-8.0)
    outlier.png()
    assert [ax.get_position().bounds for ax in outlier.fig.axes] == positions


# ---------------------------------------------------------------------------------------------
# LearningSlowdown


def _gd_one_sigmoid(z0, y, lr, epochs, slope):
    """Gradient descent written out here: a = sigmoid(w + b), w = b = z0 / 2, x = 1."""
    w = b = z0 / 2.0
    for _ in range(epochs):
        a = 1.0 / (1.0 + np.exp(-(w + b)))
        g = slope(a, y)
        w, b = w - lr * g, b - lr * g
    return 1.0 / (1.0 + np.exp(-(w + b)))


def test_slowdown_readouts_are_gradient_descent_written_out():
    widget = LearningSlowdown(z0=5.0, target=0.0, lr=1.0, epochs=60)
    try:
        r = widget.readouts
        se = _gd_one_sigmoid(5.0, 0.0, 1.0, 60, lambda a, y: (a - y) * a * (1 - a))
        ce = _gd_one_sigmoid(5.0, 0.0, 1.0, 60, lambda a, y: a - y)
        assert r["squared error: output after 60 epochs"] == f"{se:.4f}"
        assert r["cross-entropy: output after 60 epochs"] == f"{ce:.4f}"
        assert r["cross-entropy: dL/dz at the start"] == f"+{1 / (1 + np.exp(-5.0)):.4f}"
        # saturated and wrong: squared error has barely moved, cross-entropy is there
        assert se > 0.9 and ce < 0.1
        assert r["squared error: epochs to within 0.1"] == "more than 60"
    finally:
        widget.close()


def test_slowdown_curves_follow_the_controls():
    widget = LearningSlowdown()
    try:
        widget.update(target=1.0, z0=-4.0, epochs=50)
        x, a = widget.runs["cross-entropy"].get_data()
        assert len(x) == 51 and a[0] == pytest.approx(1 / (1 + np.exp(4.0)))
        assert a[-1] > 0.9
        zs, slope = widget.slopes["squared error"].get_data()
        sig = 1 / (1 + np.exp(-zs))
        np.testing.assert_allclose(slope, (sig - 1.0) * sig * (1 - sig), atol=1e-12)
    finally:
        widget.close()


def test_slowdown_refuses_nan_and_unknown_target():
    widget = LearningSlowdown()
    try:
        start = widget.values
        widget.update(z0=float("nan"))
        assert widget.message and widget.values == start
        widget.update(target=0.5)
        assert widget.message and widget.values == start
    finally:
        widget.close()
