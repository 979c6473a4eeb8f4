"""A rerun that stops early prints the warnings of the run it stands for.

Before, the first run over a tree with a ``Since:`` tag that disagrees with
its ``.syms`` printed the warning and the second, with nothing changed,
printed nothing: a second ``make`` hid what the first showed.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import CHECKPOINT_C, REPO, SAMPLE, STAMP, ok, run

# the export's place is named from the current folder, as the finding's own (Diagnostic.other)
WARNING_IN = "warning: 'virDomainCheckpointGetName' says Since: 5.7.0 but {}src/libvirt_public.syms:88:9 exports it in 5.6.0 [since-mismatch]"
WARNING = WARNING_IN.format("tree/")


def _tree_with_a_warning(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    source = tree / CHECKPOINT_C
    text = source.read_text(encoding="utf-8")
    start = text.index("virDomainCheckpointGetName:")
    since = text.index("Since: 5.6.0", start)
    source.write_text(text[:since] + "Since: 5.7.0" + text[since + len("Since: 5.6.0") :], encoding="utf-8")
    edited = source.stat().st_mtime_ns - 10_000_000_000  # an input edited just before a run is never trusted as unchanged
    os.utime(source, ns=(edited, edited))
    return tree


def _mtimes(out: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.name != STAMP}


def test_a_rerun_with_nothing_changed_prints_the_same_warnings(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    first = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert first.stderr.count("warning:") == 1 and WARNING in first.stderr
    assert first.stderr.startswith("tree/src/libvirt-domain-checkpoint.c:")
    written = _mtimes(tmp_path / "out")
    stamped = (tmp_path / "out" / STAMP).stat().st_mtime_ns

    again = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert again.stderr == first.stderr
    assert _mtimes(tmp_path / "out") == written
    assert (tmp_path / "out" / STAMP).stat().st_mtime_ns == stamped  # the early stop: a full run writes the stamp again
    recorded = json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))
    assert recorded["printed"] == first.stderr.splitlines()


def test_a_clean_run_records_and_replays_nothing(tmp_path: Path) -> None:
    first = ok(run("api", "-o", "out", cwd=tmp_path))
    assert first.stderr == ""
    assert json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))["printed"] == []
    assert ok(run("api", "-o", "out", cwd=tmp_path)).stderr == ""


def test_another_spelling_words_the_warnings_for_itself(tmp_path: Path) -> None:
    tree = _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the same options from another folder: the stamp matches, the recorded
    # paths ("tree/src/...") would not open from here
    again = ok(run("api", "--srcdir", tree, "--output", tmp_path / "out", cwd=elsewhere))
    assert again.stderr.count("warning:") == 1
    assert again.stderr.startswith(f"{tree}/src/libvirt-domain-checkpoint.c:") and WARNING_IN.format(f"{tree}/") in again.stderr


def test_werror_after_a_run_with_warnings_still_fails(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    written = _mtimes(tmp_path / "out")
    strict = run("api", "--werror", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert strict.returncode == 1
    assert "error: 'virDomainCheckpointGetName' says Since: 5.7.0" in strict.stderr and "no output written" in strict.stderr
    assert _mtimes(tmp_path / "out") == written


def test_a_damaged_record_of_warnings_means_a_full_run(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    stamp = tmp_path / "out" / STAMP
    recorded = json.loads(stamp.read_text(encoding="utf-8"))
    recorded["printed"] = "not a list"
    stamp.write_text(json.dumps(recorded), encoding="utf-8")
    again = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert WARNING in again.stderr
    assert json.loads(stamp.read_text(encoding="utf-8"))["printed"] == again.stderr.splitlines()


# --- QA of the replay (session 12) -------------------------------------------------------


def test_an_entry_without_a_record_of_warnings_means_a_full_run(tmp_path: Path) -> None:
    """QA: a missing "printed" (a stamp of an older release) counted as "no warnings"."""
    _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    stamp = tmp_path / "out" / STAMP
    recorded = json.loads(stamp.read_text(encoding="utf-8"))
    del recorded["printed"]
    stamp.write_text(json.dumps(recorded), encoding="utf-8")
    assert WARNING in ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)).stderr


def test_another_copy_of_the_tool_runs_in_full(tmp_path: Path) -> None:
    """QA: a second checkout run on the same outputs found the first one's code
    files unchanged and kept the first one's outputs and warnings."""
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "generator", copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", copy / "templates")
    template = copy / "templates" / "apixml" / "api.xml.j2"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- the copy's -->\n", encoding="utf-8")
    ok(run("api", "-o", "out", cwd=tmp_path))
    ok(run("api", "-o", "out", cwd=tmp_path, env={"PYTHONPATH": str(copy)}))
    assert (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8").endswith("<!-- the copy's -->\n")


def test_a_depfile_is_worded_for_the_command_line_that_finds_it_current(tmp_path: Path) -> None:
    """QA: another spelling of the same options (here: another folder) stopped
    early and kept a depfile whose paths were relative to the first folder."""
    (tmp_path / "a").mkdir()
    ok(run("api", "-o", "out", "--depfile", "out.d", cwd=tmp_path / "a"))
    assert (tmp_path / "a" / "out.d").read_text(encoding="utf-8").startswith("out/libvirt-api.xml:")
    ok(run("api", "-o", "a/out", "--depfile", "a/out.d", cwd=tmp_path))
    assert (tmp_path / "a" / "out.d").read_text(encoding="utf-8").startswith("a/out/libvirt-api.xml:")


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_standard_stream_neither_fails_the_run_nor_moves_its_messages(tmp_path: Path, closed: str) -> None:
    """QA: with stderr closed, warnings went to stdout and the run exited 1 (the
    final flush of a missing stream); with stdout closed, exit 1 too."""
    _tree_with_a_warning(tmp_path)
    number = 1 if closed == "stdout" else 2
    for attempt in ("full run", "no-op rerun"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "api", "--srcdir", "tree", "-o", "out"],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
            preexec_fn=functools.partial(os.close, number),
        )
        assert result.returncode == 0, (attempt, result.stderr)
        assert result.stdout == "", attempt
        assert (closed == "stderr") == (result.stderr == ""), attempt
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


def test_a_reader_gone_from_stderr_leaves_the_outputs_whole_and_the_status_0(tmp_path: Path) -> None:
    """QA: the first warning written to a closed pipe raised BrokenPipeError: a
    traceback, exit 1 and no outputs; the no-op rerun failed the same way."""
    _tree_with_a_warning(tmp_path)
    _api_twice_to_a_dead_stderr(tmp_path, "tree")
    recorded = json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))
    assert recorded["printed"] == [f"tree/src/libvirt-domain-checkpoint.c:{_warning_position(tmp_path)}: {WARNING}"]


def _api_twice_to_a_dead_stderr(tmp_path: Path, srcdir: str) -> None:
    """``api --srcdir srcdir`` run in full, then again (the early stop), each time
    with stderr a pipe whose reader is gone: exit 0 and the outputs there."""
    for attempt in ("full run", "no-op rerun"):
        reading, writing = os.pipe()
        os.close(reading)
        try:
            status = subprocess.run(
                [sys.executable, "-m", "generator", "api", "--srcdir", srcdir, "-o", "out"],
                cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=writing, timeout=120, check=False,
            ).returncode
        finally:
            os.close(writing)
        assert status == 0, attempt
        assert (tmp_path / "out" / "libvirt-api.xml").is_file(), attempt


def _warning_position(tmp_path: Path) -> str:
    text = (tmp_path / "tree" / CHECKPOINT_C).read_text(encoding="utf-8")
    before = text[: text.index("Since: 5.7.0")]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


# --- a report's reader gone, a report that cannot be written (README QA, session 12) ----------


def _generator(*arguments: object, stdout: int | None = None, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *(str(a) for a in arguments)], cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=stdout, stderr=subprocess.PIPE,
    )


def test_check_cut_short_mid_report_says_nothing_and_exits_1(libvirt_tree: Path) -> None:
    """QA: 'check | head' exited 0 when the reader left while check waited on a
    full pipe (CPython's buffered writer took the kernel's short write for the
    whole), and 1 with 'virt-apigen: error: Broken pipe' when it left first."""
    # JSON: the text report of 9.0.0 fits in a pipe since session 35 (63 KB, fewer flag-undocumented findings)
    process = _generator("check", "--srcdir", libvirt_tree, "--format", "json", stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    time.sleep(1.5)  # check has filled the pipe (~100 KB on 9.0.0, 64 KiB fit) and waits
    process.stdout.read(10)
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert errors == ""  # no count line with --format json, and no 'Broken pipe'


@pytest.mark.parametrize("arguments", [["check", "--list-rules"], ["check"], ["check", "--format", "json"]])
def test_check_with_its_reader_gone_before_it_writes_says_nothing(tmp_path: Path, arguments: list[str]) -> None:
    reading, writing = os.pipe()
    os.close(reading)
    try:
        process = _generator(*arguments, stdout=writing, cwd=tmp_path)
    finally:
        os.close(writing)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 1
    assert errors.decode() == ("virt-apigen check: 0 errors, 0 warnings, 1 note\n" if arguments == ["check"] else "")


def test_check_on_a_full_disk_says_its_report_could_not_be_written(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        process = _generator("check", stdout=full.fileno(), cwd=tmp_path)
        _, errors = process.communicate(timeout=120)
    assert process.returncode == 1
    assert errors.decode() == "virt-apigen: error: cannot write the report: No space left on device\n"


def test_help_texts_name_every_input_kind_and_no_internals(tmp_path: Path) -> None:
    check = ok(run("check", "--help", cwd=tmp_path)).stdout
    assert "explicit inputs: headers, .c files, .syms files, protocol .x files" in " ".join(check.split())
    diff = ok(run("diff", "--help", cwd=tmp_path)).stdout
    assert "``" not in diff and "cli.main" not in diff and "fastpath" not in diff


def test_a_reader_gone_from_stderr_and_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    """Review: after the reader of stderr left, the next message naming a file by
    bytes that are not UTF-8 raised UnicodeEncodeError in /dev/null's strict
    stream: exit 1, nothing written."""
    folder = os.fsdecode(b"tr\xffee")
    tree = _tree_with_a_warning(tmp_path)
    source = tree / CHECKPOINT_C  # a second warning: the first write fails, the second names the file again
    text = source.read_text(encoding="utf-8")
    since = text.index("Since: 5.6.0", text.index("virDomainCheckpointGetParent:"))
    source.write_text(text[:since] + "Since: 5.7.0" + text[since + len("Since: 5.6.0") :], encoding="utf-8")
    os.utime(source, ns=(source.stat().st_mtime_ns - 10_000_000_000,) * 2)
    tree.rename(tmp_path / folder)
    _api_twice_to_a_dead_stderr(tmp_path, folder)


@pytest.mark.parametrize("arguments", [["check"], ["check", "--list-rules"], ["diff", "--format", "json", "generator/sample", "generator/sample"], ["--help"]])
def test_a_report_to_a_closed_stdout_is_lost_work(arguments: list[str]) -> None:
    """Review: a closed stdout was given /dev/null, so check and diff ended 0 with
    their report lost; a report is their work: 1, as when the reader went away."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        preexec_fn=functools.partial(os.close, 1),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "virt-apigen: error" not in result.stderr
