"""Lesson 13's pictures, preprocessing and widgets (nnlib.widgets.mnist), driven headless under Agg.

No MNIST files needed: the digits are synthetic and the networks either random or built by hand
(a "template" network whose answers are known: an upright stroke is a 1, a stroke with a bar
on top is a 7).
"""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.analysis.dense import layer_outputs
from nnlib.analysis.mnist import (
    BOX,
    CENTRE,
    centre_of_mass,
    confusion_matrix,
    ink_box,
    mnist_style,
    mnist_style_steps,
    preferred_inputs,
    resize_area,
    stroke_ink,
)
from nnlib.widgets.canvas import figure_png
from nnlib.widgets.mnist import (
    BENCH_CASES,
    EXAMPLES,
    ConfusionExplorer,
    DigitActivations,
    DrawDigit,
    SHOW_OPTIONS,
    PreferredInputs,
    WeightGridsOverTraining,
    class_means_figure,
    digit_gallery,
    preprocessing_figure,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _random_model(seed: int = 0) -> Sequential:
    return Sequential(
        [Dense(16, "sigmoid", input_shape=[784]), Dense(16, "sigmoid"), Dense(10, "softmax")],
        rng=np.random.default_rng(seed),
    )


def _template_model() -> Sequential:
    """784-16-10: unit 0 = ink in the middle columns, unit 1 = ink in rows 6-11 off the middle
    (where MNIST-style centring puts the bar of a top-heavy 7 or T).

    Output 1 = "middle ink and no top bar", output 7 = "top bar"; everything else far below.
    """
    model = Sequential([Dense(16, "sigmoid", input_shape=[784]), Dense(10, "softmax")], rng=np.random.default_rng(0))
    W1 = np.zeros((28, 28, 16))
    W1[:, 12:17, 0] = 1.0
    W1[6:12, 3:12, 1] = 1.0
    W1[6:12, 17:26, 1] = 1.0
    b1 = np.full(16, -10.0)
    b1[1] = -5.0
    W2 = np.zeros((16, 10))
    W2[0, 1], W2[1, 1], W2[1, 7] = 8.0, -16.0, 10.0
    b2 = np.full(10, -5.0)
    b2[[1, 7]] = 0.0
    model.set_weights([W1.reshape(784, 16), b1, W2, b2])
    return model


def _digits(n: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784)) * (rng.random((n, 784)) < 0.25)
    return images, rng.integers(0, 10, n)


def _a_seven(offset=(0, 0), size=1.0) -> np.ndarray:
    """A 7 drawn with the soft brush; ``offset`` (rows, cols) and ``size`` move and scale it."""
    points = np.array([[4.0, 3.0], [18.0, 3.0], [14.0, 10.0], [9.0, 21.0]])
    points = points * size + np.array([offset[1], offset[0]])
    return stroke_ink(points, 2.5)


# ---------------------------------------------------------------------------------------------
# preprocessing


def test_area_resize_is_identity_at_the_same_size_and_averages_blocks():
    img = np.random.default_rng(1).random((7, 5))
    np.testing.assert_allclose(resize_area(img, (7, 5)), img)
    blocks = np.arange(16.0).reshape(4, 4)
    np.testing.assert_allclose(resize_area(blocks, (2, 2)), [[2.5, 4.5], [10.5, 12.5]])
    # enlarging spreads each pixel: the mean grey level is kept
    small = np.random.default_rng(2).random((3, 4))
    assert resize_area(small, (9, 10)).mean() == pytest.approx(small.mean())


def test_centre_of_mass_and_ink_box_of_known_images():
    img = np.zeros((28, 28))
    img[3, 7] = 1.0
    assert centre_of_mass(img) == pytest.approx((3.0, 7.0))
    img[5, 7] = 1.0
    assert centre_of_mass(img) == pytest.approx((4.0, 7.0))
    img[5, 9] = 2.0
    assert centre_of_mass(img) == pytest.approx(((3 + 5 + 10) / 4, (7 + 7 + 18) / 4))
    assert ink_box(img) == (3, 6, 7, 10)
    assert ink_box(np.zeros((28, 28))) is None
    with pytest.raises(ValueError, match="no ink"):
        centre_of_mass(np.zeros((4, 4)))


def test_mnist_style_ignores_where_the_digit_was_drawn():
    here = _a_seven()
    there = _a_seven(offset=(3, 4))
    assert ink_box(there) != ink_box(here)
    out_here, out_there = mnist_style(here), mnist_style(there)
    np.testing.assert_allclose(out_here, out_there, atol=1e-12)
    # a digit from the data set, shifted by whole pixels, comes back to where MNIST puts it
    steps = mnist_style_steps(there)
    top, bottom, left, right = ink_box(steps.image, threshold=0.0)
    assert max(bottom - top, right - left) == BOX
    r, c = steps.centre_after
    assert abs(r - CENTRE) <= 0.5 and abs(c - CENTRE) <= 0.5


def test_mnist_style_scales_small_and_large_drawings_to_the_20_pixel_box():
    small = _a_seven(offset=(1, 1), size=0.5)
    large = _a_seven(offset=(-2, 0), size=1.25)
    for drawing in (small, large):
        steps = mnist_style_steps(drawing)
        top, bottom, left, right = ink_box(steps.image)
        assert max(bottom - top, right - left) == BOX
        assert steps.image.max() == pytest.approx(1.0)
        assert 0.0 <= steps.image.min()
        r, c = centre_of_mass(steps.image)
        assert abs(r - CENTRE) <= 0.5 and abs(c - CENTRE) <= 0.5
    # the scale factor is 20 over the longer side of the ink
    box = ink_box(small)
    assert mnist_style_steps(small).scale == pytest.approx(BOX / max(box[1] - box[0], box[3] - box[2]))
    # the same shape at two sizes comes out alike
    a, b = mnist_style(small).ravel(), mnist_style(_a_seven()).ravel()
    assert np.corrcoef(a, b)[0, 1] > 0.8


def test_mnist_style_of_an_empty_pad_is_empty():
    assert not mnist_style(np.zeros((28, 28))).any()
    assert mnist_style_steps(np.zeros((28, 28))).box is None


def test_stroke_ink_is_a_soft_round_brush():
    dot = stroke_ink([[10.0, 5.0]], width=2.5)
    assert dot[5, 10] == 1.0  # full ink at the centre (row 5, column 10)
    assert dot[5, 11] == pytest.approx(0.75)  # fading over one pixel
    assert dot[5, 13] == 0.0
    line = stroke_ink([[2.0, 14.0], [25.0, 14.0]], width=2.5)
    assert np.all(line[14, 2:26] == 1.0) and line[20].sum() == 0.0
    assert stroke_ink([[2.0, 14.0], [25.0, 14.0]], width=4.0).sum() > line.sum()


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    C = confusion_matrix([0, 1, 2, 2, 9], [0, 1, 7, 2, 4])
    assert C.shape == (10, 10) and C.sum() == 5
    assert C[2, 7] == 1 and C[7, 2] == 0 and C[9, 4] == 1 and np.trace(C) == 3
    with pytest.raises(ValueError):
        confusion_matrix([0, 1], [0])


def test_preferred_inputs_of_a_first_layer_unit_is_its_positive_weights():
    model = _random_model(3)
    X, z = preferred_inputs(model, layer=0, l2=0.0, steps=400, lr=0.5)
    W = model.layers[0].W
    clear = np.abs(W) > 0.02
    assert np.mean(((X.T > 0.5) == (W > 0))[clear]) > 0.99
    assert z.shape == (16,) and X.shape == (16, 784)
    # it raised every unit's weighted input above where a blank image puts it
    assert np.all(z > model.layers[0].b)
    # the output layer: every output unit's own z climbs above its value for a blank image
    model.forward(np.zeros((1, 784)))
    blank = model.layers[-1].Z[0].copy()
    Xo, zo = preferred_inputs(model, layer=-1, l2=0.01, steps=100, lr=0.5)
    assert np.all(zo > blank)
    model.forward(Xo)
    np.testing.assert_allclose(zo, model.layers[-1].Z[np.arange(10), np.arange(10)])


# ---------------------------------------------------------------------------------------------
# static pictures


def test_static_pictures_draw():
    images, labels = _digits(12)
    for fig in (
        digit_gallery(images, labels, predictions=labels[::-1], confidences=np.full(12, 0.9), ncols=6),
        class_means_figure(np.tile(images, (2, 1)), np.tile(np.arange(12) % 10, 2)),
        preprocessing_figure(_a_seven(offset=(2, 3), size=0.6)),
    ):
        assert figure_png(fig).startswith(b"\x89PNG")
    fig = digit_gallery(images[:3], labels[:3], predictions=[labels[0], 5, labels[2]])
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles[0] == str(labels[0]) and "→ 5" in titles[1]


# ---------------------------------------------------------------------------------------------
# WeightGridsOverTraining


@pytest.fixture
def snapshots():
    rng = np.random.default_rng(0)
    W0 = rng.normal(0.0, 0.04, (784, 16))
    snaps = [W0]
    for _ in range(1, 4):
        W = snaps[-1] + 0.1 * rng.normal(size=(784, 16))
        W[:30] = W0[:30]  # 30 pixels whose weights never move
        snaps.append(W)
    return snaps


def test_weight_grids_over_training_update_and_readouts(snapshots):
    w = WeightGridsOverTraining(snapshots, [0.90, 0.93, 0.95], epoch=0)
    first = w.grids.images[3].get_array().copy()
    readouts = dict(w.readouts)
    assert readouts["epoch"] == "0 of 3"
    assert readouts["validation accuracy"] == "— (not trained yet)"
    assert readouts["similarity to the start"] == "1.000 (correlation)"
    shared = max(np.abs(S).max() for S in snapshots)
    w.update(epoch=2)
    # the images hold weight / colour scale on a fixed [-1, 1] norm
    np.testing.assert_allclose(w.grids.images[3].get_array(), snapshots[2][:, 3].reshape(28, 28) / shared)
    assert not np.allclose(w.grids.images[3].get_array(), first)
    assert w.readouts["epoch"] == "2 of 3"
    assert w.readouts["validation accuracy"] == "0.9300"
    a = snapshots[2].ravel() - snapshots[2].mean()
    b = snapshots[0].ravel() - snapshots[0].mean()
    expected = a @ b / np.sqrt((a @ a) * (b @ b))
    assert w.readouts["similarity to the start"] == f"{expected:.3f} (correlation)"
    assert w.readouts["pixels whose weights never moved"] == "30 of 784"
    assert w.readouts["largest |weight|"] == f"{np.abs(snapshots[2]).max():.3f}"
    assert list(w.cursor.get_xdata()) == [2, 2]
    assert (w.grids.norm.vmin, w.grids.norm.vmax) == (-1.0, 1.0)
    assert w.readouts["colour scale"] == f"±{shared:.3f}"
    assert [t.get_text() for t in w.tick_texts] == [f"{v * shared + 0.0:.2f}" for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    w.update(show=SHOW_OPTIONS[1])  # the scale fitted to this epoch
    fitted = np.abs(snapshots[2]).max()
    np.testing.assert_allclose(w.grids.images[3].get_array(), snapshots[2][:, 3].reshape(28, 28) / fitted)
    w.update(epoch=0)
    assert w.readouts["colour scale"] == f"±{np.abs(snapshots[0]).max():.3f}"
    assert w.tick_texts[1].get_text() == f"{-0.5 * np.abs(snapshots[0]).max():.2f}"
    w.update(epoch=2, show="the change since the start")
    biggest_change = max(np.abs(S - snapshots[0]).max() for S in snapshots)
    np.testing.assert_allclose(
        w.grids.images[3].get_array(), (snapshots[2] - snapshots[0])[:, 3].reshape(28, 28) / biggest_change
    )
    assert w.scale_label.get_text() == "change since epoch 0"
    assert w.tick_texts[-1].get_text() == f"{biggest_change:.2f}"
    w.close()


def test_weight_grids_over_training_rejects_bad_input(snapshots):
    with pytest.raises(ValueError, match="accuracies"):
        WeightGridsOverTraining(snapshots, [0.9])
    with pytest.raises(ValueError, match="784"):
        WeightGridsOverTraining([np.zeros((16, 784))])


# ---------------------------------------------------------------------------------------------
# DigitActivations


def test_digit_activations_update_recolours_and_reads_out():
    images, labels = _digits()
    model = _random_model(1)
    w = DigitActivations(model, images, labels, index=0)
    units = w.diagram.units.get_array().copy()
    widths = [bar.get_width() for bar in w.bars]
    readouts = dict(w.readouts)
    w.update(index=7)
    assert not np.allclose(w.diagram.units.get_array(), units)
    np.testing.assert_allclose(w.diagram.image.get_array(), images[7].reshape(28, 28))
    assert [bar.get_width() for bar in w.bars] != widths
    assert w.readouts != readouts
    assert w.index_box.value == 7  # the number box follows the slider
    probs = model.predict(images[7:8])[0]
    predicted = int(np.argmax(probs))
    verdict = "right" if predicted == labels[7] else "wrong"
    assert w.readouts["label"] == str(labels[7])
    assert w.readouts["prediction"] == f"{predicted} ({verdict})"
    assert w.readouts["confidence"] == f"{100 * probs[predicted]:.1f}%"
    assert w.readouts["p(true digit)"] == f"{100 * probs[labels[7]]:.1f}%"
    hidden = model.layers[0].predict(images[7:8])[0]
    assert w.readouts["hidden 1: units > 0.5"] == f"{int(np.sum(hidden > 0.5))} of 16"
    np.testing.assert_allclose([bar.get_width() for bar in w.bars], probs, rtol=1e-6)
    w.close()


def test_digit_activations_next_mistake_and_number_box():
    images, labels = _digits()
    model = _random_model(1)
    w = DigitActivations(model, images, labels, index=0)
    mistakes = np.flatnonzero(model.predict(images).argmax(axis=1) != labels)
    assert len(mistakes) > 2
    target = w.next_mistake()
    assert target == mistakes[mistakes > 0][0] and w.values["index"] == target
    assert w.readouts["mistake"] == f"#{list(mistakes).index(target) + 1} of {len(mistakes)}"
    assert w.readouts["prediction"].endswith("(wrong)")
    w.index_box.value = 11  # typing a number moves the slider and redraws
    assert w.values["index"] == 11
    np.testing.assert_allclose(w.diagram.image.get_array(), images[11].reshape(28, 28))
    w.update(index=int(mistakes[-1]))
    assert w.next_mistake() == mistakes[0]  # wraps round
    w.close()


# ---------------------------------------------------------------------------------------------
# ConfusionExplorer


def test_confusion_explorer_update_click_and_readouts():
    images, labels = _digits(300, seed=4)
    probs = layer_outputs(_random_model(2), images)[-1]
    predicted = probs.argmax(axis=1)
    C = confusion_matrix(labels, predicted)
    i, j = np.unravel_index(np.argmax(C - np.diag(np.diag(C))), C.shape)
    w = ConfusionExplorer(images, labels, probs, true=0, predicted=0)
    picture = w.gallery_images[0].get_array().copy()
    w.update(true=int(i), predicted=int(j))
    assert w.selection.get_xy() == (j - 0.5, i - 0.5)
    in_cell = np.flatnonzero((labels == i) & (predicted == j))
    best = in_cell[np.argmax(probs[in_cell].max(axis=1))]
    np.testing.assert_allclose(w.gallery_images[0].get_array(), images[best].reshape(28, 28))
    assert not np.allclose(w.gallery_images[0].get_array(), picture)
    assert w.readouts["cell"] == f"true {i}, predicted {j}"
    assert w.readouts["test digits in it"] == str(C[i, j])
    n_true = int(np.sum(labels == i))
    assert w.readouts[f"share of the {i}s"] == f"{100 * C[i, j] / n_true:.1f}% of {n_true}"
    assert w.readouts["all mistakes"] == f"{C.sum() - np.trace(C)} of 300"
    # a click on a cell selects it, as the two dropdowns do
    w._on_click(SimpleNamespace(inaxes=w.ax_matrix, xdata=3.2, ydata=5.9))
    assert w.values == {"true": 6, "predicted": 3}
    assert w.readouts["cell"] == "true 6, predicted 3"
    w._on_click(SimpleNamespace(inaxes=None, xdata=None, ydata=None))  # elsewhere: nothing
    assert w.values == {"true": 6, "predicted": 3}
    w.close()


# ---------------------------------------------------------------------------------------------
# DrawDigit


def test_template_model_reads_strokes_as_intended():
    model = _template_model()
    one = mnist_style(stroke_ink([[14.0, 3.0], [14.0, 24.0]]))
    seven = mnist_style(np.maximum(stroke_ink([[14.0, 3.0], [14.0, 24.0]]), stroke_ink([[4.0, 3.0], [24.0, 3.0]])))
    assert model.predict(one.reshape(1, -1)).argmax() == 1
    assert model.predict(seven.reshape(1, -1)).argmax() == 7


def test_draw_stroke_changes_the_pad_and_the_prediction():
    pad = DrawDigit(_template_model(), example=None)
    assert pad.readouts["prediction"] == "— (draw a digit)"
    assert not pad.pad.any()
    pad.draw_stroke([(14, 3), (14, 10), (14, 24)])
    assert pad.pad.sum() > 20
    np.testing.assert_allclose(pad.pad_image.get_array(), pad.pad)
    np.testing.assert_allclose(pad.input_image.get_array(), mnist_style(pad.pad))
    assert pad.readouts["prediction"] == "1"
    probs = _template_model().predict(mnist_style(pad.pad).reshape(1, -1))[0]
    assert pad.readouts["confidence"] == f"{100 * probs.max():.1f}%"
    np.testing.assert_allclose([bar.get_width() for bar in pad.bars], probs, rtol=1e-6)
    pad.draw_stroke([(4, 3), (24, 3)])  # a bar on top: now it is a 7
    assert pad.readouts["prediction"] == "7"
    assert len(pad.strokes) == 2
    pad.clear()
    assert pad.readouts["prediction"] == "— (draw a digit)" and not pad.pad.any()
    pad.close()


def test_mouse_events_draw_like_draw_stroke():
    by_api = DrawDigit(_template_model(), example=None)
    by_api.draw_stroke([(14, 3), (14, 12), (14, 24)])
    by_mouse = DrawDigit(_template_model(), example=None)
    ax = by_mouse.ax_pad

    def event(x, y, inaxes=ax):
        return SimpleNamespace(inaxes=inaxes, xdata=x, ydata=y, button=1)

    by_mouse._on_move(event(14, 3))  # moving without a press draws nothing
    assert not by_mouse.pad.any()
    by_mouse._on_press(event(14, 3))
    by_mouse._on_move(event(14, 12))
    by_mouse._on_move(event(14, 24))
    by_mouse._on_release(event(14, 24))
    by_mouse._on_move(event(3, 3))  # after the release: nothing
    np.testing.assert_allclose(by_mouse.pad, by_api.pad)
    assert by_mouse.readouts == by_api.readouts
    by_mouse._on_press(event(5, 5, inaxes=None))  # a press outside the pad: nothing
    assert len(by_mouse.strokes) == 1
    by_api.close()
    by_mouse.close()


def test_draw_digit_controls_brush_centring_and_examples():
    pad = DrawDigit(_template_model(), example="a small 7 in a corner")
    ink = pad.pad.sum()
    raw_before = pad.pad.copy()
    pad.update(brush=4.0)  # repaints every stroke with a wider brush
    assert pad.pad.sum() > ink
    assert pad.readouts["ink (sum of pixels)"] == f"{pad.pad.sum():.1f}"
    pad.update(brush=2.5)
    np.testing.assert_allclose(pad.pad, raw_before)
    centred = pad.input_image.get_array().copy()
    pad.update(centre=False)  # the network gets the raw pad
    np.testing.assert_allclose(pad.input_image.get_array(), pad.pad)
    assert not np.allclose(centred, pad.pad)
    assert pad.readouts["preparation"] == "none (raw pad)"
    assert not pad.box_rect.get_visible()
    pad.update(centre=True)
    steps = mnist_style_steps(pad.pad)
    assert pad.readouts["preparation"] == (
        f"resized × {steps.scale:.2f}, placed at row {steps.offset[0]}, column {steps.offset[1]}"
    )
    top, bottom, left, right = steps.box
    assert pad.readouts["ink box"] == f"{bottom - top} × {right - left} px"
    names = [pad.next_example() for _ in EXAMPLES]
    assert sorted(names) == sorted(EXAMPLES) and names[-1] == "a small 7 in a corner"
    pad.close()


def test_draw_digit_rejects_a_model_of_the_wrong_shape():
    with pytest.raises(ValueError, match="784 pixels to 10 digits"):
        DrawDigit(Sequential([Dense(3, input_shape=[784])]))


# ---------------------------------------------------------------------------------------------
# PreferredInputs


def test_preferred_inputs_widget_switches_layers_and_penalties():
    model = _random_model(5)
    w = PreferredInputs(model, l2_values=(0.0, 0.1), steps=30, lr=0.3)
    assert [ax.get_visible() for ax in w.axes].count(True) == 10
    X, z, probs = w.results[("output: the 10 digits", 0.0)]
    np.testing.assert_allclose(w.images[4].get_array()[1:-1, 1:-1], X[4].reshape(28, 28))
    assert w.readouts["mean weighted input z"] == f"{np.mean(z):.2f}"
    assert w.readouts["read as the digit it was made for"] == (
        f"{int(np.sum(probs.argmax(axis=1) == np.arange(10)))} of 10"
    )
    readouts = dict(w.readouts)
    w.update(units="hidden layer 2: 16 units")
    assert [ax.get_visible() for ax in w.axes].count(True) == 16
    X2, z2, probs2 = w.results[("hidden layer 2: 16 units", 0.0)]
    np.testing.assert_allclose(w.images[4].get_array()[1:-1, 1:-1], X2[4].reshape(28, 28))
    assert w.readouts != readouts
    assert w.readouts["digits the network reads in them"] == " ".join(str(d) for d in probs2.argmax(axis=1))
    w.update(l2=0.1)
    X3, _, _ = w.results[("hidden layer 2: 16 units", 0.1)]
    np.testing.assert_allclose(w.images[4].get_array()[1:-1, 1:-1], X3[4].reshape(28, 28))
    assert X3.mean() < X2.mean()  # the penalty leaves less ink
    w.close()


# ---------------------------------------------------------------------------------------------
# benchmark cases


# ---------------------------------------------------------------------------------------------
# the static backdrop: the same picture, drawn faster


def _pixels(widget) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(widget.png())).convert("RGB")).astype(int)


# one case per widget class (the first of its BENCH_CASES)
_ONE_PER_CLASS = list({c[0].split()[0]: c for c in reversed(BENCH_CASES)}.values())


@pytest.mark.parametrize("name, factory, move", _ONE_PER_CLASS, ids=[c[0] for c in _ONE_PER_CLASS])
def test_baked_backdrop_looks_like_the_full_figure(name, factory, move, monkeypatch):
    import nnlib.widgets.backdrop as base

    baked = factory()
    baked.update(**move)
    assert baked.backdrop is not None or name.startswith("PreferredInputs")
    monkeypatch.setattr(base, "BAKE_STATIC", False)
    full = factory()
    full.update(**move)
    diff = np.abs(_pixels(baked) - _pixels(full)).max(axis=2)
    assert np.mean(diff > 16) < 0.001, f"{name}: {np.mean(diff > 16):.2%} of the pixels differ"
    baked.close()
    full.close()


def test_mouse_events_still_find_the_drawing_pad_after_baking():
    pad = DrawDigit(_template_model(), example=None)
    assert pad.backdrop is not None and not pad.ax_pad.patch.get_visible()
    x, y = pad.ax_pad.transData.transform((14.0, 14.0))  # pixel position of the pad's centre
    assert pad.fig.canvas.inaxes((x, y)) is pad.ax_pad
    pad.close()


def test_preferred_inputs_shows_the_average_digits_under_the_outputs():
    model = _random_model(6)
    means = np.random.default_rng(0).random((10, 784))
    w = PreferredInputs(model, l2_values=(0.0,), steps=10, class_means=means)
    assert [ax.get_visible() for ax in w.axes].count(True) == 20
    np.testing.assert_allclose(w.images[13].get_array()[1:-1, 1:-1], means[3].reshape(28, 28))
    assert w.captions[13].get_text() == "average 3"
    X = w.results[("output: the 10 digits", 0.0)][0]
    corr = np.mean([np.corrcoef(X[j], means[j])[0, 1] for j in range(10)])
    assert w.readouts["similarity to the average digit"] == f"{corr:.2f}"
    w.update(units="hidden layer 1: 16 units")
    assert [ax.get_visible() for ax in w.axes].count(True) == 16
    assert "similarity to the average digit" not in w.readouts
    w.close()
