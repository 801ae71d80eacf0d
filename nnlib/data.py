"""MNIST handwritten digits: find, download, verify and read the four original files.

What this module is for: one call, ``load_mnist()``, that gives the lessons
``(x_train, y_train), (x_test, y_test)`` in the same layout as
``keras.datasets.mnist.load_data()``, with numpy and the standard library only.
What it is not: a general dataset library. It reads the original gzip-compressed
IDX files directly (no pickle, no converted copies) and keeps nothing in memory
between calls.

Where the files live
--------------------
``load_mnist()`` reads the four files

    train-images-idx3-ubyte.gz   train-labels-idx1-ubyte.gz
    t10k-images-idx3-ubyte.gz    t10k-labels-idx1-ubyte.gz

from the first of these folders that applies:

1. ``data_dir``, when you pass it (files are read from it and downloaded into it);
2. the folder named by the environment variable ``NNLIB_MNIST_DIR``, when it holds
   all four files (it is only ever read, never written, so it can be a shared,
   read-only folder);
3. the default folder: ``data/mnist/`` in the project checkout (found next to the
   ``nnlib`` package, not from the current directory), or ``~/.cache/nnlib/mnist``
   (``$XDG_CACHE_HOME/nnlib/mnist``) when nnlib is installed outside a checkout.

``mnist_dir()`` tells you which folder that is. Missing files are downloaded from
the mirrors in ``MIRRORS`` (tried in turn; the environment variable
``NNLIB_MNIST_MIRRORS``, a comma- or space-separated list of URLs, replaces them).
Every file, downloaded or already there, must match its known size and SHA-256
before it is read; downloads go to a temporary file that is renamed into place only
once it is complete and verified, so a half-written file never appears.

From a shell, ``python -m nnlib.data`` downloads (if needed), verifies and reports.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np

__all__ = [
    "ENV_DIR",
    "ENV_MIRRORS",
    "FILENAMES",
    "MIRRORS",
    "MNISTCorruptError",
    "MNISTError",
    "MNISTNotFoundError",
    "default_mnist_dir",
    "load_mnist",
    "mnist_dir",
]

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
FILENAMES: tuple[str, ...] = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

ENV_DIR = "NNLIB_MNIST_DIR"
ENV_MIRRORS = "NNLIB_MNIST_MIRRORS"

# Well-known public copies of the original files, tried in this order.
MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

# Size in bytes and SHA-256 of each original .gz file (see SHA256SUMS beside the
# shared copy). Tests swap this table for one describing small fixture files.
_EXPECTED: dict[str, tuple[int, str]] = {
    TRAIN_IMAGES: (9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    TRAIN_LABELS: (28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    TEST_IMAGES: (1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    TEST_LABELS: (4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

# IDX magic numbers: 0x0000 0803 = unsigned bytes, 3 dimensions; 0x0000 0801 = 1 dimension.
_IMAGES_MAGIC = 2051
_LABELS_MAGIC = 2049

# A mirror that sends nothing for this long (to connect, or between two pieces of a file)
# is given up for the next one.
_TIMEOUT_S = 10.0
_CHUNK = 1 << 16
_USER_AGENT = "nnlib-mnist-loader (python urllib)"


class MNISTError(Exception):
    """Base class for every problem with the MNIST files."""


class MNISTNotFoundError(MNISTError, FileNotFoundError):
    """Files are missing and could not be downloaded (offline, or ``download=False``)."""


class MNISTCorruptError(MNISTError, ValueError):
    """A file is present but is not the original: wrong size, checksum or contents."""


# ----------------------------------------------------------------------------- folders


def default_mnist_dir() -> Path:
    """The folder downloads go to when ``data_dir`` is not given.

    Returns
    -------
    Path
        ``<project>/data/mnist`` when nnlib runs from a project checkout (a folder
        holding ``pyproject.toml`` and ``data/`` next to the ``nnlib`` package),
        otherwise ``$XDG_CACHE_HOME/nnlib/mnist`` (default ``~/.cache/nnlib/mnist``).
    """
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root / "data" / "mnist"
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser().absolute() / "nnlib" / "mnist"


def mnist_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder ``load_mnist(data_dir=data_dir)`` reads from, or will download into.

    Parameters
    ----------
    data_dir : str or path-like, optional
        An explicit folder; returned as an absolute path.

    Returns
    -------
    Path
        ``data_dir`` if given; else ``$NNLIB_MNIST_DIR`` if that folder holds all four
        files; else ``default_mnist_dir()``.
    """
    if data_dir is not None:
        return _as_dir(data_dir, "data_dir")
    env = _env_dir()
    if env is not None and not _missing(env):
        return env
    return default_mnist_dir()


def _as_dir(value: object, what: str) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{what} must be a folder path (str or pathlib.Path), got {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str) or text == "":
        raise ValueError(f"{what} must be a non-empty folder path, got {value!r}")
    return Path(text).expanduser().absolute()


def _env_dir() -> Path | None:
    value = os.environ.get(ENV_DIR, "").strip()
    return Path(value).expanduser().absolute() if value else None


def _missing(folder: Path) -> list[str]:
    return [name for name in FILENAMES if not (folder / name).is_file()]


def _is_url(text: str) -> bool:
    parts = urllib.parse.urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _mirrors() -> tuple[str, ...]:
    """The mirrors to try, in order; a malformed ``NNLIB_MNIST_MIRRORS`` is an error."""
    from_env = tuple(url for url in re.split(r"[\s,]+", os.environ.get(ENV_MIRRORS, "")) if url)
    bad = [url for url in from_env if not _is_url(url)]
    if bad:
        raise MNISTError(
            f"{ENV_MIRRORS} holds {', '.join(map(repr, bad))}, which {'is not a web address' if len(bad) == 1 else 'are not web addresses'} "
            f"(http://... or https://...). Set it to a comma-separated list of mirror folders such as "
            f"{MIRRORS[0]!r}, or unset it to use the built-in mirrors."
        )
    return from_env or tuple(MIRRORS)


def _a_mirror() -> str:
    """One place to point people at in error messages (never raises)."""
    try:
        return next(iter(_mirrors()), MIRRORS[0])
    except MNISTError:
        return MIRRORS[0]


# ----------------------------------------------------------------------------- public loader


def load_mnist(
    *,
    scaled: bool = False,
    flatten: bool = False,
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
    progress: bool = True,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load the MNIST digits as ``(x_train, y_train), (x_test, y_test)``.

    Parameters
    ----------
    scaled : bool, default False
        False: pixels as uint8 in 0..255. True: float32 in [0, 1] (pixel / 255).
    flatten : bool, default False
        False: images shaped (n, 28, 28). True: (n, 784), row by row.
    data_dir : str or path-like, optional
        Folder holding (or to receive) the four ``.gz`` files. Default: see
        ``mnist_dir()`` and the module docstring.
    download : bool, default True
        Download missing files from ``MIRRORS``. With False a missing file is an error.
    progress : bool, default True
        Show a text progress bar on stderr while downloading.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        x_train (60000, 28, 28) or (60000, 784); y_train (60000,) uint8 digits 0..9;
        x_test (10000, 28, 28) or (10000, 784); y_test (10000,) uint8.
        Fresh, writable arrays on every call.

    Raises
    ------
    MNISTNotFoundError
        A file is missing and could not be downloaded; the message names the folder
        to copy the four files into.
    MNISTCorruptError
        A file has the wrong size, checksum or IDX header; the message says how to
        replace it.
    """
    for flag, value in (("scaled", scaled), ("flatten", flatten), ("download", download), ("progress", progress)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{flag} must be True or False, got {value!r}")

    folder = mnist_dir(data_dir)
    if folder.exists() and not folder.is_dir():
        raise MNISTError(
            f"{folder} is a file, not a folder. Pass data_dir= a folder to hold the four MNIST files "
            f"(it is created if it does not exist), or leave data_dir out to use {default_mnist_dir()}."
        )
    missing = _missing(folder)
    if missing:
        if not download:
            reason = "download=False; load_mnist(download=True) would fetch them"
            raise MNISTNotFoundError(_missing_message(folder, missing, data_dir, reason=reason))
        _download(folder, missing, data_dir, progress=bool(progress))

    arrays = {}
    for images_name, labels_name in ((TRAIN_IMAGES, TRAIN_LABELS), (TEST_IMAGES, TEST_LABELS)):
        images = _read_images(folder / images_name, data_dir)
        labels = _read_labels(folder / labels_name, data_dir)
        if len(images) != len(labels):
            raise MNISTCorruptError(
                f"{images_name} holds {len(images)} images but {labels_name} holds {len(labels)} "
                f"labels (folder {folder}); the two files must belong together. " + _replace_hint(folder, data_dir)
            )
        arrays[images_name] = (_prepare_images(images, scaled, flatten), labels.copy())
    return arrays[TRAIN_IMAGES], arrays[TEST_IMAGES]


def _prepare_images(images: np.ndarray, scaled: bool, flatten: bool) -> np.ndarray:
    if flatten:
        images = images.reshape(len(images), -1)
    if not scaled:
        return images.copy()  # writable and independent of the decompressed buffer
    out = images.astype(np.float32)
    out /= np.float32(255.0)
    return out


# ----------------------------------------------------------------------------- reading and checking


def _read_images(path: Path, data_dir: object) -> np.ndarray:
    return _read_idx(path, _IMAGES_MAGIC, 3, data_dir)


def _read_labels(path: Path, data_dir: object) -> np.ndarray:
    labels = _read_idx(path, _LABELS_MAGIC, 1, data_dir)
    if labels.size and labels.max() > 9:
        raise MNISTCorruptError(
            f"{path} holds a label {int(labels.max())}, but MNIST labels are digits 0..9. "
            + _replace_hint(path.parent, data_dir, path.name)
        )
    return labels


def _read_idx(path: Path, magic: int, ndim: int, data_dir: object) -> np.ndarray:
    """Verify one .gz file, decompress it and return its IDX payload as a uint8 array."""
    name = path.name
    hint = _replace_hint(path.parent, data_dir, name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MNISTNotFoundError(
            _missing_message(path.parent, [name], data_dir, reason="it disappeared while loading")
        ) from None
    except OSError as exc:
        raise MNISTError(f"Cannot read {path}: {exc}. Check the file's permissions. {hint}") from exc

    size, sha256 = _EXPECTED[name]
    digest = hashlib.sha256(raw).hexdigest()  # once: 10 MB take about 20 ms
    if digest != sha256:
        _name_a_known_file(path, len(raw), digest, hint)
    if len(raw) < size:
        raise MNISTCorruptError(
            f"{path} is truncated: it has {len(raw):,} bytes but the original has {size:,} "
            f"(an interrupted download or copy?). {hint}"
        )
    if len(raw) > size:
        raise MNISTCorruptError(f"{path} has {len(raw):,} bytes but the original has {size:,}. {hint}")
    if digest != sha256:
        raise MNISTCorruptError(f"{path} is corrupted: its SHA-256 is {digest}, but the original's is {sha256}. {hint}")

    try:
        data = zlib.decompress(raw, wbits=16 + zlib.MAX_WBITS)  # 16+: expect a gzip wrapper
    except zlib.error as exc:
        raise MNISTCorruptError(f"{path} is not a valid gzip file ({exc}). {hint}") from exc

    header = 4 + 4 * ndim
    kind = "image" if magic == _IMAGES_MAGIC else "label"
    if len(data) < header:
        raise MNISTCorruptError(
            f"{path} is truncated: it decompresses to {len(data)} bytes, too short for an IDX "
            f"{kind} header ({header} bytes). {hint}"
        )
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        swapped = {_IMAGES_MAGIC: "images", _LABELS_MAGIC: "labels"}.get(found)
        what = f" (that is an IDX {swapped} file: were the files renamed?)" if swapped else ""
        raise MNISTCorruptError(
            f"{path} has the wrong magic number {found}{what}; an IDX {kind} file starts with {magic}. {hint}"
        )
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    if 0 in dims:
        raise MNISTCorruptError(f"{path} has an empty shape {dims} in its IDX header. {hint}")
    expected = header + int(np.prod(dims))
    if len(data) != expected:
        shape = " x ".join(str(d) for d in dims)
        problem = "is truncated" if len(data) < expected else "has extra bytes"
        raise MNISTCorruptError(
            f"{path} {problem}: its header promises {shape} bytes of {kind} data "
            f"({expected:,} bytes with the header) but it decompresses to {len(data):,} bytes. {hint}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def _name_a_known_file(path: Path, n_bytes: int, digest: str, hint: str) -> None:
    """Raise a clear error if the file is one of the other MNIST files (a renamed copy)."""
    for other, (size, sha256) in _EXPECTED.items():
        if other != path.name and n_bytes == size and digest == sha256:
            raise MNISTCorruptError(
                f"{path} is not {path.name}: it is an intact copy of {other} (its SHA-256 matches "
                f"that file). Were the files renamed or copied under the wrong names? Give each file "
                f"its own name. {hint}"
            )


# ----------------------------------------------------------------------------- messages


def _from_env(folder: Path, data_dir: object) -> bool:
    return data_dir is None and folder == _env_dir()


def _replace_hint(folder: Path, data_dir: object, name: str | None = None) -> str:
    what = name or "the file"
    if _from_env(folder, data_dir):
        return (
            f"To fix: put a good copy of {what} into {folder} (the folder named by {ENV_DIR}), "
            f"or unset {ENV_DIR} so that load_mnist() uses {default_mnist_dir()}."
        )
    return (
        f"To fix: delete {what} from {folder} and run load_mnist() again to download a fresh "
        f"copy, or copy a good one (from {_a_mirror()}) into {folder}."
    )


def _missing_message(folder: Path, missing: list[str], data_dir: object, *, reason: str = "") -> str:
    files = "\n".join(f"    {name}" for name in FILENAMES)
    lines = [
        f"MNIST file{'s' if len(missing) > 1 else ''} missing from {folder}: "
        f"{', '.join(missing)}{f' ({reason})' if reason else ''}.",
        f"To fix: copy the four files\n{files}\ninto the folder\n    {folder}\n"
        f"(they are at {_a_mirror()}, or copy them from another computer), then run load_mnist() "
        f"again; or set {ENV_DIR} to a folder that already holds them.",
    ]
    env = _env_dir()
    if data_dir is None and env is not None and env != folder:
        lacking = _missing(env)
        lines.append(f"Note: {ENV_DIR}={env} was not used because it lacks {', '.join(lacking)}.")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- downloading


class _MirrorFailed(Exception):
    """One mirror could not deliver a good copy of one file (network or content problem)."""


def _download(folder: Path, names: list[str], data_dir: object, *, progress: bool) -> None:
    mirrors = _mirrors()
    stream = sys.stderr if progress else None
    announced = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MNISTError(
            f"Cannot create the MNIST folder {folder}: {exc}. Pass data_dir= a writable folder, "
            f"or set {ENV_DIR} to a folder that already holds the four files."
        ) from exc
    if stream is not None:
        total = sum(_EXPECTED[name][0] for name in names) / 1e6
        print(f"Downloading {len(names)} MNIST file(s), {total:.1f} MB, into {folder}", file=stream)

    for name in names:
        failures = []
        for mirror in mirrors:
            url = mirror.rstrip("/") + "/" + name
            if stream is not None and mirror != announced:
                print(f"  trying the mirror {mirror} (a silent one is given up after {_TIMEOUT_S:g} s)", file=stream)
                announced = mirror
            try:
                _fetch(url, folder / name, stream)
                break
            except _MirrorFailed as exc:
                failures.append(f"    {url}: {exc}")
                if stream is not None:
                    print(f"  {url}: {exc}; trying the next mirror", file=stream)
            except OSError as exc:  # a local problem (disk full, no permission): no mirror can help
                raise MNISTError(
                    f"Could not write {name} into {folder}: {exc}. Free some disk space or pass "
                    f"data_dir= a writable folder."
                ) from exc
        else:
            tried = "\n".join(failures) if failures else "    (no mirrors configured)"
            raise MNISTNotFoundError(
                f"Could not download {name}; every mirror failed (are you offline?):\n{tried}\n"
                + _missing_message(folder, _missing(folder), data_dir)
            )


def _fetch(url: str, dest: Path, stream: TextIO | None) -> None:
    """Download ``url`` to ``dest`` atomically, verifying its size and SHA-256.

    Raises ``_MirrorFailed`` for network and content problems, ``OSError`` for local ones.
    Whatever happens, the temporary file is gone afterwards; ``dest`` appears only complete.
    """
    size, sha256 = _EXPECTED[dest.name]
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            bar = _Progress(dest.name, size, stream)
            try:
                digest = _stream_to(url, out, size, bar)
            finally:
                bar.end_line()
            if digest != sha256:
                raise _MirrorFailed(f"checksum mismatch (SHA-256 {digest}, expected {sha256})")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the data is public
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _stream_to(url: str, out: BinaryIO, size: int, bar: _Progress) -> str:
    """Copy the body of ``url`` into ``out``; return its SHA-256 hex digest."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    silent = f"no answer within {_TIMEOUT_S:g} s"
    try:
        response = urllib.request.urlopen(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        raise _MirrorFailed(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _MirrorFailed(silent) from exc
        raise _MirrorFailed(f"cannot connect ({exc.reason})") from exc
    except TimeoutError as exc:  # connected, then no response
        raise _MirrorFailed(silent) from exc
    except (http.client.HTTPException, OSError) as exc:  # resets, bad responses
        raise _MirrorFailed(f"cannot connect ({exc!r})") from exc
    declared = response.headers.get("Content-Length", "")
    digest = hashlib.sha256()
    done = 0
    with response:
        while True:
            try:
                chunk = response.read(_CHUNK)
            except TimeoutError as exc:
                raise _MirrorFailed(f"{silent} after {done:,} bytes") from exc
            except (http.client.HTTPException, OSError) as exc:
                raise _MirrorFailed(f"download broke off after {done:,} bytes ({exc!r})") from exc
            if not chunk:
                break
            done += len(chunk)
            if done > size:
                raise _MirrorFailed(f"sent more than the original's {size:,} bytes (not the MNIST file?)")
            out.write(chunk)  # an OSError here is local and propagates as such
            digest.update(chunk)
            bar.update(done)
    if declared.isdigit() and done < int(declared):
        raise _MirrorFailed(f"download broke off after {done:,} of {int(declared):,} bytes")
    if done != size:
        raise _MirrorFailed(f"sent {done:,} bytes, but the original has {size:,}")
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Progress:
    """A plain-text progress bar redrawn in place with carriage returns."""

    width = 30

    def __init__(self, label: str, total: int, stream: TextIO | None) -> None:
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.shown = -1
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        percent = min(100, 100 * done // self.total)
        if self.stream is None or percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r  {self.label:<27} [{bar}] {percent:3d}%  {done / 1e6:5.1f}/{self.total / 1e6:.1f} MB")
        self.stream.flush()

    def end_line(self) -> None:
        """Finish the bar's line (with the elapsed time) so later messages start afresh."""
        if self.stream is None or self.shown < 0:
            return
        self.stream.write(f"  {time.perf_counter() - self.start:.1f} s\n")
        self.stream.flush()


# ----------------------------------------------------------------------------- command line


def _main() -> int:
    try:
        (x_train, y_train), (x_test, y_test) = load_mnist()
    except MNISTError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"MNIST folder: {mnist_dir()}")
    print(f"x_train {x_train.shape} {x_train.dtype}, y_train {y_train.shape} {y_train.dtype}")
    print(f"x_test  {x_test.shape} {x_test.dtype}, y_test  {y_test.shape} {y_test.dtype}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
