"""The template cache is used only when nobody else can write its entries (generator/templating.py).

Its entries are loaded as code, so each test plants entries that do what the
real ones do and also append the running uid to a marker file: the marker
shows whether the cache was used.  In the normal case it must be (the cache
is still reused); wherever someone else could have planted them, it must not
be, and the outputs are the same either way.

The other user is uid 65534 (need not exist), set with ``setpriv`` as in
tests/test_output_owners.py: it keeps ``CAP_DAC_READ_SEARCH`` (ambient) so it
runs the venv and reads the checkout wherever they are (a fresh machine's
0700 ``/root``), and imports the ``generator`` under test (``PYTHONPATH``; an
unreadable checkout would fall back to whatever copy the venv's ``.pth``
names), while everything it writes is checked as uid 65534's.
"""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2.bccache
import pytest
from conftest import REPO, require
from test_output_owners import OTHER as NOBODY
from test_output_owners import as_other

from generator.templating import environment

ROOT = os.geteuid() == 0
AS_NOBODY = tuple(as_other(()))  # uid 65534, no groups, reading the checkout wherever it is


def _environment(**variables: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("VIRT_APIGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    return env | {"PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent", **variables}


def _run(output: Path, prefix: tuple[str, ...] = (), **variables: str) -> subprocess.CompletedProcess[str]:
    argv = [*prefix, sys.executable, "-m", "generator", "api", "-o", str(output)]
    return subprocess.run(argv, env=_environment(**variables), capture_output=True, text=True, check=False, timeout=120)


def _imported_generator(prefix: tuple[str, ...]) -> Path:
    """The ``generator`` package a run with ``prefix`` imports: must be the one under test."""
    argv = [*prefix, sys.executable, "-c", "import generator; print(generator.__file__)"]
    done = subprocess.run(argv, env=_environment(), capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    return Path(done.stdout.strip()).parent


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".virt-apigen")}


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    output = tmp_path_factory.mktemp("uncached")
    done = _run(output, VIRT_APIGEN_CACHE_DIR="off")
    assert done.returncode == 0, done.stderr
    return _outputs(output)


def _plant(folder: Path, marker: Path) -> list[Path]:
    """Rewrite the entries the first run wrote (owner and mode kept): the real code, plus a marker write."""
    env = environment()
    keys = jinja2.bccache.BytecodeCache()
    planted = []
    for name in env.list_templates(extensions=["j2"]):
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        entry = folder / f"__jinja2_{keys.get_cache_key(name, filename)}.cache"  # Jinja's entry names
        if not entry.is_file():
            continue
        payload = f"import os\nwith open({str(marker)!r}, 'a') as _m: _m.write(f'{{os.geteuid()}}\\n')\n"
        code = compile(payload + env.compile(source, name, filename, raw=True), filename or name, "exec")
        entry.write_bytes(jinja2.bccache.bc_magic + pickle.dumps(keys.get_source_checksum(source), 2) + marshal.dumps(code))
        planted.append(entry)
    assert planted
    return planted


@pytest.fixture
def shared() -> Iterator[Path]:
    """A 1777 folder outside pytest's private one: another uid can reach it, as in /tmp."""
    folder = Path(tempfile.mkdtemp(prefix="virt-apigen-owner-"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _filled(shared: Path) -> tuple[Path, Path, list[Path]]:
    """A first run's cache under a 1777 XDG_CACHE_HOME, with planted entries: (virt-apigen, templates-*, entries)."""
    done = _run(shared / "first", XDG_CACHE_HOME=str(shared))
    assert done.returncode == 0, done.stderr
    base = shared / "virt-apigen"
    [folder] = base.iterdir()
    return base, folder, _plant(folder, shared / "marker")


def _private(path: Path) -> bool:
    status = path.lstat()
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022


def test_own_private_cache_is_reused(shared: Path, uncached: dict[str, bytes]) -> None:
    base, folder, entries = _filled(shared)
    assert [oct(stat.S_IMODE(path.stat().st_mode)) for path in (base, folder)] == ["0o700", "0o700"]  # made private in a 1777 parent
    assert {oct(stat.S_IMODE(entry.stat().st_mode)) for entry in entries} == {"0o600"}
    done = _run(shared / "second", XDG_CACHE_HOME=str(shared))
    assert done.returncode == 0, done.stderr
    assert set((shared / "marker").read_text().split()) == {str(os.geteuid())}  # the entries were loaded
    assert _outputs(shared / "second") == uncached


def _chown(path: Path) -> None:
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def _relink(path: Path) -> None:
    """A symbolic link in the place of ``path``, to the very same (private) folder."""
    real = path.with_name(path.name + ".real")
    path.rename(real)
    path.symlink_to(real)


def _theirs_and_open(path: Path) -> None:
    """Another user's folder with the umask's 0775: not ours, so not made private either."""
    _chown(path)
    path.chmod(0o775)


def _entry_link(entry: Path) -> None:
    real = entry.parent.parent / entry.name
    entry.rename(real)
    entry.symlink_to(real)


def _planted_entries_unused(shared: Path, uncached: dict[str, bytes]) -> None:
    """A run with the spoiled cache in ``shared``: silent (like every cache problem),
    no planted entry ran (no marker), the outputs those of a run without a cache."""
    done = _run(shared / "second", XDG_CACHE_HOME=str(shared))
    assert (done.returncode, done.stderr) == (0, "")
    assert not (shared / "marker").exists()
    assert _outputs(shared / "second") == uncached


FOLDER_CASES: dict[str, tuple[bool, Callable[[Path, Path], None]]] = {
    "virt-apigen owned by another uid": (True, lambda base, folder: _chown(base)),
    "templates-* owned by another uid": (True, lambda base, folder: _chown(folder)),
    "virt-apigen of another uid, group-writable": (True, lambda base, folder: _theirs_and_open(base)),
    "templates-* a symbolic link": (False, lambda base, folder: _relink(folder)),
    "virt-apigen a symbolic link": (False, lambda base, folder: _relink(base)),
}


@pytest.mark.parametrize("case", FOLDER_CASES)
def test_folder_others_can_write_is_not_used(shared: Path, uncached: dict[str, bytes], case: str) -> None:
    needs_root, spoil = FOLDER_CASES[case]
    if needs_root and not ROOT:
        pytest.skip("only root can give a folder to another uid")
    base, folder, _ = _filled(shared)
    spoil(base, folder)
    _planted_entries_unused(shared, uncached)


ENTRY_CASES: dict[str, tuple[bool, Callable[[Path], None]]] = {
    "owned by another uid": (True, _chown),
    "group-writable": (False, lambda entry: entry.chmod(0o620)),
    "a symbolic link": (False, _entry_link),
}


@pytest.mark.parametrize("case", ENTRY_CASES)
def test_entry_others_can_write_is_compiled_again(shared: Path, uncached: dict[str, bytes], case: str) -> None:
    needs_root, spoil = ENTRY_CASES[case]
    if needs_root and not ROOT:
        pytest.skip("only root can give a file to another uid")
    _, _, entries = _filled(shared)
    for entry in entries:
        spoil(entry)
    _planted_entries_unused(shared, uncached)
    assert all(_private(entry) and entry.is_file() and not entry.is_symlink() for entry in entries)  # replaced by ours


@pytest.mark.skipif(not ROOT or shutil.which("setpriv") is None, reason="running as another uid needs root and setpriv")
def test_cache_left_by_another_user_in_shared_folder_is_not_used(shared: Path, uncached: dict[str, bytes]) -> None:
    """QA's case: root's cache in a shared XDG_CACHE_HOME, made writable to all and planted; another user runs."""
    base, _, _ = _filled(shared)
    for path in [base, *base.rglob("*")]:
        path.chmod(0o777)
    output = shared / "second"
    output.mkdir()
    os.chown(output, NOBODY, NOBODY)
    assert _imported_generator(AS_NOBODY) == REPO / "generator"
    done = _run(output, AS_NOBODY, XDG_CACHE_HOME=str(shared))
    assert (done.returncode, done.stderr) == (0, "")
    assert not (shared / "marker").exists()
    assert _outputs(output) == uncached


OLD_MODES: dict[str, tuple[int, int, int, int]] = {  # (virt-apigen, templates-*) before, then after
    "virt-apigen 0775 (umask 002)": (0o775, 0o700, 0o755, 0o700),
    "templates-* 0702": (0o700, 0o702, 0o700, 0o700),
    "both 0777 (umask 000)": (0o777, 0o777, 0o755, 0o755),
}


@pytest.mark.parametrize("case", OLD_MODES)
def test_our_folders_writable_by_others_lose_those_bits_and_serve(shared: Path, uncached: dict[str, bytes], case: str) -> None:
    """An earlier version made virt-apigen/ with the umask's mode: it is ours, so made private again, not refused forever."""
    base_before, folder_before, *after = OLD_MODES[case]
    base, folder, _ = _filled(shared)
    base.chmod(base_before)
    folder.chmod(folder_before)
    done = _run(shared / "second", XDG_CACHE_HOME=str(shared))
    assert (done.returncode, done.stderr) == (0, "")
    assert [stat.S_IMODE(path.lstat().st_mode) for path in (base, folder)] == after
    assert set((shared / "marker").read_text().split()) == {str(os.geteuid())}  # the (ours, private) entries were loaded
    assert _outputs(shared / "second") == uncached


def test_chosen_folder_writable_by_others_is_not_changed_nor_used(shared: Path, uncached: dict[str, bytes]) -> None:
    """VIRT_APIGEN_CACHE_DIR names a folder that may be shared on purpose: not ours to chmod."""
    chosen = shared / "chosen"
    assert _run(shared / "first", VIRT_APIGEN_CACHE_DIR=str(chosen)).returncode == 0
    [folder] = chosen.iterdir()
    _plant(folder, shared / "marker")
    chosen.chmod(0o2775)
    done = _run(shared / "second", VIRT_APIGEN_CACHE_DIR=str(chosen))
    assert (done.returncode, done.stderr) == (0, "")
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o2775
    assert not (shared / "marker").exists()
    assert _outputs(shared / "second") == uncached


def _others_home(root: Path) -> dict[str, str]:
    """HOME is a folder of another user, with no .cache."""
    root.chmod(0o755)
    _chown(root)
    return {"HOME": str(root)}


def _others_cache(root: Path) -> dict[str, str]:
    """HOME is ours, its .cache another user's."""
    (root / ".cache").mkdir()
    _chown(root / ".cache")
    return {"HOME": str(root)}


def _others_xdg(root: Path) -> dict[str, str]:
    """XDG_CACHE_HOME is missing, inside another user's folder."""
    root.chmod(0o755)
    _chown(root)
    return {"XDG_CACHE_HOME": str(root / "xdg" / "cache"), "HOME": "/nonexistent"}


ELSEWHERE_CASES: dict[str, Callable[[Path], dict[str, str]]] = {
    "a home of another user": _others_home,
    "a .cache of another user": _others_cache,
    "an XDG_CACHE_HOME to make in a folder of another user": _others_xdg,
}


@pytest.mark.parametrize("case", ELSEWHERE_CASES)
def test_nothing_is_made_in_a_folder_of_another_user(tmp_path: Path, uncached: dict[str, bytes], case: str) -> None:
    """``sudo -E``: root with the user's HOME must not leave a root-owned ~/.cache the user cannot remove."""
    require(ROOT, "root (to make a folder owned by another user)")
    root = tmp_path / "home"
    root.mkdir()
    variables = ELSEWHERE_CASES[case](root)
    before = sorted(root.rglob("*"))
    done = _run(tmp_path / "out", **variables)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(root.rglob("*")) == before
    assert _outputs(tmp_path / "out") == uncached


def test_a_home_of_ours_without_cache_gets_one(tmp_path: Path, uncached: dict[str, bytes]) -> None:
    """The other side of the rule above: our own home's missing .cache is made, and serves the next run."""
    home = tmp_path / "home"
    home.mkdir()
    for run in ("first", "second"):
        done = _run(tmp_path / run, HOME=str(home))
        assert (done.returncode, done.stderr) == (0, "")
        if run == "first":
            [folder] = (home / ".cache" / "virt-apigen").iterdir()
            _plant(folder, tmp_path / "marker")
    assert set((tmp_path / "marker").read_text().split()) == {str(os.geteuid())}
    assert _outputs(tmp_path / "second") == uncached
