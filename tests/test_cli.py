"""The ``virt-apigen`` command, run as a user runs it: ``python -m generator``.

Each test starts the CLI in a subprocess with ``PYTHONPATH`` set to the repo
root and checks what lands on disk and on stderr: deterministic bytes,
outputs that are not rewritten when unchanged, failed runs that leave old
outputs alone, Make depfiles, exit codes and messages for bad input.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import GENERATE_BACKENDS

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
STAMP = ".virt-apigen-stamp.json"
CHECKPOINT_H = "include/libvirt/libvirt-domain-checkpoint.h"
CHECKPOINT_C = "src/libvirt-domain-checkpoint.c"
TREE_API_FILES = {"libvirt-api.xml", "libvirt-qemu-api.xml", "libvirt-lxc-api.xml", "libvirt-admin-api.xml"}
OLD_NS = 1_000_000_000 * 1_000_000_000  # 2001-09-09: an mtime no run can produce by writing


def run(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` except the stamp (a cache, not an output)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STAMP}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder`` (stamp included): bytes, mtime_ns, inode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in sorted(folder.rglob("*")) if p.is_file()}


def age(folder: Path) -> None:
    """Give every file an old mtime, so that any rewrite is visible in mtime_ns."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))


def copy_sample(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    return tree


def assert_no_local_paths(files: dict[str, bytes], *folders: Path) -> None:
    needles = {str(f) for f in folders} | {str(f.resolve()) for f in folders}
    for name, data in files.items():
        for needle in needles:
            assert needle.encode() not in data, f"{name} contains the absolute path {needle}"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path} no longer holds {old!r} exactly once; update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- 1. determinism -----------------------------------------------------------


@pytest.mark.parametrize(("command", "expected"), [
    ("api", {"libvirt-api.xml"}),
    ("generate", {"api/libvirt-api.xml", "json/libvirt-api.json"}),  # and every other backend's files
])
def test_sample_outputs_are_deterministic_and_path_free(tmp_path: Path, command: str, expected: set[str]) -> None:
    first_cwd, second_cwd = tmp_path / "cwd-a", tmp_path / "cwd-b"
    first_cwd.mkdir()
    second_cwd.mkdir()
    second_out = tmp_path / "elsewhere" / "out"
    ok(run(command, "-o", "out", cwd=first_cwd, env={"PYTHONHASHSEED": "0", "LC_ALL": "C"}))
    ok(run(command, "-o", second_out, cwd=second_cwd, env={"PYTHONHASHSEED": "12345", "LC_ALL": "C.UTF-8"}))
    first, second = outputs(first_cwd / "out"), outputs(second_out)
    if command == "api":
        assert set(first) == expected
    else:
        assert expected <= set(first)
        assert {name.split("/")[0] for name in first} <= set(GENERATE_BACKENDS)
    assert first == second
    assert_no_local_paths(first, REPO, SAMPLE, tmp_path)


@pytest.mark.libvirt_tree
def test_tree_outputs_are_deterministic_and_path_free(tmp_path: Path, libvirt_tree: Path) -> None:
    first_cwd, second_cwd = tmp_path / "cwd-a", tmp_path / "cwd-b"
    first_cwd.mkdir()
    second_cwd.mkdir()
    relative_tree = os.path.relpath(libvirt_tree.resolve(), second_cwd.resolve())
    ok(run("api", "--srcdir", libvirt_tree.resolve(), "-o", "out", cwd=first_cwd, env={"PYTHONHASHSEED": "0", "LC_ALL": "C"}))
    ok(run("api", "--srcdir", relative_tree, "-o", tmp_path / "out2", cwd=second_cwd, env={"PYTHONHASHSEED": "12345", "LC_ALL": "C.UTF-8"}))
    first, second = outputs(first_cwd / "out"), outputs(tmp_path / "out2")
    assert set(first) == TREE_API_FILES
    assert first == second
    assert_no_local_paths(first, REPO, libvirt_tree, tmp_path)


# --- 2. unchanged outputs are not rewritten -------------------------------------


def test_unchanged_outputs_keep_their_mtime(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok(run("api", "-o", out, cwd=tmp_path))
    assert (out / STAMP).is_file()
    age(out)  # also makes the stamp stale: the next run re-parses
    before = snapshot(out)
    xml = before["libvirt-api.xml"]

    ok(run("api", "-o", out, cwd=tmp_path))  # re-parse, same content
    after_reparse = snapshot(out)
    assert after_reparse["libvirt-api.xml"] == xml
    assert after_reparse[STAMP][0] != before[STAMP][0]  # the stamp now records the aged mtime

    ok(run("api", "-o", out, cwd=tmp_path))  # the stamp is fresh: nothing happens
    assert snapshot(out) == after_reparse

    (out / STAMP).unlink()
    ok(run("api", "-o", out, cwd=tmp_path))  # no stamp: re-parse, same content
    assert snapshot(out)["libvirt-api.xml"] == xml
    assert (out / STAMP).is_file()


def test_same_command_rerun_stops_before_loading_the_cli(tmp_path: Path) -> None:
    """The fast path: same argv, same folder, nothing changed -> only json is imported."""
    out = tmp_path / "out"
    ok(run("generate", "--only", "api", "-o", out, cwd=tmp_path))
    before = snapshot(out)
    rerun = ok(run("generate", "--only", "api", "-o", out, cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"}))
    assert "generator.fastpath" in rerun.stderr
    assert "argparse" not in rerun.stderr and "generator.cli" not in rerun.stderr
    assert snapshot(out) == before

    other_spelling = ok(run("generate", "--only=api", "--output", out, cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"}))
    assert "generator.cli" in other_spelling.stderr  # not the same command line: the full CLI decides
    assert snapshot(out)["api/libvirt-api.xml"] == before["api/libvirt-api.xml"]

    tree = copy_sample(tmp_path)  # an input that changes makes the fast path step aside
    ok(run("api", "--srcdir", tree, "-o", out / "t", cwd=tmp_path))
    with (tree / CHECKPOINT_H).open("a", encoding="utf-8") as header:
        header.write("\n")
    changed = ok(run("api", "--srcdir", tree, "-o", out / "t", cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"}))
    assert "generator.cli" in changed.stderr


def test_touched_header_reparses_without_rewriting_identical_xml(tmp_path: Path) -> None:
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    ok(run("api", "--srcdir", tree, "-o", out, cwd=tmp_path))
    age(out)
    ok(run("api", "--srcdir", tree, "-o", out, cwd=tmp_path))
    before = snapshot(out)
    assert before["libvirt-api.xml"][1] == OLD_NS

    with (tree / CHECKPOINT_H).open("a", encoding="utf-8") as header:
        header.write("\n")
    ok(run("api", "--srcdir", tree, "-o", out, cwd=tmp_path))
    after = snapshot(out)
    assert after[STAMP][0] != before[STAMP][0], "the stamp should be stale after a header changed (no re-parse happened)"
    assert after["libvirt-api.xml"] == before["libvirt-api.xml"]

    replace_once(tree / CHECKPOINT_H, "keep only childless ones", "keep only checkpoints that have no child")
    ok(run("api", "--srcdir", tree, "-o", out, cwd=tmp_path))
    xml = (out / "libvirt-api.xml").read_text(encoding="utf-8")
    member = re.search(r"<enum name='VIR_DOMAIN_CHECKPOINT_LIST_LEAVES'[^>]*>", xml)
    assert member is not None
    assert "info='keep only checkpoints that have no child'" in member.group(0)
    assert "childless" not in xml
    assert (out / "libvirt-api.xml").stat().st_mtime_ns != OLD_NS


# --- 3. a failed run leaves previous outputs untouched ---------------------------


def test_failed_run_leaves_previous_outputs_untouched(tmp_path: Path) -> None:
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    ok(run("generate", "--srcdir", "tree", "-o", out, cwd=tmp_path))
    age(out)
    before = snapshot(out)
    assert {"api/libvirt-api.xml", "json/libvirt-api.json", STAMP} <= set(before)

    header = tree / CHECKPOINT_H
    broken_line = len(header.read_text(encoding="utf-8").splitlines()) + 1
    with header.open("a", encoding="utf-8") as stream:
        stream.write("int virBroken(;\n")
    result = run("generate", "--srcdir", "tree", "-o", out, cwd=tmp_path)  # relative, as typed by a user

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before
    assert [p.name for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    match = re.search(r"^(\S*libvirt-domain-checkpoint\.h):(\d+):(\d+): error: ", result.stderr, re.MULTILINE)
    assert match is not None, f"no 'file:line:col: error:' line in: {result.stderr}"
    assert int(match.group(2)) == broken_line
    assert (tmp_path / match.group(1)).resolve() == header.resolve(), "the error's path should open from the current folder"


# --- 4. --depfile ------------------------------------------------------------------


def parse_depfile(text: str) -> list[tuple[list[str], list[str]]]:
    """Make rules as (targets, prerequisites); paths here have no escapes."""
    rules = []
    for line in text.replace("\\\n", " ").splitlines():
        if not line.strip():
            continue
        targets, _, prerequisites = line.partition(":")
        rules.append((targets.split(), prerequisites.split()))
    return rules


def test_depfile_lists_every_input(tmp_path: Path) -> None:
    # relative names: the paths in the depfile, and make's echo of them, hold no character of $TMPDIR's
    # (a space in it would need make's escapes, which test_file_names_end_to_end.py covers)
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    depfile = out / "api.d"
    ok(run("api", "--srcdir", "tree", "-o", "out", "--depfile", "out/api.d", cwd=tmp_path))

    expected = {p.resolve() for p in (tree / "include" / "libvirt").iterdir() if p.is_file()}
    expected |= {p.resolve() for p in (tree / "src").rglob("*.c")}
    expected |= {(tree / "src" / "libvirt_public.syms").resolve(), (tree / "meson.build").resolve()}
    expected |= {(tree / "include" / "libvirt").resolve(), (tree / "src").resolve()}  # their listing chose the inputs
    expected |= {(tree / "src" / "util").resolve()}  # where the optional virevent.c the sample lacks would be
    expected |= {tree.resolve()}  # where scripts/apibuild.py (--acls auto's answer) would appear: the sample has no scripts/
    target = out / "libvirt-api.xml"

    rules = parse_depfile(depfile.read_text(encoding="utf-8"))
    targets, prerequisites = rules[0]
    assert [(tmp_path / t).resolve() for t in targets] == [target.resolve()]
    assert {(tmp_path / p).resolve() for p in prerequisites} == expected
    assert len(prerequisites) == len(expected)
    phony = rules[1:]
    assert all(len(t) == 1 and p == [] for t, p in phony), phony
    assert {(tmp_path / t[0]).resolve() for t, _ in phony} == expected

    if shutil.which("make"):  # make itself reads it and sees the same prerequisites
        makefile = tmp_path / "Makefile"
        makefile.write_text(f"include out/api.d\n{targets[0]}:\n\t@echo $^\n", encoding="utf-8")
        made = subprocess.run(["make", "-s", "-B", "-f", str(makefile), targets[0]], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert made.returncode == 0, made.stderr
        assert {(tmp_path / p).resolve() for p in made.stdout.split()} == expected
        up_to_date = ["make", "-q", "-f", str(makefile), targets[0]]
        assert subprocess.run(up_to_date, cwd=tmp_path, check=False).returncode == 0
        (tree / "include" / "libvirt" / "libvirt-new.h").write_text("/* a header the next release adds */\n", encoding="utf-8")
        assert subprocess.run(up_to_date, cwd=tmp_path, check=False).returncode == 1, "a new header must make the outputs stale"
        (tree / "include" / "libvirt" / "libvirt-new.h").unlink()
        ok(run("api", "--srcdir", tree, "-o", out, "--depfile", depfile, cwd=tmp_path))

    old_xml = target.read_text(encoding="utf-8")
    assert "Fetches the name of" not in old_xml
    replace_once(tree / CHECKPOINT_C, "Reads the name of @checkpoint", "Fetches the name of @checkpoint")
    ok(run("api", "--srcdir", tree, "-o", out, "--depfile", depfile, cwd=tmp_path))
    new_xml = target.read_text(encoding="utf-8")
    assert "Fetches the name of" in new_xml
    assert "Reads the name of" not in new_xml


# --- 5. bad input --------------------------------------------------------------------


BAD_INPUTS = {
    "srcdir-missing": (["api", "--srcdir", "/nonexistent"], 2, r"/nonexistent"),
    "srcdir-empty": (["api", "--srcdir", "empty"], 1, r"empty.*not a libvirt tree"),
    "file-missing": (["api", "missing.h"], 1, r"missing\.h.*no such file"),
    "file-txt": (["api", "notes.txt"], 1, r"notes\.txt.*unknown input kind"),
    "api-xml-not-xml": (["api", "--api-xml", "bad.xml"], 1, r"bad\.xml"),
    "unknown-backend": (["generate", "--only", "nosuch"], 2, r"nosuch"),
    "two-input-kinds": (["api", "--srcdir", str(SAMPLE), str(SAMPLE / CHECKPOINT_H)], 2, r"only one of"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_message(tmp_path: Path, case: str) -> None:
    args, code, message = BAD_INPUTS[case]
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("some notes\n", encoding="utf-8")
    (tmp_path / "bad.xml").write_text("not xml\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(*args, "-o", out, cwd=tmp_path)

    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line.lower()]
    assert len(errors) == 1, result.stderr
    assert re.search(message, errors[0], re.IGNORECASE), errors[0]
    if code == 2:  # the usage of the command that was given, as argparse's own errors print it
        assert result.stderr.startswith(f"usage: virt-apigen {args[0]} ")
    assert not out.exists() or not any(out.rglob("*"))


# --- 6. explicit files ----------------------------------------------------------------

CHECKPOINT_FUNCTIONS = {
    "virDomainCheckpointCreateXML", "virDomainCheckpointDelete", "virDomainCheckpointFree", "virDomainCheckpointGetConnect",
    "virDomainCheckpointGetDomain", "virDomainCheckpointGetName", "virDomainCheckpointGetParent", "virDomainCheckpointGetXMLDesc",
    "virDomainCheckpointListAllChildren", "virDomainCheckpointLookupByName", "virDomainCheckpointRef", "virDomainListAllCheckpoints",
}
CHECKPOINT_MEMBERS = {
    "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE": "1", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE": "2",
    "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE": "4",
    "VIR_DOMAIN_CHECKPOINT_XML_SECURE": "1", "VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN": "2", "VIR_DOMAIN_CHECKPOINT_XML_SIZE": "4",
    "VIR_DOMAIN_CHECKPOINT_LIST_ROOTS": "1", "VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS": "1", "VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL": "2",
    "VIR_DOMAIN_CHECKPOINT_LIST_LEAVES": "4", "VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES": "8",
    "VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN": "1", "VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY": "2",
    "VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY": "4",
}


def test_explicit_files_give_only_their_declarations(tmp_path: Path) -> None:
    sample = SAMPLE.relative_to(REPO)
    out = tmp_path / "out"
    ok(run("api", sample / CHECKPOINT_H, sample / "src" / "libvirt_public.syms", sample / CHECKPOINT_C, "-o", out, cwd=REPO))
    assert set(outputs(out)) == {"libvirt-api.xml"}
    text = (out / "libvirt-api.xml").read_text(encoding="utf-8")
    root = ET.fromstring(text)

    functions = root.findall(".//function")
    assert len(functions) == 12
    assert {f.get("name") for f in functions} == CHECKPOINT_FUNCTIONS
    assert {(f.get("module"), f.get("version")) for f in functions} == {("libvirt-domain-checkpoint", "5.6.0")}
    members = {e.get("name"): e.get("value") for e in root.iter("enum") if (e.get("name") or "").startswith("VIR_DOMAIN_CHECKPOINT_")}
    assert members == CHECKPOINT_MEMBERS
    assert "virConnectOpen" not in text


@pytest.mark.parametrize("where", ["repo", "elsewhere"])
def test_explicit_files_by_absolute_path(tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    cwd = REPO if where == "repo" else tmp_path  # inside the current folder or not
    ok(run("api", SAMPLE / CHECKPOINT_H, SAMPLE / "src" / "libvirt_public.syms", SAMPLE / CHECKPOINT_C, "-o", out, cwd=cwd))
    root = ET.fromstring((out / "libvirt-api.xml").read_bytes())
    assert {f.get("name") for f in root.findall(".//function")} == CHECKPOINT_FUNCTIONS


def test_tree_whose_headers_are_symlinks(tmp_path: Path) -> None:
    """cpp names a symlinked header by its target; the symbols still belong to the tree."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    elsewhere = tmp_path / "real-headers"
    elsewhere.mkdir()
    for header in (tree / "include" / "libvirt").glob("*.h"):
        target = elsewhere / header.name
        header.rename(target)
        header.symlink_to(target)
    out = tmp_path / "out"
    ok(run("api", "--srcdir", tree, "-o", out, cwd=tmp_path))
    root = ET.fromstring((out / "libvirt-api.xml").read_bytes())
    assert {f.get("name") for f in root.findall(".//function")} >= CHECKPOINT_FUNCTIONS
    checkpoint = root.find(".//function[@name='virDomainCheckpointGetParent']")
    assert checkpoint is not None and checkpoint.get("file") == "libvirt-domain-checkpoint"


# --- 7. --module and --format json -----------------------------------------------------


@pytest.mark.libvirt_tree
def test_module_option_writes_only_that_module(tmp_path: Path, libvirt_tree: Path) -> None:
    out = tmp_path / "out"
    ok(run("api", "--srcdir", libvirt_tree, "--module", "libvirt-qemu", "-o", out, cwd=tmp_path))
    assert set(outputs(out)) == {"libvirt-qemu-api.xml"}
    root = ET.fromstring((out / "libvirt-qemu-api.xml").read_bytes())
    assert root.get("name") == "libvirt-qemu"
    names = {f.get("name") for f in root.iter("function")}
    assert "virDomainQemuMonitorCommand" in names
    assert "virConnectOpen" not in names


def test_json_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok(run("api", "--format", "json", "-o", out, cwd=tmp_path))
    assert set(outputs(out)) == {"libvirt-api.json"}
    document = json.loads((out / "libvirt-api.json").read_text(encoding="utf-8"))
    assert document["generated"].startswith("generated by virt-apigen from")
    assert document["module"]["name"] == "libvirt"
    functions = {f["name"]: f for f in document["module"]["functions"]}
    assert functions["virDomainCheckpointCreateXML"]["version"] == "5.6.0"


# --- 8. --werror --------------------------------------------------------------------------


@pytest.mark.libvirt_tree
def test_werror_fails_on_since_mismatch_with_openable_paths(tmp_path: Path, libvirt_tree: Path) -> None:
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir()
    tree = os.path.relpath(libvirt_tree.resolve(), cwd.resolve())
    result = run("api", "--werror", "--srcdir", tree, "-o", out, cwd=cwd)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*"))
    # as gcc's -Werror: the line says error, and why
    assert " warning: " not in result.stderr
    warnings = re.findall(r"^(\S+):(\d+):(\d+): error: .*\[since-mismatch, --werror\]$", result.stderr, re.MULTILINE)
    assert len(warnings) == 4, result.stderr
    for path, line, _col in warnings:
        source = cwd / path
        assert source.is_file(), f"{path} cannot be opened from {cwd}"
        assert int(line) <= len(source.read_text(encoding="utf-8", errors="replace").splitlines())


# --- 9. --version ---------------------------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    result = ok(run("--version", cwd=tmp_path))
    assert result.stdout.strip() == "virt-apigen 0.1.0"


# --- 9. <acls>: the schema of the tree's own apibuild.py ------------------------------


@pytest.mark.libvirt_tree
def test_acls_follow_the_tree_and_round_trip(tmp_path: Path, libvirt_tree: Path) -> None:
    auto, forced, again = tmp_path / "auto", tmp_path / "forced", tmp_path / "again"
    ok(run("api", "--srcdir", libvirt_tree, "--module", "libvirt", "-o", auto, cwd=tmp_path))
    assert "<acls>" not in (auto / "libvirt-api.xml").read_text(encoding="utf-8")  # 9.0.0's apibuild.py writes none

    ok(run("api", "--srcdir", libvirt_tree, "--module", "libvirt", "--acls", "yes", "-o", forced, cwd=tmp_path))
    xml = (forced / "libvirt-api.xml").read_text(encoding="utf-8")
    create = ET.fromstring(xml).find(".//function[@name='virDomainCheckpointCreateXML']/acls")
    assert create is not None
    assert [(c.tag, c.get("object"), c.get("perm"), c.get("flags")) for c in create] == [
        ("check", "domain", "checkpoint", None),
        ("check", "domain", "fs-freeze", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE"),
    ]
    assert xml.count("<acls>") == 364

    ok(run("api", "--api-xml", forced / "libvirt-api.xml", "-o", again, cwd=tmp_path))  # auto: the input has them
    assert (again / "libvirt-api.xml").read_text(encoding="utf-8").split("\n")[2:] == xml.split("\n")[2:]


@pytest.mark.libvirt_tree
def test_explicit_protocol_file_gives_access_rules(tmp_path: Path, libvirt_tree: Path) -> None:
    """A protocol .x given with explicit files joins its module; auto writes what the input has."""
    out = tmp_path / "out"
    protocol = libvirt_tree / "src" / "remote" / "remote_protocol.x"
    ok(run("api", SAMPLE / CHECKPOINT_H, SAMPLE / "src" / "libvirt_public.syms", SAMPLE / CHECKPOINT_C, protocol, "-o", out, cwd=tmp_path))
    create = ET.fromstring((out / "libvirt-api.xml").read_bytes()).find(".//function[@name='virDomainCheckpointCreateXML']/acls")
    assert create is not None and [c.get("perm") for c in create] == ["checkpoint", "fs-freeze"]
    bad = run("api", SAMPLE / CHECKPOINT_H, tmp_path / "other_protocol.x", "-o", out, cwd=tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    (tmp_path / "remote_protocol.x").write_text("not a protocol\n", encoding="utf-8")
    empty = run("api", SAMPLE / CHECKPOINT_H, tmp_path / "remote_protocol.x", "-o", out, cwd=tmp_path)
    assert empty.returncode == 1  # a protocol file without its procedure enum would lose every access rule
    assert "remote_protocol.x:1:1: error: not a remote_protocol.x: no 'enum remote_procedure { ... };' found" in empty.stderr


def test_the_command_leaves_without_teardown_but_says_everything(tmp_path: Path) -> None:
    """``python -m generator`` (like the console script) ends with os._exit after
    flushing: exit codes and the whole of stdout and stderr are as without it."""
    report = ok(run("check", "--format", "json", cwd=tmp_path))
    assert json.loads(report.stdout)["counts"] == {"enum-duplicate-value": 1}
    failing_case = Path(__file__).resolve().parent / "cases" / "check-undocumented-param" / "fail"
    failed = run("check", "--srcdir", failing_case, "--werror", cwd=tmp_path)
    assert failed.returncode == 1
    assert "[undocumented-param, --werror]" in failed.stdout and "virt-apigen check:" in failed.stderr
    usage = run("check", "--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2 and "unrecognized arguments" in usage.stderr
    exits_early = subprocess.run(
        [sys.executable, "-c", "import atexit, sys; atexit.register(lambda: print('teardown ran')); sys.argv[1:] = ['check']; "
         "from generator.fastpath import run; run()"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, check=False,
    )
    assert exits_early.returncode == 0 and "teardown ran" not in exits_early.stdout
    assert "enum-duplicate-value" in exits_early.stdout  # what it printed before leaving is all there


def test_argument_parsing_imports_no_shutil_and_help_follows_the_terminal_width(tmp_path: Path) -> None:
    # argparse's own formatter imports shutil (~5 ms) before the C parser can start
    script = (
        "import sys\n"
        "from generator.cli import _parser\n"
        "_parser(['check']).parse_args(['check'])\n"
        "print('shutil' in sys.modules)\n"
    )
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    narrow = run("api", "--help", cwd=tmp_path, env={"COLUMNS": "50"}).stdout
    wide = run("api", "--help", cwd=tmp_path, env={"COLUMNS": "200"}).stdout
    assert sum(len(line) > 50 for line in narrow.splitlines()) < sum(len(line) > 50 for line in wide.splitlines())


# --- 7. broken trees and awkward paths (found by trying the CLI like a user) --------------


def failed_cleanly(result: subprocess.CompletedProcess[str], code: int = 1) -> list[str]:
    """The run failed with ``code``, no traceback; its lines that say ``error:``."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if "error:" in line]


def test_tree_without_its_syms_file_is_an_error_not_unversioned_output(tmp_path: Path) -> None:
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    (tree / "src" / "libvirt_public.syms").unlink()
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", out, cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt_public.syms:1:1: error: the version script of libvirt is missing (or not a file): "
        "its functions get no versions and no export is checked [syms-file]"
    ]
    assert not out.exists()
    (tree / "src" / "libvirt_public.syms").mkdir()  # a folder where the file should be: the same finding
    assert len(failed_cleanly(run("api", "--srcdir", "tree", "-o", out, cwd=tmp_path))) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_byte_that_is_not_utf8_in_declarations_is_positioned(tmp_path: Path, jobs: str) -> None:
    tree = copy_sample(tmp_path)
    header = tree / CHECKPOINT_H
    lines = header.read_bytes().count(b"\n")
    with header.open("ab") as stream:
        stream.write(b"int virOdd\xe9(void);\n")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", tmp_path / "out", cwd=tmp_path, env={"VIRT_APIGEN_JOBS": jobs}))
    assert errors == [f"tree/{CHECKPOINT_H}:{lines + 1}:11: error: not valid UTF-8: byte 0xe9 (invalid continuation byte)"]


def test_cpp_error_is_positioned_in_the_header(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    header = tree / CHECKPOINT_H
    text = header.read_text(encoding="utf-8")
    line = text[: text.index("#ifndef")].count("\n") + 1
    header.write_text(text[: text.rindex("#endif")], encoding="utf-8")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", tmp_path / "out", cwd=tmp_path))
    assert errors == [f"tree/{CHECKPOINT_H}:{line}:1: error: the C preprocessor failed: unterminated #ifndef"]


def test_depfile_that_cannot_be_written_leaves_every_output_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok(run("api", "-o", out, cwd=tmp_path))
    age(out)
    before = snapshot(out)
    replace_once(copy_sample(tmp_path) / CHECKPOINT_C, "Reads the name of @checkpoint", "Fetches the name of @checkpoint")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", out, "--depfile", "afile/x.d", cwd=tmp_path))
    assert errors == ["virt-apigen: error: afile/x.d: cannot make its folder: afile is not a folder"]
    assert snapshot(out) == before  # the XML would have changed: it was not written either
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_folder_in_place_of_an_output_fails_before_any_output_changes(tmp_path: Path, libvirt_tree: Path) -> None:
    out = tmp_path / "out"
    (out / "libvirt-qemu-api.xml").mkdir(parents=True)
    (out / "libvirt-api.xml").write_text("old\n", encoding="utf-8")
    errors = failed_cleanly(run("api", "--srcdir", libvirt_tree, "-o", out, cwd=tmp_path))
    assert errors == [f"virt-apigen: error: {out}/libvirt-qemu-api.xml: Is a directory"]
    assert (out / "libvirt-api.xml").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in out.iterdir()) == ["libvirt-api.xml", "libvirt-qemu-api.xml"]


@pytest.mark.parametrize("depfile", ["out/libvirt-api.xml", "out/.virt-apigen-stamp.json"])
def test_depfile_naming_an_output_is_a_usage_error(tmp_path: Path, depfile: str) -> None:
    errors = failed_cleanly(run("api", "-o", "out", "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen api: error: --depfile {depfile} names one of the outputs"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("command", "depfile", "message"),
    [
        (("api", "-o", "out"), "out", "names a folder the outputs are written into"),
        (("api", "-o", "out/a/b"), "out/a", "names a folder the outputs are written into"),
        (("generate", "--only", "api,json", "-o", "out"), "out/api", "names a folder the outputs are written into"),
        (("api", "-o", "out"), "out/libvirt-api.xml/x.d", "lies under the output out/libvirt-api.xml"),
    ],
)
def test_depfile_holding_or_under_the_outputs_is_a_usage_error(tmp_path: Path, command: tuple[str, ...], depfile: str, message: str) -> None:
    """QA (session 20): ``-o x --depfile x`` raced the two writes for the name: the run failed and left
    either the depfile as a file named x or a folder x holding a temporary output."""
    errors = failed_cleanly(run(*command, "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen {command[0]}: error: --depfile {depfile} {message}"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("depfile", "folder"),
    [
        ("tree/include/libvirt/libvirt-zzz.h/dep.d", "tree/include/libvirt/libvirt-zzz.h"),
        ("tree/src/libvirt-zzz.c/a/dep.d", "tree/src/libvirt-zzz.c"),
        ("tree/src/util/virevent.c/x", "tree/src/util/virevent.c"),  # absent from the sample: read once it is there
    ],
)
def test_depfile_in_a_folder_named_as_a_next_run_input_is_a_usage_error(tmp_path: Path, depfile: str, folder: str) -> None:
    """QA (session 20): the folder made for the depfile took a header's name, and the next run failed on it."""
    shutil.copytree(SAMPLE, tmp_path / "tree")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen api: error: --depfile {depfile} lies in {folder}, a name the next run on tree reads as an input file"]
    assert not (tmp_path / folder).exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("depfile", ["tree/src/libvirt_public.syms", "tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/meson.build"])
def test_depfile_naming_an_input_is_a_usage_error_and_the_input_is_kept(tmp_path: Path, depfile: str) -> None:
    """QA: --depfile naming a .syms file replaced it with the dependency list."""
    shutil.copytree(SAMPLE, tmp_path / "tree")
    before = (tmp_path / depfile).read_bytes()
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen api: error: --depfile {depfile} names one of the inputs: writing it would replace what the run read"]
    assert (tmp_path / depfile).read_bytes() == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("depfile", "files"),
    [
        ("tree/include/libvirt/libvirt-deps.h", False),
        ("tree/src/libvirt-deps.c", False),
        ("tree/src/libvirt_qemu.syms", False),  # absent from the sample: read once it is there
        ("tree/include/libvirt/libvirt-deps.h", True),  # explicit files: the headers' folder is read for context
    ],
)
def test_depfile_the_next_run_would_read_is_a_usage_error(tmp_path: Path, depfile: str, files: bool) -> None:
    """QA (session 15): ``--depfile include/libvirt/libvirt-deps.h`` was written, and the next run parsed it as a header and failed."""
    shutil.copytree(SAMPLE, tmp_path / "tree")
    named = ("include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", CHECKPOINT_C)
    inputs = ["tree/" + name for name in named] if files else ["--srcdir", "tree"]
    errors = failed_cleanly(run("api", *inputs, "-o", "out", "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen api: error: --depfile {depfile} names a file the next run on tree would read as an input"]
    assert not (tmp_path / depfile).exists() and not (tmp_path / "out").exists()
    ok(run("api", *inputs, "-o", "out", "--depfile", "tree/include/libvirt/deps.d", cwd=tmp_path))  # no header name: fine
    ok(run("api", *inputs, "-o", "out", cwd=tmp_path))  # and the next run reads no Make syntax


def test_depfile_the_next_run_on_the_embedded_sample_would_read_is_a_usage_error(tmp_path: Path) -> None:
    """QA (session 15): with no input named (the embedded sample), a depfile in the sample's include/libvirt/ was written."""
    depfile = SAMPLE / "include" / "libvirt" / "libvirt-deps.h"
    errors = failed_cleanly(run("api", "-o", "out", "--depfile", depfile, cwd=tmp_path), code=2)
    assert errors == [f"virt-apigen api: error: --depfile {depfile} names a file the next run on {SAMPLE} would read as an input"]
    assert not depfile.exists() and not (tmp_path / "out").exists()


def test_srcdir_symlink_pointed_elsewhere_is_another_input(tmp_path: Path) -> None:
    first, second = copy_sample(tmp_path), tmp_path / "second"
    shutil.copytree(first, second)
    replace_once(second / CHECKPOINT_C, "Reads the name of @checkpoint", "Fetches the name of @checkpoint")
    (tmp_path / "current").symlink_to("tree")
    ok(run("api", "--srcdir", "current", "-o", "out", cwd=tmp_path))
    assert "Fetches the name of" not in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
    (tmp_path / "current").unlink()
    (tmp_path / "current").symlink_to("second")
    ok(run("api", "--srcdir", "current", "-o", "out", cwd=tmp_path))  # the same command line
    assert "Fetches the name of" in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


ODD_INPUTS = {  # arguments, exit code, the one error line (with {tmp} for the test's folder)
    # QA (session 24): a loop, a FIFO and a dangling symlink named as a FILE were all "no such file"
    "symlink-loop-file": (["api", "loop"], 1, f"loop:1:1: error: cannot read: {os.strerror(errno.ELOOP)}"),
    "symlink-loop-header": (
        ["api", "tree/include/libvirt/libvirt-loop.h"], 1, f"tree/include/libvirt/libvirt-loop.h:1:1: error: cannot read: {os.strerror(errno.ELOOP)}"
    ),
    "fifo-file": (["api", "fifo.h"], 1, "fifo.h:1:1: error: not a regular file"),
    "dangling-file": (["api", "dangling.h"], 1, "dangling.h:1:1: error: a symlink to nothing (no such file)"),
    "missing-file": (["api", "missing.h"], 1, "missing.h:1:1: error: no such file"),
    "folder-as-file": (["api", "tree"], 1, "tree:1:1: error: a folder, not a file (a whole tree goes with --srcdir)"),
    "symlink-loop-protocol": (
        ["generate", "--only", "rpc", "--remote-protocol", "loop"], 1, f"loop:1:1: error: cannot read: {os.strerror(errno.ELOOP)}"
    ),
    "relative-not-a-tree": (["api", "--srcdir", "tree/include"], 1, "tree/include:1:1: error: not a libvirt tree: no include/libvirt/ folder"),
    "absent-module": (["api", "--module", "libvirt-qemu"], 2, "virt-apigen api: error: --module libvirt-qemu: the input has no such module (it has: libvirt)"),
    "no-backend": (["generate", "--only", ""], 2, "virt-apigen generate: error: --only names no backend (known: api, json, python, html, rpc)"),
    "output-is-a-file": (["api", "-o", "afile"], 1, "virt-apigen: error: afile/libvirt-api.xml: cannot make its folder: afile is not a folder"),
    "output-under-a-file": (["api", "-o", "afile/out"], 1, "virt-apigen: error: afile/out/libvirt-api.xml: cannot make its folder: afile is not a folder"),
    "two-syms-for-one-module": (
        ["api", f"tree/{CHECKPOINT_H}", "tree/src/libvirt_public.syms", "other/libvirt_public.syms"], 1,
        "other/libvirt_public.syms:1:1: error: a second version script for libvirt (the first: tree/src/libvirt_public.syms)",
    ),
}


@pytest.mark.parametrize("case", sorted(ODD_INPUTS))
def test_odd_inputs_give_one_clear_error(tmp_path: Path, case: str) -> None:
    args, code, expected = ODD_INPUTS[case]
    copy_sample(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "tree" / "include" / "libvirt" / "libvirt-loop.h").symlink_to("libvirt-loop.h")
    os.mkfifo(tmp_path / "fifo.h")
    (tmp_path / "dangling.h").symlink_to("nowhere.h")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    (tmp_path / "other").mkdir()
    shutil.copy(SAMPLE / "src" / "libvirt_public.syms", tmp_path / "other")
    output = [] if "-o" in args else ["-o", "out"]
    errors = failed_cleanly(run(*args, *output, cwd=tmp_path), code)
    assert errors == [expected]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("declaration", "col"), [("int virOdd(virUnknownPtr x, unsigned int flags);", 12), ("virUnknownPtr virOdd(void);", 1)])
def test_unknown_type_is_named_as_gcc_names_it(tmp_path: Path, declaration: str, col: int) -> None:
    tree = copy_sample(tmp_path)
    header = tree / CHECKPOINT_H
    lines = header.read_bytes().count(b"\n")
    with header.open("a", encoding="utf-8") as stream:
        stream.write(declaration + "\n")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", tmp_path / "out", cwd=tmp_path))
    assert errors == [f"tree/{CHECKPOINT_H}:{lines + 1}:{col}: error: unknown type name 'virUnknownPtr'"]


def _empty(tree: Path) -> None:
    (tree / CHECKPOINT_H).write_text("", encoding="utf-8")


def _truncated(tree: Path) -> None:
    header = tree / CHECKPOINT_H
    text = header.read_text(encoding="utf-8")
    header.write_text(text[: text.index("/* omit") + len("/* omit")], encoding="utf-8")


def _append(text: str) -> Callable[[Path], None]:
    def edit(tree: Path) -> None:
        with (tree / CHECKPOINT_H).open("a", encoding="utf-8") as stream:
            stream.write(text)

    return edit


def _syms(old: str, new: str) -> Callable[[Path], None]:
    return lambda tree: replace_once(tree / "src" / "libvirt_public.syms", old, new)


def _bad_bytes(tree: Path) -> None:
    with (tree / CHECKPOINT_H).open("ab") as stream:
        stream.write(b"/* caf\xe9 */\n")


SAMPLE_LINES = (SAMPLE / CHECKPOINT_H).read_text(encoding="utf-8").count("\n")
UNDECLARED = r"src/libvirt_public\.syms:\d+:9: error: '{}' is exported in 5\.6\.0 but no header declares it \[syms-undeclared\]"
UNCLOSED_COMMENT = "error: the C preprocessor failed: unterminated comment"
BROKEN_TREES: dict[str, tuple[Callable[[Path], None], str]] = {  # the edit, one of the error lines (tree/ prefixed)
    "empty-header": (_empty, UNDECLARED.format(r"virDomainCheckpoint\w+")),
    "truncated-header": (_truncated, re.escape(f"{CHECKPOINT_H}:75:53: {UNCLOSED_COMMENT}")),
    "unterminated-comment": (_append("/* never closed\n"), re.escape(f"{CHECKPOINT_H}:{SAMPLE_LINES + 1}:1: {UNCLOSED_COMMENT}")),
    "unbalanced-brace": (_append("struct _virOdd { int a;\n"), re.escape(f"{CHECKPOINT_H}:{SAMPLE_LINES + 1}:16: error: '{{' is never closed")),
    "stray-closing-brace": (_append("int virOdd(void); }\n"), re.escape(f"{CHECKPOINT_H}:{SAMPLE_LINES + 1}:19: error: syntax error before: }}")),
    "export-without-header": (
        _syms("        virDomainCheckpointFree;\n", "        virDomainCheckpointFree;\n        virNoSuchThing;\n"), UNDECLARED.format("virNoSuchThing")
    ),
    "declared-not-exported": (
        _syms("        virDomainCheckpointFree;\n", ""),
        re.escape(f"{CHECKPOINT_H}:143:5: error: 'virDomainCheckpointFree' is declared but not exported in tree/src/libvirt_public.syms:1:1 [syms-missing]"),
    ),
    "malformed-syms-block": (
        _syms("LIBVIRT_5.6.0 {", "LIBVIRT_5.6.0"),
        r"src/libvirt_public\.syms:\d+:1: error: unexpected line in version script: 'LIBVIRT_5\.6\.0' \[syms-syntax\]",
    ),
    "nested-too-deep": (
        _append("typedef enum { VIR_DEEP = " + "(" * 300 + "1" + ")" * 300 + " } virDeep;\n"),
        re.escape(f"{CHECKPOINT_H}:{SAMPLE_LINES + 1}:326: error: nested 301 levels deep here: too deep for the C parser (pycparser)"),
    ),
    "bytes-not-utf8": (_bad_bytes, re.escape(f"{CHECKPOINT_H}:{SAMPLE_LINES + 1}:7: error: not valid UTF-8: byte 0xe9 (invalid continuation byte)")),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TREES))
def test_broken_tree_is_one_positioned_error_and_nothing_written(tmp_path: Path, case: str) -> None:
    """The issue's list of bad input, each in a copy of the sample tree: gcc-style
    errors with paths that open from the current folder, exit 1, old outputs kept."""
    edit, expected = BROKEN_TREES[case]
    out = tmp_path / "out"
    ok(run("api", "--srcdir", copy_sample(tmp_path), "-o", out, cwd=tmp_path))
    age(out)
    before = snapshot(out)
    edit(tmp_path / "tree")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", out, cwd=tmp_path))
    assert any(re.fullmatch(f"tree/{expected}.*", line) for line in errors), "\n".join(errors)
    assert all(re.match(r"(tree/\S+:\d+:\d+|virt-apigen): error: ", line) for line in errors), "\n".join(errors)
    assert snapshot(out) == before


def test_output_of_a_removed_header_is_deleted_on_the_next_run(tmp_path: Path) -> None:
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    extra = tree / "include" / "libvirt" / "libvirt-extra.h"
    extra.write_text("/**\n * VIR_EXTRA:\n *\n * A constant.\n *\n * Since: 1.0.0\n */\n# define VIR_EXTRA 1\n", encoding="utf-8")
    ok(run("generate", "--srcdir", "tree", "--only", "html", "-o", out, cwd=tmp_path))
    page = out / "html" / "libvirt-libvirt-extra.html"
    assert page.is_file()
    extra.unlink()
    ok(run("generate", "--srcdir", "tree", "--only", "html", "-o", out, cwd=tmp_path))
    assert not page.exists()
    assert (out / "html" / "index.html").is_file()


def test_runs_with_other_options_never_delete_each_others_outputs(tmp_path: Path, libvirt_tree: Path) -> None:
    for module in ("libvirt-qemu", "libvirt-lxc", "libvirt-qemu"):
        ok(run("api", "--srcdir", libvirt_tree, "--module", module, "-o", "out", cwd=tmp_path))
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xml")) == ["libvirt-lxc-api.xml", "libvirt-qemu-api.xml"]


@pytest.mark.parametrize(("command", "target"), [
    (["api"], "out/libvirt-api.xml"),
    (["generate", "--only", "json,api"], "out/api/libvirt-api.xml"),
    (["generate", "--only", "json"], "out/json/libvirt-api.json"),  # no api: the first output in that order
])
def test_depfile_names_one_target_the_main_output(tmp_path: Path, libvirt_tree: Path, command: list[str], target: str) -> None:
    """As gcc's: ninja without ``deps = gcc`` rejects a depfile naming an output its edge does not declare."""
    ok(run(*command, "--srcdir", libvirt_tree, "-o", "out", "--depfile", "out.d", cwd=tmp_path))
    targets, _ = parse_depfile((tmp_path / "out.d").read_text(encoding="utf-8"))[0]
    assert targets == [target]


def _future(path: Path) -> None:
    """An edit a build tool cannot miss, whatever its timestamp resolution."""
    later = time.time_ns() + 10_000_000_000
    os.utime(path, ns=(later, later))


@pytest.mark.parametrize("deps", ["", "  deps = gcc\n"])  # plain ninja; meson's custom targets use deps = gcc
def test_ninja_reads_the_depfile_and_reruns_on_a_header_change(tmp_path: Path, libvirt_tree: Path, deps: str) -> None:
    from conftest import require

    require(shutil.which("ninja") is not None, "ninja (Debian package ninja-build)")
    tree = tmp_path / "tree"
    shutil.copytree(libvirt_tree / "include", tree / "include", symlinks=True)
    shutil.copytree(libvirt_tree / "src", tree / "src", symlinks=True)
    shutil.copy2(libvirt_tree / "meson.build", tree / "meson.build")
    command = f"env PYTHONPATH={REPO} {sys.executable} -m generator api --srcdir tree -o api --depfile api.d"
    (tmp_path / "build.ninja").write_text(
        f"rule apigen\n  command = {command}\n  depfile = api.d\n{deps}  restat = 1\n"
        "build api/libvirt-api.xml api/libvirt-qemu-api.xml: apigen\n",  # the edge declares two of the four
        encoding="utf-8",
    )

    def ninja(*args: str) -> str:
        done = subprocess.run(["ninja", *args], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    ninja()
    assert "no work to do" in ninja("-n")
    _future(tree / "include" / "libvirt" / "libvirt-qemu.h")
    assert "generator api" in ninja("-n", "-v")
    ninja()
    assert "no work to do" in ninja("-n")


def test_make_grouped_targets_rerun_on_a_header_change(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("no make")
    tree = copy_sample(tmp_path)
    (tmp_path / "Makefile").write_text(
        "all: out/libvirt-api.xml out/other.txt\n"
        "out/libvirt-api.xml out/other.txt &:\n"
        f"\tPYTHONPATH={REPO} {sys.executable} -m generator api --srcdir tree -o out --depfile out.d\n"
        "\ttouch out/libvirt-api.xml out/other.txt\n"  # make's own view: every output of the group is new
        "-include out.d\n",
        encoding="utf-8",
    )

    def make(*args: str) -> int:
        return subprocess.run(["make", "-s", *args], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120).returncode

    assert make() == 0
    assert make("-q") == 0
    _future(tree / CHECKPOINT_C)
    assert make("-q") == 1, "a changed input must make the group stale"
    assert make() == 0


@pytest.mark.parametrize("character", ["\x0c", "\x01", "\ufffe"])
def test_character_xml_cannot_carry_is_an_error_not_broken_xml(tmp_path: Path, character: str) -> None:
    tree, out = copy_sample(tmp_path), tmp_path / "out"
    replace_once(tree / CHECKPOINT_C, "Reads the name of @checkpoint", f"Reads the{character} name of @checkpoint")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", out, cwd=tmp_path))
    code = f"U+{ord(character):04X}"
    line = _doc_line(tree / CHECKPOINT_C, "virDomainCheckpointGetName") + 4  # the description's first line, where the character is
    column = len(" * Reads the") + 1
    assert errors == [
        f"tree/{CHECKPOINT_C}:{line}:{column}: error: {code} in the doc of virDomainCheckpointGetName (description): "
        "XML 1.0 has no way to carry it, so the API XML cannot be written; remove it [xml-character]",
    ]
    assert not out.exists()
    ok(run("generate", "--srcdir", "tree", "--only", "json,html", "-o", tmp_path / "other", cwd=tmp_path))  # JSON and HTML can


def _doc_line(path: Path, name: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.strip() == f"* {name}:") - 1


def test_explicit_files_give_the_same_bytes_however_their_paths_are_typed(tmp_path: Path) -> None:
    """Explicit inputs are named relative to the tree root above include/libvirt/, as with --srcdir."""
    tree = copy_sample(tmp_path)
    names = [CHECKPOINT_H, "include/libvirt/libvirt-host.h", "src/libvirt_public.syms", CHECKPOINT_C]
    ok(run("generate", *[tree / n for n in names], "--only", "api,json,html", "-o", tmp_path / "absolute", cwd=REPO))
    ok(run("generate", *[Path("tree") / n for n in names], "--only", "api,json,html", "-o", tmp_path / "relative", cwd=tmp_path))
    absolute, relative = outputs(tmp_path / "absolute"), outputs(tmp_path / "relative")
    assert absolute == relative
    assert_no_local_paths(absolute, tmp_path, REPO)
    assert b"include/libvirt/libvirt-domain-checkpoint.h" in absolute["json/libvirt-api.json"]


@pytest.mark.parametrize("header", sorted(p.name for p in (SAMPLE / "include" / "libvirt").glob("*.h")))
def test_every_backend_runs_on_one_header(tmp_path: Path, header: str) -> None:
    """A header alone lacks what some outputs build on (virConnect, the error plumbing): no traceback.  The
    umbrella libvirt.h, which only includes the others, declares nothing of its own: an error (QA, session 24:
    it gave empty outputs, exit 0)."""
    if header == "libvirt.h":
        errors = failed_cleanly(run("generate", SAMPLE / "include" / "libvirt" / header, "-o", tmp_path / "out", cwd=tmp_path))
        assert errors == [
            f"{SAMPLE}/include/libvirt/libvirt.h:1:1: error: the header declares nothing: an empty or truncated file (one that only"
            " includes others, as libvirt.h, is read through --srcdir, or by naming the headers it includes) [input]"
        ]
        assert not (tmp_path / "out").exists()
        return
    result = ok(run("generate", SAMPLE / "include" / "libvirt" / header, "-o", tmp_path / "out", cwd=tmp_path))
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"api", "json", "html", "rpc"}, result.stderr
    made_python = (tmp_path / "out" / "python").is_dir()
    assert made_python == (header == "virterror.h")
    warned = "warning: no Python bindings: they read libvirt's errors through virErrorPtr" in result.stderr
    assert warned != made_python, result.stderr  # nothing written is never silent


def test_depfile_through_a_symlink_names_the_input_folder_it_reaches(tmp_path: Path) -> None:
    """Review (session 20): the folder named was the typed path's ancestor at the resolved path's depth:
    "lies in ." for a depfile reached through a symlink."""
    shutil.copytree(SAMPLE, tmp_path / "tree")
    (tmp_path / "lnk").symlink_to(tmp_path / "tree" / "include" / "libvirt" / "libvirt-x.h" / "a")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", "--depfile", "lnk/deps.d", cwd=tmp_path), code=2)
    folder = os.path.realpath(tmp_path / "tree" / "include" / "libvirt" / "libvirt-x.h")
    assert errors == [f"virt-apigen api: error: --depfile lnk/deps.d lies in {folder}, a name the next run on tree reads as an input file"]
    assert not (tmp_path / "out").exists()
