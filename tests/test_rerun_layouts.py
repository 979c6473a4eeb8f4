"""Reruns in the folder layouts QA found wanting: inputs among the outputs, outputs among the inputs' folders.

1. An input that is also one of the run's outputs (a generated ``remote_protocol.x``
   fed back with ``--remote-protocol``, ``api --api-xml out/libvirt-api.xml -o out``)
   made the depfile list a file as depending on itself: ninja failed every later
   build with "dependency cycle".  The run's own outputs are no prerequisites now;
   the stamp still records them as inputs.
2. The no-op rerun never stopped early when the output folder was also the folder
   of an input (``api --srcdir .``): the stamp watched that folder's mtime, which
   every run moves.  Such a folder is now recorded by its listing, without the
   run's own entries; a file appearing in it still makes the next run a full one.
3. With the stamp's entry lost (deleted: "a cache, safe to delete"), stale outputs
   stay.  Tried and dropped: deleting the files carrying our banner in the
   backends' folders deleted other commands' outputs and users' copies (a second
   QA pass); without an entry nothing is deleted (generator.output says why).  A
   stale output that cannot be deleted is a warning, not a failure of every run.
4. Under ninja's ``deps = gcc``, which deletes the depfile once read, the early
   stop never worked again: the depfile was an output that had to be in place.
   The early stop now writes it again from the bytes the stamp's entry keeps.

Whether a rerun stops early is asked of :func:`generator.fastpath.fresh_messages`
in this process, the very check the command runs first (not None: up to date).
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
from test_cli import OLD_NS, REPO, SAMPLE, STAMP, ok, parse_depfile, run

from generator import cli, fastpath, output


def _age(root: Path) -> None:
    """Every file and folder below ``root`` (itself included) made old: an input
    with a recent mtime is recorded as unknown, which would hide the early stop."""
    for path in [*root.rglob("*"), root]:
        os.utime(path, ns=(OLD_NS, OLD_NS), follow_symlinks=False)


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    _age(tree)
    return tree


def _up_to_date(argv: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.chdir(cwd)
    return fastpath.fresh_messages(argv) is not None


def _stamp(folder: Path) -> dict[str, object]:
    recorded = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    assert isinstance(recorded, dict)
    return recorded


# --- 1. the depfile lists none of the run's own outputs ---------------------------------------------------


def test_an_output_read_back_is_no_prerequisite_of_itself(tmp_path: Path) -> None:
    """QA: ``out/libvirt-api.xml: out/libvirt-api.xml``, a cycle for ninja."""
    _tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    ok(run("api", "--api-xml", "out/libvirt-api.xml", "-o", "out", "--depfile", "out/x.d", cwd=tmp_path))
    rules = parse_depfile((tmp_path / "out" / "x.d").read_text(encoding="utf-8"))
    assert rules[0] == (["out/libvirt-api.xml"], [])
    inputs = [item[0] for item in _stamp(tmp_path / "out")["inputs"]]  # type: ignore[union-attr]
    assert str((tmp_path / "out" / "libvirt-api.xml").resolve()) in inputs  # the early stop still watches it


def test_a_remote_protocol_fed_back_is_no_prerequisite(tmp_path: Path) -> None:
    _tree(tmp_path)
    ok(run("generate", "--srcdir", "tree", "--only", "rpc", "-o", "out", cwd=tmp_path))
    argv = ["generate", "--srcdir", "tree", "--only", "rpc", "--remote-protocol", "out/rpc/remote_protocol.x", "-o", "out", "--depfile", "out/rpc.d"]
    ok(run(*argv, cwd=tmp_path))
    (targets, prerequisites), *_ = parse_depfile((tmp_path / "out" / "rpc.d").read_text(encoding="utf-8"))
    assert targets == ["out/rpc/libvirt_remote.py"]
    assert "out/rpc/remote_protocol.x" not in prerequisites and "tree/include/libvirt/libvirt.h" in prerequisites


def test_prerequisites_compare_where_the_entries_are(tmp_path: Path) -> None:
    """An input typed another way (``./out/../out/x``) is still the output; a symlink named
    as an input is the entry the run replaces, not the file it leads to."""
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere.x").write_text("x\n", encoding="utf-8")
    (tmp_path / "out" / "link.x").symlink_to(tmp_path / "elsewhere.x")
    inputs = [str(tmp_path / "out" / ".." / "out" / "a.xml"), str(tmp_path / "elsewhere.x"), str(tmp_path / "out" / "link.x")]
    written = [tmp_path / "out" / "a.xml", tmp_path / "out" / "link.x"]
    assert output.depfile_prerequisites(inputs, written) == [str(tmp_path / "elsewhere.x")]


def _ninja(tmp_path: Path, argv: list[str], outputs: str) -> None:
    """A build.ninja as meson writes one: ``deps = gcc`` (the depfile is read, then deleted) and ``restat``."""
    command = f"env PYTHONPATH={REPO} {sys.executable} -m generator " + " ".join(argv)
    depfile = argv[argv.index("--depfile") + 1]
    (tmp_path / "build.ninja").write_text(
        f"rule apigen\n  command = {command}\n  depfile = {depfile}\n  deps = gcc\n  restat = 1\nbuild {outputs}: apigen\n", encoding="utf-8"
    )


def _run_ninja(tmp_path: Path, *args: str) -> str:
    done = subprocess.run(["ninja", *args], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("ninja") is None, reason="ninja is not installed (no dependency of ours)")
def test_ninja_builds_a_fed_back_protocol_again_and_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA's repro: the third build failed with "dependency cycle: out/rpc/remote_protocol.x -> out/rpc/remote_protocol.x";
    then (defect 4) the depfile ninja deleted cost every later rerun its early stop."""
    _tree(tmp_path)
    ok(run("generate", "--srcdir", "tree", "--only", "rpc", "-o", "out", cwd=tmp_path))
    argv = ["generate", "--srcdir", "tree", "--only", "rpc", "--remote-protocol", "out/rpc/remote_protocol.x", "-o", "out", "--depfile", "out/rpc.d"]
    _ninja(tmp_path, argv, "out/rpc/libvirt_remote.py out/rpc/remote_protocol.x")
    for _ in range(3):
        _run_ninja(tmp_path)
    assert "no work to do" in _run_ninja(tmp_path, "-n")
    assert not (tmp_path / "out" / "rpc.d").exists()  # deps = gcc: ninja keeps it in .ninja_deps
    ok(run(*argv, cwd=tmp_path))  # a run of its own: every input settled, whatever ninja ran
    (tmp_path / "out" / "rpc.d").unlink()  # as ninja leaves it
    assert _up_to_date(argv, tmp_path, monkeypatch)
    assert (tmp_path / "out" / "rpc.d").is_file()


# --- 2. the early stop where the output folder is also an input's folder ----------------------------------


def _files_from_the_root(tree: Path) -> list[str]:
    found = sorted(tree.glob("include/libvirt/*.h")) + [tree / "src" / "libvirt_public.syms"] + sorted(tree.glob("src/*.c"))
    return [str(path.relative_to(tree)) for path in found]


def _layout(name: str, tmp_path: Path) -> tuple[list[str], Path]:
    """QA's layouts: the command line and the folder it runs in, with what it needs already there."""
    tree = _tree(tmp_path)
    if name == "api in the tree's root":
        return ["api", "--srcdir", "."], tree
    if name == "generate -o the tree's root":
        return ["generate", "--srcdir", ".", "--only", "api", "-o", "."], tree
    if name == "FILEs from the tree's root":
        return ["api", *_files_from_the_root(tree)], tree
    ok(run("api", "--srcdir", "tree", "-o", "first", cwd=tmp_path))
    _age(tmp_path / "first")
    if name == "api --api-xml in its own folder":
        return ["api", "--api-xml", "libvirt-api.xml", "--format", "json"], tmp_path / "first"
    assert name == "generate into the folder of the api it reads"
    return ["generate", "--api-xml", "first/libvirt-api.xml", "--only", "html", "-o", "first"], tmp_path


LAYOUTS = [
    "api in the tree's root",
    "generate -o the tree's root",
    "FILEs from the tree's root",
    "api --api-xml in its own folder",
    "generate into the folder of the api it reads",
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_rerun_stops_early_when_the_outputs_share_an_inputs_folder(layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: 0.4-0.6 s every time instead of ~0.03 s."""
    argv, cwd = _layout(layout, tmp_path)
    ok(run(*argv, cwd=cwd))
    assert _up_to_date(argv, cwd, monkeypatch)
    listed = _stamp(Path(argv[argv.index("-o") + 1]) if "-o" in argv else Path("."))["listings"]
    assert listed and all(names is not None for _, names in listed)  # type: ignore[union-attr]


def test_a_header_or_a_file_appearing_still_makes_a_full_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the folders are watched at all: a new header must be read, a ``meson.build``
    appearing in the root (the version) too; the root, the output folder here, is judged
    by its listing without the run's own entries."""
    argv, tree = _layout("api in the tree's root", tmp_path)
    ok(run(*argv, cwd=tree))
    assert _up_to_date(argv, tree, monkeypatch)
    staged = tree / f".libvirt-api.xml.{os.getppid()}.abcdefgh.tmp"  # a live process's: never swept
    staged.write_text("another run's, staged\n", encoding="utf-8")
    assert _up_to_date(argv, tree, monkeypatch)  # a run writing at once: not a change of the tree
    staged.unlink()
    (tree / "notes.txt").write_text("new\n", encoding="utf-8")
    assert not _up_to_date(argv, tree, monkeypatch)
    (tree / "notes.txt").unlink()
    assert _up_to_date(argv, tree, monkeypatch)
    (tree / "include" / "libvirt" / "libvirt-new.h").write_text("/* new */\n", encoding="utf-8")
    assert not _up_to_date(argv, tree, monkeypatch)


def test_an_entry_appearing_while_the_run_reads_is_never_vouched_for(tmp_path: Path) -> None:
    """The listing recorded is the one at the end, trusted only when the start's was the same
    (without the run's own entries): a header added meanwhile may not have been read."""
    folder = (tmp_path / "folder").resolve()  # as the CLI records folders: real paths
    folder.mkdir()
    (folder / "in.h").write_text("int x;\n", encoding="utf-8")
    os.utime(folder / "in.h", ns=(OLD_NS, OLD_NS))
    for appears in (False, True):
        (folder / "out.xml").unlink(missing_ok=True)
        listed = output.folder_listings([folder])
        started = time.time_ns()
        if appears:
            (folder / "late.h").write_text("int y;\n", encoding="utf-8")
        output.write_atomic(folder / "out.xml", "<api/>\n")
        output.write_stamp(folder, {"o": 1}, [folder / "in.h"], [folder / "out.xml"], started, {"argv": []}, listed=listed, stale=[])
        entry = _stamp(folder)
        assert entry["listings"] == [[str(folder.resolve()), None if appears else ["in.h"]]]
        assert fastpath.files_match(entry) is not appears


# --- 3. stale outputs once the stamp's entry is lost ------------------------------------------------------


def test_without_a_stamp_nothing_is_deleted(tmp_path: Path) -> None:
    """The second QA pass: another command's JSON written into the bindings'
    package, a user's copy of a page, a file of a venv made in the output
    folder, all carrying our banner, were deleted once the stamps were gone."""
    _tree(tmp_path)
    argv = ["generate", "--srcdir", "tree", "--only", "html,python", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))
    out = tmp_path / "out"
    page = out / "html" / "libvirt-libvirt-network.html"
    package = out / "python" / "libvirt_ctypes" / "__init__.py"
    ok(run("api", "--srcdir", "tree", "--format", "json", "-o", "out/python/libvirt_ctypes/data", cwd=tmp_path))
    kept = {
        out / "html" / "index-annotated.html": page.read_bytes(),
        out / "html" / "archive" / "libvirt-libvirt-network.html": page.read_bytes(),
        out / "python" / "venv" / "lib" / "libvirt_ctypes" / "__init__.py": package.read_bytes(),
        out / "html" / "libvirt-libvirt-gone.html": page.read_bytes(),  # stale or not: no stamp says
    }
    for path, data in kept.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    kept[out / "python" / "libvirt_ctypes" / "data" / "libvirt-api.json"] = (out / "python" / "libvirt_ctypes" / "data" / "libvirt-api.json").read_bytes()
    for stamp in out.rglob(STAMP):
        stamp.unlink()
    ok(run(*argv, cwd=tmp_path))
    assert {path: path.read_bytes() for path in kept} == kept


def test_a_stale_output_that_cannot_be_deleted_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The second QA pass: the run wrote everything, then failed on the unlink, wrote no stamp, and so failed every later run."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    extra = tree / "include" / "libvirt" / "libvirt-extra.h"
    extra.write_text("/**\n * VIR_EXTRA_FOO:\n *\n * A macro of our own.\n *\n * Since: 1.0.0\n */\n# define VIR_EXTRA_FOO 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["generate", "--srcdir", "tree", "--only", "html", "-o", "out"]
    assert cli.main(argv) == 0
    stale = tmp_path / "out" / "html" / "libvirt-libvirt-extra.html"
    assert stale.is_file()
    extra.unlink()
    real_unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if path.name == stale.name:
            raise PermissionError(13, "Permission denied")
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    capsys.readouterr()
    assert cli.main(argv) == 0
    message = f"virt-apigen: warning: {Path('out/html') / stale.name}: a stale output of an earlier run, not deleted: Permission denied"
    assert capsys.readouterr().err.splitlines() == [message]
    assert stale.is_file() and (tmp_path / "out" / STAMP).is_file()


@pytest.mark.parametrize("change", ["replaced", "edited"])
def test_a_stale_output_no_longer_the_file_its_run_wrote_is_left_with_a_warning(tmp_path: Path, change: str) -> None:
    """QA (session 24): a user's own file put where a removed header's page was (another inode, size
    and mtime) was deleted as stale: the stamp's entry records the file its run wrote, now checked."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    extra = tree / "include" / "libvirt" / "libvirt-extra.h"
    extra.write_text("/**\n * VIR_EXTRA_FOO:\n *\n * A macro of our own.\n *\n * Since: 1.0.0\n */\n# define VIR_EXTRA_FOO 1\n", encoding="utf-8")
    argv = ["generate", "--srcdir", "tree", "--only", "html", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))
    stale = tmp_path / "out" / "html" / "libvirt-libvirt-extra.html"
    if change == "replaced":
        stale.unlink()
        stale.write_text("my own notes\n", encoding="utf-8")
    else:
        with stale.open("a", encoding="utf-8") as stream:  # the same inode, another size and mtime
            stream.write("<!-- my own note -->\n")
    kept = stale.read_bytes()
    extra.unlink()
    done = ok(run(*argv, cwd=tmp_path))
    reason = "it is no longer the file that run wrote (replaced or changed since)"
    assert done.stderr.splitlines() == [f"virt-apigen: warning: out/html/{stale.name}: a stale output of an earlier run, not deleted: {reason}"]
    assert stale.read_bytes() == kept
    assert ok(run(*argv, cwd=tmp_path)).stderr == ""  # said once: the new entry no longer lists it
    assert stale.read_bytes() == kept
    (tmp_path / "out" / "html" / "libvirt-libvirt-domain-checkpoint.html").unlink()  # a run in full, not an early stop
    assert ok(run(*argv, cwd=tmp_path)).stderr == ""
    assert stale.read_bytes() == kept


def test_an_input_in_a_backends_folder_is_never_deleted_as_stale(tmp_path: Path) -> None:
    _tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out/json", cwd=tmp_path))
    (tmp_path / "out" / "json" / STAMP).unlink()  # else the folder is another command's, left alone anyway
    argv = ["generate", "--api-xml", "out/json/libvirt-api.xml", "--only", "json", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))  # no entry of these options: nothing deleted, the input least of all
    assert (tmp_path / "out" / "json" / "libvirt-api.xml").is_file()
    assert (tmp_path / "out" / "json" / "libvirt-api.json").is_file()


def test_api_without_a_stamp_leaves_its_folder_alone(tmp_path: Path) -> None:
    """Decided: ``api`` writes into OUTDIR itself, a folder shared with other commands
    (one ``--module`` or ``--format`` each) and other files (the tree's root): without an entry it deletes nothing."""
    _tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "--format", "json", "-o", "out", cwd=tmp_path))
    (tmp_path / "out" / STAMP).unlink()
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert (tmp_path / "out" / "libvirt-api.json").is_file() and (tmp_path / "out" / "libvirt-api.xml").is_file()


# --- 4. the depfile ninja deleted is written again by the early stop --------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_deleted_depfile_is_written_again_by_the_early_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: ``rm out.d`` (ninja's ``deps = gcc``) and every rerun parsed the tree again (0.7 s)."""
    _tree(tmp_path)
    argv = ["api", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    ok(run(*argv, cwd=tmp_path))
    depfile = tmp_path / "out.d"
    data = depfile.read_bytes()
    depfile.unlink()
    assert _up_to_date(argv, tmp_path, monkeypatch)
    assert depfile.read_bytes() == data
    assert depfile.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    assert _up_to_date(argv, tmp_path, monkeypatch)  # written again: not the file its run left, but its bytes
    depfile.write_bytes(data.replace(b"tree/", b"elsewhere/", 1))
    assert not _up_to_date(argv, tmp_path, monkeypatch)


def test_the_cli_check_writes_the_depfile_again_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's own stamp check (run when the fast path did not decide) restores it the same way, reading nothing."""
    _tree(tmp_path)
    argv = ["api", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    ok(run(*argv, cwd=tmp_path))
    data = (tmp_path / "out.d").read_bytes()
    (tmp_path / "out.d").unlink()
    monkeypatch.chdir(tmp_path)

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the inputs were read")

    monkeypatch.setattr(cli, "load_inputs", parse)
    assert cli.main(argv) == 0
    assert (tmp_path / "out.d").read_bytes() == data


def test_a_depfile_that_cannot_be_written_again_means_a_full_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    argv = ["api", "--srcdir", "tree", "-o", "out", "--depfile", "deps/out.d"]
    ok(run(*argv, cwd=tmp_path))
    shutil.rmtree(tmp_path / "deps")
    assert not _up_to_date(argv, tmp_path, monkeypatch)
    ok(run(*argv, cwd=tmp_path))
    assert (tmp_path / "deps" / "out.d").is_file()
