"""Compiled templates kept between runs (generator/templating.py): faster, never different, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2.bccache
import pytest
from conftest import REPO, SAMPLE_TREE


def _generate(output: Path, cache: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO), VIRT_APIGEN_CACHE_DIR=cache)
    argv = [sys.executable, "-m", "generator", "generate", "--srcdir", str(SAMPLE_TREE), "-o", str(output)]
    return subprocess.run(argv, env=environment, capture_output=True, text=True, check=False)


def _outputs(folder: Path) -> dict[str, bytes]:
    files = [path for path in sorted(folder.rglob("*")) if path.is_file() and not path.name.startswith(".virt-apigen")]
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    output = tmp_path_factory.mktemp("uncached")
    done = _generate(output, "off")
    assert done.returncode == 0, done.stderr
    return _outputs(output)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.cache"))


def test_cache_fills_then_serves_the_same_outputs(tmp_path: Path, uncached: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    assert _generate(first, str(cache)).returncode == 0
    entries = _entries(cache)
    assert len(entries) >= len(list((REPO / "templates").rglob("*.j2")))  # every template (an included one may count twice)
    stamps = {entry: entry.stat().st_mtime_ns for entry in entries}
    assert _generate(second, str(cache)).returncode == 0
    assert {entry: entry.stat().st_mtime_ns for entry in _entries(cache)} == stamps  # read, not rewritten
    assert _outputs(first) == _outputs(second) == uncached
    assert len(uncached) > 20


def test_off_keeps_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    environment_home = dict(os.environ, HOME=str(home), XDG_CACHE_HOME="")
    environment_home["VIRT_APIGEN_CACHE_DIR"] = "off"
    argv = [sys.executable, "-m", "generator", "api", "-o", str(tmp_path / "out")]
    done = subprocess.run(argv, env=dict(environment_home, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert not home.exists()


def test_default_folder_is_the_users_cache(tmp_path: Path) -> None:
    script = "from generator.templating import cache_folder; print(cache_folder())"
    base = {key: value for key, value in os.environ.items() if key not in ("VIRT_APIGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    base["PYTHONPATH"] = str(REPO)

    def folder(**extra: str) -> str:
        return subprocess.run([sys.executable, "-c", script], env=dict(base, **extra), capture_output=True, text=True, check=True).stdout.strip()

    assert Path(folder(HOME=str(tmp_path))).parent == tmp_path / ".cache" / "virt-apigen"
    assert Path(folder(HOME=str(tmp_path), XDG_CACHE_HOME="/x/cache")).parent == Path("/x/cache/virt-apigen")
    assert Path(folder(HOME=str(tmp_path), XDG_CACHE_HOME="relative")).parent == tmp_path / ".cache" / "virt-apigen"  # XDG: absolute only
    assert folder(VIRT_APIGEN_CACHE_DIR="") == "None"
    assert folder(HOME=str(tmp_path / "nonexistent")) == "None"  # a package build's HOME: never created
    assert folder(HOME="") == "None" and folder(HOME="relative") == "None"  # not /.cache, not ./relative/.cache


def test_a_home_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    """Debian's builders run with HOME=/nonexistent so that nothing is written there (we run as root in CI)."""
    env = {key: value for key, value in os.environ.items() if key not in ("VIRT_APIGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    env |= {"PYTHONPATH": str(REPO), "HOME": str(tmp_path / "nonexistent")}
    done = subprocess.run([sys.executable, "-m", "generator", "generate", "-o", str(tmp_path / "out")], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "api" / "libvirt-api.xml").is_file() and not (tmp_path / "nonexistent").exists()


def test_unusable_folder_is_no_error(tmp_path: Path, uncached: dict[str, bytes]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    done = _generate(tmp_path / "out", str(blocker / "cache"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" or "Traceback" not in done.stderr
    assert _outputs(tmp_path / "out") == uncached


@pytest.mark.parametrize("damage", [b"", b"garbage", jinja2.bccache.bc_magic + b"\x00\x01 broken marshal"])
def test_damaged_entries_are_compiled_again(tmp_path: Path, uncached: dict[str, bytes], damage: bytes) -> None:
    cache = tmp_path / "cache"
    assert _generate(tmp_path / "first", str(cache)).returncode == 0
    for entry in _entries(cache):
        entry.write_bytes(damage)
    done = _generate(tmp_path / "second", str(cache))
    assert done.returncode == 0, done.stderr
    assert _outputs(tmp_path / "second") == uncached


def test_default_folders_are_private(tmp_path: Path) -> None:
    """Entries load as code: both our folder and the versioned one inside are the user's alone."""
    environment = {key: value for key, value in os.environ.items() if key not in ("VIRT_APIGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    environment.update(PYTHONPATH=str(REPO), HOME=str(tmp_path))
    argv = [sys.executable, "-m", "generator", "api", "-o", str(tmp_path / "out")]
    done = subprocess.run(argv, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    ours = tmp_path / ".cache" / "virt-apigen"
    folders = [ours, *ours.iterdir()]
    assert len(folders) == 2
    assert [oct(folder.stat().st_mode & 0o777) for folder in folders] == ["0o700", "0o700"]
