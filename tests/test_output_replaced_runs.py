"""A run that differs from an earlier one only in what it reads replaces it.

QA (session 29): ``generate --srcdir 9.0.0 -o mix --only html,api`` then
``generate -o mix --only html,api`` (the sample) left 9.0.0's qemu, lxc and
admin XML in ``mix/api/`` and its pages in ``mix/html/``, 127 broken links,
without a word: stale outputs were deleted only for an entry of the very same
options, and ``--srcdir`` is one of them.  Decided (generator/output.py): the
options that say only what a run reads (``--srcdir``, FILEs, ``--api-xml``,
``$CPP``, ``--depfile``, ``--werror``, our version) do not make another kind
of run; such a run replaces the earlier one, deletes its stale files under
the usual rules and drops its entry.  Runs with another ``--only`` still keep
each other's files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_cli import SAMPLE, STAMP, ok, run

QEMU_HEADER = """\
#ifndef LIBVIRT_QEMU_H
# define LIBVIRT_QEMU_H
# include "libvirt/libvirt.h"
int virDomainQemuPoke(virDomainPtr domain, unsigned int flags);
#endif
"""
QEMU_SYMS = "LIBVIRT_QEMU_1.0.0 {\n    global:\n        virDomainQemuPoke;\n};\n"
EXTRA_HEADER = "/**\n * VIR_EXTRA_FOO:\n *\n * A macro of our own.\n *\n * Since: 1.0.0\n */\n# define VIR_EXTRA_FOO 1\n"


def _bigger_tree(tmp_path: Path) -> Path:
    """The sample with a second module (qemu) and one more header: what 9.0.0 has and the sample has not."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(QEMU_HEADER, encoding="utf-8")
    (tree / "src" / "libvirt_qemu.syms").write_text(QEMU_SYMS, encoding="utf-8")
    (tree / "include" / "libvirt" / "libvirt-extra.h").write_text(EXTRA_HEADER, encoding="utf-8")
    return tree


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)


def _entries(folder: Path) -> list[dict[str, object]]:
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    return [stamp, *stamp.get("earlier", [])]


def test_another_tree_into_the_same_folder_replaces_the_first_trees_outputs(tmp_path: Path) -> None:
    _bigger_tree(tmp_path)
    ok(run("generate", "--only", "html,api", "-o", "alone", cwd=tmp_path))
    ok(run("generate", "--srcdir", "tree", "--only", "html,api", "-o", "mix", cwd=tmp_path))
    assert {"api/libvirt-qemu-api.xml", "html/libvirt-libvirt-qemu.html", "html/libvirt-libvirt-extra.html"} <= set(_files(tmp_path / "mix"))
    done = ok(run("generate", "--only", "html,api", "-o", "mix", cwd=tmp_path))
    assert done.stderr == ""
    assert _files(tmp_path / "mix") == _files(tmp_path / "alone")
    for name in _files(tmp_path / "alone"):
        assert (tmp_path / "mix" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes(), name
    assert [entry["options"]["srcdir"] for entry in _entries(tmp_path / "mix")] == [str(SAMPLE)]  # type: ignore[index]
    # and back: the sample's run is replaced in turn, nothing of it left over
    ok(run("generate", "--srcdir", "tree", "--only", "html,api", "-o", "back", cwd=tmp_path))
    ok(run("generate", "--srcdir", "tree", "--only", "html,api", "-o", "mix", cwd=tmp_path))
    assert _files(tmp_path / "mix") == _files(tmp_path / "back")


def test_runs_of_another_kind_keep_each_others_files(tmp_path: Path) -> None:
    """Another ``--only`` (or ``--module``) is another command writing into the same folder:
    whatever either reads, neither deletes the other's files."""
    _bigger_tree(tmp_path)
    ok(run("generate", "--srcdir", "tree", "--only", "api", "-o", "out", cwd=tmp_path))
    ok(run("generate", "--srcdir", "tree", "--only", "html", "-o", "out", cwd=tmp_path))
    ok(run("generate", "--only", "html", "-o", "out", cwd=tmp_path))  # the sample: replaces the html run alone
    files = set(_files(tmp_path / "out"))
    assert {"api/libvirt-api.xml", "api/libvirt-qemu-api.xml"} <= files
    assert "html/libvirt-libvirt-qemu.html" not in files and "html/libvirt-libvirt-extra.html" not in files
    assert sorted(str(entry["options"]["only"]) for entry in _entries(tmp_path / "out")) == ["api", "html"]  # type: ignore[index]
    ok(run("api", "--srcdir", "tree", "-o", "xml", cwd=tmp_path))
    ok(run("api", "--srcdir", "tree", "--module", "libvirt-qemu", "-o", "xml", cwd=tmp_path))
    ok(run("api", "-o", "xml", "--module", "libvirt", cwd=tmp_path))  # neither run's kind: nothing deleted
    assert _files(tmp_path / "xml") == ["libvirt-api.xml", "libvirt-qemu-api.xml"]


def test_a_replaced_runs_file_changed_since_is_left_with_a_warning(tmp_path: Path) -> None:
    """The safety rules of stale outputs hold for a replaced run's files too."""
    _bigger_tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    qemu = tmp_path / "out" / "libvirt-qemu-api.xml"
    qemu.write_text("my own notes\n", encoding="utf-8")
    done = ok(run("api", "-o", "out", cwd=tmp_path))
    reason = "it is no longer the file that run wrote (replaced or changed since)"
    assert done.stderr.splitlines() == [f"virt-apigen: warning: out/libvirt-qemu-api.xml: a stale output of an earlier run, not deleted: {reason}"]
    assert qemu.read_text(encoding="utf-8") == "my own notes\n"
    ok(run("api", "--srcdir", "tree", "--werror", "-o", "out", cwd=tmp_path))  # rewrites it: an output again
    assert qemu.read_text(encoding="utf-8") != "my own notes\n"


def test_runs_reading_other_inputs_and_writing_no_file_in_common_keep_each_others_files(tmp_path: Path) -> None:
    """What a run reads can decide which files it writes: one module's XML converted per command into
    one folder is two commands, not one replacing the other (review, session 29: each deleted the
    other's file, and a build rerunning both never settled)."""
    tree = _bigger_tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "xml", cwd=tmp_path))
    for module in ("libvirt", "libvirt-qemu"):
        ok(run("api", "--api-xml", f"xml/{module}-api.xml", "--format", "json", "-o", "json", cwd=tmp_path))
    assert _files(tmp_path / "json") == ["libvirt-api.json", "libvirt-qemu-api.json"]
    for module in ("libvirt", "libvirt-qemu"):  # a rerun of each: both up to date, nothing rewritten or deleted
        done = ok(run("api", "--api-xml", f"xml/{module}-api.xml", "--format", "json", "-o", "json", cwd=tmp_path))
        assert done.stderr == ""
    assert _files(tmp_path / "json") == ["libvirt-api.json", "libvirt-qemu-api.json"]
    assert len(_entries(tmp_path / "json")) == 2
    # the same with FILEs: the qemu header and its .syms, then the main module from its XML
    ok(run("api", tree / "include/libvirt/libvirt-qemu.h", tree / "src/libvirt_qemu.syms", "-o", "files", cwd=tmp_path))
    ok(run("api", "--api-xml", "xml/libvirt-api.xml", "-o", "files", cwd=tmp_path))
    assert _files(tmp_path / "files") == ["libvirt-api.xml", "libvirt-qemu-api.xml"]


def test_a_file_another_command_reads_is_never_deleted_as_stale(tmp_path: Path) -> None:
    """A replaced run's file that another command kept in the stamp reads stays: deleting it would fail
    that command's next run (``generate --only html --api-xml out/libvirt-qemu-api.xml -o out`` reading
    what ``api --srcdir tree -o out`` wrote)."""
    _bigger_tree(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    ok(run("generate", "--only", "html", "--api-xml", "out/libvirt-qemu-api.xml", "-o", "out", cwd=tmp_path))
    ok(run("api", "-o", "out", cwd=tmp_path))  # the sample: no qemu module, replaces the first run
    assert (tmp_path / "out" / "libvirt-qemu-api.xml").is_file()
    done = ok(run("generate", "--only", "html", "--api-xml", "out/libvirt-qemu-api.xml", "-o", "out", cwd=tmp_path))
    assert done.stderr == ""  # still up to date: its input is where it was
