"""Exact positions and per-line suppressions, from the text of the inputs.

The model locates a doc by where its comment starts (or by the node it sits
next to); a finding about one word of that doc is more useful on the word's
own line.  :func:`refine` moves such a diagnostic to the nearest occurrence of its
first quoted word ('...' in the message): on its line, then to the end of
the comment when the line opens or continues one, then backward (a doc
comment above a macro or enum).  :func:`suppressed` tells whether the (refined) line,
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
REFINED_RULES = frozenset({"unknown-symbol", "param-doc-unknown", "param-ref-unknown", "doubled-word", "since-malformed"})


def _needle(message: str) -> str | None:
    match = NEEDLE_RE.search(message)
    return match.group(1) if match is not None else None


def _word_finder(needle: str) -> Callable[[str], int]:
    """A search for ``needle`` not inside a longer word: the column, or -1."""
    tail_bounded = needle[-1:].isalnum() or needle[-1:] == "_"
    if any(char.isspace() for char in needle):  # words may be spaced differently in the file
        body = r"\s+".join(re.escape(word) for word in needle.split())
        pattern = re.compile(r"(?<![\w@])" + body + (r"(?![\w])" if tail_bounded else ""))

        def search(line: str) -> int:
            match = pattern.search(line)
            return -1 if match is None else match.start()

        return search

    def find(line: str) -> int:
        # the regex above without compiling one per needle (str.isalnum() is \w less '_')
        start = line.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not (start and (line[start - 1].isalnum() or line[start - 1] in "_@")) and not (
                tail_bounded and end < len(line) and (line[end].isalnum() or line[end] == "_")
            ):
                return start
            start = line.find(needle, start + 1)
        return -1

    return find


def _find(lines: Sequence[str], start: int, needle: str) -> tuple[int, int] | None:
    """(line index, column index) of ``needle`` near ``lines[start]``; words may be spaced differently."""
    search = _word_finder(needle)
    first = lines[start]
    in_comment = first.count("/*") > first.count("*/") or first.lstrip().startswith("*")
    for index in range(start, len(lines) if in_comment else start + 1):
        column = search(lines[index])
        if column >= 0:
            return index, column
        if "*/" in lines[index]:
            break
    for index in range(start - 1, max(start - BACKWARD_LINES, 0) - 1, -1):
        column = search(lines[index])
        if column >= 0:
            return index, column
    return None


def refine(diagnostic: Diagnostic, lines: Sequence[str] | None) -> Diagnostic:
    needle = _needle(diagnostic.message) if diagnostic.rule in REFINED_RULES else None
    location = diagnostic.location
    if lines is None or needle is None or not 0 < location.line <= len(lines):
        return diagnostic
    found = _find(lines, location.line - 1, needle)
    if found is None:
        return diagnostic
    return replace(diagnostic, location=replace(location, line=found[0] + 1, col=found[1] + 1))


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
