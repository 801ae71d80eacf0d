"""scripts/check_mnist.py, which `make test` runs first: the files are there, or one clear stop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import check_mnist
from nnlib import data

REAL = os.environ.get("NNLIB_MNIST_DIR")


@pytest.fixture
def no_data_no_network(monkeypatch, tmp_path):
    """No NNLIB_MNIST_DIR, an empty default folder, and one mirror where nothing listens."""
    monkeypatch.delenv("NNLIB_MNIST_DIR", raising=False)
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", "http://127.0.0.1:9/")  # the discard port: refused
    monkeypatch.setattr(data, "default_mnist_dir", lambda: tmp_path / "mnist")
    return tmp_path / "mnist"


def test_stops_with_one_message_naming_the_folder(no_data_no_network, capsys):
    assert check_mnist.main() == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    message = captured.err
    assert "Stopped before the tests" in message
    assert str(no_data_no_network) in message
    assert "train-images-idx3-ubyte.gz" in message and "NNLIB_MNIST_DIR" in message
    assert "Traceback" not in message
    assert not any(no_data_no_network.glob("*.gz")), "nothing half-written is left behind"


@pytest.mark.skipif(
    not REAL or not Path(REAL, data.FILENAMES[0]).is_file(),
    reason="NNLIB_MNIST_DIR does not name a folder with the real files",
)
def test_passes_with_the_folder_in_nnlib_mnist_dir(monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", "http://127.0.0.1:9/")  # never downloads
    assert check_mnist.main() == 0
    assert str(Path(REAL).absolute()) in capsys.readouterr().out
