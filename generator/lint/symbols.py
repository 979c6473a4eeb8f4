"""``unknown-symbol``: doc texts that mention a symbol the API does not have.

A mention is a word that starts like a libvirt symbol (``virX...`` with an
upper-case X, or ``VIR_...``) and does not continue another word.  Accepted:

* a known name: every symbol of every module read (a qemu doc may name a
  libvirt type), struct tags and ``.syms`` exports;
* a glob (``VIR_DOMAIN_STATS_*``, ``virDomainLookupBy*()``,
  ``virDomainEvent*DetailType``) matching at least one known name, and a
  prefix ending in ``_`` that starts at least one;
* a plural (``virDomainStatsRecords``) of a known name;
* a template with placeholder words (``VIR_DOMAIN_STATS_nnnnn_COUNT``,
  ``VIR_X_NNN_NAME``: a ``VIR_`` name's word in lower case, or one letter
  three times or more) that, each placeholder read as ``*``, matches a known
  name like a glob.

The suggestion ("did you mean") is a ``VIR_`` name with the same words in
another order, else a ``vir`` name less one of its inner words
(``virInterfaceFree`` for ``virStorageInterfaceFree``), else the closest known
name of about the same length that shares its first or last five characters.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic
from .texts import Context
from .words import TextFacts


def _placeholder(part: str) -> bool:
    """A placeholder word of a ``VIR_`` name: ``nnnnn``, ``mmmmm``, ``NNN``, ``XXX``."""
    return part.isalpha() and (part.islower() or (len(part) >= 3 and part == part[0] * len(part)))


class SymbolIndex:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.sorted = sorted(names)
        self._by_length: dict[int, list[str]] | None = None  # built on the first miss only

    def _of_length(self, length: int) -> list[str]:
        if self._by_length is None:
            self._by_length = {}
            for name in self.sorted:
                self._by_length.setdefault(len(name), []).append(name)
        return self._by_length.get(length, [])

    def exists(self, word: str) -> bool:
        if word in self.names:
            return True
        if "*" in word or word.endswith("_"):
            return self._glob(word)
        if word.endswith("s") and word[:-1] in self.names:
            return True
        if word.startswith("VIR_"):  # only unknown words get here
            parts = word.split("_")
            if any(_placeholder(part) for part in parts[1:]):
                return self._glob("_".join("*" if _placeholder(part) else part for part in parts))
        return False

    def _glob(self, word: str) -> bool:
        prefix = word.split("*", 1)[0]
        pattern = re.compile(".*?".join(re.escape(piece) for piece in word.split("*")) + (".*" if word.endswith("_") else ""))
        start = bisect.bisect_left(self.sorted, prefix)
        for name in self.sorted[start:]:
            if not name.startswith(prefix):
                return False
            if pattern.fullmatch(name):
                return True
        return False

    def candidates(self, word: str) -> list[str]:
        """Known names of about the same length sharing the first or last five characters."""
        return [
            name for length in range(len(word) - 2, len(word) + 3) for name in self._of_length(length)
            if name[:5] == word[:5] or name[-5:] == word[-5:]
        ]

    def suggestion(self, word: str, ahead: dict[str, tuple[list[str], str | None]] | None = None) -> str | None:
        if word.startswith("VIR_"):
            # words in another order: VIR_ERR_INVALID_OPERATION for VIR_ERR_OPERATION_INVALID
            parts = sorted(word.split("_"))
            shuffled = next((n for n in self._of_length(len(word)) if n.startswith("VIR_") and sorted(n.split("_")) == parts), None)
            if shuffled is not None:
                return shuffled
        shorter = self._one_word_less(word)
        if shorter is not None:
            return shorter
        candidates = self.candidates(word)
        guessed = ahead.get(word) if ahead else None
        if guessed is not None and guessed[0] == candidates:
            return guessed[1]  # the same closest match of the same candidates, found ahead
        return closest(word, candidates)


    def _one_word_less(self, word: str) -> str | None:
        """A known name that is a ``vir`` name less one of its inner words:
        virInterfaceFree for virStorageInterfaceFree."""
        if not word.startswith("vir"):
            return None
        starts = [index for index in range(3, len(word)) if word[index].isupper()]  # where each word starts
        for index in range(len(starts) - 1):
            name = word[: starts[index]] + word[starts[index + 1] :]
            if name in self.names:
                return name
        return None


def closest(word: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return close[0] if close else None


def close_matches_ahead(facts: TextFacts, guessed_names: set[str], stop: Callable[[], bool]) -> None:
    """The costly half of the suggestions, done while the C parser runs: for each
    mentioned word the guessed names (every header identifier, every export) do
    not know, its candidates among them and the closest one.  The rule reuses an
    answer only when the real names give the very same candidates, so a wrong
    guess costs time, never a different result."""
    index = SymbolIndex(frozenset(guessed_names))
    for word in sorted(facts.mentioned()):
        if index.exists(word) or word in facts.close_matches:
            continue
        if stop():
            return
        candidates = index.candidates(word)
        facts.close_matches[word] = (candidates, closest(word, candidates))


def unknown_symbols(context: Context) -> Iterator[Diagnostic]:
    index = SymbolIndex(context.names)
    hints: dict[str, str | None] = {}
    for doc in context.texts:
        for word in context.facts.mentions(doc.text):
            if index.exists(word):
                continue
            hint = hints[word] if word in hints else hints.setdefault(word, index.suggestion(word, context.facts.close_matches))
            tail = f"; did you mean '{hint}'?" if hint else ""
            where = "" if doc.part == "doc" else f" ({doc.part})"
            yield Diagnostic(doc.location, "warning", f"'{word}' in the doc of {doc.owner}{where} is not a symbol of this API{tail}", "unknown-symbol")
