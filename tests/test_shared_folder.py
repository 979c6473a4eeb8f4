"""Several commands writing into one output folder, as a build runs them.

One ``api --module`` per module, ``generate --only X`` per backend: each
command keeps its own entry in the folder's one stamp, so each keeps its
early stop and its stale-output deletion whatever ran in between; the stamp
keeps the 16 newest entries; an old one-entry stamp is still read; and a run
whose folder a failed concurrent run removed makes it again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import fastpath, output

REPO = Path(__file__).resolve().parent.parent
STAMP = ".virt-apigen-stamp.json"


def run(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})}, capture_output=True, text=True, check=False, timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def imports(*args: object, cwd: Path) -> str:
    """The modules a successful run imported (``-X importtime``'s report)."""
    return ok(run(*args, cwd=cwd, env={"PYTHONPROFILEIMPORTTIME": "1"})).stderr


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir()) if p.is_file()}


def stamp_modules(folder: Path) -> list[list[str]]:
    """The ``--module`` options of the stamp's entries, newest first (read as JSON, not through our code)."""
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    return [entry["options"]["module"] for entry in [stamp, *stamp.get("earlier", [])]]


def copy_tree(libvirt_tree: Path, tmp_path: Path) -> Path:
    tree = tmp_path / "t"
    tree.mkdir()
    for name in ("include", "src", "scripts"):
        shutil.copytree(libvirt_tree / name, tree / name, symlinks=True)
    shutil.copy2(libvirt_tree / "meson.build", tree / "meson.build")
    return tree


# --- one entry per set of options --------------------------------------------------------------


def test_commands_alternating_into_one_folder_each_stop_early(tmp_path: Path, libvirt_tree: Path) -> None:
    modules = ("libvirt", "libvirt-qemu")
    for module in modules:
        ok(run("api", "--srcdir", libvirt_tree, "--module", module, "-o", "out", cwd=tmp_path))
    out = tmp_path / "out"
    before = mtimes(out)
    assert set(before) == {STAMP, "libvirt-api.xml", "libvirt-qemu-api.xml"}

    for _ in range(2):  # the same command lines: the fast path stops before loading the CLI
        for module in modules:
            loaded = imports("api", "--srcdir", libvirt_tree, "--module", module, "-o", "out", cwd=tmp_path)
            assert "generator.fastpath" in loaded
            assert "generator.cli" not in loaded, f"--module {module} was not an early stop"
    # spelled otherwise: the CLI's option-based check finds the entry; libvirt-qemu's
    # run printed no warning, so it stops early
    loaded = imports("api", f"--srcdir={libvirt_tree}", "--module", "libvirt-qemu", "--output=out", cwd=tmp_path)
    assert "generator.cli" in loaded
    assert "generator.frontend" not in loaded, "--module libvirt-qemu: the CLI's check did not stop early"
    assert mtimes(out) == before  # nothing rewritten, the stamp included
    assert stamp_modules(out) == [["libvirt-qemu"], ["libvirt"]]
    # libvirt's run printed since-mismatch warnings, worded for its command line:
    # this spelling runs in full to word them for itself (the outputs stay)
    respelled = ok(run("api", f"--srcdir={libvirt_tree}", "--module", "libvirt", "--output=out", cwd=tmp_path))
    assert respelled.stderr.count("[since-mismatch]") == 3
    assert {name: mtime for name, mtime in mtimes(out).items() if name != STAMP} == {k: v for k, v in before.items() if k != STAMP}


def test_file_of_a_removed_module_is_deleted_after_another_command_ran(tmp_path: Path, libvirt_tree: Path) -> None:
    tree = copy_tree(libvirt_tree, tmp_path)
    out = tmp_path / "out"
    ok(run("api", "--srcdir", "t", "-o", "out", cwd=tmp_path))
    ok(run("api", "--srcdir", "t", "--module", "libvirt-qemu", "-o", "out", cwd=tmp_path))
    assert (out / "libvirt-lxc-api.xml").is_file()
    for name in ("include/libvirt/libvirt-lxc.h", "src/libvirt-lxc.c", "src/libvirt_lxc.syms"):
        (tree / name).unlink()
    ok(run("api", "--srcdir", "t", "-o", "out", cwd=tmp_path))
    assert sorted(p.name for p in out.glob("*.xml")) == ["libvirt-admin-api.xml", "libvirt-api.xml", "libvirt-qemu-api.xml"]


# --- the stamp's entries, written directly ------------------------------------------------------

FUTURE_NS = time.time_ns() + 3600 * 1_000_000_000  # a run "started" after every file here: sizes and mtimes recorded


def _options(name: str) -> dict[str, object]:
    return {"command": "api", "module": [name]}


def _write_entry(out: Path, name: str, outputs: list[str]) -> None:
    """What a run with ``--module name`` writing ``outputs`` (names in ``out``) leaves in the stamp."""
    paths = [out / file for file in outputs]
    for path in paths:
        if not path.exists():  # a file two commands write comes out the same, and is not rewritten
            path.write_text(f"{name}\n", encoding="utf-8")
    source = out.parent / "input.h"  # one for all: touching it would make every other entry stale
    if not source.exists():
        source.touch()
    invocation = {"argv": ["api", "--module", name], "environment": fastpath.environment()}
    output.write_stamp(out, _options(name), [source], [Path(os.path.realpath(p)) for p in paths], FUTURE_NS, invocation)


def test_stamp_keeps_the_16_newest_entries_one_per_set_of_options(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for index in range(20):
        _write_entry(out, f"m{index}", [f"m{index}.xml"])
    assert stamp_modules(out) == [[f"m{index}"] for index in range(19, 3, -1)]
    assert output.fresh_stamp_messages(out, _options("m19")) is not None and output.fresh_stamp_messages(out, _options("m4")) is not None
    assert output.fresh_stamp_messages(out, _options("m3")) is None  # dropped: its next run is a full one

    _write_entry(out, "m10", ["m10.xml"])  # rewritten: on top, once, none dropped
    assert stamp_modules(out) == [["m10"], *([f"m{index}"] for index in range(19, 3, -1) if index != 10)]
    (out / "m12.xml").write_text("changed\n", encoding="utf-8")  # another size: that entry is no longer trusted
    assert output.fresh_stamp_messages(out, _options("m12")) is None
    assert output.fresh_stamp_messages(out, _options("m11")) is not None


def test_file_another_entry_lists_is_never_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _write_entry(out, "b", ["shared.xml"])
    _write_entry(out, "a", ["a.xml", "shared.xml"])
    assert list(output.stale_outputs(out, _options("a"), [out / "a.xml"])) == []  # b still writes shared.xml
    _write_entry(out, "a", ["a.xml", "gone.xml"])
    assert list(output.stale_outputs(out, _options("a"), [out / "a.xml"])) == [Path(os.path.realpath(out / "gone.xml"))]


def test_an_entry_that_no_longer_holds_protects_nothing(tmp_path: Path) -> None:
    # A run with another option once (--depfile) left an entry listing the same
    # files; after a module's inputs went, its file stayed for as long as that entry.
    out = tmp_path / "out"
    out.mkdir()
    _write_entry(out, "with-depfile", ["a.xml", "lxc.xml"])
    _write_entry(out, "a", ["a.xml", "lxc.xml"])
    (tmp_path / "input.h").write_text("changed\n", encoding="utf-8")  # every entry's input
    assert list(output.stale_outputs(out, _options("a"), [out / "a.xml"])) == [Path(os.path.realpath(out / "lxc.xml"))]


# --- old and damaged stamps -----------------------------------------------------------------------


def test_old_one_entry_stamp_is_read_as_one_entry(tmp_path: Path) -> None:
    """A stamp as written before it held entries (no ``earlier``, and no
    ``environment``: the interpreter was not recorded yet) costs its command
    one full run, without a traceback; the stamp then written keeps the
    command's entry when another command writes into the folder."""
    out = tmp_path / "out"
    ok(run("generate", "--only", "api", "-o", "out", cwd=tmp_path))
    stamp = out / STAMP
    old = json.loads(stamp.read_text(encoding="utf-8"))
    old.pop("earlier", None)
    old["invocation"].pop("environment", None)
    stamp.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert "generator.cli" in imports("generate", "--only", "api", "-o", "out", cwd=tmp_path)
    assert "generator.cli" not in imports("generate", "--only", "api", "-o", "out", cwd=tmp_path)

    ok(run("generate", "--only", "json", "-o", "out", cwd=tmp_path))
    loaded = imports("generate", "--only", "api", "-o", "out", cwd=tmp_path)
    assert "generator.cli" not in loaded, "the old stamp's entry was lost when another command wrote the stamp"


@pytest.mark.parametrize("damage", ["nested-too-deep", "nul-in-a-path"])
def test_damaged_stamp_costs_a_full_run_not_a_traceback(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    ok(run("api", "-o", "out", cwd=tmp_path))
    stamp = out / STAMP
    if damage == "nested-too-deep":
        stamp.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    else:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        recorded["inputs"].insert(0, ["/no\0such", 1, 2])
        stamp.write_text(json.dumps(recorded), encoding="utf-8")
    for spelling in (["-o", "out"], ["--output=out"]):  # the fast path, then the CLI's check
        result = ok(run("api", *spelling, cwd=tmp_path))
        assert result.stderr == ""
    assert "generator.cli" not in imports("api", "-o", "out", cwd=tmp_path)  # the first full run wrote the stamp anew


# --- a folder removed by a failed concurrent run ------------------------------------------------------


def test_folder_removed_before_staging_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a failed run's cleanup does to a healthy run that found the folder existing."""
    make_folder = output._make_folder
    removed: list[Path] = []

    def racing(folder: Path) -> list[Path]:
        made = make_folder(folder)
        if not removed:
            folder.rmdir()  # the other run's cleanup, right between the two steps
            removed.append(folder)
        return made

    monkeypatch.setattr(output, "_make_folder", racing)
    target = tmp_path / "out" / "api" / "libvirt-admin-api.xml"
    assert output.write_all({target: "<api/>\n"}) == [target]
    assert removed == [target.parent]
    assert target.read_text(encoding="utf-8") == "<api/>\n"


def test_folder_removed_every_time_fails_naming_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_folder = output._make_folder
    attempts: list[Path] = []

    def always_removed(folder: Path) -> list[Path]:
        made = make_folder(folder)
        folder.rmdir()
        attempts.append(folder)
        return made

    monkeypatch.setattr(output, "_make_folder", always_removed)
    target = tmp_path / "out" / "libvirt-api.xml"
    with pytest.raises(FileNotFoundError) as raised:
        output.write_all({target: "<api/>\n"})
    assert raised.value.filename == str(target)
    assert 1 < len(attempts) <= 10  # retried, a bounded number of times
    assert not (tmp_path / "out").exists()
