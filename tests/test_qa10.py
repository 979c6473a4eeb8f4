"""QA round 10: a C error's column after a UTF-8 BOM."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import copy_sample, failed_cleanly, run


@pytest.mark.parametrize(("text", "place"), [
    (b"\xef\xbb\xbfbogus_t virZzz(void);\n", "1:1"),
    (b"\xef\xbb\xbfint virZzz(void);\nint virYyy(bogus_t x);\n", "2:12"),
])
def test_a_bom_is_no_column(tmp_path: Path, text: bytes, place: str) -> None:
    """QA: the BOM, which cpp drops and editors hide, was counted: 1:2 for the first word of the file."""
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-zzz.h").write_bytes(text)
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [f"tree/include/libvirt/libvirt-zzz.h:{place}: error: unknown type name 'bogus_t'"]


def test_a_block_left_unclosed_is_still_the_next_one_s_predecessor() -> None:
    """QA: a close missing its ';' gave, besides its two errors, a false syms-chain warning on the next block."""
    from generator.frontend.syms import read_syms

    text = (
        "LIBVIRT_0.0.3 {\n  global:\n    virA;\n};\n\n"
        "LIBVIRT_0.0.5 {\n  global:\n    virB;\n} LIBVIRT_0.0.3\n\n"
        "LIBVIRT_0.1.0 {\n  global:\n    virC;\n} LIBVIRT_0.0.5;\n"
    )
    syms, diagnostics = read_syms("s.syms", text)
    assert [str(d) for d in diagnostics] == [
        "s.syms:9:1: error: unexpected line in version script: '} LIBVIRT_0.0.3' [syms-syntax]",
        "s.syms:11:1: error: version block 0.0.5 is not closed [syms-syntax]",
    ]
    assert [(b.version, b.previous, b.symbols) for b in syms.blocks] == [("0.0.3", None, ("virA",)), ("0.0.5", None, ("virB",)), ("0.1.0", "0.0.5", ("virC",))]


def test_a_whole_file_tree_error_is_line_0_col_0_in_json(tmp_path: Path) -> None:
    """QA: the new tree errors said 1:1 in JSON, where check.md promises 0/0 for a finding about a whole file."""
    import json

    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-x.h").mkdir()
    done = run("check", "--srcdir", "tree", "--format", "json", cwd=tmp_path)
    assert failed_cleanly(done) == ["tree/include/libvirt/libvirt-x.h:1:1: error: a folder, not a file"]
    [found] = json.loads(done.stdout)["diagnostics"]
    assert (found["file"], found["line"], found["col"], found["rule"]) == ("tree/include/libvirt/libvirt-x.h", 0, 0, "input")


def test_the_depfile_target_gets_a_new_mtime_when_another_output_changed(tmp_path: Path) -> None:
    """QA (make, ninja restat): html/favicon.svg never changes, so make reran forever and ninja never rebuilt
    what depends on it; now it gets a new mtime (not new content) whenever another output of the run changed."""
    import os

    tree = copy_sample(tmp_path)
    argv = ["generate", "--only", "html", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    assert run(*argv, cwd=tmp_path).returncode == 0
    target = tmp_path / "out" / "html" / "favicon.svg"
    assert (tmp_path / "out.d").read_text(encoding="utf-8").startswith("out/html/favicon.svg:")
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    content = target.read_bytes()
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    source.write_text(source.read_text(encoding="utf-8").replace("Gathers the checkpoints", "Collects the checkpoints"), encoding="utf-8")
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert target.read_bytes() == content and target.stat().st_mtime_ns > 1_000_000_000_000_000_000
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    (tmp_path / "out" / ".virt-apigen-stamp.json").unlink()  # a full run that changes nothing touches nothing
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert target.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_acls_auto_with_explicit_files_follows_their_tree_s_apibuild(tmp_path: Path, libvirt_tree: Path) -> None:
    """QA: FILE mode wrote <acls> where --srcdir on the same tree (9.0.0: its apibuild.py writes none) did not."""
    names = ["include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c", "src/remote/remote_protocol.x"]
    done = run("api", *(libvirt_tree / name for name in names), "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    xml = (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
    assert "name='virDomainCheckpointCreateXML'" in xml and "<acls>" not in xml
    assert f"{libvirt_tree}/scripts/apibuild.py" in (tmp_path / "out.d").read_text(encoding="utf-8")
    yes = run("api", *(libvirt_tree / name for name in names), "--acls", "yes", "-o", tmp_path / "yes", cwd=tmp_path)
    assert yes.returncode == 0 and "<acls>" in (tmp_path / "yes" / "libvirt-api.xml").read_text(encoding="utf-8")


def test_the_depfile_target_rewritten_for_another_output_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    """QA: os.utime followed a symlinked target out of the output folder (and failed in silence on another user's file)."""
    import os

    tree = copy_sample(tmp_path)
    argv = ["generate", "--only", "html", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    assert run(*argv, cwd=tmp_path).returncode == 0
    target = tmp_path / "out" / "html" / "favicon.svg"
    shared = tmp_path / "shared.svg"
    shared.write_bytes(target.read_bytes())
    os.utime(shared, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    target.unlink()
    target.symlink_to(shared)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    source.write_text(source.read_text(encoding="utf-8").replace("Gathers the checkpoints", "Collects the checkpoints"), encoding="utf-8")
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert not target.is_symlink() and target.read_bytes() == shared.read_bytes()
    assert shared.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_explicit_files_watch_the_folders_of_an_absent_meson_build_and_apibuild(tmp_path: Path) -> None:
    """QA: with FILEs, a meson.build or scripts/apibuild.py coming back reran nothing (the depfile did not list their folders)."""
    tree = copy_sample(tmp_path)
    (tree / "meson.build").unlink()
    (tree / "scripts").mkdir()
    names = ["tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-domain-checkpoint.c"]
    assert run("api", *names, "-o", "out", "--depfile", "out.d", cwd=tmp_path).returncode == 0
    listed = (tmp_path / "out.d").read_text(encoding="utf-8").split()
    assert {"tree", "tree/scripts"} <= set(listed)


def test_libvirt_h_named_with_another_module_s_files_is_the_umbrella(tmp_path: Path, libvirt_tree: Path) -> None:
    """QA: libvirt.h with only the qemu files wrote an empty libvirt-api.xml, which took the depfile's target."""
    names = ["include/libvirt/libvirt.h", "include/libvirt/libvirt-qemu.h", "src/libvirt_qemu.syms", "src/libvirt-qemu.c"]
    done = run("api", *(libvirt_tree / name for name in names), "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["libvirt-qemu-api.xml"]
    from generator.output import _escape_make  # a space in $TMPDIR is written "\\ "

    assert (tmp_path / "out.d").read_text(encoding="utf-8").startswith(_escape_make(f"{tmp_path}/out/libvirt-qemu-api.xml") + ":")


def test_the_companion_is_checked_and_rewritten_only_when_another_target_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A depfile target that cannot be replaced (another user's, in a sticky folder) must not fail a run that changes nothing."""
    from generator import output

    first, second, depfile = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "out.d"
    for path, text in ((first, "a\n"), (second, "b\n"), (depfile, "a.xml: x\n")):
        path.write_text(text, encoding="utf-8")
    checked: list[Path] = []
    real = output._check_replaceable

    def check(path: Path, entry: object, folders: object) -> None:
        checked.append(path)
        real(path, entry, folders)

    monkeypatch.setattr(output, "_check_replaceable", check)
    before = first.stat().st_ino
    assert output.write_all({first: "a\n", second: "b\n", depfile: "a.xml: y\n"}, (first, depfile)) == [depfile]
    assert (checked, first.stat().st_ino) == ([depfile], before)  # only the depfile changed: the companion is left alone, unchecked
    assert sorted(output.write_all({first: "a\n", second: "b2\n", depfile: "a.xml: y\n"}, (first, depfile))) == [first, second]
    assert first.stat().st_ino != before and first.read_text(encoding="utf-8") == "a\n"


def test_a_missing_pycparser_is_one_line_without_a_thread_traceback(tmp_path: Path) -> None:
    """QA: the thread importing pycparser ahead printed its ModuleNotFoundError before the CLI's one-line message."""
    import os
    import subprocess
    import sys

    script = "import sys; sys.modules['pycparser'] = None; sys.argv = ['virt-apigen', 'api', '-o', 'out']\nfrom generator.fastpath import run; run()"
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stderr) == (1, "virt-apigen: error: the Python package 'pycparser' is missing: install jinja2, markupsafe, pycparser\n")
    assert not (tmp_path / "out").exists()


RM_BEFORE_STAMP = """
import shutil, sys
import generator.cli as cli
real = cli.write_stamp
def write_stamp(outdir, *args, **kwargs):  # a make clean racing the run lands here
    shutil.rmtree(outdir)
    return real(outdir, *args, **kwargs)
cli.write_stamp = write_stamp
sys.exit(cli.main(["api", "-o", "out"]))
"""


def test_a_stamp_written_after_the_outputs_vanished_never_calls_them_up_to_date(tmp_path: Path) -> None:
    """QA: outputs missing when the stamp was written were recorded as missing, and the rerun stopped early with none."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", RM_BEFORE_STAMP], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".virt-apigen-stamp.json"]
    assert run("api", "-o", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


def test_the_companion_is_renamed_last_and_a_target_written_into_does_not_count(tmp_path: Path) -> None:
    """QA: renamed in name order, a SIGKILL after libvirt-api.xml left make's target new over a stale qemu file;
    an output symlinked to /dev/null made every full run rewrite the target."""
    from generator import output

    first, qemu, null, depfile = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml", tmp_path / "out.d"
    for path in (first, qemu, depfile):
        path.write_text("old\n", encoding="utf-8")
    null.symlink_to("/dev/null")
    into: list[tuple[Path, bytes]] = []
    plan = output._plan({first: "new\n", qemu: "new\n", null: "x\n", depfile: "old\n"}, into, (first, depfile))
    assert [path for path, _, _ in plan] == [qemu, first]
    first.write_text("new\n", encoding="utf-8")
    qemu.write_text("new\n", encoding="utf-8")
    assert output.write_all({first: "new\n", qemu: "new\n", null: "x\n", depfile: "old\n"}, (first, depfile)) == [null]


SIGTERM_AT_FLUSH = """
import os, signal, sys
from generator import fastpath
class Out:
    def __init__(self, stream):
        self.stream = stream
    def write(self, text):
        return self.stream.write(text)
    def flush(self):
        os.kill(os.getpid(), signal.SIGTERM)  # the cancel lands after the work, in the final flush
        return self.stream.flush()
sys.argv = ["virt-apigen", "api", "-o", "out"]
real = fastpath.main
def main(*args):
    code = real(*args)
    sys.stdout = Out(sys.stdout)
    return code
fastpath.main = main
fastpath.run()
"""


def test_a_sigterm_in_the_final_flush_exits_143_without_a_traceback(tmp_path: Path) -> None:
    """QA: a cancel landing after main() returned, in the final flush, gave a traceback and exit 1."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", SIGTERM_AT_FLUSH], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert (done.returncode, "Traceback" in done.stderr) == (143, False)
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


@pytest.mark.parametrize(("make", "message"), [("folder", "a folder, not a file"), ("dangling", "a symlink to nothing (no such file)")])
def test_an_api_xml_that_is_a_folder_or_a_dangling_symlink_is_worded_as_tree_entries_are(tmp_path: Path, make: str, message: str) -> None:
    """QA: --api-xml said 'cannot read: Is a directory' / 'No such file or directory' where tree entries say these."""
    target = tmp_path / "x.xml"
    if make == "folder":
        target.mkdir()
    else:
        target.symlink_to(tmp_path / "nowhere.xml")
    assert failed_cleanly(run("api", "--api-xml", "x.xml", "-o", "out", cwd=tmp_path)) == [f"x.xml:1:1: error: {message}"]
