"""The numbers behind lesson 13's figures (MNIST): preprocessing, the confusion matrix, and
the input each unit responds to most. numpy and the nnlib core only: no matplotlib, no widgets.

- MNIST's own preprocessing, for digits the learner draws: :func:`ink_box`,
  :func:`resize_area`, :func:`centre_of_mass` and :func:`mnist_style` (fit the ink into a
  20 x 20 box keeping its aspect ratio, then move its centre of mass to the centre of a
  28 x 28 field, as LeCun, Cortes and Burges did for the MNIST images); :func:`stroke_ink`
  paints a stroke with a soft brush.
- :func:`confusion_matrix` and :func:`preferred_inputs` (the input a unit "wants to see",
  by gradient ascent on the input).
- :func:`accuracy_by_training_size`: the digit network trained on the first 500, 2,000, ...
  training images, each with the same number of updates, and its test accuracy.

Layouts are batch-first, as everywhere in nnlib: images ``(n_samples, 784)`` with pixels in
[0, 1], one image ``(28, 28)``, points of a stroke ``(n_points, 2)`` as ``(x, y)`` = (column,
row) in pixel coordinates (pixel centres at whole numbers, as ``imshow`` draws them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnlib import _checks
from nnlib.layers import Dense
from nnlib.network import Sequential, single_threaded
from nnlib.training import SGD

__all__ = [
    "BOX",
    "CENTRE",
    "FIELD",
    "MnistSteps",
    "SizeRun",
    "accuracy_by_training_size",
    "as_image",
    "centre_of_mass",
    "confusion_matrix",
    "ink_box",
    "mnist_style",
    "mnist_style_steps",
    "preferred_inputs",
    "resize_area",
    "stroke_ink",
]

#: side of an MNIST image, in pixels
FIELD = 28
#: the box every MNIST digit was scaled to fit (its longer side becomes 20 pixels)
BOX = 20
#: where MNIST puts a digit's centre of mass: (row, column) = (14, 14), pixel centres at 0..27.
#: (Measured on the training set: the mean is 14.0 both ways, spread 0.3.)
CENTRE = 14.0


def as_image(image: Any, what: str = "image") -> np.ndarray:
    """One image as a float ``(rows, columns)`` array (a flat 784 is reshaped to 28 x 28), checked."""
    arr = np.asarray(image, dtype=np.float64)
    if arr.ndim == 1 and arr.size == FIELD * FIELD:
        arr = arr.reshape(FIELD, FIELD)
    if arr.ndim != 2:
        raise ValueError(f"{what} must be one 2-D image (rows, columns), e.g. (28, 28), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity")
    return arr


# ---------------------------------------------------------------------------------------------
# MNIST-style preprocessing
# ---------------------------------------------------------------------------------------------


def ink_box(image: np.ndarray, threshold: float = 0.0) -> tuple[int, int, int, int] | None:
    """The smallest rectangle holding every pixel brighter than ``threshold``.

    Returns
    -------
    (top, bottom, left, right) with bottom and right exclusive (``image[top:bottom, left:right]``
    is the ink), or None for an empty image.
    """
    image = as_image(image)
    ink = image > threshold
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """``(n_out, n_in)``: output pixel i is the average of the input it covers.

    Output pixel ``i`` covers the stretch ``[i s, (i + 1) s)`` of the input, ``s = n_in / n_out``;
    its weight on input pixel ``j`` is the length of overlap with ``[j, j + 1)``, divided by ``s``.
    Every row sums to 1, so a picture's grey levels are kept.
    """
    s = n_in / n_out
    lo = np.arange(n_out)[:, None] * s
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(lo + s, j + 1) - np.maximum(lo, j), 0.0, None)
    return overlap / s


def resize_area(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resample ``image`` to ``shape`` by area averaging (a box filter), rows then columns.

    Shrinking averages the pixels each new pixel covers (which turns sharp edges grey, the
    anti-aliasing MNIST's images show); enlarging spreads each pixel over the new ones.

    ``resized = R_rows @ image @ R_cols.T`` with the weights of :func:`_area_weights`.
    """
    image = as_image(image)
    rows, cols = (int(n) for n in shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be two positive sizes, got {shape}")
    return _area_weights(image.shape[0], rows) @ image @ _area_weights(image.shape[1], cols).T


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """``(row, column)`` of the ink's centre of mass: the pixel positions weighted by brightness.

    row = Σ_r r · (ink in row r) / (all ink), and the same for the columns.
    """
    image = as_image(image)
    total = float(image.sum())
    if total <= 0.0:
        raise ValueError("the image has no ink (all pixels 0): its centre of mass is undefined")
    rows = image.sum(axis=1) @ np.arange(image.shape[0]) / total
    cols = image.sum(axis=0) @ np.arange(image.shape[1]) / total
    return float(rows), float(cols)


@dataclass(frozen=True)
class MnistSteps:
    """The stages of :func:`mnist_style_steps`, for pictures and readouts.

    Attributes
    ----------
    image : (28, 28) the result, in [0, 1]
    box : (top, bottom, left, right) of the ink in the drawing, or None (empty drawing)
    cropped : the ink box cut out of the drawing
    scaled : ``cropped`` resized to fit the 20 x 20 box (longer side 20), contrast stretched
    scale : the factor the ink was resized by
    centre_before : centre of mass of ``scaled`` in its own coordinates (row, column)
    offset : (row, column) of ``scaled``'s top-left pixel in the 28 x 28 field
    centre_after : centre of mass of ``image`` (row, column), close to (14, 14)
    """

    image: np.ndarray
    box: tuple[int, int, int, int] | None
    cropped: np.ndarray
    scaled: np.ndarray
    scale: float
    centre_before: tuple[float, float]
    offset: tuple[int, int]
    centre_after: tuple[float, float]


def mnist_style_steps(image: np.ndarray, *, box: int = BOX, field: int = FIELD, centre: float = CENTRE) -> MnistSteps:
    """Prepare a drawn digit the way the MNIST digits were prepared, keeping every stage.

    1. cut out the ink (:func:`ink_box`);
    2. resize it so that its longer side is ``box`` pixels, keeping its aspect ratio
       (:func:`resize_area`), and stretch the grey levels so that the darkest pixel is 1;
    3. put it into an empty ``field`` x ``field`` image, shifted by whole pixels so that its
       centre of mass (:func:`centre_of_mass`) lands as close as it can to (``centre``,
       ``centre``), without leaving the field.

    Parameters
    ----------
    image : ndarray (rows, columns), ink in [0, 1] (any size; a 28 x 28 drawing pad here)

    Returns
    -------
    MnistSteps
        ``.image`` is the (field, field) result; an empty drawing gives an empty image.
    """
    image = as_image(image)
    bounds = ink_box(image)
    empty = np.zeros((field, field))
    if bounds is None:
        return MnistSteps(
            empty, None, np.zeros((0, 0)), np.zeros((0, 0)), 1.0, (centre, centre), (0, 0), (centre, centre)
        )
    top, bottom, left, right = bounds
    cropped = image[top:bottom, left:right]
    h, w = cropped.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    scaled = resize_area(cropped, (new_h, new_w))
    scaled = np.clip(scaled / scaled.max(), 0.0, 1.0)
    c_row, c_col = centre_of_mass(scaled)
    row0 = int(np.clip(round(centre - c_row), 0, field - new_h))
    col0 = int(np.clip(round(centre - c_col), 0, field - new_w))
    out = empty
    out[row0 : row0 + new_h, col0 : col0 + new_w] = scaled
    return MnistSteps(out, bounds, cropped, scaled, float(scale), (c_row, c_col), (row0, col0), centre_of_mass(out))


def mnist_style(image: np.ndarray) -> np.ndarray:
    """A drawn digit prepared like the MNIST digits: ``(28, 28)``, fitted into 20 x 20, centred
    by its centre of mass (see :func:`mnist_style_steps`)."""
    return mnist_style_steps(image).image


def stroke_ink(points: Any, width: float = 2.5, shape: tuple[int, int] = (FIELD, FIELD)) -> np.ndarray:
    """The ink a soft round brush leaves along a stroke.

    Every pixel gets ``clip(width / 2 + 0.5 - d, 0, 1)``, where ``d`` is the distance from the
    pixel's centre to the stroke (the polyline through ``points``): full ink within
    ``width / 2 - 0.5`` pixels, fading to none over one pixel, like a pen on paper.

    Parameters
    ----------
    points : (n_points, 2) as (x, y) = (column, row); one point is a dot
    width : brush diameter in pixels
    shape : (rows, columns) of the pad

    Returns
    -------
    ndarray of ``shape`` with values in [0, 1]
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 0:
        return np.zeros(shape)
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    centres = np.column_stack([cols.ravel(), rows.ravel()]).astype(np.float64)  # (n_pix, 2) x, y
    a = pts[:-1] if len(pts) > 1 else pts
    b = pts[1:] if len(pts) > 1 else pts
    ab = b - a  # (n_seg, 2)
    length2 = np.einsum("ij,ij->i", ab, ab)  # (n_seg,)
    ap = centres[None, :, :] - a[:, None, :]  # (n_seg, n_pix, 2)
    t = np.einsum("spk,sk->sp", ap, ab) / np.where(length2 > 0, length2, 1.0)[:, None]
    t = np.clip(t, 0.0, 1.0)
    nearest = a[:, None, :] + t[:, :, None] * ab[:, None, :]
    d = np.sqrt(((centres[None] - nearest) ** 2).sum(axis=2)).min(axis=0)
    return np.clip(width / 2 + 0.5 - d, 0.0, 1.0).reshape(shape)


# ---------------------------------------------------------------------------------------------
# what a trained network does, in numbers
# ---------------------------------------------------------------------------------------------


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int = 10) -> np.ndarray:
    """``C[i, j]`` = how many samples of class ``i`` (true) were predicted as class ``j``.

    Rows are the true classes, columns the predictions; the diagonal holds the right answers.
    """
    t = np.asarray(y_true).astype(np.int64).ravel()
    p = np.asarray(y_pred).astype(np.int64).ravel()
    if t.shape != p.shape:
        raise ValueError(f"y_true has {t.size} labels but y_pred has {p.size}")
    if t.size and (min(t.min(), p.min()) < 0 or max(t.max(), p.max()) >= n_classes):
        raise ValueError(f"labels must be whole numbers 0..{n_classes - 1}")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (t, p), 1)
    return C


def preferred_inputs(
    model: Sequential,
    layer: int = -1,
    *,
    l2: float = 0.5,
    steps: int = 200,
    lr: float = 0.05,
    start: np.ndarray | None = None,
    units: Sequence[int] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The input each unit of a layer responds to most: gradient ascent on the input.

    For unit ``j`` of ``model.layers[layer]``, starting from ``start``, repeat::

        z = the unit's weighted input for x        (a forward pass)
        g = dz / dx - 2 * l2 * x                   (a backward pass from that one unit)
        x = clip(x + lr * g, 0, 1)                 (pixels stay between white and black)

    It climbs the weighted input ``z`` (before the activation), not the activation: a sigmoid
    or softmax output stops at 1 and then gives no gradient, while ``z`` keeps rewarding a
    better image. The penalty ``l2 * Σ x²`` makes every pixel pay for its ink, so only pixels
    that help enough stay on. Every unit is its own row of one batch, so all climb at once.

    Parameters
    ----------
    model : a trained Sequential of Dense layers
    layer : index into ``model.layers`` (``-1``: the output layer)
    l2 : weight of the penalty on the image's squared pixels
    steps, lr : number and size of the ascent steps
    start : (784,) or (n_units, 784) starting image(s); default all pixels 0
    units : which units of the layer (default all)

    Returns
    -------
    X : (n_units, 784) the images found, in [0, 1]
    z : (n_units,) each unit's weighted input for its image
    """
    layers = model.layers
    k = layer % len(layers)
    target = layers[k]
    if not isinstance(target, Dense):
        raise ValueError(f"layer {layer} is {target!r}; pick a Dense layer")
    n_out = int(target.W.shape[1])
    chosen = np.arange(n_out) if units is None else np.asarray(units, dtype=np.int64)
    n = len(chosen)
    if start is None:
        X = np.zeros((n, model.n_inputs), dtype=model.dtype)
    else:
        X = np.broadcast_to(np.asarray(start, dtype=model.dtype), (n, model.n_inputs)).copy()
    rows = np.arange(n)
    dZ = np.zeros((n, n_out), dtype=model.dtype)
    dZ[rows, chosen] = 1.0  # row r climbs unit chosen[r]: dz/dz = 1, every other unit 0
    with single_threaded():
        for _ in range(steps):
            model.forward(X)
            dX = target.backward_from_z(dZ, need_dX=True)
            for lay in reversed(layers[:k]):
                dX = lay.backward(_asked_for(dX), need_dX=True)
            X += lr * (_asked_for(dX) - 2.0 * l2 * X)
            np.clip(X, 0.0, 1.0, out=X)
        model.forward(X)
        z = _asked_for(target.Z)[rows, chosen].astype(np.float64)
    return X, z


def _asked_for(array: np.ndarray | None) -> np.ndarray:
    """An array the core returns as optional (``dX`` when ``need_dX=True``, ``Z`` after a
    forward pass), here always there."""
    if array is None:
        raise RuntimeError("the network returned no gradient or weighted input")
    return array


# ---------------------------------------------------------------------------------------------
# how much does the number of training images matter?


@dataclass(frozen=True)
class SizeRun:
    """One run of :func:`accuracy_by_training_size`."""

    n_train: int  #: training images used (the first ``n_train``)
    epochs: int  #: passes over those images
    updates: int  #: gradient steps taken
    train_accuracy: float  #: accuracy on its own training images
    test_accuracy: float  #: accuracy on the test images


def accuracy_by_training_size(
    x_train: Any,
    y_train: Any,
    x_test: Any,
    y_test: Any,
    sizes: Sequence[int],
    *,
    rng: np.random.Generator,
    epochs: int = 15,
    batch_size: int = 64,
    lr: float = 0.3,
    momentum: float = 0.9,
    lr_decay: float = 0.8,
    report: Any = None,
) -> list[SizeRun]:
    """Train the 784-16-16-10 network on the first ``n`` training images, for each ``n`` in ``sizes``.

    Every run gets the same budget as ``epochs`` epochs on all of ``x_train``: a smaller set is
    passed over ``k = len(x_train) / n`` times as often, and its learning rate decays by
    ``lr_decay ** (1 / k)`` per pass, so every run takes about the same number of updates with
    the same learning-rate schedule. Only the number of distinct examples differs. Each run
    starts from its own random weights drawn from ``rng``.

    Parameters
    ----------
    x_train, y_train : arrays, shapes (n_samples, 784) and (n_samples,)
        The training images (pixels in [0, 1]) and their labels 0-9.
    x_test, y_test : arrays
        The images the accuracy is measured on.
    sizes : sequence of int
        How many of the first training images each run uses (1 to ``len(x_train)``).
    rng : numpy.random.Generator
        Draws the starting weights and the shuffles.
    epochs, batch_size, lr, momentum, lr_decay
        The recipe of lesson 13, for the full set.
    report : callable, optional
        ``report(run)`` after each run (a progress line in the lesson).

    Returns
    -------
    list of SizeRun, one per size, in the order given.
    """
    _checks.rng(rng, "rng")
    n_all = len(x_train)
    if len(y_train) != n_all:
        raise ValueError(f"x_train has {n_all} rows but y_train {len(y_train)}: give one label per image")
    runs = []
    for n in sizes:
        n = _checks.whole(n, "each size", 1)
        if n > n_all:
            raise ValueError(f"a size of {n} asks for more images than the {n_all} given: use sizes up to {n_all}")
        repeats = n_all / n
        passes = max(1, round(epochs * repeats))
        net = Sequential(
            [
                Dense(16, activation="sigmoid", input_shape=[784]),
                Dense(16, activation="sigmoid"),
                Dense(10, activation="softmax"),
            ],
            rng=rng,
            dtype=np.float32,
        )
        net.compile(
            loss="categorical_crossentropy",
            optimizer=SGD(lr=lr, momentum=momentum, lr_decay=lr_decay ** (1.0 / repeats)),
        )
        net.fit(x_train[:n], y_train[:n], epochs=passes, batch_size=batch_size, rng=rng)
        _, train_accuracy = net.evaluate(x_train[:n], y_train[:n])
        _, test_accuracy = net.evaluate(x_test, y_test)
        run = SizeRun(n, passes, passes * int(np.ceil(n / batch_size)), float(train_accuracy), float(test_accuracy))
        runs.append(run)
        if report is not None:
            report(run)
    return runs
