"""Lint a libvirt API: catch in CI what code review catches by eye.

Reads a tree (--srcdir), explicit files, or exported API XML (--api-xml),
like the api command (default: the embedded sample tree), and prints one
gcc-style line per finding: FILE:LINE:COL: SEVERITY: MESSAGE [RULE].
Exit codes: 0 no error (warnings and notes allowed), 1 an error (or a
warning with --werror) or unreadable input, 2 a usage error (a --srcdir
that is not a folder is one).  A finding is
silenced by --disable RULE or by a comment "virt-apigen: ignore [RULE,...]"
on its line or the line above.  See docs/check.md.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from .fastpath import report, say

TYPE_CHECKING = False  # importing typing costs 2.5 ms before the parser can start; mypy honours this spelling
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .background import Background
    from .diagnostics import Diagnostic
    from .frontend import FrontendError, Result, Waiting
    from .lint.words import Learnt, TextFacts

HELP = "lint the API docs, since-versions and .syms files"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="explicit inputs: headers, .c files, .syms files, protocol .x files")
    parser.add_argument("--srcdir", metavar="TREE", help="a libvirt source tree (default: the embedded sample tree)")
    parser.add_argument("--api-xml", action="append", metavar="FILE", help="check an exported libvirt-api.xml instead of sources (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (gcc style, default) or json")
    parser.add_argument("--disable", action="append", default=[], metavar="RULE", help="skip a rule (repeatable, or comma-separated)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="RULE", help="run these rules alone (repeatable, or comma-separated; --disable still applies)"
    )
    parser.add_argument("--werror", action="store_true", help="warnings fail the run too")
    parser.add_argument("--list-rules", action="store_true", help="print every rule with its severity and exit (those --only and --disable leave)")


def _rule_names(values: list[str], option: str = "--disable") -> list[str]:
    """The rules ``--disable`` (or ``--only``) names; a value naming none (``--disable ""``,
    mostly an unset shell variable) is a usage error, like an empty path option."""
    from .cli import UsageError

    names = []
    for value in values:
        named = [name.strip() for name in value.split(",") if name.strip()]
        if not named:
            raise UsageError(f"{option} names no rule: {value!r} (see --list-rules)")
        names.extend(named)
    return names


def _list_rules(disabled: list[str]) -> int:
    """Every rule a run with these options would apply (``--only`` and
    ``--disable`` filter the list as they filter the run: listing them all
    with ``--only X`` answered another question than the one asked)."""
    from .lint import RULES

    width = max(map(len, RULES))
    listing = "".join(f"{name:<{width}} {severity:<8} {description}\n" for name, (severity, description) in RULES.items() if name not in disabled)
    return report(lambda: sys.stdout.write(listing), 0)


class _HeadStart:
    """What ``_warm_up`` learns while the C parser runs (and a helper after it).

    :func:`run` cancels the helper however the run ends (``finally``): only
    cancelling it on bad input left it running after SIGTERM or Ctrl-C, the
    parent gone with exit status 143 or 130."""

    def __init__(self, base: Path | None) -> None:
        self.facts: TextFacts | None = None  # made in the warm-up: its module compiles regexes on import
        self.lines = SourceLines(base)
        self.helper: Background[tuple[list[str] | None, Learnt]] | None = None
        self.texts: list[str] = []  # the doc texts, in the order of the helper's answer (unless it lists them)
        self.files: tuple[str, ...] = ()  # the input files, whose lines findings are placed in

    def learnt(self) -> TextFacts | None:
        """The facts, including the helper's once it answers (reading the
        input files' lines while it has not: they are needed next)."""
        if self.helper is not None and self.facts is not None:
            for file in self.files:
                if self.helper.ready():
                    break
                self.lines(file)
            listed, learnt = self.helper.result()
            self.facts.adopt(self.texts if listed is None else listed, learnt)
            self.helper = None
        return self.facts

    def cancel(self) -> None:
        if self.helper is not None:
            self.helper.cancel()
            self.helper = None


def _never() -> bool:
    return False


def _distinct(texts: Iterable[str]) -> list[str]:
    """Each text once, in first-seen order (libvirt's docs repeat about half
    of theirs: the helper's answer is sent per distinct text)."""
    return list(dict.fromkeys(texts))


def _learn_the_rest(facts: TextFacts, texts: list[str] | None, waiting: Waiting) -> tuple[list[str] | None, Learnt]:
    """The helper's work: every fact not learnt yet.  With ``texts`` None the
    helper lists the texts itself and sends the list along (cheaper to send,
    ~1 ms, than for the parent to list them again, ~5 ms)."""
    from .lint.symbols import close_matches_ahead

    listed = _distinct(waiting.doc_texts()) if texts is None else None
    known = listed if listed is not None else texts or []
    facts.learn_mentions(known, _never)
    close_matches_ahead(facts, waiting.identifiers(), _never)
    facts.learn(known, _never)
    return listed, facts.learnt(known)


def _start_helper(ahead: _HeadStart, facts: TextFacts, texts: list[str] | None, waiting: Waiting) -> None:
    from .background import Background

    ahead.helper = Background(lambda: _learn_the_rest(facts, texts, waiting))


def _warm_up(waiting: Waiting, ahead: _HeadStart) -> None:
    """While the C parser runs in its child process: import the rules, then
    work ahead on what needs no model: the lines findings will be located
    in, the symbol-like words of the docs the scan found and the closest
    names of those that look unknown (generator/lint/symbols.py), then the
    other per-text facts (generator/lint/words.py).  Each step stops when
    the parser answers; the facts not learnt by then are left to a helper
    process (a fork of this one, so it starts from what is learnt) that
    works while this one builds the model: the parse child is done, the
    second core is free.  When the parser has answered before the warm-up
    even starts, the helper is forked first thing and lists the texts
    itself: this process then goes straight on to the model."""
    from .lint.words import TextFacts

    facts = ahead.facts = TextFacts()
    ahead.files = waiting.files
    ahead.lines.known = waiting.file_text
    if waiting.parsed():
        _start_helper(ahead, facts, None, waiting)
    from .lint import checks, locate

    del checks, locate
    if ahead.helper is not None:
        return
    texts = ahead.texts = _distinct(waiting.doc_texts())
    if texts and not _ahead_while_parsing(waiting, ahead, facts, texts):
        _start_helper(ahead, facts, texts, waiting)


def _ahead_while_parsing(waiting: Waiting, ahead: _HeadStart, facts: TextFacts, texts: list[str]) -> bool:
    """True when every step finished before the parser answered.  The file
    lines come first: the facts can be left to the helper, the lines cannot."""
    from .lint.symbols import close_matches_ahead

    for file in waiting.files:
        if waiting.parsed():
            return False
        ahead.lines(file)
    facts.learn_mentions(texts, waiting.parsed)
    if not waiting.parsed():
        close_matches_ahead(facts, waiting.identifiers(), waiting.parsed)
    if waiting.parsed():
        return False
    facts.learn(texts, waiting.parsed)
    return not waiting.parsed()  # parsed() never turned back to False: learn() was not stopped


class SourceLines:
    """Each input file's lines, read at most once (None when unreadable); the
    texts the frontend's scan already read (``known``) are not read again.
    API XML files are read too: a finding in an ``info`` text points at its
    word there, as in a header (generator/lint/locate.py)."""

    def __init__(self, base: Path | None) -> None:
        self.base = base
        self.cache: dict[str, list[str] | None] = {}
        self.known: Callable[[str], str | None] | None = None

    def __call__(self, file: str) -> list[str] | None:
        if file not in self.cache:
            self.cache[file] = self._lines(file)
        return self.cache[file]

    def _lines(self, file: str) -> list[str] | None:
        text = self.known(file) if self.known is not None else None
        if text is None:
            path = Path(file) if self.base is None or Path(file).is_absolute() else self.base / file
            if not path.is_file():
                return None  # a FIFO blocks until written to (the frontend reports it "not a file"; fuzz QA, session 36)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
        return text.split("\n")


def findings(
    result: Result,
    base: Path | None,
    disabled: list[str],
    facts: TextFacts | None = None,
    lines: SourceLines | None = None,
    facts_ready: Callable[[], object] | None = None,
) -> list[Diagnostic]:
    """What check reports for a loaded input: every enabled rule's findings, moved to the
    word they are about and without the suppressed ones, sorted.  ``facts`` and
    ``lines`` may hold work done ahead (while parsing); they change only the time
    taken, as does ``facts_ready`` (see :func:`generator.lint.lint`, which also
    says what ``disabled`` holds).  A file
    the model names otherwise than by a path that opens (``result.renamed``)
    is given that path first (:func:`generator.cli.relocated`)."""
    from .cli import relocated
    from .diagnostics import ordered
    from .lint import lint
    from .lint.locate import Placer, suppressed
    from .lint.since import without_repeats

    found = relocated(lint(result.api, result.diagnostics, disabled, facts, facts_ready), result.renamed)
    lines = lines or SourceLines(base)
    # each file's text is derived once for the run; a function's missing doc is placed at its .c definition
    refine = Placer(lines, result.api, result.inputs).refine
    kept = []
    for diagnostic in found:
        moved = refine(diagnostic, lines(diagnostic.location.file))
        if not suppressed(moved, lines(moved.location.file)):
            kept.append(moved)
    return ordered(without_repeats(kept))


def _print(found: list[Diagnostic], base: Path | None, fmt: str, lines: SourceLines | None = None) -> None:
    from .cli import openable

    lines = lines or SourceLines(base)
    shown = [openable(d, base, lines) for d in found]
    if fmt == "json":
        import json

        records = [
            {"file": d.location.file, "line": d.location.line, "col": d.location.col}
            | {"severity": d.severity, "rule": d.rule, "werror": d.promoted, "message": d.message}
            for d in shown
        ]
        json.dump({"diagnostics": records, "counts": _counts(found)}, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return
    sys.stdout.write("".join(f"{diagnostic}\n" for diagnostic in shown))


def _print_fatal_json(error: FrontendError, base: Path | None) -> None:
    """Input that stops the run (a missing file, a C syntax error), as ``--format json`` prints findings:
    one error of rule ``input``; a message about no file in particular (the preprocessor failing) has
    ``"file": ""`` and, like a whole file's finding, line and column 0."""
    from .diagnostics import Diagnostic
    from .model import Location
    from .positions import openable_path

    place = Location(error.file, error.line, error.col) if error.file else Location("", 0, 0)
    # no base without a file: it would make the empty file name the folder's
    _print([Diagnostic(place, "error", error.message_for(lambda file: openable_path(file, base)), "input")], base if error.file else None, "json")


def _counts(found: list[Diagnostic]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for diagnostic in found:
        counts[diagnostic.rule] = counts.get(diagnostic.rule, 0) + 1
    return dict(sorted(counts.items()))


def _summary(found: list[Diagnostic]) -> str:
    severities = [d.severity for d in found]
    parts = [f"{severities.count(s)} {s}{'s' if severities.count(s) != 1 else ''}" for s in ("error", "warning", "note")]
    return "virt-apigen check: " + ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    import gc

    gc.disable()  # one short run over an acyclic model: cyclic collections only cost time
    from .cli import UsageError, frontend_error_line, input_base, load_inputs
    from .frontend import FrontendError
    from .lint import rules_off, unknown_rules

    disable = _rule_names(args.disable)
    only = _rule_names(args.only, "--only")
    unknown = unknown_rules(disable + only)
    if unknown:
        raise UsageError(f"unknown rule '{unknown[0]}' (see --list-rules)")
    disabled = sorted(rules_off(disable, only))
    if args.list_rules:
        return _list_rules(disabled)
    base = input_base(args.files, args.srcdir, args.api_xml)
    ahead = _HeadStart(base)
    try:  # whatever ends the run (bad input, SIGTERM, Ctrl-C, a bug), the helper goes with it
        try:
            result = load_inputs(args.files, args.srcdir, args.api_xml or [], lambda waiting: _warm_up(waiting, ahead))
        except FrontendError as error:
            say(frontend_error_line(error, base))
            if args.format == "json":  # a consumer of the JSON still gets a document to read, naming the error
                return report(functools.partial(_print_fatal_json, error, base), 1)
            return 1
        from .diagnostics import with_werror  # not before the fork: it imports the model (~10 ms)

        found = with_werror(findings(result, base, disabled, ahead.facts, ahead.lines, ahead.learnt), args.werror)
    finally:
        ahead.cancel()  # nothing to do once its answer was read (every run that reads facts)
    code = 1 if any(d.severity == "error" for d in found) else 0
    return report(lambda: _print(found, base, args.format, ahead.lines), code, _summary(found) if args.format == "text" else None)
