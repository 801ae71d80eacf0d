"""Lesson 18's Playground widget (nnlib.widgets.playground), driven headless under Agg: every
control's effect on the model and the picture, the buttons at their limits, training changing
the surface, pause stopping the live loop, reset, the seed, and the surface agreeing with the
model it hands back."""

import asyncio
import time

import numpy as np
import pytest

from nnlib import Sequential
from nnlib.analysis.playground import MAX_LAYERS, MAX_NEURONS
from nnlib.widgets.playground import _LUT, _TILE, _TILE_SCALE, FEATURE_CONTROLS, Playground


@pytest.fixture
def pg(close_after):
    widget = Playground("circles", seed=0, hidden=(4, 2))
    close_after(widget)
    return widget


def _weights(pg):
    return pg.model._flat_params.copy()


def test_the_first_state_is_the_seeded_untrained_network(pg):
    assert isinstance(pg.model, Sequential)
    assert pg.model.layer_sizes == [2, 4, 2, 1]
    assert pg.epoch == 0 and pg.history.epoch == [0]
    assert pg.readouts["epoch"] == "0" and pg.readouts["network"].startswith("2-4-2-1")
    again = Playground("circles", seed=0, hidden=(4, 2))
    try:
        assert np.array_equal(_weights(again), _weights(pg))
    finally:
        again.close()


def test_a_seed_from_rng_reproduces_the_run(close_after):
    a = Playground("moons", rng=np.random.default_rng(5), epochs=10)
    close_after(a)
    b = Playground("moons", seed=a.seed, epochs=10)
    close_after(b)
    assert np.array_equal(_weights(a), _weights(b))
    assert a.history.loss == b.history.loss
    with pytest.raises(ValueError, match="seed or an rng"):
        Playground("moons")
    with pytest.raises(TypeError, match="rng"):
        Playground("moons", rng=5)


def test_training_steps_change_the_surface_and_the_readouts(pg):
    picture, surface = pg.png(), pg.surface.get_array().copy()
    pg.step()
    assert pg.epoch == 1 and pg.readouts["epoch"] == "1"
    assert pg.png() != picture
    assert not np.allclose(pg.surface.get_array(), surface)
    pg.train(60)
    assert pg.epoch == 61 and len(pg.history.loss) == 62
    assert float(pg.readouts["test loss"]) < 0.3
    assert pg.readouts["test accuracy"] == f"{100 * pg.history.test_accuracy[-1]:.1f}%"
    line = pg.train_line.get_ydata()
    assert np.allclose(line, pg.history.loss)


def test_the_surface_shows_what_the_model_predicts(pg):
    pg.train(30)
    grid = pg._out_grid
    p = pg.model.predict(grid.points)[:, 0]  # x1, x2 are the features: the plane itself
    assert np.allclose(pg.surface.get_array(), grid.as_image(2 * p - 1))
    assert np.allclose(pg.predict(grid.points), p)
    # the output's small map in the network panel too, on its own grid, as the pixels of its tile
    small = pg._grid
    shown = 2 * pg.model.predict(small.points)[:, 0] - 1
    assert np.allclose(pg.node_values[-1][:, 0], shown)
    x0, y0 = pg._tiles[-1][0]
    tile = np.asarray(pg.node_picture.get_array())[y0 : y0 + _TILE : _TILE_SCALE, x0 : x0 + _TILE : _TILE_SCALE]
    expected = _LUT[np.rint((shown + 1) * 127.5).astype(int)].reshape(*small.shape, 4)
    assert np.array_equal(tile, expected)


def test_hidden_maps_are_each_neurons_output_scaled_to_its_peak(pg):
    pg.train(10)
    points = pg._grid.points
    W, b = pg.model.layers[0].W, pg.model.layers[0].b
    h1 = np.tanh(points @ W + b)
    assert np.allclose(pg.node_values[1], h1 / np.abs(h1).max(axis=0))
    assert np.allclose(pg.node_values[0], points / np.abs(points).max(axis=0))  # x1 and x2 themselves


def test_the_surface_with_extra_features_applies_them(pg):
    pg.update(x1_squared=True, x2_squared=True)
    pg.train(20)
    assert pg.model.layer_sizes[0] == 4
    grid = pg._out_grid
    x1, x2 = grid.points.T
    p = pg.model.predict(np.column_stack([x1, x2, x1**2, x2**2]))[:, 0]
    assert np.allclose(pg.surface.get_array(), grid.as_image(2 * p - 1))


def test_reset_restores_the_seeded_start(pg):
    start = _weights(pg)
    pg.train(15)
    trained = _weights(pg)
    pg.reset()
    assert pg.epoch == 0 and np.array_equal(_weights(pg), start)
    pg.train(15)
    assert np.array_equal(_weights(pg), trained)


def test_data_controls_change_the_points_and_start_over(pg):
    pg.train(5)
    X = pg.run.X.copy()
    picture = pg.png()
    pg.update(dataset="spirals")
    assert pg.epoch == 0 and not np.array_equal(pg.run.X, X) and pg.png() != picture
    X = pg.run.X.copy()
    pg.update(noise=0.8)
    assert not np.array_equal(pg.run.X, X)
    pg.update(test_share=0.2)
    assert len(pg.run.X_test) == 100 and len(pg.run.X_train) == 400
    shown = sum(len(pg.points[("test", k)].get_offsets()) for k in (0, 1))
    assert shown == 100
    X = pg.run.X.copy()
    pg.regenerate()
    assert not np.array_equal(pg.run.X, X) and pg.regeneration == 1


@pytest.mark.parametrize("name", list(FEATURE_CONTROLS))
def test_every_feature_checkbox_adds_an_input(pg, name):
    before = pg.model.layer_sizes[0]
    picture = pg.png()
    on = not pg.controls[name].value
    pg.update(**{name: on})
    assert pg.model.layer_sizes[0] == before + (1 if on else -1)
    assert (FEATURE_CONTROLS[name] in pg.features) == on
    assert len(pg._tiles[0]) == pg.model.layer_sizes[0] == pg.node_values[0].shape[1]
    assert pg.png() != picture


def test_no_feature_is_refused_with_a_message(pg):
    pg.update(x1=False)
    pg.update(x2=False)
    assert "at least one feature" in pg.message
    assert pg.model.layer_sizes[0] == 1  # the last good network stays


def test_activation_rebuilds_the_hidden_layers(pg):
    pg.update(activation="relu")
    assert [layer.activation.name for layer in pg.model.layers] == ["relu", "relu", "sigmoid"]
    assert pg.epoch == 0


def test_learning_rate_applies_at_the_next_step_without_starting_over(pg):
    pg.train(3)
    pg.update(lr=0.3)
    assert pg.epoch == 3 and pg.model.optimizer.lr == 0.3
    pg.update(lr="fast")
    assert "not one of its options" in pg.message and pg.model.optimizer.lr == 0.3


def test_batch_size_and_regularisation_apply_without_starting_over(pg):
    pg.train(2)
    pg.update(batch_size=50)
    assert pg.run.settings.batch_size == 50 and pg.epoch == 2
    pg.update(regularization="L2", reg_rate=0.1)
    assert all(layer.l2 == 0.1 for layer in pg.model.layers)
    assert pg.epoch == 2
    weights = [layer.W for layer in pg.model.layers]
    assert np.isclose(pg.run.penalty(), 0.1 * sum(np.sum(W**2) for W in weights))
    pg.update(regularization="L1")
    assert all(layer.l2 == 0.0 for layer in pg.model.layers)
    assert np.isclose(pg.run.penalty(), 0.1 * sum(np.sum(np.abs(W)) for W in weights))
    # L1 shrinks the weights as it trains
    pg.update(reg_rate=0.03)
    size = sum(np.abs(lay.W).sum() for lay in pg.model.dense_layers)
    pg.train(40)
    assert sum(np.abs(lay.W).sum() for lay in pg.model.dense_layers) < size


def test_layer_and_neuron_buttons_work_at_their_limits(pg):
    b = pg.buttons
    b["add_layer"].click()
    assert pg.hidden == (4, 2, 2) and pg.model.layer_sizes == [2, 4, 2, 2, 1]
    assert len(pg._tiles) == 5 and pg._layer_boxes[2].layout.display == "flex"
    for _ in range(10):
        b["add_layer"].click()
    assert len(pg.hidden) == MAX_LAYERS and b["add_layer"].disabled
    for _ in range(10):
        b["add_neuron_0"].click()
    assert pg.hidden[0] == MAX_NEURONS and b["add_neuron_0"].disabled
    assert pg.model.layer_sizes[1] == MAX_NEURONS
    for _ in range(10):
        b["remove_neuron_1"].click()
    assert pg.hidden[1] == 1 and b["remove_neuron_1"].disabled
    for _ in range(10):
        b["remove_layer"].click()
    assert pg.hidden == () and b["remove_layer"].disabled and pg.model.layer_sizes == [2, 1]
    assert all(box.layout.display == "none" for box in pg._layer_boxes)
    assert pg.error is None
    pg.train(3)  # a network without hidden layers trains too
    assert pg.epoch == 3
    with pytest.raises(ValueError, match="at most"):
        pg.set_architecture((9,))


def test_the_largest_network_draws_every_map_and_weight(pg):
    pg.update(**{name: True for name in FEATURE_CONTROLS})
    pg.set_architecture((MAX_NEURONS,) * MAX_LAYERS)
    assert sum(len(tiles) for tiles in pg._tiles) == 7 + 6 * 8 + 1
    corners = [corner for tiles in pg._tiles for corner in tiles]
    height, width = pg.node_picture.get_array().shape[:2]
    assert all(0 <= x and x + _TILE <= width and 0 <= y and y + _TILE <= height for x, y in corners)
    assert len(set(corners)) == len(corners)
    assert len(pg.connections.get_segments()) == 7 * 8 + 5 * 64 + 8
    pg.step()
    pg.fig.canvas.draw()
    assert pg.error is None


def test_a_diverging_run_pauses_and_says_so(pg):
    pg.update(**{name: True for name in FEATURE_CONTROLS}, activation="linear", lr=10.0, batch_size=1)
    pg.set_architecture((8, 8))
    pg.train(20)
    assert "diverged" in pg.readouts["status"] and not pg.playing
    pg.fig.canvas.draw()
    pg.reset()
    assert pg.readouts["status"] == "paused"


def _run_loop(pg, seconds, action=None):
    """Run the kernel-like event loop for ``seconds``, calling ``action`` at the start."""

    async def main():
        if action:
            action()
        await asyncio.sleep(seconds)

    asyncio.run(main())


def test_play_trains_in_the_background_and_pause_stops_within_0_3_s(pg):
    async def main():
        pg.play()
        assert pg.playing and pg.buttons["play"].description == "pause"
        await asyncio.sleep(0.8)
        epochs_playing = pg.epoch
        assert epochs_playing > 3, "the loop trained while the event loop ran"
        pg.buttons["play"].click()  # the same button pauses
        paused_at = time.perf_counter()
        await asyncio.wait_for(pg._task, timeout=2)
        stopped_after = time.perf_counter() - paused_at
        return epochs_playing, stopped_after

    epochs, stopped_after = asyncio.run(main())
    assert stopped_after < 0.3
    assert pg.buttons["play"].description == "play" and pg.readouts["status"] == "paused"
    weights, picture, epoch = _weights(pg), pg.png(), pg.epoch
    assert epoch >= epochs
    _run_loop(pg, 0.4)
    assert pg.epoch == epoch and np.array_equal(_weights(pg), weights) and pg.png() == picture


def test_controls_move_while_playing(pg):
    async def main():
        pg.play()
        await asyncio.sleep(0.3)
        pg.update(lr=0.3)
        pg.buttons["add_layer"].click()
        await asyncio.sleep(0.3)
        pg.pause()
        await pg._task

    asyncio.run(main())
    assert pg.model.optimizer.lr == 0.3 and pg.model.layer_sizes == [2, 4, 2, 2, 1]
    assert pg.epoch > 0 and pg.error is None


def test_frames_are_skipped_when_drawing_falls_behind(pg, monkeypatch):
    def slow_draw():  # a frame that takes 0.15 s to draw, twice the frame period
        time.sleep(0.15)

    monkeypatch.setattr(pg.fig.canvas, "draw_idle", slow_draw)

    async def main():
        pg.play()
        await asyncio.sleep(1.2)
        pg.pause()
        await pg._task

    frames, epoch = pg.frames, pg.epoch
    started = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - started
    shown = pg.frames - frames
    assert pg.skipped >= 3, "frames were skipped while the last one was slow"
    assert shown * 0.15 < 0.65 * elapsed, f"{shown} slow frames in {elapsed:.2f} s: drawing took the loop over"
    assert pg.epoch - epoch > shown, "training went on between the frames shown"


def test_unknown_options_and_nan_are_refused_by_name(pg):
    pg.update(dataset="donut")
    assert "data" in pg.message and pg.run.settings.dataset == "circles"
    pg.update(noise=float("nan"))
    assert "noise" in pg.message and pg.controls["noise"].value == 0.0
    with pytest.raises(ValueError, match="no control named"):
        pg.update(layers=3)


def test_live_frames_are_whole_pngs_of_the_canvas():
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore
    from matplotlib.figure import Figure
    from PIL import Image

    from nnlib.widgets.canvas import send_full_frames

    fig = Figure(figsize=(2, 1), dpi=50)
    canvas = FigureCanvasWebAggCore(fig)

    def draw():  # what canvas.draw() does, without a browser to send the frame to
        FigureCanvasAgg.draw(canvas)
        canvas._png_is_old = True

    fig.add_subplot().plot([0, 1], [1, 0])
    send_full_frames(canvas)
    draw()
    png = canvas.get_diff_image()
    sent = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert np.array_equal(sent, np.asarray(canvas.get_renderer().buffer_rgba()))
    assert canvas._current_image_mode == "full"
    assert canvas.get_diff_image() is None  # nothing new drawn: nothing to send
    fig.axes[0].plot([0, 1], [0, 1])
    draw()
    again = np.asarray(Image.open(io.BytesIO(canvas.get_diff_image())).convert("RGBA"))
    assert again.shape == sent.shape and not np.array_equal(again, sent)  # whole, not a diff
    assert np.all(again[..., 3] == 255)


def test_play_without_an_event_loop_says_what_to_do_instead(pg):
    with pytest.raises(RuntimeError, match="train"):
        pg.play()
    assert not pg.playing and pg.buttons["play"].description == "play"


def test_closing_while_playing_stops_the_loop(close_after):
    widget = Playground("xor", seed=1)

    async def main():
        widget.play()
        await asyncio.sleep(0.2)
        widget.close()
        await asyncio.wait_for(widget._task, timeout=1)

    asyncio.run(main())
    assert not widget.playing
