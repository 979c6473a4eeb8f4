"""The generated package's own build backend and library loading (generated/python)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generated" / "python"


def _backend(folder: Path = PACKAGE) -> ModuleType:
    """The package's ``_build_backend.py`` in ``folder`` (it builds what sits beside it)."""
    spec = importlib.util.spec_from_file_location("generated_build_backend", folder / "_build_backend.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wheels_are_reproducible(tmp_path: Path) -> None:
    backend = _backend()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = backend.build_wheel(str(tmp_path / "a"))
    second = backend.build_wheel(str(tmp_path / "b"))
    assert (tmp_path / "a" / first).read_bytes() == (tmp_path / "b" / second).read_bytes()
    with zipfile.ZipFile(tmp_path / "a" / first) as wheel:
        assert {info.date_time for info in wheel.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in wheel.infolist()} == {0o644}
        assert "libvirt_ctypes/py.typed" in wheel.namelist()


def test_sdists_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: "w:gz" stamped the build time into the gzip header, so two builds of one tree differed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    backend = _backend()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = (tmp_path / "a" / backend.build_sdist(str(tmp_path / "a"))).read_bytes()
    monkeypatch.setattr(time, "time", lambda: 1800000000.0)  # a later build: the clock must not reach the bytes
    second = (tmp_path / "b" / backend.build_sdist(str(tmp_path / "b"))).read_bytes()
    assert first == second
    assert first[:3] == b"\x1f\x8b\x08"  # gzip, deflate
    assert first[3] == 0  # no flags: no file name in the header
    assert int.from_bytes(first[4:8], "little") == 1700000000  # the header's time is the entries' time


@pytest.mark.parametrize(
    ("value", "date"),
    [("", (1980, 1, 1, 0, 0, 0)), (" 1700000000 ", (2023, 11, 14, 22, 13, 20)), ("-5", (1980, 1, 1, 0, 0, 0)), ("99999999999", (2107, 12, 31, 23, 59, 58))],
)
def test_source_date_epoch_empty_is_unset_and_dates_stay_within_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, date: tuple[int, ...]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    name = _backend().build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        assert {info.date_time for info in wheel.infolist()} == {date}


@pytest.mark.parametrize(
    ("value", "header", "entries"),
    [("4294967295", 4294967295, 4294967295), ("4294967296", 4294967295, 4294967296), ("99999999999", 4294967295, 4354819199)],
)
def test_sdist_dates_past_the_gzip_header_s_32_bits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, header: int, entries: int) -> None:
    """QA: past 2106-02-07 the gzip header overflowed (a traceback, and a 4-byte .tar.gz left behind)."""
    import tarfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    name = _backend().build_sdist(str(tmp_path))
    data = (tmp_path / name).read_bytes()
    assert int.from_bytes(data[4:8], "little") == header
    with tarfile.open(tmp_path / name) as sdist:
        assert {member.mtime for member in sdist.getmembers()} == {entries}
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("build", ["build_sdist", "build_wheel"])
def test_a_build_that_fails_midway_leaves_no_file(tmp_path: Path, build: str) -> None:
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "README.md").unlink()  # read while the archive is being made (the metadata's long description)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(FileNotFoundError):
        getattr(_backend(copy), build)(str(out))
    assert list(out.iterdir()) == []


def test_source_date_epoch_that_is_no_number_stops_the_build_with_one_line(tmp_path: Path) -> None:
    script = f"import sys; sys.path.insert(0, {str(PACKAGE)!r}); import _build_backend; _build_backend.build_wheel({str(tmp_path)!r})"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "abc"}, check=False)
    assert result.returncode == 1
    assert result.stderr == "libvirt-ctypes build: SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970; fix or unset it\n"
    assert list(tmp_path.iterdir()) == []  # checked before the wheel is opened: nothing half-written
    sdist = script.replace("build_wheel", "build_sdist")
    result = subprocess.run([sys.executable, "-c", sdist], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "abc"}, check=False)
    assert (result.returncode, list(tmp_path.iterdir())) == (1, [])


def test_editable_wheel_points_at_the_source_folder(tmp_path: Path) -> None:
    backend = _backend()
    name = backend.build_editable(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        pth = [n for n in wheel.namelist() if n.endswith(".pth")]
        assert pth == ["__editable__.libvirt_ctypes.pth"]
        assert wheel.read(pth[0]).decode().strip() == str(PACKAGE)


def test_sdist_leaves_out_build_leftovers(tmp_path: Path) -> None:
    import shutil
    import tarfile

    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "libvirt_ctypes.egg-info").mkdir()
    (copy / "libvirt_ctypes.egg-info" / "PKG-INFO").write_text("left by setuptools\n", encoding="utf-8")
    name = _backend(copy).build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as sdist:
        names = sdist.getnames()
    assert not any(".egg-info" in n for n in names)
    assert any(n.endswith("/libvirt_ctypes/__init__.py") for n in names)


def test_a_library_that_is_not_libvirt_is_an_import_error() -> None:
    environment = dict(os.environ, LIBVIRT_CTYPES_LIBRARY="libc.so.6", PYTHONPATH=str(PACKAGE))
    script = "import libvirt_ctypes"
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: libvirt_ctypes: LIBVIRT_CTYPES_LIBRARY=libc.so.6: exports no virGetLastError: not libvirt; "
        "fix the path, or unset LIBVIRT_CTYPES_LIBRARY to load the system libvirt.so.0"
    )


def _import_error(tmp_path: Path, library: bytes | None) -> str:
    """The last line ``import libvirt_ctypes`` prints when the loader finds ``library`` as libvirt.so.0 (None: nothing there)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    if library is not None:
        (folder / "libvirt.so.0").write_bytes(library)
    # the loader looks in LD_LIBRARY_PATH first; hide the system's copy from both the loader and find_library
    script = "import ctypes, ctypes.util; ctypes.util.find_library = lambda name: None; import libvirt_ctypes"
    environment = {k: v for k, v in os.environ.items() if k != "LIBVIRT_CTYPES_LIBRARY"}
    environment.update(LD_LIBRARY_PATH=str(folder), PYTHONPATH=str(PACKAGE))
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    return done.stderr.strip().splitlines()[-1]


def test_a_libvirt_so_that_is_there_but_does_not_load_is_said_once_without_install_advice(tmp_path: Path) -> None:
    """QA: the reason came twice (find_library gave the same name again) and advised installing what was there."""
    line = _import_error(tmp_path, b"not an ELF file\n")
    assert line.startswith(f"ImportError: libvirt_ctypes: cannot load libvirt.so.0 ({tmp_path}/lib/libvirt.so.0: ")
    assert line.count("libvirt.so.0: ") == 1
    assert line.endswith("); it was found but does not load: fix or reinstall it, or set LIBVIRT_CTYPES_LIBRARY to its path")
