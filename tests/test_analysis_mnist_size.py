"""accuracy_by_training_size: the same budget of updates for every size, only the data differs."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib.analysis.mnist import SizeRun, accuracy_by_training_size


def _blocks(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Images of 784 pixels whose label 0-9 says which of ten pixel blocks is inked: learnable."""
    y = rng.integers(0, 10, size=n)
    x = rng.random((n, 784)).astype(np.float32) * 0.2
    for i, label in enumerate(y):
        x[i, label * 78 : (label + 1) * 78] += 0.8
    return x, y


@pytest.fixture(scope="module")
def runs() -> list[SizeRun]:
    rng = np.random.default_rng(0)
    x, y = _blocks(1200, rng)
    x_test, y_test = _blocks(400, rng)
    return accuracy_by_training_size(x, y, x_test, y_test, [20, 300, 1200], rng=rng, epochs=3)


def test_every_size_gets_the_same_budget_of_updates(runs):
    # passes = round(epochs * N / n), updates = passes * ceil(n / batch_size), by hand
    assert [r.epochs for r in runs] == [round(3 * 1200 / 20), round(3 * 1200 / 300), 3]
    assert [r.updates for r in runs] == [180 * 1, 12 * 5, 3 * 19]
    budget = 3 * int(np.ceil(1200 / 64))
    for run in runs:
        assert abs(run.updates - budget) / budget < 0.25 or run.n_train < 64


def test_more_examples_generalise_better_on_a_learnable_problem(runs):
    assert [r.n_train for r in runs] == [20, 300, 1200]
    assert runs[0].train_accuracy == 1.0  # 20 examples are learned by heart ...
    assert runs[0].test_accuracy < runs[-1].test_accuracy  # ... and generalise worst
    assert runs[-1].test_accuracy > 0.9
    for run in runs:
        assert 0.0 <= run.test_accuracy <= 1.0 and 0.0 <= run.train_accuracy <= 1.0


def test_report_is_called_once_per_run_in_order():
    rng = np.random.default_rng(1)
    x, y = _blocks(200, rng)
    seen = []
    accuracy_by_training_size(x, y, x, y, [100, 200], rng=rng, epochs=1, report=seen.append)
    assert [r.n_train for r in seen] == [100, 200]


def test_same_seed_same_result():
    def once() -> list[SizeRun]:
        rng = np.random.default_rng(5)
        x, y = _blocks(300, rng)
        return accuracy_by_training_size(x, y, x, y, [150], rng=rng, epochs=1)

    assert once() == once()


@pytest.mark.parametrize(
    "sizes, error, match",
    [
        ([301], ValueError, "more images than the 300"),
        ([0], ValueError, "each size"),
        ([1.5], TypeError, "whole number"),
        ([True], TypeError, "whole number"),
    ],
)
def test_bad_sizes_are_refused_with_a_clear_message(sizes, error, match):
    rng = np.random.default_rng(2)
    x, y = _blocks(300, rng)
    with pytest.raises(error, match=match):
        accuracy_by_training_size(x, y, x, y, sizes, rng=rng, epochs=1)


def test_a_missing_generator_and_mismatched_labels_are_refused():
    rng = np.random.default_rng(3)
    x, y = _blocks(100, rng)
    with pytest.raises(TypeError, match="rng"):
        accuracy_by_training_size(x, y, x, y, [50], rng=0, epochs=1)  # type: ignore[arg-type]  # the wrong type on purpose
    with pytest.raises(ValueError, match="one label per image"):
        accuracy_by_training_size(x, y[:-1], x, y, [50], rng=rng, epochs=1)
