"""Exact positions and per-line suppressions, from the text of the inputs.

The model locates a doc by where its comment starts (or by the node it sits
next to); a finding about one word of that doc is more useful on the word's
own line.  :func:`refine` moves such a diagnostic to the nearest occurrence of its
first quoted word ('...' in the message): on its line, then to the end of
the comment when the line opens or continues one, then backward (a doc
comment above a macro or enum).  Quoted words may be spaced differently in
the file and may run onto the next comment line (``will`` / `` * will``): the
finding then points at the first word.  An ``unbalanced-parens`` finding
quotes the paren with a word or two beside it and points at the paren.  :func:`suppressed` tells whether the (refined) line,
or the line above it, carries a suppression comment::

    virt-apigen: ignore                      every rule on that line
    virt-apigen: ignore rule-a, rule-b       only these rules

Both are pure: the caller passes the file's lines (``None`` when unreadable).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..diagnostics import Diagnostic

NEEDLE_RE = re.compile(r"'([^']+)'")
SUPPRESS_RE = re.compile(r"virt-apigen:\s*ignore\b([^*\n]*)")
RULE_NAME_RE = re.compile(r"[a-z][a-z0-9-]*")
BACKWARD_LINES = 300


# rules whose message quotes a word of the doc text first
REFINED_RULES = frozenset({"unknown-symbol", "param-doc-unknown", "param-ref-unknown", "doubled-word", "since-malformed", "unbalanced-parens", "flags-enum"})
# between two words of a needle: spaces, or a line break and the next line's comment leader
_GAP = r"\s+(?:\*\s+)?"


def _needle(message: str) -> str | None:
    match = NEEDLE_RE.search(message)
    return match.group(1) if match is not None else None


Span = tuple[int, int]


def _word_finder(needle: str) -> tuple[Callable[[str], Span | None], bool]:
    """A search for ``needle`` not inside a longer word: its span, or None; and
    whether the search should see the next line too (needles of several words)."""
    tail_bounded = needle[-1:].isalnum() or needle[-1:] == "_"
    if any(char.isspace() for char in needle):  # words may be spaced differently in the file
        body = _GAP.join(re.escape(word) for word in needle.split())
        pattern = re.compile(r"(?<![\w@])" + body + (r"(?![\w])" if tail_bounded else ""))

        def search(line: str) -> Span | None:
            match = pattern.search(line)
            return None if match is None else match.span()

        return search, True

    def find(line: str) -> Span | None:
        # the regex above without compiling one per needle (str.isalnum() is \w less '_')
        start = line.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not (start and (line[start - 1].isalnum() or line[start - 1] in "_@")) and not (
                tail_bounded and end < len(line) and (line[end].isalnum() or line[end] == "_")
            ):
                return start, end
            start = line.find(needle, start + 1)
        return None

    return find, False


def _find(lines: Sequence[str], start: int, needle: str) -> tuple[int, Span] | None:
    """(line index, span in that line) of ``needle`` near ``lines[start]``; a span
    may end past the line when the needle runs onto the next one."""
    search, two_lines = _word_finder(needle)
    head = needle.split(None, 1)[0]  # a match starts with it: lines without it are skipped at C speed

    def at(index: int) -> Span | None:
        line = lines[index]
        if not two_lines or index + 1 >= len(lines):
            return search(line)
        if head not in line:
            return None
        span = search(line + "\n" + lines[index + 1])
        return span if span is not None and span[0] < len(line) else None

    first = lines[start]
    in_comment = first.count("/*") > first.count("*/") or first.lstrip().startswith("*")
    for index in range(start, len(lines) if in_comment else start + 1):
        span = at(index)
        if span is not None:
            return index, span
        if "*/" in lines[index]:
            break
    for index in range(start - 1, max(start - BACKWARD_LINES, 0) - 1, -1):
        span = at(index)
        if span is not None:
            return index, span
    return None


def _column(diagnostic: Diagnostic, needle: str, line: str, span: Span) -> int:
    """Where the finding points in the line: the needle's start, or for a stray
    or unclosed paren, the paren itself (first or last character of the needle)."""
    start, end = span
    if diagnostic.rule != "unbalanced-parens":
        return start
    paren = ")" if "closes a ')'" in diagnostic.message else "("
    last = needle.endswith(paren) if paren == ")" else not needle.startswith(paren)
    return end - 1 if last and end <= len(line) else start


def refine(diagnostic: Diagnostic, lines: Sequence[str] | None) -> Diagnostic:
    needle = _needle(diagnostic.message) if diagnostic.rule in REFINED_RULES else None
    location = diagnostic.location
    if lines is None or needle is None or not 0 < location.line <= len(lines):
        return diagnostic
    found = _find(lines, location.line - 1, needle)
    if found is None:
        return diagnostic
    index, span = found
    column = _column(diagnostic, needle, lines[index], span)
    return replace(diagnostic, location=replace(location, line=index + 1, col=column + 1))


def _ignores(line: str, rule: str) -> bool:
    if "virt-apigen" not in line:
        return False
    match = SUPPRESS_RE.search(line)
    if match is None:
        return False
    rules = RULE_NAME_RE.findall(match.group(1))
    return not rules or rule in rules


def suppressed(diagnostic: Diagnostic, lines: Sequence[str] | None) -> bool:
    line = diagnostic.location.line
    if lines is None or not 0 < line <= len(lines):
        return False
    return any(_ignores(lines[index], diagnostic.rule) for index in (line - 1, line - 2) if index >= 0)
