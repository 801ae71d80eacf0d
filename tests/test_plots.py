"""Tests for nnlib.plots: the artists are created, and update() changes them in place.

Figures are made with an explicit Agg canvas (``FigureCanvasAgg(Figure())``), so these tests run
headless and leave the global backend and rcParams alone.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib import plots
from nnlib.activations import ACTIVATIONS


def agg_figure(**kwargs) -> Figure:
    fig = Figure(**{"figsize": (6.0, 3.4), "dpi": 100, **kwargs})
    FigureCanvasAgg(fig)
    return fig


def pixels(fig: Figure) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.fixture
def mnist_net(rng):
    """Activations and weights shaped like the 784-16-16-10 network, for 5 samples."""
    sizes = [784, 16, 16, 10]
    weights = [rng.normal(0, 0.3, size=(n_in, n_out)) for n_in, n_out in zip(sizes, sizes[1:])]
    X = rng.random((5, 784))
    activations = [X]
    for W in weights:
        activations.append(1 / (1 + np.exp(-(activations[-1] @ W))))
    return sizes, activations, weights


# ---------------------------------------------------------------------------
# network_diagram


def test_network_diagram_draws_the_input_layer_as_an_image(mnist_net):
    sizes, activations, weights = mnist_net
    fig = agg_figure()
    ax = fig.subplots()
    d = plots.network_diagram(ax, sizes, activations, weights)
    assert d.image is not None and d.image.get_array().shape == (28, 28)
    np.testing.assert_allclose(d.image.get_array(), activations[0][0].reshape(28, 28))
    assert len(d.units.get_offsets()) == 16 + 16 + 10
    np.testing.assert_allclose(d.units.get_array(), np.concatenate([a[0] for a in activations[1:]]))
    assert d.edges is not None and len(d.edges.get_segments()) == 16 * 16 + 16 * 10
    assert d.image_edges is not None and len(d.image_edges.get_segments()) == 16
    assert [t.get_text() for t in d.labels] == ["input 784", "hidden 16", "hidden 16", "output 10"]
    pixels(fig)  # draws without error


def test_network_diagram_update_changes_the_same_artists(mnist_net):
    sizes, activations, weights = mnist_net
    fig = agg_figure()
    ax = fig.subplots()
    d = plots.network_diagram(ax, sizes)
    units, edges, image = d.units, d.edges, d.image
    n_children = len(ax.get_children())
    np.testing.assert_array_equal(d.units.get_array(), 0.0)
    before = pixels(fig)

    d.update(activations, weights, sample=3)

    assert (d.units, d.edges, d.image) == (units, edges, image)
    assert len(ax.get_children()) == n_children  # nothing new was drawn
    np.testing.assert_allclose(d.units.get_array(), np.concatenate([a[3] for a in activations[1:]]))
    np.testing.assert_allclose(d.image.get_array(), activations[0][3].reshape(28, 28))
    # edges: sign picks the colour end (blue < 0 < red), size the width
    W = weights[1]
    colours = d.edges.get_colors()[: 16 * 16]
    red_minus_blue = colours[:, 0] - colours[:, 2]
    assert np.all(np.sign(red_minus_blue) == np.sign(W.ravel()))
    widths = np.asarray(d.edges.get_linewidths())
    assert widths.min() >= 0.2 and widths.max() == pytest.approx(2.0)
    assert not np.array_equal(before, pixels(fig))


def test_network_diagram_small_network_and_single_sample_arrays(rng):
    fig = agg_figure()
    d = plots.network_diagram(fig.subplots(), [2, 3, 1], output_labels=["y"])
    assert d.image is None
    assert len(d.units.get_offsets()) == 6 and len(d.edges.get_segments()) == 2 * 3 + 3 * 1
    d.update([np.array([0.0, 1.0]), np.array([0.2, 0.5, 0.9]), np.array([0.7])])
    np.testing.assert_allclose(d.units.get_array(), [0.0, 1.0, 0.2, 0.5, 0.9, 0.7])
    d.update(weights=[np.ones((2, 3)), -np.ones((3, 1))])
    pixels(fig)


def test_network_diagram_cuts_big_layers_with_an_ellipsis():
    fig = agg_figure()
    d = plots.network_diagram(fig.subplots(), [2, 40, 3], max_units=10)
    np.testing.assert_array_equal(d.shown[1], [0, 1, 2, 3, 4, 35, 36, 37, 38, 39])
    assert len(d.units.get_offsets()) == 2 + 10 + 3
    assert any(t.get_text() == "⋮" for t in d.labels)
    hidden = np.arange(40.0) / 40
    d.update([np.zeros(2), hidden, np.zeros(3)])
    np.testing.assert_allclose(d.units.get_array()[2:12], hidden[d.shown[1]])


def test_network_diagram_rejects_bad_input(mnist_net):
    sizes, activations, weights = mnist_net
    fig = agg_figure()
    d = plots.network_diagram(fig.subplots(), sizes)
    with pytest.raises(ValueError, match="activations for 3 layers"):
        d.update(activations[:3])
    with pytest.raises(ValueError, match=r"activations\[2\] has shape \(5, 15\)"):
        d.update([activations[0], activations[1], activations[2][:, :15], activations[3]])
    with pytest.raises(ValueError, match="sample=9"):
        d.update(activations, sample=9)
    with pytest.raises(ValueError, match=r"did you pass W.T"):
        d.update(weights=[weights[0], weights[1].T[:, :16], weights[2].T])
    with pytest.raises(ValueError, match="got 2 weight matrices, but 4 layers need 3"):
        d.update(weights=weights[:2])
    with pytest.raises(ValueError, match="784 units"):
        plots.network_diagram(fig.add_subplot(), [784, 10], image_shape=(20, 20))
    with pytest.raises(ValueError, match="at least two"):
        plots.network_diagram(fig.add_subplot(), [3])
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plots.network_diagram(fig, [2, 1])
    with pytest.raises(ValueError, match="not_a_map"):
        plots.network_diagram(fig.add_subplot(), [2, 1], edge_cmap="not_a_map")


# ---------------------------------------------------------------------------
# decision_surface and plane_grid


def test_plane_grid_is_batch_first_and_pixel_centred():
    grid = plots.plane_grid((0.0, 1.0), (-1.0, 1.0), (3, 5))
    assert grid.points.shape == (15, 2) and grid.shape == (5, 3)
    np.testing.assert_allclose(grid.points[:4], [[0, -1], [0.5, -1], [1, -1], [0, -0.5]])
    assert grid.extent == pytest.approx((-0.25, 1.25, -1.25, 1.25))
    values = grid.points[:, 0] + 10 * grid.points[:, 1]
    np.testing.assert_allclose(grid.as_image(values)[1], [-5, -4.5, -4])
    np.testing.assert_allclose(grid.as_image(values[:, None]), grid.as_image(values))
    with pytest.raises(ValueError, match="pick a column"):
        grid.as_image(np.zeros((15, 3)))
    with pytest.raises(ValueError, match=r"shape \(15,\) or \(5, 3\)"):
        grid.as_image(np.zeros(14))
    with pytest.raises(ValueError, match="low < high"):
        plots.plane_grid((1.0, 0.0), (0.0, 1.0))
    with pytest.raises(ValueError, match="pair"):
        plots.plane_grid(1.0, (0.0, 1.0))
    with pytest.raises(ValueError, match="at least 2"):
        plots.plane_grid((0, 1), (0, 1), 1)
    with pytest.raises(ValueError, match="int or a pair"):
        plots.plane_grid((0, 1), (0, 1), 2.5)


def _neuron(points: np.ndarray) -> np.ndarray:
    """A sigmoid neuron with w = (4, 4), b = -6: its decision line is x1 + x2 = 1.5."""
    return 1 / (1 + np.exp(-(points @ np.array([4.0, 4.0]) - 6.0)))


def test_decision_surface_heat_map_and_decision_line():
    fig = agg_figure()
    ax = fig.subplots()
    s = plots.decision_surface(ax, _neuron, (-0.5, 1.5), (-0.5, 1.5), 81, colorbar=True)
    assert s.image.get_array().shape == (81, 81)
    np.testing.assert_allclose(s.image.get_array(), _neuron(s.grid.points).reshape(81, 81))
    assert s.image.get_extent() == pytest.approx(list(s.grid.extent))
    segments = s.contour.get_segments()
    assert segments, "the 0.5 contour should cross the plane"
    points = np.concatenate(segments)
    np.testing.assert_allclose(points.sum(axis=1), 1.5, atol=1e-3)
    assert s.colorbar is not None
    pixels(fig)


def test_decision_surface_update_in_place():
    fig = agg_figure()
    ax = fig.subplots()
    s = plots.decision_surface(ax, None, resolution=41)
    image, contour = s.image, s.contour
    np.testing.assert_array_equal(s.image.get_array(), 0.0)
    assert s.contour.get_segments() == []
    n_children = len(ax.get_children())

    Z = s.update(f=lambda P: _neuron(P)[:, None])  # (n, 1) outputs are fine
    assert Z.shape == (41, 41)
    assert s.contour.get_segments()
    s.update(np.full(41 * 41, 0.9))  # no crossing: the line disappears
    assert s.contour.get_segments() == []
    np.testing.assert_array_equal(s.image.get_array(), 0.9)
    assert (s.image, s.contour) == (image, contour)
    assert len(ax.get_children()) == n_children

    with pytest.raises(TypeError, match="exactly one"):
        s.update()
    with pytest.raises(TypeError, match="exactly one"):
        s.update(Z, f=_neuron)
    with pytest.raises(ValueError, match="pick a column"):
        s.update(f=lambda P: np.zeros((len(P), 2)))


# ---------------------------------------------------------------------------
# activation_curves


def test_activation_curves_use_nnlibs_functions():
    fig = agg_figure()
    ax = fig.subplots()
    z = np.linspace(-3, 3, 61)
    lines = plots.activation_curves(ax, z=z)
    assert list(lines) == ["step", "sigmoid", "relu", "tanh", "linear"]
    for name, line in lines.items():
        np.testing.assert_allclose(line.get_xdata(), z)
        np.testing.assert_allclose(line.get_ydata(), ACTIVATIONS[name](z))
    assert len({line.get_color() for line in lines.values()}) == 5
    styles = [line.get_linestyle() for line in lines.values()]
    assert len(set(styles[:4])) == 4  # a dash pattern per curve, not only a colour
    assert ax.get_legend() is not None
    pixels(fig)


def test_activation_curves_derivatives_and_own_functions():
    fig = agg_figure()
    ax1, ax2 = fig.subplots(1, 2)
    z = np.linspace(-3, 3, 61)
    lines = plots.activation_curves(ax1, ["sigmoid", "tanh"], z, derivative=True)
    np.testing.assert_allclose(lines["sigmoid"].get_ydata(), ACTIVATIONS["sigmoid"].derivative(z))
    own = plots.activation_curves(ax2, {"square": lambda v: v**2}, z, derivative=True)
    np.testing.assert_allclose(own["square"].get_ydata()[1:-1], 2 * z[1:-1], atol=1e-9)
    assert ax2.get_ylabel() == "f'(z)"
    line = plots.activation_curves(ax1, "relu", z)["relu"]
    line.set_ydata(np.zeros_like(z))  # the returned lines can be changed in place


def test_activation_curves_reject_unknown_and_non_elementwise():
    ax = agg_figure().subplots()
    with pytest.raises(ValueError, match="unknown activation 'swish'; known: .*sigmoid"):
        plots.activation_curves(ax, ["swish"])
    with pytest.raises(ValueError, match="softmax.*not element-wise"):
        plots.activation_curves(ax, ["softmax"])
    with pytest.raises(ValueError, match="1-D"):
        plots.activation_curves(ax, ["relu"], np.zeros((3, 2)))
    with pytest.raises(TypeError, match="function of z"):
        plots.activation_curves(ax, {"x": 3})


# ---------------------------------------------------------------------------
# weight_grids


def test_weight_grids_share_one_symmetric_scale(rng):
    W = rng.normal(size=(784, 16))
    fig = agg_figure(figsize=(6.0, 6.0))
    g = plots.weight_grids(fig, W)
    assert len(g.images) == 16 and len(g.axes) == 16
    assert all(image.norm is g.norm for image in g.images)
    biggest = np.abs(W).max()
    assert (g.norm.vmin, g.norm.vmax) == pytest.approx((-biggest, biggest))
    assert g.images[0].get_cmap().name == plots.CMAP_DIVERGING
    np.testing.assert_allclose(g.images[5].get_array(), W[:, 5].reshape(28, 28))
    assert g.colorbar is not None
    pixels(fig)


def test_weight_grids_update_in_place(rng):
    W = rng.normal(size=(784, 16))
    fig = agg_figure(figsize=(6.0, 6.0))
    g = plots.weight_grids(fig, W, vmax=1.0)
    images = list(g.images)
    before = pixels(fig)
    W2 = 3 * W[:, ::-1]
    g.update(W2)
    assert g.images == images
    np.testing.assert_allclose(g.images[0].get_array(), W2[:, 0].reshape(28, 28))
    assert (g.norm.vmin, g.norm.vmax) == (-1.0, 1.0)  # fixed scale unless asked
    g.update(W2, rescale=True)
    assert g.norm.vmax == pytest.approx(np.abs(W2).max())
    assert not np.array_equal(before, pixels(fig))


def test_weight_grids_into_given_axes_and_errors(rng):
    fig = agg_figure()
    axes = fig.subplots(2, 3)
    g = plots.weight_grids(axes, rng.normal(size=(16, 5)), image_shape=(4, 4), colorbar=False)
    assert len(g.images) == 5 and not axes[1, 2].axison
    with pytest.raises(ValueError, match="did you pass W.T"):
        plots.weight_grids(fig, rng.normal(size=(16, 784)))
    with pytest.raises(ValueError, match="only 6 axes"):
        plots.weight_grids(axes, rng.normal(size=(16, 7)), image_shape=(4, 4))
    with pytest.raises(ValueError, match="5 images"):
        g.update(rng.normal(size=(16, 4)))


# ---------------------------------------------------------------------------
# scatter_classes


def test_scatter_classes_colour_and_marker_per_class(rng):
    X = rng.normal(size=(30, 2))
    y = np.arange(30) % 3
    fig = agg_figure()
    ax = fig.subplots()
    sc = plots.scatter_classes(ax, X, y, class_names=["zero", "one", "two"])
    assert list(sc.collections) == [0, 1, 2]
    for label, coll in sc.collections.items():
        np.testing.assert_allclose(coll.get_offsets(), X[y == label])
        colour = matplotlib.colors.to_hex(coll.get_facecolor()[0])
        assert colour == plots.CLASS_COLORS[label].lower()
    paths = {tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in sc.collections.values()}
    assert len(paths) == 3  # distinct marker shapes, not only colours
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["zero", "one", "two"]
    pixels(fig)


def test_scatter_classes_update_moves_points_in_place(rng):
    X = rng.normal(size=(8, 2))
    y = np.array([0, 1] * 4, dtype=float)[:, None]  # a (n, 1) float column is fine
    sc = plots.scatter_classes(agg_figure().subplots(), X, y)
    colls = dict(sc.collections)
    sc.update(X + 1)
    assert sc.collections == colls
    np.testing.assert_allclose(sc.collections[1].get_offsets(), X[1::2] + 1)
    sc.update(X, np.ones(8))
    assert len(sc.collections[0].get_offsets()) == 0 and len(sc.collections[1].get_offsets()) == 8
    with pytest.raises(ValueError, match=r"labels \[2\]"):
        sc.update(X, np.full(8, 2))


def test_scatter_classes_rejects_bad_input(rng):
    ax = agg_figure().subplots()
    with pytest.raises(ValueError, match="pass X.T"):
        plots.scatter_classes(ax, np.zeros((2, 5)), np.zeros(5))
    with pytest.raises(ValueError, match="argmax"):
        plots.scatter_classes(ax, np.zeros((5, 2)), np.eye(5))
    with pytest.raises(ValueError, match="5 points but y has 4"):
        plots.scatter_classes(ax, np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="at most 10 classes"):
        plots.scatter_classes(ax, np.zeros((11, 2)), np.arange(11))


# ---------------------------------------------------------------------------
# no global state


def test_plots_leave_rcparams_alone(rng, mnist_net):
    before = dict(matplotlib.rcParams)
    fig = agg_figure()
    ax1, ax2, ax3 = fig.subplots(1, 3)
    sizes, activations, weights = mnist_net
    plots.network_diagram(ax1, sizes, activations, weights)
    plots.decision_surface(ax2, _neuron)
    plots.activation_curves(ax3)
    plots.scatter_classes(ax2, rng.normal(size=(4, 2)), [0, 1, 0, 1])
    plots.weight_grids(agg_figure(), weights[0])
    assert dict(matplotlib.rcParams) == before
