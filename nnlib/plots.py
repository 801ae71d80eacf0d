"""Drawing functions for the lessons: each takes an Axes (or a Figure) and data, draws once, and
returns the artists it made, so a widget can later change them in place.

What this is for: the pictures the lessons share: a network diagram whose units light up with
their activations, a model's output over a 2-D input plane with its decision line, activation
curves, first-layer weights as 28 x 28 images, and labelled 2-D points. Functions that draw
something a slider changes return a small object with an ``update(...)`` method that only calls
``set_array`` / ``set_data`` / ``set_offsets`` / ``set_segments`` (cheap, no new artists); the
caller then calls ``fig.canvas.draw_idle()``.

What it is not: a widget (controls and readouts live in ``nnlib.widgets``), and not a style
sheet: nothing here touches ``matplotlib.rcParams``; colours are set on each artist.

Data layouts are batch-first, as in the rest of nnlib: points ``X (n_samples, 2)``, first-layer
weights ``W (n_in, n_out)``, activations ``(n_units,)`` or ``(n_samples, n_units)``.

Colours are colour-blind safe: :data:`CMAP_SEQUENTIAL` (viridis) for magnitudes,
:data:`CMAP_DIVERGING` (RdBu_r, white at 0) for signed values, and the 'tableau-colorblind10'
colours together with distinct markers for classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import contourpy
import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colorbar import Colorbar
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from nnlib.analysis.grid import PlaneGrid, plane_grid

__all__ = [
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "ClassScatter",
    "DecisionSurface",
    "NetworkDiagram",
    "PlaneGrid",
    "WeightGrids",
    "activation_curves",
    "decision_surface",
    "network_diagram",
    "plane_grid",
    "scatter_classes",
    "weight_grids",
]

#: colour map for values with one sign (activations, pixel intensities, model outputs)
CMAP_SEQUENTIAL = "viridis"
#: colour map for signed values centred on 0 (weights): blue negative, white 0, red positive
CMAP_DIVERGING = "RdBu_r"
#: one colour per class: the 'tableau-colorblind10' cycle
CLASS_COLORS = (
    "#006BA4", "#FF800E", "#ABABAB", "#595959", "#5F9ED1",
    "#C85200", "#898989", "#A2C8EC", "#FFBC79", "#CFCFCF",
)  # fmt: skip
#: one marker per class, so classes differ in shape as well as colour
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
# curves: the strongest colours of the same cycle first, each with its own dash pattern
_LINE_COLORS = tuple(CLASS_COLORS[i] for i in (0, 1, 3, 5, 4, 6, 7, 8, 2, 9))
_LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


# ---------------------------------------------------------------------------
# input checks shared by the drawing functions


def _check_axes(ax: object, name: str = "ax") -> Axes:
    if not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes (e.g. from `fig, ax = plt.subplots()`), got {type(ax).__name__}"
        )
    return ax


def _points_2d(name: str, X: object) -> np.ndarray:
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        fix = " (pass X.T: points are rows)" if arr.ndim == 2 and arr.shape[0] == 2 else ""
        raise ValueError(f"{name} must have shape (n_samples, 2), got {arr.shape}{fix}")
    return arr


def _colormap(name: str | Colormap) -> Colormap:
    if isinstance(name, Colormap):
        return name
    try:
        return matplotlib.colormaps[name]
    except KeyError:
        raise ValueError(
            f"unknown colour map {name!r}; colour-blind safe choices: 'viridis', 'cividis' "
            "(magnitudes), 'RdBu_r', 'PuOr' (signed values)"
        ) from None


# ---------------------------------------------------------------------------
# network diagram


@dataclass
class NetworkDiagram:
    """The artists of :func:`network_diagram`; :meth:`update` recolours them in place.

    Attributes
    ----------
    ax : Axes
        The axes the diagram is drawn in.
    layer_sizes : tuple of int
        Units per layer, input first.
    units : PathCollection
        Every drawn unit of every drawn layer, coloured through ``set_array``.
    edges : LineCollection or None
        Connections between drawn units (layer ``l`` to ``l + 1``, both drawn as circles).
    image : AxesImage or None
        The input layer drawn as an image, if it is one.
    shown : list of ndarray
        For each layer, the indices of the units that are drawn (all of them unless the layer
        has more than ``max_units``, then the first and last few).
    image_shape : (int, int) or None
        Shape of the input image, if the input layer is drawn as one.
    image_edges : LineCollection or None
        The fan of lines from the input image to the first hidden layer (not weight-coloured:
        784 weights per unit are what :func:`weight_grids` shows).
    edge_cmap : Colormap
        Diverging colour map for the edges.
    labels : list of Text
        Layer captions, the "⋮" of cut layers, output labels.
    edge_layers : list of int
        The layers ``i`` whose edges to layer ``i + 1`` are in ``edges``, in order.
    """

    ax: Axes
    layer_sizes: tuple[int, ...]
    units: PathCollection
    edges: LineCollection | None
    image: AxesImage | None
    shown: list[np.ndarray]
    image_shape: tuple[int, int] | None
    image_edges: LineCollection | None = None
    edge_cmap: Colormap | None = None
    labels: list[Any] = field(default_factory=list)
    edge_layers: list[int] = field(default_factory=list)

    def update(
        self,
        activations: Sequence[np.ndarray] | None = None,
        weights: Sequence[np.ndarray] | None = None,
        *,
        sample: int = 0,
    ) -> None:
        """Recolour the units by ``activations`` and the edges by ``weights``, in place.

        Parameters
        ----------
        activations : sequence of ndarray, optional
            One array per layer, input first, each ``(n_units,)`` or ``(n_samples, n_units)``
            (then row ``sample`` is shown): ``model.activations`` after ``model.forward(X)``.
        weights : sequence of ndarray, optional
            One ``W (n_in, n_out)`` per pair of consecutive layers, e.g.
            ``[layer.W for layer in model.layers]``. Edge colour is the sign, width the size.
        sample : int
            Which row to show when the activations hold a batch.

        Call ``fig.canvas.draw_idle()`` afterwards to show the change.
        """
        if activations is not None:
            self._set_activations(activations, sample)
        if weights is not None:
            self._set_weights(weights)

    def _set_activations(self, activations: Sequence[np.ndarray], sample: int) -> None:
        sizes = self.layer_sizes
        if len(activations) != len(sizes):
            raise ValueError(
                f"got activations for {len(activations)} layers, but the diagram has "
                f"{len(sizes)} (input included): pass model.activations"
            )
        rows = []
        for i, (a, n) in enumerate(zip(activations, sizes)):
            a = np.asarray(a)
            if a.ndim == 2:
                if not -a.shape[0] <= sample < a.shape[0]:
                    raise ValueError(f"sample={sample} but activations[{i}] has {a.shape[0]} rows")
                a = a[sample]
            if a.ndim != 1 or a.shape[0] != n:
                raise ValueError(
                    f"activations[{i}] has shape {np.shape(activations[i])}, but layer {i} has "
                    f"{n} units: expected ({n},) or (n_samples, {n})"
                )
            rows.append(a)
        if self.image is not None:
            assert self.image_shape is not None
            self.image.set_data(rows[0].reshape(self.image_shape))
            rows = rows[1:]
            shown = self.shown[1:]
        else:
            shown = self.shown
        self.units.set_array(np.concatenate([a[idx] for a, idx in zip(rows, shown)]))

    def _set_weights(self, weights: Sequence[np.ndarray]) -> None:
        sizes = self.layer_sizes
        if len(weights) != len(sizes) - 1:
            raise ValueError(
                f"got {len(weights)} weight matrices, but {len(sizes)} layers need "
                f"{len(sizes) - 1}: pass [layer.W for layer in model.layers]"
            )
        for i, W in enumerate(weights):
            shape = np.shape(W)
            want = (sizes[i], sizes[i + 1])
            if shape != want:
                fix = ": did you pass W.T? W is (n_in, n_out)" if shape == want[::-1] else ""
                raise ValueError(f"weights[{i}] has shape {shape}, expected {want}{fix}")
        if self.edges is None or self.edge_cmap is None:
            return
        values = np.concatenate(
            [np.asarray(weights[i])[np.ix_(self.shown[i], self.shown[i + 1])].ravel() for i in self.edge_layers]
        )
        biggest = float(np.max(np.abs(values))) or 1.0
        scaled = values / biggest  # in [-1, 1]: sign -> colour, size -> width
        # arrays, one entry per edge (matplotlib's stubs want sequences)
        colors: Any = self.edge_cmap(0.5 + 0.5 * scaled)
        widths: Any = 0.2 + 1.8 * np.abs(scaled)
        self.edges.set_color(colors)
        self.edges.set_linewidth(widths)


def _shown_units(n: int, max_units: int) -> np.ndarray:
    if n <= max_units:
        return np.arange(n)
    head = max_units // 2
    return np.concatenate([np.arange(head), np.arange(n - (max_units - head), n)])


def network_diagram(
    ax: Axes,
    layer_sizes: Sequence[int],
    activations: Sequence[np.ndarray] | None = None,
    weights: Sequence[np.ndarray] | None = None,
    *,
    max_units: int = 20,
    image_shape: tuple[int, int] | None = None,
    cmap: str = CMAP_SEQUENTIAL,
    vmin: float = 0.0,
    vmax: float = 1.0,
    edge_cmap: str = CMAP_DIVERGING,
    layer_names: Sequence[str] | None = None,
    output_labels: Sequence[str] | None = None,
) -> NetworkDiagram:
    """Draw a dense network as layers of units coloured by their activations.

    Units are circles (one ``PathCollection`` for all of them), connections thin lines (one
    ``LineCollection``), coloured by weight sign and sized by weight magnitude once weights are
    given. An input layer of ``28 * 28 = 784`` units is drawn as the digit image instead of 784
    circles. Layers with more than ``max_units`` units show their first and last units with a
    "⋮" between.

    Parameters
    ----------
    ax : Axes
        Where to draw; its axis lines are switched off.
    layer_sizes : sequence of int
        Units per layer, input first, e.g. ``[784, 16, 16, 10]``.
    activations : sequence of ndarray, optional
        Initial activations, as for :meth:`NetworkDiagram.update`; zeros if omitted.
    weights : sequence of ndarray, optional
        Initial weights ``W (n_in, n_out)`` per layer pair, as for :meth:`NetworkDiagram.update`.
    max_units : int
        Most circles drawn for one layer.
    image_shape : tuple of int, optional
        Draw the input layer as an image of this shape; by default ``(28, 28)`` when the input
        layer has 784 units, otherwise circles.
    cmap : str
        Colour map for activations (sequential, colour-blind safe).
    vmin, vmax : float
        Activation values mapped to the ends of ``cmap`` (also for the input image).
    edge_cmap : str
        Diverging colour map for weights, centred on 0.
    layer_names : sequence of str, optional
        Caption under each layer; defaults to "input 784", "hidden 16", ..., "output 10".
    output_labels : sequence of str, optional
        A label beside each output unit, e.g. ``[str(d) for d in range(10)]``.

    Returns
    -------
    NetworkDiagram
        The artists, with ``update(activations, weights)`` to recolour them in place.
    """
    _check_axes(ax)
    sizes = tuple(int(n) for n in layer_sizes)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes needs at least two positive sizes, got {list(layer_sizes)}")
    if max_units < 2:
        raise ValueError(f"max_units must be at least 2, got {max_units}")
    if image_shape is None and sizes[0] == 784:
        image_shape = (28, 28)
    if image_shape is not None and math.prod(image_shape) != sizes[0]:
        raise ValueError(
            f"image_shape {tuple(image_shape)} has {math.prod(image_shape)} pixels, but the "
            f"input layer has {sizes[0]} units"
        )
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"layer_names needs {len(sizes)} names, got {len(layer_names)}")
    if output_labels is not None and len(output_labels) != sizes[-1]:
        raise ValueError(f"output_labels needs {sizes[-1]} labels, got {len(output_labels)}")

    edge_colormap = _colormap(edge_cmap)  # unknown names fail here, before drawing

    shown = [_shown_units(n, max_units) for n in sizes]
    circle_layers = range(1 if image_shape is not None else 0, len(sizes))
    # every layer gets the same vertical spacing; a cut layer gets one extra row for the "⋮"
    rows = max(len(shown[i]) + (sizes[i] > max_units) for i in circle_layers)
    spacing = 1.0 / max(rows - 1, 1)

    def n_rows(i: int) -> int:
        return len(shown[i]) + (sizes[i] > max_units)

    def row_y(i: int, k: np.ndarray) -> np.ndarray:
        return 0.5 + spacing * ((n_rows(i) - 1) / 2 - k)  # row 0 at the top

    def layer_y(i: int) -> np.ndarray:
        k = np.arange(len(shown[i]), dtype=np.float64)
        if sizes[i] > max_units:
            k[len(shown[i]) // 2 :] += 1  # leave the middle row for the "⋮"
        return row_y(i, k)

    ax.set_xlim(-0.6, len(sizes) - 0.4)
    ax.set_ylim(-0.12, 1.06)
    ax.set_axis_off()

    # units
    xy = np.concatenate([np.column_stack([np.full(len(shown[i]), float(i)), layer_y(i)]) for i in circle_layers])
    figure = cast(Figure, ax.figure)  # a Figure, not a SubFigure: new_figure() makes the axes
    height_pt = ax.get_position().height * figure.get_figheight() * 72
    diameter = 0.75 * spacing * height_pt / 1.18  # 1.18 = the y range drawn
    units = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=float(np.clip(diameter, 3.0, 22.0)) ** 2,
        c=np.zeros(len(xy)),
        cmap=_colormap(cmap),
        norm=Normalize(vmin, vmax),
        edgecolors="0.35",
        linewidths=0.6,
        zorder=3,
    )

    # edges between circle layers (bundles of straight lines; weights colour them later)
    segments, pairs = [], []
    for i in circle_layers:
        if i + 1 >= len(sizes):
            break
        y_in, y_out = layer_y(i), layer_y(i + 1)
        a, c = np.meshgrid(y_in, y_out, indexing="ij")  # (n_in_shown, n_out_shown)
        starts = np.column_stack([np.full(a.size, float(i)), a.ravel()])
        ends = np.column_stack([np.full(a.size, i + 1.0), c.ravel()])
        segments.append(np.stack([starts, ends], axis=1))  # (n_edges, 2 points, xy)
        pairs.append(i)
    edges = None
    if segments:
        all_segments: Any = np.concatenate(segments)  # (n_edges, 2, 2): the stubs want a sequence
        edges = LineCollection(all_segments, colors="0.7", linewidths=0.4, zorder=1)
        ax.add_collection(edges)

    # input image and its fan of connections to the first hidden layer
    image = image_edges = None
    if image_shape is not None:
        half = 0.42
        image_ax = ax.inset_axes((-half, 0.5 - half, 2 * half, 2 * half), transform=ax.transData)
        image_ax.set_anchor("E")  # keep the right edge where the fan starts
        image_ax.set_axis_off()
        image = image_ax.imshow(
            np.zeros(image_shape),
            cmap=_colormap(cmap),
            norm=Normalize(vmin, vmax),
            interpolation="nearest",
        )
        y_hidden = layer_y(1)
        # a fan from the image's right edge, top to top, so the lines do not cross
        y_start = np.linspace(0.5 + half / 2, 0.5 - half / 2, len(y_hidden))
        starts = np.column_stack([np.full(len(y_hidden), half), y_start])
        ends = np.column_stack([np.ones(len(y_hidden)), y_hidden])
        fan: Any = np.stack([starts, ends], 1)  # (n_hidden, 2, 2): the stubs want a sequence
        image_edges = LineCollection(fan, colors="0.7", linewidths=0.4, zorder=1)
        ax.add_collection(image_edges)

    # captions
    labels: list[Any] = []
    for i, n in enumerate(sizes):
        if sizes[i] > max_units and i in circle_layers:
            gap_y = float(row_y(i, np.array(len(shown[i]) // 2)))
            labels.append(ax.text(i, gap_y, "⋮", ha="center", va="center", fontsize=12))
        if layer_names is not None:
            name = layer_names[i]
        else:
            role = "input" if i == 0 else "output" if i == len(sizes) - 1 else "hidden"
            name = f"{role} {n}"
        labels.append(ax.text(i, -0.08, name, ha="center", va="top", fontsize=9))
    if output_labels is not None:
        last = len(sizes) - 1
        for idx, y in zip(shown[last], layer_y(last)):
            labels.append(ax.text(last + 0.12, y, str(output_labels[idx]), va="center", fontsize=8))

    diagram = NetworkDiagram(
        ax=ax,
        layer_sizes=sizes,
        units=units,
        edges=edges,
        image=image,
        shown=shown,
        image_shape=cast("tuple[int, int]", tuple(image_shape)) if image_shape is not None else None,
        image_edges=image_edges,
        edge_cmap=edge_colormap,
        labels=labels,
        edge_layers=pairs,
    )
    diagram.update(activations, weights)
    return diagram


# ---------------------------------------------------------------------------
# a model's output over a 2-D input plane


@dataclass
class DecisionSurface:
    """The artists of :func:`decision_surface`; :meth:`update` redraws them in place.

    Attributes
    ----------
    ax : Axes
    grid : PlaneGrid
        The grid points the model is evaluated on (``grid.points``, shape ``(n, 2)``).
    image : AxesImage
        The heat map of the output.
    contour : LineCollection
        The contour lines at ``levels`` (the decision line at 0.5).
    levels : tuple of float
    colorbar : Colorbar or None
    """

    ax: Axes
    grid: PlaneGrid
    image: AxesImage
    contour: LineCollection
    levels: tuple[float, ...]
    colorbar: Colorbar | None = None

    def update(
        self,
        values: np.ndarray | None = None,
        *,
        f: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> np.ndarray:
        """Show new outputs: either ``values`` on the grid or a model ``f`` to evaluate on it.

        Parameters
        ----------
        values : ndarray, optional
            One output per grid point: ``(n,)``, ``(n, 1)`` or ``(ny, nx)``.
        f : callable, optional
            ``f(points (n, 2)) -> (n,) or (n, 1)``, e.g. ``model.predict``.

        Returns
        -------
        ndarray, shape (ny, nx)
            The output grid now shown.
        """
        if (values is None) == (f is None):
            raise TypeError("pass exactly one of values (the output grid) or f (a model)")
        grid_values = f(self.grid.points) if f is not None else values
        assert grid_values is not None  # exactly one of them was given (checked above)
        Z = self.grid.as_image(grid_values)
        self.image.set_data(Z)
        self.contour.set_segments(_contour_segments(self.grid, Z, self.levels))
        return Z


def _contour_segments(grid: PlaneGrid, Z: np.ndarray, levels: tuple[float, ...]) -> list[np.ndarray]:
    if not levels or not np.all(np.isfinite(Z)):
        return []
    gen = contourpy.contour_generator(x=grid.xs, y=grid.ys, z=Z, line_type="Separate")
    # line_type="Separate": one (n_points, 2) array per line
    return [line for level in levels for line in cast("list[np.ndarray]", gen.lines(level))]


def decision_surface(
    ax: Axes,
    f: Callable[[np.ndarray], np.ndarray] | None,
    xlim: tuple[float, float] = (-0.5, 1.5),
    ylim: tuple[float, float] = (-0.5, 1.5),
    resolution: int | tuple[int, int] = 101,
    *,
    levels: Sequence[float] = (0.5,),
    cmap: str = CMAP_SEQUENTIAL,
    vmin: float = 0.0,
    vmax: float = 1.0,
    line_color: str = "black",
    colorbar: bool = False,
) -> DecisionSurface:
    """Heat map of a model's output over a 2-D input plane, with its contour at 0.5.

    The contour where the output crosses 0.5 is the decision line of a sigmoid or step output.

    Parameters
    ----------
    ax : Axes
    f : callable or None
        ``f(points (n, 2)) -> (n,) or (n, 1)``, e.g. ``model.predict``; None starts blank
        (all ``vmin``) for a widget to fill with ``update``.
    xlim, ylim : (float, float)
        The rectangle of the input plane shown.
    resolution : int or (int, int)
        Grid points per axis (see :func:`plane_grid`).
    levels : sequence of float
        Output values to draw contour lines at; ``()`` for none.
    cmap : str
        Sequential colour map (colour-blind safe).
    vmin, vmax : float
        Output values mapped to the ends of ``cmap``.
    line_color : str
        Colour of the contour lines.
    colorbar : bool
        Add a colour bar for the output.

    Returns
    -------
    DecisionSurface
        The artists, the grid, and ``update(values=None, f=None)``.
    """
    _check_axes(ax)
    grid = plane_grid(xlim, ylim, resolution)
    levels = tuple(float(v) for v in levels)
    Z = np.full(grid.shape, float(vmin))
    image = ax.imshow(
        Z,
        origin="lower",
        extent=grid.extent,
        cmap=_colormap(cmap),
        norm=Normalize(vmin, vmax),
        interpolation="nearest",
        aspect="auto",
        zorder=0,
    )
    contour = LineCollection([], colors=line_color, linewidths=1.8, zorder=2)
    ax.add_collection(contour)
    ax.set_xlim(*grid.extent[:2])
    ax.set_ylim(*grid.extent[2:])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    bar = ax.figure.colorbar(image, ax=ax, label="output") if colorbar else None
    surface = DecisionSurface(ax=ax, grid=grid, image=image, contour=contour, levels=levels, colorbar=bar)
    if f is not None:
        surface.update(f=f)
    return surface


# ---------------------------------------------------------------------------
# activation functions


def activation_curves(
    ax: Axes,
    names: Sequence[str] | Mapping[str, Callable[[np.ndarray], np.ndarray]] = (
        "step",
        "sigmoid",
        "relu",
        "tanh",
        "linear",
    ),
    z: np.ndarray | None = None,
    *,
    derivative: bool = False,
    legend: bool = True,
) -> dict[str, Line2D]:
    """Plot activation functions ``f(z)`` (or their derivatives ``f'(z)``) against ``z``.

    Parameters
    ----------
    ax : Axes
    names : sequence of str or mapping of str to callable
        Names from ``nnlib.activations.ACTIVATIONS`` (element-wise ones; softmax is not), or a
        mapping ``{label: function}`` for your own functions.
    z : ndarray, shape (n,), optional
        Where to evaluate them; default 501 points from -5 to 5.
    derivative : bool
        Plot ``f'(z)`` instead (nnlib's own derivative; a central difference for your own
        functions).
    legend : bool
        Add a legend.

    Returns
    -------
    dict of str to Line2D
        One line per name; change one with ``line.set_ydata(...)``.
    """
    from nnlib.activations import ACTIVATIONS  # the registry lives with the functions

    _check_axes(ax)
    z = np.linspace(-5.0, 5.0, 501) if z is None else np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or len(z) < 2:
        raise ValueError(f"z must be a 1-D array of at least 2 points, got shape {z.shape}")
    if isinstance(names, str):
        names = (names,)
    if isinstance(names, Mapping):
        functions = dict(names)
        for label, fn in functions.items():
            if not callable(fn):
                raise TypeError(f"names[{label!r}] must be a function of z, got {type(fn).__name__}")
    else:
        functions = {}
        for name in names:
            if name not in ACTIVATIONS:
                known = ", ".join(sorted(ACTIVATIONS))
                raise ValueError(f"unknown activation {name!r}; known: {known}")
            act = ACTIVATIONS[name]
            if not getattr(act, "elementwise", True):
                raise ValueError(
                    f"{name!r} is not element-wise (each output depends on the whole row), so it "
                    "has no single curve f(z)"
                )
            functions[name] = act

    lines: dict[str, Line2D] = {}
    for k, (label, fn) in enumerate(functions.items()):
        if not derivative:
            y = np.asarray(fn(z), dtype=np.float64)
        elif hasattr(fn, "derivative"):
            y = np.asarray(fn.derivative(z), dtype=np.float64)
        else:
            y = np.gradient(np.asarray(fn(z), dtype=np.float64), z)
        if y.shape != z.shape:
            raise ValueError(f"{label!r} returned shape {y.shape} for z of shape {z.shape}")
        (line,) = ax.plot(
            z,
            y,
            color=_LINE_COLORS[k % len(_LINE_COLORS)],
            linestyle=_LINE_STYLES[k % len(_LINE_STYLES)],
            linewidth=2.0,
            label=label,
        )
        lines[label] = line
    ax.axhline(0.0, color="0.6", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
    ax.set_xlabel("z")
    ax.set_ylabel("f'(z)" if derivative else "f(z)")
    if legend and lines:
        ax.legend(loc="upper left", fontsize=9)
    return lines


# ---------------------------------------------------------------------------
# first-layer weights as images


@dataclass
class WeightGrids:
    """The artists of :func:`weight_grids`; :meth:`update` shows new weights in place.

    Attributes
    ----------
    axes : list of Axes
        One per unit (extra axes passed in are switched off and not listed).
    images : list of AxesImage
        Unit ``j``'s incoming weights ``W[:, j]`` as an image.
    norm : Normalize
        The colour scale all images share, symmetric about 0.
    colorbar : Colorbar or None
    """

    axes: list[Axes]
    images: list[AxesImage]
    norm: Normalize
    image_shape: tuple[int, int]
    colorbar: Colorbar | None = None

    def update(self, W: np.ndarray, *, rescale: bool = False) -> None:
        """Show new weights ``W (n_in, n_units)``; with ``rescale`` refit the shared scale.

        Keeping the scale fixed (the default) makes growth during training visible.
        """
        W = _check_weight_matrix(W, self.image_shape, len(self.images))
        for j, image in enumerate(self.images):
            image.set_data(W[:, j].reshape(self.image_shape))
        if rescale:
            biggest = float(np.max(np.abs(W))) or 1.0
            self.norm.vmin, self.norm.vmax = -biggest, biggest


def _check_weight_matrix(W: object, image_shape: tuple[int, int], n_units: int | None) -> np.ndarray:
    arr = np.asarray(W, dtype=np.float64)
    n_in = math.prod(image_shape)
    if arr.ndim != 2:
        raise ValueError(f"W must be 2-D (n_in, n_units), got shape {arr.shape}")
    if arr.shape[0] != n_in:
        fix = ": did you pass W.T? W is (n_in, n_out)" if arr.shape[1] == n_in else ""
        raise ValueError(f"W has shape {arr.shape}, but images of shape {image_shape} need {n_in} rows{fix}")
    if n_units is not None and arr.shape[1] != n_units:
        raise ValueError(f"W has {arr.shape[1]} units (columns), but {n_units} images are drawn")
    return arr


def weight_grids(
    target: Figure | Sequence[Axes] | np.ndarray,
    W: np.ndarray,
    *,
    image_shape: tuple[int, int] = (28, 28),
    ncols: int | None = None,
    cmap: str = CMAP_DIVERGING,
    vmax: float | None = None,
    titles: bool = True,
    colorbar: bool = True,
) -> WeightGrids:
    """Draw each unit's incoming weights ``W[:, j]`` as a small image, on one shared scale.

    Red is a positive weight (that pixel bright pushes the unit on), blue negative, white 0.

    Parameters
    ----------
    target : Figure or sequence of Axes
        A figure to fill with a grid of new axes, or at least ``n_units`` axes to draw into.
    W : ndarray, shape (n_in, n_units)
        First-layer weights, e.g. ``model.layers[0].W`` of shape ``(784, 16)``.
    image_shape : (int, int)
        Shape of one input image; ``n_in`` must equal its number of pixels.
    ncols : int, optional
        Columns of the grid when ``target`` is a figure; default about a square.
    cmap : str
        Diverging colour map, centred on 0.
    vmax : float, optional
        The colour scale runs from ``-vmax`` to ``vmax``; default ``max |W|``.
    titles : bool
        Title each image with its unit number.
    colorbar : bool
        Add one colour bar for all images.

    Returns
    -------
    WeightGrids
        The images and their shared norm, with ``update(W, rescale=False)``.
    """
    W = _check_weight_matrix(W, image_shape, None)
    k = W.shape[1]
    if isinstance(target, Figure):
        fig = target
        ncols = ncols or math.ceil(math.sqrt(k))
        nrows = math.ceil(k / ncols)
        all_axes = list(np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel())
    else:
        all_axes = list(np.ravel(np.asarray(target, dtype=object)))
        for i, a in enumerate(all_axes):
            _check_axes(a, f"target[{i}]")
        if len(all_axes) < k:
            raise ValueError(f"W has {k} units but only {len(all_axes)} axes were given")
        fig = all_axes[0].figure
    biggest = float(vmax) if vmax is not None else float(np.max(np.abs(W))) or 1.0
    norm = Normalize(-biggest, biggest)
    colormap = _colormap(cmap)
    images = []
    for j, a in enumerate(all_axes):
        a.set_axis_off()
        if j >= k:
            continue
        image = a.imshow(W[:, j].reshape(image_shape), cmap=colormap, norm=norm, interpolation="nearest")
        images.append(image)
        if titles:
            # a plain text, not set_title: title placement re-measures the axes on every draw
            a.text(0.5, 1.02, f"unit {j}", transform=a.transAxes, ha="center", va="bottom", fontsize=8)
    bar = fig.colorbar(images[0], ax=all_axes, shrink=0.8, label="weight") if colorbar else None
    return WeightGrids(
        axes=all_axes[:k],
        images=images,
        norm=norm,
        image_shape=cast("tuple[int, int]", tuple(image_shape)),
        colorbar=bar,
    )


# ---------------------------------------------------------------------------
# labelled points


@dataclass
class ClassScatter:
    """The artists of :func:`scatter_classes`; :meth:`update` moves the points in place.

    Attributes
    ----------
    collections : dict
        Class label -> its ``PathCollection`` (one colour and one marker per class).
    """

    ax: Axes
    collections: dict[Any, PathCollection]
    y: np.ndarray

    def update(self, X: np.ndarray, y: np.ndarray | None = None) -> None:
        """Move the points to ``X (n_samples, 2)``; labels ``y`` stay unless given anew.

        New labels may only use classes drawn at the start.
        """
        X = _points_2d("X", X)
        y = self.y if y is None else _labels_1d(y, len(X))
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} points but there are {len(y)} labels")
        unknown = set(np.unique(y).tolist()) - set(self.collections)
        if unknown:
            raise ValueError(f"labels {sorted(unknown)} were not drawn at the start")
        for label, coll in self.collections.items():
            coll.set_offsets(X[y == label])
        self.y = y


def _labels_1d(y: object, n: int) -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(
            f"y must be 1-D class labels (n_samples,), got shape {arr.shape}; for one-hot labels pass y.argmax(axis=1)"
        )
    if len(arr) != n:
        raise ValueError(f"X has {n} points but y has {len(arr)} labels")
    if arr.dtype.kind == "f" and np.all(arr == np.round(arr)):
        arr = arr.astype(np.int64)
    return arr


def scatter_classes(
    ax: Axes,
    X: np.ndarray,
    y: np.ndarray,
    *,
    class_names: Mapping[Any, str] | Sequence[str] | None = None,
    size: float = 40.0,
    legend: bool = True,
) -> ClassScatter:
    """2-D points coloured *and* shaped by class: each class has its own colour and marker.

    Parameters
    ----------
    ax : Axes
    X : ndarray, shape (n_samples, 2)
        The points.
    y : ndarray, shape (n_samples,)
        Class labels (ints, bools or strings; at most 10 classes). Integer labels 0-9 always
        get the same colour and marker, so class 1 looks the same in every lesson.
    class_names : sequence or mapping, optional
        Legend names per class; default the labels themselves.
    size : float
        Marker area in points².
    legend : bool
        Add a legend.

    Returns
    -------
    ClassScatter
        One ``PathCollection`` per class, with ``update(X, y=None)`` to move points in place.
    """
    _check_axes(ax)
    X = _points_2d("X", X)
    y = _labels_1d(y, len(X))
    classes = np.unique(y).tolist()
    if len(classes) > len(CLASS_COLORS):
        raise ValueError(f"at most {len(CLASS_COLORS)} classes can be told apart, got {len(classes)}")
    by_value = all(isinstance(c, int) and 0 <= c < len(CLASS_COLORS) for c in classes)
    collections: dict[Any, PathCollection] = {}
    for order, label in enumerate(classes):
        k = int(label) if by_value else order
        if class_names is None:
            name = str(label)
        elif isinstance(class_names, Mapping):
            name = str(class_names[label])
        else:
            name = str(class_names[k if by_value else order])
        collections[label] = ax.scatter(
            X[y == label, 0],
            X[y == label, 1],
            s=size,
            color=CLASS_COLORS[k],
            marker=CLASS_MARKERS[k],
            edgecolors="black",
            linewidths=0.6,
            label=name,
            zorder=3,
        )
    if legend:
        ax.legend(fontsize=9)
    return ClassScatter(ax=ax, collections=collections, y=y)
