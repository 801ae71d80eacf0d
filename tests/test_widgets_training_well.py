"""Lesson 15's widgets and pictures (nnlib.widgets.training_well), driven headless under Agg.

For every widget: update() changes the artists in place and the readouts, every control changes
the picture, and the readouts are the right numbers for a known setting. The early-stopping
replay is checked against nnlib's EarlyStopping, both fed a curve and in real training.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib import SGD, EarlyStopping
from nnlib.toy import make_moons, make_spirals
from nnlib.analysis.training_well import (
    StopPoint,
    capacity_model,
    confusion_counts,
    replay_early_stopping,
    stop_table,
    train_capacity_grid,
)
from nnlib.widgets.training_well import (
    CapacityExplorer,
    EarlyStoppingReplay,
    ThresholdExplorer,
    learning_curves_figure,
    stage_histograms_figure,
)

# a curve with a bump, a real minimum after it, then a slow rise (epochs 1..12)
CURVE = np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.69, 0.695, 0.70, 0.71, 0.705, 0.72, 0.73])


def _callback_stop(values, min_delta, patience, monitor="val_loss"):
    """(epochs_trained, best_epoch, stopped), from 1, of nnlib.EarlyStopping fed ``values``."""
    cb = EarlyStopping(monitor=monitor, min_delta=min_delta, patience=patience)
    cb.on_train_begin({})
    for epoch, value in enumerate(values):
        cb.on_epoch_end(epoch, {monitor: float(value)})
        if cb.stopped_epoch is not None:
            return cb.stopped_epoch + 1, cb.best_epoch + 1, True
    return len(values), cb.best_epoch + 1, False


def _changed(before, after) -> bool:
    return not np.array_equal(np.asarray(before, dtype=float), np.asarray(after, dtype=float))


# ---------------------------------------------------------------------------------------------
# the replay of the early-stopping rule


def test_replay_by_hand():
    # min_delta 0, patience 2: epoch 4 misses, 5 misses -> stop after 5, best 3
    assert replay_early_stopping(CURVE, 0.0, 2) == StopPoint(5, 3, True)
    # patience 3 survives the bump: 6 improves (0.69 < 0.70), then 7, 8, 9 miss
    assert replay_early_stopping(CURVE, 0.0, 3) == StopPoint(9, 6, True)
    # min_delta 0.02: epoch 6 beats 0.70 by only 0.01, so the best stays at epoch 3
    assert replay_early_stopping(CURVE, 0.02, 3) == StopPoint(6, 3, True)
    # patience 0 acts like 1
    assert replay_early_stopping(CURVE, 0.0, 0) == replay_early_stopping(CURVE, 0.0, 1)
    # never stops on a falling curve
    assert replay_early_stopping([3.0, 2.0, 1.0], 0.0, 1) == StopPoint(3, 3, False)
    # an equal value is not an improvement
    assert replay_early_stopping([1.0, 1.0], 0.0, 1) == StopPoint(2, 1, True)


@pytest.mark.parametrize("maximise", [False, True])
def test_replay_matches_nnlib_callback_on_random_curves(maximise):
    rng = np.random.default_rng(7)
    monitor = "val_accuracy" if maximise else "val_loss"
    for _ in range(200):
        n = int(rng.integers(2, 40))
        values = np.cumsum(rng.normal(-0.01 if not maximise else 0.01, 0.03, n)) + 1.0
        min_delta = float(rng.choice([0.0, 0.005, 0.01, 0.03]))
        patience = int(rng.integers(0, 6))
        s = replay_early_stopping(values, min_delta, patience, maximise=maximise)
        assert (s.epochs_trained, s.best_epoch, s.stopped) == _callback_stop(values, min_delta, patience, monitor)


def test_replay_matches_real_training_with_early_stopping():
    rng = np.random.default_rng(0)
    X, y = make_moons(160, noise=0.4, rng=rng)
    Xt, yt, Xv, yv = X[:40], y[:40], X[40:], y[40:]  # few points: it overfits soon

    def run(callbacks):
        model = capacity_model(32, 2, rng=np.random.default_rng(0))
        model.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.1, momentum=0.9))
        h = model.fit(
            Xt, yt, epochs=60, batch_size=8, rng=np.random.default_rng(1), validation_data=(Xv, yv), callbacks=callbacks
        )
        return model, h

    _, recorded = run([])
    val_loss = np.array(recorded.history["val_loss"])
    stopped_somewhere = False
    for min_delta, patience in [(0.0, 1), (0.0, 3), (0.005, 2), (0.02, 5)]:
        s = replay_early_stopping(val_loss, min_delta, patience)
        cb = EarlyStopping(min_delta=min_delta, patience=patience, restore_best_weights=True)
        model, h = run([cb])
        assert len(h.epoch) == s.epochs_trained
        assert cb.best_epoch + 1 == s.best_epoch
        assert (cb.stopped_epoch is not None) == s.stopped
        stopped_somewhere |= s.stopped
        np.testing.assert_allclose(h.history["val_loss"], val_loss[: s.epochs_trained], rtol=1e-12)
        # the restored weights are the best epoch's: their validation loss is the recorded one
        np.testing.assert_allclose(model.evaluate(Xv, yv)[0], val_loss[s.best_epoch - 1], rtol=1e-9)
    assert stopped_somewhere


def test_replay_rejects_bad_settings():
    with pytest.raises(ValueError):
        replay_early_stopping([], 0.0, 1)
    with pytest.raises(ValueError):
        replay_early_stopping(CURVE, -0.1, 1)
    with pytest.raises(ValueError):
        replay_early_stopping(CURVE, 0.0, 1.5)


def test_stop_table():
    trained, best = stop_table(CURVE, [0.0, 0.02], [1, 2, 3])
    assert trained.shape == best.shape == (3, 2)
    assert trained[2, 0] == 9 and best[2, 0] == 6
    assert trained[2, 1] == 6 and best[2, 1] == 3
    # more patience never stops sooner (on any curve)
    assert np.all(np.diff(trained, axis=0) >= 0)


# ---------------------------------------------------------------------------------------------
# EarlyStoppingReplay


@pytest.fixture
def replay():
    w = EarlyStoppingReplay(CURVE, min_delta=0.0, patience=2, max_min_delta=0.05, min_delta_step=0.01, max_patience=5)
    yield w
    w.close()


def test_replay_widget_readouts_for_known_settings(replay):
    r = replay.readouts
    assert r["training stops after"] == "epoch 5 of 12"
    assert r["best epoch (last improvement)"] == "3 (val loss 0.7000)"
    assert r["weights kept"] == "epoch 3 (restored)"
    assert r["val loss of the weights kept"] == "0.7000"
    assert r["rule"] == "stop after 2 epochs in a row without val_loss < best − 0.000"
    replay.update(patience=3)
    assert replay.readouts["training stops after"] == "epoch 9 of 12"
    assert replay.readouts["best epoch (last improvement)"] == "6 (val loss 0.6900)"
    replay.update(min_delta=0.02)
    assert replay.readouts["best epoch (last improvement)"] == "3 (val loss 0.7000)"
    assert replay.readouts["lowest val loss trained"] == "0.6900 at epoch 6"
    replay.update(restore_best_weights=False)
    assert replay.readouts["weights kept"] == "epoch 6 (the last trained)"
    assert replay.readouts["val loss of the weights kept"] == "0.6900"
    replay.update(min_delta=0.0, patience=5)
    assert replay.readouts["training stops after"] == "epoch 11 of 12"
    assert replay.headline.get_text() == "stops after epoch 11 of 12; keeps epoch 11's weights"


def test_replay_widget_on_a_run_that_never_stops():
    w = EarlyStoppingReplay([1.0, 0.9, 0.85, 0.84, 0.835], patience=2, min_delta_step=0.01, max_min_delta=0.02)
    assert w.readouts["training stops after"] == "never (all 5 epochs)"
    assert w.headline.get_text() == "never stops: trains all 5 epochs; keeps epoch 5's weights"
    assert w.untrained.get_width() == 0
    w.update(min_delta=0.02)  # 0.84 beats 0.85 by only 0.01: epochs 4 and 5 miss
    assert w.readouts["training stops after"] == "epoch 5 of 5"
    assert w.readouts["weights kept"] == "epoch 3 (restored)"
    w.close()


def test_replay_widget_every_control_changes_artists_and_readouts(replay):
    def state():
        return (
            replay.untrained.get_x(),
            replay.waiting.get_width(),
            tuple(replay.bar.get_ydata()),
            tuple(replay.kept_marker.get_xdata()),
            tuple(replay.map_marker.get_xdata()),
            tuple(replay.map_marker.get_ydata()),
        )

    for name, value in [("min_delta", 0.03), ("patience", 4), ("restore_best_weights", False)]:
        before, text = state(), dict(replay.readouts)
        replay.update(**{name: value})
        assert state() != before, name
        assert replay.readouts != text, name


def test_replay_widget_map_is_the_stop_table(replay):
    table, _ = stop_table(CURVE, replay.min_deltas, replay.patiences)
    np.testing.assert_array_equal(replay.trained_table, table)
    assert replay.min_deltas[-1] == pytest.approx(0.05)
    # the curve and the map agree with the replay for a setting
    replay.update(min_delta=0.02, patience=3)
    j = int(np.argmin(np.abs(replay.min_deltas - 0.02)))
    assert table[3, j] == 6 and replay.untrained.get_x() == pytest.approx(6.5)


# ---------------------------------------------------------------------------------------------
# the capacity grid and CapacityExplorer


@pytest.fixture(scope="module")
def grid():
    rng = np.random.default_rng(0)
    data = {}
    for name, (X, y) in {
        "moons": make_moons(120, noise=0.3, rng=rng),
        "spirals": make_spirals(120, noise=0.3, rng=rng),
    }.items():
        data[name] = (X[:60], y[:60], X[60:], y[60:])
    return train_capacity_grid(data, widths=(2, 8, 16), depths=(1, 2), epochs=15, resolution=21)


def test_capacity_grid_runs(grid):
    assert set(grid.runs) == {(d, w, k) for d in ("moons", "spirals") for w in (2, 8, 16) for k in (1, 2)}
    run = grid.runs[("moons", 8, 2)]
    assert run.sizes == (2, 8, 8, 1) and run.name == "2-8-8-1"
    assert run.n_params == capacity_model(8, 2, rng=np.random.default_rng(0)).count_params() == 105
    assert len(run.loss) == len(run.val_accuracy) == 15
    assert run.surface.shape == grid.planes["moons"].shape
    assert np.all((run.surface >= 0) & (run.surface <= 1))
    assert len(run.dead_units) == 2 and all(0 <= d <= 8 for d in run.dead_units)
    assert [r.name for r in grid.table("spirals")] == ["2-2-1", "2-8-1", "2-16-1", "2-2-2-1", "2-8-8-1", "2-16-16-1"]


def test_capacity_grid_is_reproducible(grid):
    again = train_capacity_grid({"moons": grid.data["moons"]}, widths=(8,), depths=(2,), epochs=15, resolution=21)
    a, b = again.runs[("moons", 8, 2)], grid.runs[("moons", 8, 2)]
    np.testing.assert_array_equal(a.val_loss, b.val_loss)
    np.testing.assert_array_equal(a.surface, b.surface)


@pytest.fixture
def explorer(grid):
    w = CapacityExplorer(grid, dataset="moons", width=8, depth=1)
    yield w
    w.close()


def test_capacity_explorer_readouts(explorer, grid):
    run = grid.runs[("moons", 8, 1)]
    r = explorer.readouts
    assert r["network"] == "2-8-1 (1 hidden layer of 8)"
    assert r["parameters"] == "33"
    assert r["validation accuracy"] == f"{run.val_accuracy[-1]:.3f}"
    assert r["training loss (last epoch)"] == f"{run.loss[-1]:.3f}"
    k = int(np.argmin(run.val_loss))
    assert r["lowest validation loss"] == f"{run.val_loss[k]:.3f} at epoch {k + 1}"
    assert r["dead ReLU units"] == f"{sum(run.dead_units)} of 8"
    # the closest-sized network of the other depth, on a log scale: 2-2-2-1 (15 parameters),
    # since |ln(15/33)| = 0.79 < |ln(105/33)| = 1.16 (2-8-8-1) and 2-16-16-1 has 337
    assert r["closest size, other depth"].startswith("2-2-2-1 (15 parameters)")


def test_capacity_explorer_every_control_changes_artists_and_readouts(explorer):
    def state():
        return (
            explorer.image.get_array().copy(),
            explorer.val_line.get_ydata().copy(),
            explorer.cell_box.get_xy(),
            explorer.points[0].get_offsets().copy(),
            explorer.cell_texts[0][0].get_text(),
        )

    for name, value in [("width", 16), ("depth", 2), ("dataset", "spirals")]:
        before, text = state(), dict(explorer.readouts)
        explorer.update(**{name: value})
        after = state()
        assert any(_changed(a, b) if not isinstance(a, str) else a != b for a, b in zip(before, after)), name
        assert explorer.readouts != text, name
    assert explorer.readouts["network"] == "2-16-16-1 (2 hidden layers of 16)"
    assert explorer.cell_box.get_xy() == (1.5, 0.5)


def test_capacity_explorer_shows_the_datasets_points(explorer, grid):
    explorer.update(dataset="spirals")
    X, y, _, _ = grid.data["spirals"]
    np.testing.assert_allclose(explorer.points[1].get_offsets(), X[y == 1])
    assert explorer.image.get_extent() == pytest.approx(list(grid.planes["spirals"].extent))


# ---------------------------------------------------------------------------------------------
# the threshold


def test_confusion_counts():
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.2, 0.6, 0.4, 0.5, 0.9])
    assert confusion_counts(y, p, 0.5) == (2, 1, 1, 1)
    assert confusion_counts(y, p, 0.0) == (3, 2, 0, 0)
    assert confusion_counts(y, p.reshape(-1, 1), 0.95) == (0, 0, 3, 2)
    with pytest.raises(ValueError):
        confusion_counts(y, p[:3])


class _Fixed:
    """A 'model' with known probabilities: p = sigmoid(x1) for 2-D inputs."""

    def predict(self, X):
        return 1.0 / (1.0 + np.exp(-np.asarray(X)[:, :1]))


@pytest.fixture
def threshold_widget():
    rng = np.random.default_rng(0)
    X = rng.normal(0.0, 2.0, (80, 2))
    y = (X[:, 0] + rng.normal(0.0, 1.5, 80) > 0).astype(int)
    w = ThresholdExplorer(_Fixed(), X, y, threshold=0.5, resolution=41)
    yield w, X, y
    w.close()


def test_threshold_readouts_are_the_right_numbers(threshold_widget):
    w, X, y = threshold_widget
    for t in (0.5, 0.3, 0.8):
        w.update(threshold=t)
        p = 1.0 / (1.0 + np.exp(-X[:, 0]))
        pred = p >= t
        tp, fp = int(np.sum(pred & (y == 1))), int(np.sum(pred & (y == 0)))
        fn, tn = int(np.sum(~pred & (y == 1))), int(np.sum(~pred & (y == 0)))
        r = w.readouts
        assert r["TP / FP / FN / TN"] == f"{tp} / {fp} / {fn} / {tn}"
        assert r["accuracy"] == f"{(tp + tn) / 80:.3f} ({tp + tn}/80)"
        assert r["precision = TP / (TP + FP)"] == f"{tp / (tp + fp):.3f} ({tp}/{tp + fp})"
        assert r["recall = TP / (TP + FN)"] == f"{tp / (tp + fn):.3f} ({tp}/{tp + fn})"
        assert len(w.wrong.get_offsets()) == fp + fn
        assert w.scores(t)["accuracy"] == pytest.approx((tp + tn) / 80)


def test_threshold_changes_artists(threshold_widget):
    w, _, _ = threshold_widget
    region, line = w.region.get_array().copy(), w.hist_line.get_xdata()[0]
    cells, text = w.cm_texts[1][1].get_text(), dict(w.readouts)
    w.update(threshold=0.2)
    assert _changed(region, w.region.get_array())
    assert w.hist_line.get_xdata()[0] == pytest.approx(0.2) != line
    assert w.cm_texts[1][1].get_text() != cells
    assert w.readouts != text
    # the boundary line sits where p equals the threshold: x1 = logit(0.2)
    xs = np.concatenate([seg[:, 0] for seg in w.boundary.get_segments()])
    np.testing.assert_allclose(xs, np.log(0.2 / 0.8), atol=0.05)


def test_threshold_with_no_positive_prediction():
    X = np.array([[-5.0, 0.0], [-4.0, 1.0], [-3.0, 0.5]])
    w = ThresholdExplorer(_Fixed(), X, np.array([0, 1, 0]), threshold=0.9, resolution=11)
    assert w.readouts["precision = TP / (TP + FP)"] == "undefined (0/0)"
    w.close()


# ---------------------------------------------------------------------------------------------
# static pictures and benchmarks


def test_learning_curves_figure():
    runs = {
        "a": {"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.8]},
        "b": {"loss": [1.0, 0.9, 0.8], "val_loss": [1.0, 0.95, 0.9]},
    }
    fig = learning_curves_figure(runs)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    dots = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    assert dots[0].get_xdata()[0] == 2  # lowest validation loss at epoch 2
    plt.close(fig)


def test_stage_histograms_figure():
    rng = np.random.default_rng(0)
    rows = {
        "row 1": {"z": rng.normal(size=50), "bn(z)": rng.normal(size=50)},
        "row 2": {"z": rng.normal(size=50), "relu": rng.random(50)},
    }
    fig = stage_histograms_figure(rows, highlight={"row 1": "bn(z)"})
    assert len(fig.axes) == 4
    assert fig.axes[1].title.get_fontweight() == "bold"
    plt.close(fig)
