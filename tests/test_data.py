"""MNIST loader: the real files, small generated IDX fixtures for every failure, and the
download path against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import socket
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from nnlib import data
from nnlib.data import FILENAMES, MNISTCorruptError, MNISTError, MNISTNotFoundError, load_mnist, mnist_dir

TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS = FILENAMES
REAL_DEFAULT_DIR = data.default_mnist_dir  # saved before the autouse fixture replaces it


def _real_mnist_dir() -> Path | None:
    """A folder holding the four real files, if this machine has one (CI sets NNLIB_MNIST_DIR)."""
    candidates = [os.environ.get("NNLIB_MNIST_DIR"), "/work/shared/data/mnist", REAL_DEFAULT_DIR()]
    for folder in candidates:
        if folder and all((Path(folder) / name).is_file() for name in FILENAMES):
            return Path(folder)
    return None


REAL_DIR = _real_mnist_dir()
needs_real_mnist = pytest.mark.skipif(REAL_DIR is None, reason="the real MNIST files are not on this machine")


def _dead_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test reads the user's environment, writes into the repo, or reaches the internet."""
    monkeypatch.delenv("NNLIB_MNIST_DIR", raising=False)
    dead = _dead_url()
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", dead)
    monkeypatch.setattr(data, "MIRRORS", (dead,))
    monkeypatch.setattr(data, "default_mnist_dir", lambda: tmp_path / "default-mnist")


# ----------------------------------------------------------------------------- fixture files


def idx_images(images: np.ndarray, magic: int = 2051) -> bytes:
    n, rows, cols = images.shape
    header = b"".join(v.to_bytes(4, "big") for v in (magic, n, rows, cols))
    return gzip.compress(header + images.astype(np.uint8).tobytes(), mtime=0)


def idx_labels(labels, magic: int = 2049) -> bytes:
    labels = np.asarray(labels, dtype=np.uint8)
    header = magic.to_bytes(4, "big") + len(labels).to_bytes(4, "big")
    return gzip.compress(header + labels.tobytes(), mtime=0)


@dataclass
class Fake:
    """Four small IDX files (6 training, 4 test images) and the checksum table describing them."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    files: dict[str, bytes] = field(default_factory=dict)

    def write(self, folder: Path, names=FILENAMES) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_bytes(self.files[name])
        return folder


def table(files: dict[str, bytes]) -> dict[str, tuple[int, str]]:
    return {name: (len(blob), hashlib.sha256(blob).hexdigest()) for name, blob in files.items()}


@pytest.fixture
def fake(monkeypatch) -> Fake:
    rng = np.random.default_rng(0)
    f = Fake(
        x_train=rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8),
        y_train=np.array([5, 0, 4, 1, 9, 2], dtype=np.uint8),
        x_test=rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8),
        y_test=np.array([7, 2, 1, 0], dtype=np.uint8),
    )
    f.files = {
        TRAIN_IMAGES: idx_images(f.x_train),
        TRAIN_LABELS: idx_labels(f.y_train),
        TEST_IMAGES: idx_images(f.x_test),
        TEST_LABELS: idx_labels(f.y_test),
    }
    monkeypatch.setattr(data, "_EXPECTED", table(f.files))
    return f


def accept(monkeypatch, name: str, blob: bytes) -> None:
    """Let ``blob`` pass the size and checksum test, so the IDX checks behind it get their turn."""
    monkeypatch.setitem(data._EXPECTED, name, (len(blob), hashlib.sha256(blob).hexdigest()))


def leftovers(folder: Path) -> list[str]:
    """Temporary download files left behind (there must never be any)."""
    return sorted(p.name for p in folder.glob(".*.part")) if folder.exists() else []


# ----------------------------------------------------------------------------- local HTTP server


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
        elif isinstance(route, int):
            self.send_error(route)
        elif isinstance(route, tuple) and route[0] == "break off":
            body = route[1]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])  # then the connection closes
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(route)))
            self.end_headers()
            self.wfile.write(route)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def _httpd():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server(_httpd):
    """An HTTP server on 127.0.0.1 (ephemeral port) serving ``server.routes`` {path: bytes | status};
    ``server.requests`` lists the paths asked for. Both start empty in every test."""
    _httpd.routes, _httpd.requests = {}, []
    return _httpd


def serve(server, mirror: str, files: dict[str, bytes]) -> str:
    for name, blob in files.items():
        server.routes[f"/{mirror}/{name}"] = blob
    return f"{server.url}/{mirror}/"


def use_mirrors(monkeypatch, *urls: str) -> None:
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", ",".join(urls))


# ----------------------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def real():
    assert REAL_DIR is not None
    return load_mnist(data_dir=REAL_DIR, download=False)


@needs_real_mnist
def test_real_files_shapes_dtypes_and_labels(real):
    (x_train, y_train), (x_test, y_test) = real
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (60000,) and y_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_test.shape == (10000,) and y_test.dtype == np.uint8
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert x_train.mean() == pytest.approx(33.3184, abs=1e-4)
    assert x_train.flags.writeable and y_train.flags.writeable


@needs_real_mnist
def test_real_files_scaled_and_flattened(real, monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_DIR", str(REAL_DIR))
    (x_train, y_train), (x_test, _) = load_mnist(scaled=True, flatten=True, download=False)
    assert x_train.shape == (60000, 784) and x_train.dtype == np.float32
    assert x_test.shape == (10000, 784) and x_test.dtype == np.float32
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    np.testing.assert_array_equal(x_train[:100], real[0][0][:100].reshape(100, 784) / np.float32(255))
    assert y_train.dtype == np.uint8


@needs_real_mnist
def test_env_folder_is_used_and_reported(monkeypatch):
    monkeypatch.setenv("NNLIB_MNIST_DIR", str(REAL_DIR))
    assert mnist_dir() == REAL_DIR.absolute()
    assert mnist_dir("/somewhere/else") == Path("/somewhere/else")


# ----------------------------------------------------------------------------- good fixture files


def test_loads_fixture_files(fake, tmp_path):
    folder = fake.write(tmp_path / "mnist")
    (x_train, y_train), (x_test, y_test) = load_mnist(data_dir=folder, download=False)
    np.testing.assert_array_equal(x_train, fake.x_train)
    np.testing.assert_array_equal(y_train, fake.y_train)
    np.testing.assert_array_equal(x_test, fake.x_test)
    np.testing.assert_array_equal(y_test, fake.y_test)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    x_train[0, 0, 0] = 7  # fresh, writable arrays
    assert load_mnist(data_dir=folder, download=False)[0][0][0, 0, 0] == fake.x_train[0, 0, 0]


def test_flatten_and_scaled(fake, tmp_path):
    folder = fake.write(tmp_path)
    (x_train, _), (x_test, _) = load_mnist(data_dir=str(folder), flatten=True, scaled=True)
    assert x_train.shape == (6, 784) and x_test.shape == (4, 784) and x_train.dtype == np.float32
    np.testing.assert_array_equal(x_train, fake.x_train.reshape(6, 784) / np.float32(255))
    (x_flat, _), _ = load_mnist(data_dir=folder, flatten=True)
    assert x_flat.dtype == np.uint8 and x_flat.shape == (6, 784)


def test_env_folder_when_complete_and_default_otherwise(fake, monkeypatch, tmp_path):
    env_folder = fake.write(tmp_path / "env")
    monkeypatch.setenv("NNLIB_MNIST_DIR", str(env_folder))
    assert mnist_dir() == env_folder
    assert load_mnist(download=False)[1][1].tolist() == fake.y_test.tolist()
    # data_dir beats the environment variable
    other = fake.write(tmp_path / "other")
    assert mnist_dir(other) == other
    # an incomplete env folder is skipped (and never written to): the default folder is used
    (env_folder / TEST_LABELS).unlink()
    assert mnist_dir() == tmp_path / "default-mnist"
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(download=False)
    assert f"NNLIB_MNIST_DIR={env_folder} was not used because it lacks {TEST_LABELS}" in str(info.value)


def test_default_folder_is_the_repos_data_folder_whatever_the_cwd(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    repo = Path(data.__file__).resolve().parent.parent
    assert REAL_DEFAULT_DIR() == repo / "data" / "mnist"


def test_default_folder_outside_a_checkout_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "__file__", str(tmp_path / "site-packages" / "nnlib" / "data.py"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert REAL_DEFAULT_DIR() == tmp_path / "cache" / "nnlib" / "mnist"


@pytest.mark.parametrize("flag", ["scaled", "flatten", "download", "progress"])
def test_flags_must_be_bool(flag):
    with pytest.raises(TypeError, match=f"{flag} must be True or False"):
        load_mnist(**{flag: "yes"})


def test_data_dir_must_be_a_path():
    with pytest.raises(TypeError, match="data_dir must be a folder path"):
        load_mnist(data_dir=3)
    with pytest.raises(ValueError, match="data_dir must be a non-empty folder path"):
        load_mnist(data_dir="")


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        load_mnist(True)


# ----------------------------------------------------------------------------- broken local files


def test_missing_file_without_download(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    folder = fake.write(tmp_path / "mnist", names=[TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES])
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(data_dir=folder, download=False)
    message = str(info.value)
    assert (
        f"missing from {folder}: {TEST_LABELS} (download=False; load_mnist(download=True) would fetch them)" in message
    )
    assert all(name in message for name in FILENAMES) and f"into the folder\n    {folder}" in message
    assert isinstance(info.value, FileNotFoundError)
    assert server.requests == [], "download=False must not touch the network"


def test_truncated_file(fake, tmp_path):
    folder = fake.write(tmp_path)
    blob = fake.files[TRAIN_IMAGES]
    (folder / TRAIN_IMAGES).write_bytes(blob[: len(blob) // 2])
    with pytest.raises(MNISTCorruptError) as info:
        load_mnist(data_dir=folder)
    message = str(info.value)
    assert f"{folder / TRAIN_IMAGES} is truncated: it has {len(blob) // 2:,} bytes but the original has" in message
    assert f"delete {TRAIN_IMAGES} from {folder} and run load_mnist() again" in message
    assert (folder / TRAIN_IMAGES).stat().st_size == len(blob) // 2, "the user's file is left alone"
    assert leftovers(folder) == []


def test_too_long_file(fake, tmp_path):
    folder = fake.write(tmp_path)
    (folder / TEST_LABELS).write_bytes(fake.files[TEST_LABELS] + b"\0")
    with pytest.raises(MNISTCorruptError, match=r"t10k-labels-idx1-ubyte.gz has \d+ bytes but the original has"):
        load_mnist(data_dir=folder)


def test_checksum_mismatch(fake, tmp_path):
    folder = fake.write(tmp_path)
    blob = bytearray(fake.files[TEST_IMAGES])
    blob[100] ^= 0xFF
    (folder / TEST_IMAGES).write_bytes(bytes(blob))
    with pytest.raises(MNISTCorruptError) as info:
        load_mnist(data_dir=folder)
    message = str(info.value)
    assert f"{folder / TEST_IMAGES} is corrupted: its SHA-256 is {hashlib.sha256(blob).hexdigest()}" in message
    assert "To fix: delete" in message and isinstance(info.value, ValueError)


def test_corrupt_file_in_env_folder_says_how_to_fix_it_there(fake, tmp_path, monkeypatch):
    folder = fake.write(tmp_path / "shared")
    (folder / TRAIN_LABELS).write_bytes(b"x" * len(fake.files[TRAIN_LABELS]))
    monkeypatch.setenv("NNLIB_MNIST_DIR", str(folder))
    with pytest.raises(MNISTCorruptError, match=r"folder named by NNLIB_MNIST_DIR\), or unset NNLIB_MNIST_DIR"):
        load_mnist()


@pytest.mark.parametrize(
    ("name", "blob", "message"),
    [
        (
            TRAIN_IMAGES,
            idx_images(np.zeros((6, 28, 28)), magic=2052),
            "has the wrong magic number 2052; an IDX image file starts with 2051",
        ),
        (
            TEST_LABELS,
            idx_labels([7, 2, 1, 0], magic=0x1F8B0808),
            "wrong magic number 529205256; an IDX label file starts with 2049",
        ),
        (
            TRAIN_LABELS,
            idx_images(np.zeros((6, 28, 28))),
            "magic number 2051 (that is an IDX images file: were the files renamed?)",
        ),
    ],
)
def test_wrong_magic_number(fake, tmp_path, monkeypatch, name, blob, message):
    folder = fake.write(tmp_path)
    (folder / name).write_bytes(blob)
    accept(monkeypatch, name, blob)
    with pytest.raises(MNISTCorruptError) as info:
        load_mnist(data_dir=folder)
    assert f"{folder / name} " in str(info.value) and message in str(info.value)


def test_payload_shorter_than_header_promises(fake, tmp_path, monkeypatch):
    header = b"".join(v.to_bytes(4, "big") for v in (2051, 6, 28, 28))
    blob = gzip.compress(header + bytes(100), mtime=0)
    folder = fake.write(tmp_path)
    (folder / TRAIN_IMAGES).write_bytes(blob)
    accept(monkeypatch, TRAIN_IMAGES, blob)
    with pytest.raises(MNISTCorruptError, match=r"is truncated: its header promises 6 x 28 x 28 bytes of image data"):
        load_mnist(data_dir=folder)


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (gzip.compress((2049).to_bytes(4, "big") + (5).to_bytes(4, "big") + bytes(9), mtime=0), "has extra bytes"),
        (gzip.compress(b"\0\0\x08", mtime=0), "too short for an IDX label header"),
        (gzip.compress((2049).to_bytes(4, "big") + bytes(4), mtime=0), r"empty shape \(0,\)"),
        (b"<html>not found</html>", "is not a valid gzip file"),
        (idx_labels([5, 0, 4, 1, 9, 12]), "holds a label 12, but MNIST labels are digits 0..9"),
    ],
)
def test_bad_idx_contents(fake, tmp_path, monkeypatch, blob, message):
    folder = fake.write(tmp_path)
    (folder / TRAIN_LABELS).write_bytes(blob)
    accept(monkeypatch, TRAIN_LABELS, blob)
    with pytest.raises(MNISTCorruptError, match=message):
        load_mnist(data_dir=folder)


def test_images_and_labels_must_agree_in_number(fake, tmp_path, monkeypatch):
    blob = idx_labels([1, 2, 3])
    folder = fake.write(tmp_path)
    (folder / TEST_LABELS).write_bytes(blob)
    accept(monkeypatch, TEST_LABELS, blob)
    with pytest.raises(MNISTCorruptError, match=f"{TEST_IMAGES} holds 4 images but {TEST_LABELS} holds 3 labels"):
        load_mnist(data_dir=folder)


# ----------------------------------------------------------------------------- downloading


def test_download_into_empty_folder(fake, tmp_path, server, monkeypatch, capsys):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    folder = tmp_path / "new" / "mnist"
    (x_train, y_train), (x_test, y_test) = load_mnist(data_dir=folder)
    np.testing.assert_array_equal(x_train, fake.x_train)
    np.testing.assert_array_equal(y_test, fake.y_test)
    for name in FILENAMES:
        assert (folder / name).read_bytes() == fake.files[name]
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o644
    assert leftovers(folder) == []
    assert sorted(server.requests) == sorted(f"/m1/{name}" for name in FILENAMES)
    err = capsys.readouterr().err
    assert "Downloading 4 MNIST file(s)" in err and str(folder) in err
    assert f"{TRAIN_IMAGES}" in err and "100%" in err
    # the second call finds the files and does not download again
    load_mnist(data_dir=folder)
    assert len(server.requests) == 4


def test_download_goes_to_default_folder_not_env_folder(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    env_folder = fake.write(tmp_path / "readonly-share", names=[TRAIN_IMAGES])
    monkeypatch.setenv("NNLIB_MNIST_DIR", str(env_folder))
    load_mnist(progress=False)
    assert sorted(p.name for p in env_folder.iterdir()) == [TRAIN_IMAGES]
    assert all((tmp_path / "default-mnist" / name).is_file() for name in FILENAMES)


def test_progress_false_is_silent(fake, tmp_path, server, monkeypatch, capsys):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    load_mnist(data_dir=tmp_path, progress=False)
    assert capsys.readouterr() == ("", "")


def test_only_missing_files_are_downloaded(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    folder = fake.write(tmp_path, names=[TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES])
    load_mnist(data_dir=folder, progress=False)
    assert server.requests == [f"/m1/{TEST_LABELS}"]


def test_first_mirror_404_then_second_works(fake, tmp_path, server, monkeypatch, capsys):
    use_mirrors(monkeypatch, f"{server.url}/gone/", serve(server, "m2", fake.files))
    load_mnist(data_dir=tmp_path)
    assert server.requests[:2] == [f"/gone/{TRAIN_IMAGES}", f"/m2/{TRAIN_IMAGES}"]
    assert len(server.requests) == 8
    assert f"{server.url}/gone/{TRAIN_IMAGES}: HTTP 404 Not Found; trying the next mirror" in capsys.readouterr().err
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("separator", [",", " ", "\n", " , "])
def test_mirror_list_from_environment(fake, tmp_path, server, monkeypatch, separator):
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", separator.join([f"{server.url}/gone", serve(server, "m2", fake.files)]))
    load_mnist(data_dir=tmp_path, progress=False)
    assert server.requests[:2] == [f"/gone/{TRAIN_IMAGES}", f"/m2/{TRAIN_IMAGES}"]


def test_mirrors_constant_is_used_without_environment(fake, tmp_path, server, monkeypatch):
    monkeypatch.delenv("NNLIB_MNIST_MIRRORS")
    monkeypatch.setattr(data, "MIRRORS", (serve(server, "m1", fake.files),))
    load_mnist(data_dir=tmp_path, progress=False)
    assert len(server.requests) == 4


def test_corrupted_download_is_rejected_and_nothing_is_left(fake, tmp_path, server, monkeypatch):
    bad = dict(fake.files)
    blob = bytearray(bad[TEST_IMAGES])
    blob[-20] ^= 0x01
    bad[TEST_IMAGES] = bytes(blob)
    use_mirrors(monkeypatch, serve(server, "bad", bad))
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(data_dir=tmp_path, progress=False)
    message = str(info.value)
    assert f"Could not download {TEST_IMAGES}; every mirror failed" in message
    assert f"{server.url}/bad/{TEST_IMAGES}: checksum mismatch (SHA-256 {hashlib.sha256(blob).hexdigest()}" in message
    assert not (tmp_path / TEST_IMAGES).exists()
    assert leftovers(tmp_path) == []
    # files fetched before the bad one are complete and verified, so they stay
    assert (tmp_path / TRAIN_IMAGES).read_bytes() == fake.files[TRAIN_IMAGES]


def test_corrupted_first_mirror_then_good_second(fake, tmp_path, server, monkeypatch):
    bad = {name: b"\0" * len(blob) for name, blob in fake.files.items()}
    use_mirrors(monkeypatch, serve(server, "bad", bad), serve(server, "good", fake.files))
    (_, y_train), _ = load_mnist(data_dir=tmp_path, progress=False)
    assert y_train.tolist() == fake.y_train.tolist()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (lambda blob: ("break off", blob), "download broke off after"),
        (lambda blob: blob[:-1], "bytes, but the original has"),
        (lambda blob: blob + b"extra", "sent more than the original's"),
        (lambda blob: 500, "HTTP 500"),
    ],
)
def test_bad_transfers_leave_nothing(fake, tmp_path, server, monkeypatch, route, reason, capsys):
    served = dict(fake.files)
    served[TRAIN_LABELS] = route(fake.files[TRAIN_LABELS])
    use_mirrors(monkeypatch, serve(server, "m1", served))
    with pytest.raises(MNISTNotFoundError, match=reason):
        load_mnist(data_dir=tmp_path)
    assert not (tmp_path / TRAIN_LABELS).exists()
    assert leftovers(tmp_path) == []
    # the progress line is ended before the next message, so messages never run together
    err = capsys.readouterr().err
    assert f"\n  {server.url}/m1/{TRAIN_LABELS}: " in err


def test_all_mirrors_down_gives_a_clear_offline_error(fake, tmp_path, server, monkeypatch):
    dead = _dead_url()
    server.routes[f"/broken/{TRAIN_IMAGES}"] = 503
    use_mirrors(monkeypatch, dead, f"{server.url}/broken/")
    folder = tmp_path / "mnist"
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(data_dir=folder, progress=False)
    message = str(info.value)
    assert "every mirror failed (are you offline?)" in message
    assert f"{dead}{TRAIN_IMAGES}: cannot connect" in message
    assert f"{server.url}/broken/{TRAIN_IMAGES}: HTTP 503" in message
    assert f"into the folder\n    {folder}\n" in message
    assert all(f"    {name}\n" in message for name in FILENAMES)
    assert leftovers(folder) == [] and not any(folder.iterdir())


def test_interrupted_download_leaves_nothing(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))

    def interrupt(self, done):
        raise KeyboardInterrupt

    monkeypatch.setattr(data._Progress, "update", interrupt)
    with pytest.raises(KeyboardInterrupt):
        load_mnist(data_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(
        MNISTError, match="Cannot create the MNIST folder .*a-file/mnist.*Pass data_dir= a writable folder"
    ):
        load_mnist(data_dir=tmp_path / "a-file" / "mnist")
    assert server.requests == []


def test_disk_errors_while_writing_are_not_blamed_on_the_mirror(fake, tmp_path, server, monkeypatch):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files), serve(server, "m2", fake.files))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(data.os, "fsync", disk_full)
    with pytest.raises(MNISTError, match=f"Could not write {TRAIN_IMAGES} into {tmp_path}: .*No space left"):
        load_mnist(data_dir=tmp_path, progress=False)
    assert server.requests == [f"/m1/{TRAIN_IMAGES}"], "a local problem must not move on to other mirrors"
    assert list(tmp_path.iterdir()) == []


def test_command_line(fake, tmp_path, server, monkeypatch, capsys):
    use_mirrors(monkeypatch, serve(server, "m1", fake.files))
    monkeypatch.setattr(data, "default_mnist_dir", lambda: tmp_path / "cli")
    assert data._main() == 0
    out = capsys.readouterr().out
    assert f"MNIST folder: {tmp_path / 'cli'}" in out and "x_train (6, 28, 28) uint8" in out
    monkeypatch.setattr(data, "default_mnist_dir", lambda: tmp_path / "empty")
    use_mirrors(monkeypatch, _dead_url())
    assert data._main() == 1
    assert "error: Could not download" in capsys.readouterr().err


# ----------------------------------------------------------------------------- found by outsiders


def test_a_renamed_copy_of_another_file_is_named(fake, tmp_path):
    folder = fake.write(tmp_path / "m")
    (folder / TEST_IMAGES).write_bytes(fake.files[TRAIN_LABELS])  # another file's exact bytes
    with pytest.raises(MNISTCorruptError, match=rf"is not {TEST_IMAGES}: it is an intact copy of {TRAIN_LABELS}"):
        load_mnist(data_dir=folder, download=False)
    assert (folder / TEST_IMAGES).read_bytes() == fake.files[TRAIN_LABELS]  # nothing deleted


def test_data_dir_that_is_a_file_is_a_clear_error(fake, tmp_path):
    not_a_folder = tmp_path / "mnist.txt"
    not_a_folder.write_text("hello")
    with pytest.raises(data.MNISTError, match="is a file, not a folder"):
        load_mnist(data_dir=not_a_folder)
    assert not_a_folder.read_text() == "hello"


@pytest.mark.parametrize("value", ["not-a-url", "ftp://example.org/mnist/", "http://", "127.0.0.1/mnist"])
def test_mirror_list_entry_that_is_not_a_url(fake, tmp_path, monkeypatch, value):
    monkeypatch.setenv("NNLIB_MNIST_MIRRORS", value)
    with pytest.raises(data.MNISTError, match=r"NNLIB_MNIST_MIRRORS holds .* not a web address .*unset it"):
        load_mnist(data_dir=tmp_path / "m")
    assert leftovers(tmp_path / "m") == []


@pytest.fixture
def silent_mirror():
    """A server that accepts connections and then says nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def hold():
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                accepted.append(conn)  # kept open, never answered
            except OSError:
                pass

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/mnist/"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_silent_mirror_is_named_and_given_up(fake, tmp_path, server, monkeypatch, capsys, silent_mirror):
    monkeypatch.setattr(data, "_TIMEOUT_S", 0.3)
    use_mirrors(monkeypatch, silent_mirror, serve(server, "m2", fake.files))
    load_mnist(data_dir=tmp_path / "m")
    err = capsys.readouterr().err
    assert f"trying the mirror {silent_mirror}" in err
    assert "no answer within 0.3 s; trying the next mirror" in err
    assert leftovers(tmp_path / "m") == []


def test_only_silent_mirrors_end_in_the_offline_message(fake, tmp_path, monkeypatch, silent_mirror):
    monkeypatch.setattr(data, "_TIMEOUT_S", 0.3)
    use_mirrors(monkeypatch, silent_mirror)
    with pytest.raises(MNISTNotFoundError, match=r"(?s)every mirror failed.*no answer within 0.3 s.*To fix"):
        load_mnist(data_dir=tmp_path / "m", progress=False)
    assert leftovers(tmp_path / "m") == []
    assert not (tmp_path / "m" / TRAIN_IMAGES).exists()
