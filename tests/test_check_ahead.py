"""check's work done ahead (while the C parser runs) changes the time taken, never a finding.

The CLI learns per-text facts, reads file lines and guesses closest names
from the raw-file scan before the model exists (generator/lint/words.py,
generator/lint/symbols.py); these tests give it complete, wrong and empty
head starts and compare with a run that had none.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_check import LIBVIRT_9_COUNTS

from generator import background
from generator.background import Background
from generator.cli import main
from generator.cli_check import findings
from generator.diagnostics import Diagnostic, ordered
from generator.fastpath import Terminated
from generator.frontend import load_tree
from generator.lint.locate import refine
from generator.lint.symbols import close_matches_ahead
from generator.lint.texts import Context, known_names
from generator.lint.words import TextFacts
from generator.model import Location


def _learnt(texts: list[str]) -> TextFacts:
    facts = TextFacts()
    assert facts.learn(texts, lambda: False) == len({t for t in texts if t})
    return facts


@pytest.mark.parametrize("guess", ["exact", "misleading", "empty"])
def test_closest_names_guessed_ahead_change_no_finding(libvirt_tree: Path, guess: str) -> None:
    result = load_tree(libvirt_tree)
    plain = findings(result, libvirt_tree, [])
    texts = [doc.text for doc in Context.of(result.api).texts]
    facts = _learnt(texts)
    names = set(known_names(result.api))
    if guess == "misleading":  # one letter more than every mentioned word: a closer match that is not a symbol
        names |= {word + "s" for word in facts.mentioned()} | {word[:-1] for word in facts.mentioned()}
    elif guess == "empty":
        names = set()
    close_matches_ahead(facts, names, lambda: False)
    assert facts.close_matches  # the head start happened
    ahead = findings(result, libvirt_tree, [], facts)
    assert ahead == plain
    hints = [d.message for d in plain if "did you mean" in d.message]
    assert len(hints) >= 15  # the comparison covers real suggestions


def test_a_stopped_head_start_learns_less_and_changes_nothing(sample_tree: Path) -> None:
    result = load_tree(sample_tree)
    texts = [doc.text for doc in Context.of(result.api).texts]
    facts = TextFacts()
    learnt = facts.learn(texts, lambda: True, every=4)
    assert learnt == 4
    assert findings(result, sample_tree, [], facts) == findings(result, sample_tree, [])


def test_text_facts_match_the_plain_functions() -> None:
    text = "See virDomainFoo and VIR_BAR_* (twice virDomainFoo); the the end (open"
    facts = _learnt([text])
    assert facts.mentions(text) == ("virDomainFoo", "VIR_BAR_*")
    assert facts.doubled(text) == ("the the",)
    assert facts.balance(text) == 1
    assert facts.balance("a) first. b) second") == 0
    assert facts.balance("closes) first (") == -1
    # the paren that breaks the balance, learnt with it
    assert facts.fault(text) == text.index("(open")
    assert (facts.fault("closes) first ("), facts.fault("a) first. b) second")) == (6, None)


def test_cli_on_libvirt_9_counts_as_the_library(libvirt_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI path forks the parser and learns ahead; its counts are the pinned ones."""
    assert main(["check", "--srcdir", str(libvirt_tree), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == LIBVIRT_9_COUNTS


@pytest.mark.parametrize(
    "needle,line,column",
    [
        ("virFoo", "x virFoo y", 2),
        ("virFoo", "x _virFoo virFoo", 10),  # inside a word first
        ("virFoo", "@virFoo virFooBar virFoo.", 18),
        ("VIR_A_*", "VIR_A_*x", 0),  # a needle ending in '*' has no right boundary
        ("the the", "and the\tthe end", 4),  # words spaced differently
        ("été", "xété été", 5),  # non-ASCII letters are word characters too
        ("virFoo", "nothing here", -1),
    ],
)
def test_word_search_without_regex_agrees_with_the_regex(needle: str, line: str, column: int) -> None:
    assert _placed([line], needle) == ((0, column) if column >= 0 else None)
    body = r"\s+".join(re.escape(word) for word in needle.split())
    pattern = re.compile(r"(?<![\w@])" + body + (r"(?![\w])" if needle[-1].isalnum() or needle[-1] == "_" else ""))
    match = pattern.search(line)
    assert (match.start() if match else -1) == column


def _placed(lines: list[str], needle: str) -> tuple[int, int] | None:
    """(line index, column) where check places a finding quoting ``needle`` made on
    ``lines[0]`` (as a member's, with no doc block of its own), None when it stays put."""
    unplaced = Diagnostic(Location("libvirt-x.h", 1, 999), "warning", f"'{needle}' in the doc of virX doubles a word", "doubled-word")
    placed = refine(unplaced, lines).location
    return None if placed == unplaced.location else (placed.line - 1, placed.col - 1)


def test_word_search_runs_onto_the_next_comment_line() -> None:
    lines = ["/**", " * Each one in the list will", " * will use it.", " */"]
    assert _placed(lines, "will will") == (1, 24)  # the first word, the second on the next line
    assert _placed(lines, "it. will") is None  # not backward across lines in a wrong order
    assert _placed(["/* a b */", "b c"], "b b") is None  # a comment's end stops the forward search


def test_ordered_is_the_dataclass_order() -> None:
    items = [
        Diagnostic(Location(file, line, col), severity, message, rule)
        for file in ("b.h", "a.c") for line in (3, 1) for col in (2, 1)
        for severity in ("warning", "error") for message in ("m2", "m1") for rule in ("r", "")
    ]
    assert ordered(reversed(items)) == sorted(items)


def test_background_ready_tells_when_result_would_not_wait() -> None:
    pending = Background(lambda: time.sleep(0.3) or 42)
    assert not pending.ready()
    time.sleep(0.6)
    assert pending.ready()
    assert pending.result() == 42


def test_facts_learnt_in_a_helper_process_are_the_same(sample_tree: Path) -> None:
    result = load_tree(sample_tree)
    texts = [doc.text for doc in Context.of(result.api).texts] + ["", "virFoo virFoo the the (", "@flags and VIR_X"]
    here = _learnt(texts)
    close_matches_ahead(here, {"virFoa", "VIR_Y"}, lambda: False)
    half = TextFacts()
    half.learn(texts[: len(texts) // 2], lambda: False)

    def rest() -> object:
        half.learn(texts, lambda: False)
        close_matches_ahead(half, {"virFoa", "VIR_Y"}, lambda: False)
        return half.learnt(texts)

    helper = Background(rest)
    adopted = TextFacts()
    adopted.adopt(texts, helper.result())  # type: ignore[arg-type]
    for text in texts:
        if text:
            assert adopted.mentions(text) == here.mentions(text)
            assert (adopted.references(text), adopted.doubled(text), adopted.balance(text)) == (here.references(text), here.doubled(text), here.balance(text))
    assert adopted.close_matches == here.close_matches and here.close_matches
    assert adopted._rest.keys() == here._rest.keys()  # nothing missing, nothing made up


def test_cancelled_background_leaves_no_child() -> None:
    pending = Background(lambda: time.sleep(30) or 1)
    pid = pending.pid
    assert pid  # forked (pytest runs one thread here)
    pending.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # already reaped
    assert pending.pid == 0


def test_check_with_bad_c_leaves_no_helper_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SAMPLE_TREE

    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    header.write_text(header.read_text() + "\nint broken(;\n")
    children_before = _children()
    assert main(["check", "--srcdir", str(tree)]) == 1
    assert "error" in capsys.readouterr().err
    assert _children() == children_before


# A run of check whose helper has just been forked gets a signal (sent from
# _start_helper itself, so the timing is exact); the script then lists the
# children it still has (running or unreaped) in /proc.
_SIGNALLED_CHECK = """
import json, os, signal, sys
from pathlib import Path
from generator import cli_check
from generator.cli import main
from generator.fastpath import stop_on_sigterm

start = cli_check._start_helper
def start_then_signal(*args):
    start(*args)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
cli_check._start_helper = start_then_signal
cli_check._ahead_while_parsing = lambda *args: False  # a helper even on the small sample tree
stop_on_sigterm()
code = main(["check", "--srcdir", sys.argv[1]])
own = str(os.getpid())
def parent_of(process):
    try:  # any process on the machine may exit between listing /proc and reading it
        return (process / "stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return None
children = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and parent_of(p) == own]
print(json.dumps({"code": code, "children": children}))
"""


@pytest.mark.parametrize(("sent", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signalled_check_leaves_no_helper_behind(sample_tree: Path, sent: str, status: int) -> None:
    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_CHECK, str(sample_tree), sent],
        env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True, text=True, check=False, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"code": status, "children": []}
    assert "Traceback" not in done.stderr


def test_a_sigterm_just_after_the_child_is_reaped_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal lands between result()'s waitpid and its caller's cancel(): the pid is not signalled again."""
    pending = Background(lambda: 1)
    pid = pending.pid
    assert pid
    real_waitpid = os.waitpid
    signalled: list[tuple[int, int]] = []

    def reaped_then_terminated(child: int, options: int) -> tuple[int, int]:
        answer = real_waitpid(child, options)
        if options == 0:
            raise Terminated
        return answer

    monkeypatch.setattr(background.os, "waitpid", reaped_then_terminated)
    monkeypatch.setattr(background.os, "kill", lambda child, sent: signalled.append((child, sent)))
    with pytest.raises(Terminated):
        pending.result()
    pending.cancel()  # was: os.kill of the reaped pid, "No such process"
    assert (pending.pid, signalled) == (0, [])


def test_a_signal_during_results_wait_still_reaps_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    pending = Background(lambda: 1)
    pid = pending.pid
    assert pid
    real_waitpid = os.waitpid
    calls: list[int] = []

    def interrupted_once(child: int, options: int) -> tuple[int, int]:
        calls.append(child)
        if len(calls) == 1:
            raise Terminated  # before reaping
        return real_waitpid(child, options)

    monkeypatch.setattr(background.os, "waitpid", interrupted_once)
    with pytest.raises(Terminated):
        pending.result()
    monkeypatch.undo()
    assert calls == [pid, pid]
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped by result() on its way out
    pending.cancel()  # nothing left to do
    assert pending.pid == 0


def test_cancel_of_a_child_gone_already_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    pending = Background(lambda: 1)
    assert pending.pid
    os.waitpid(pending.pid, 0)  # reaped behind its back
    pending.cancel()
    assert pending.pid == 0


def _children() -> set[str]:
    own = os.getpid()
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == own:
                found.add(entry.name)
    return found


def test_a_failing_scan_leaves_no_parse_child(monkeypatch: pytest.MonkeyPatch, sample_tree: Path) -> None:
    from generator.frontend import FrontendError, builder

    def unreadable(tree: object) -> None:
        raise FrontendError("cannot read: Permission denied", "include/libvirt/libvirt.h")

    monkeypatch.setattr(builder, "scan_tree", unreadable)
    before = _children()
    with pytest.raises(FrontendError):
        load_tree(sample_tree)
    assert _children() == before


def test_only_the_text_rules_read_facts_and_they_run_after_facts_ready(libvirt_tree: Path) -> None:
    """lint() runs the other rules while the facts helper may still work; a rule
    that reads facts but is missing from TEXT_RULES would compute them twice."""
    from generator.lint import TEXT_RULES, lint
    from generator.lint.checks import CHECKS

    assert set(TEXT_RULES) <= set(CHECKS)
    ready = []

    class Watched(TextFacts):
        def _rest_of(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], int, int | None]:
            assert ready, "a rule outside TEXT_RULES read the facts"
            return super()._rest_of(text)

        def mentions(self, text: str) -> tuple[str, ...]:
            assert ready, "a rule outside TEXT_RULES read the facts"
            return super().mentions(text)

    result = load_tree(libvirt_tree)
    plain = lint(result.api, result.diagnostics)
    watched = lint(result.api, result.diagnostics, (), Watched(), lambda: ready.append(True))
    assert ready == [True]
    assert watched == plain and len(plain) > 300


@pytest.mark.parametrize("parser_answered", [True, False])
def test_warm_up_either_way_changes_no_finding(libvirt_tree: Path, parser_answered: bool) -> None:
    """The helper forked first (it lists the texts and sends them) or after the
    steps done while parsing (it learns the rest of the parent's list)."""
    from generator.cli_check import _HeadStart, _warm_up
    from generator.frontend import Waiting
    from generator.frontend.builder import scan_tree
    from generator.frontend.tree import discover

    result = load_tree(libvirt_tree)
    plain = findings(result, libvirt_tree, [])
    scans = scan_tree(discover(libvirt_tree))
    scans.prepare_all()
    asked = []

    def parsed() -> bool:
        asked.append(True)
        return parser_answered or len(asked) > 40  # answers part-way through the steps

    ahead = _HeadStart(libvirt_tree)
    _warm_up(Waiting(scans.doc_texts, parsed, tuple(result.inputs), scans.identifiers), ahead)
    assert ahead.helper is not None
    assert (ahead.texts == []) is parser_answered  # the parent listed the texts only when it had time to
    found = findings(result, libvirt_tree, [], ahead.facts, ahead.lines, ahead.learnt)
    assert found == plain and len(plain) > 300


def test_lines_of_files_the_scan_read_are_not_read_again(tmp_path: Path) -> None:
    from generator.cli_check import SourceLines

    lines = SourceLines(tmp_path)  # the file is not on disk: only the scan's text can answer
    lines.known = {"include/libvirt/a.h": "one\ntwo\n"}.get
    assert lines("include/libvirt/a.h") == ["one", "two", ""]
    assert lines("include/libvirt/missing.h") is None


@pytest.mark.parametrize("command", [["check"], ["api", "-o", "OUT"]])
def test_the_parse_starts_before_the_model_is_imported(tmp_path: Path, command: list[str]) -> None:
    """The child that runs cpp and the parser forks as early as it can: the
    model's import (~10 ms of dataclasses) belongs after the fork, in the
    parent's share of the work.  ``--werror``'s import once moved it before."""
    import subprocess
    import sys

    argv = [str(tmp_path / "out") if word == "OUT" else word for word in command]
    code = (
        "import sys, generator.frontend.parallel as parallel\n"
        "real = parallel.start_parse\n"
        "def spy(tree):\n"
        "    print('model imported before the fork:', 'generator.model' in sys.modules, file=sys.stderr)\n"
        "    return real(tree)\n"
        "parallel.start_parse = spy\n"
        "from generator.cli import main\n"
        f"main({argv!r})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "model imported before the fork: False" in done.stderr, done.stderr
