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

The suggestion ("did you mean") is a ``vir`` name with one more word taken
from the name of the symbol the doc documents (``virNWFilterBindingCreateXML``
for ``virNWFilterCreateXML`` in virNWFilterBindingGetXMLDesc's doc), else a
``VIR_`` name with the same words in another order, else a ``vir`` name less
one of its inner words (``virInterfaceFree`` for
``virStorageInterfaceFree``), else a ``VIR_`` name with one inner word more
(``VIR_STREAM_RECV_STOP_AT_HOLE`` for ``VIR_STREAM_STOP_AT_HOLE``), else the
closest known name of about the same length that shares its first or last
five characters and is a near miss: less the words the two share at their
start and end, nothing is left of one (a word more or less) or what is left
of the two is spelled alike (:func:`_near_miss`).  No hint is better than another name that merely
shares letters: ``virEventAddHandleFunc`` for ``virEventHandleFreeFunc``
(a word dropped, another added), ``virNWFilterDefineXML`` for
``virNWFilterCreateXML`` (a word for another).

Not reported, though unknown:

* a name whose suggestion is the very symbol the doc documents, when a
  line that mentions it also writes that symbol's name: the doc contrasts the two
  spellings ("VIR_MIGRATE_TUNNELLED should be VIR_MIGRATE_TUNNELED").  A
  misspelling of its own name alone (``virTRunn()`` in virTRun's doc) is
  still reported;
* a name met only in a code example (indented lines that end in ``;``,
  ``{`` or ``}``) with no suggestion at all: examples call helpers of their own (libvirt's
  stream docs use a "hypothetical" ``virConnectUploadFile``).  A near miss
  of a real name in an example is still a typo worth reporting.
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
        self.longest = max(map(len, names), default=0)
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
        if len(word) > self.longest + 64:
            # no known name is within a word or two of it; and the searches below are
            # quadratic in its words (an 80 KB "VIR_VIR_..." took 7 s)
            return None
        if word.startswith("VIR_"):
            # words in another order: VIR_ERR_INVALID_OPERATION for VIR_ERR_OPERATION_INVALID
            parts = sorted(word.split("_"))
            shuffled = next((n for n in self._of_length(len(word)) if n.startswith("VIR_") and sorted(n.split("_")) == parts), None)
            if shuffled is not None:
                return shuffled
        shorter = self._one_word_less(word)
        if shorter is not None:
            return shorter
        longer = self._one_word_more(word)
        if longer is not None:
            return longer
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

    def owners_word_more(self, word: str, owner: str) -> str | None:
        """A known name that is a ``vir`` name with one more word, a word of ``owner``'s name (the symbol
        whose doc mentions it), before one of its own: virNWFilterBindingCreateXML for virNWFilterCreateXML
        in virNWFilterBindingGetXMLDesc's doc, copied from virNWFilterGetXMLDesc's with the name of
        that object's function.  Not any word: elsewhere the same mention may mean another function."""
        if not word.startswith("vir") or not owner.startswith("vir"):
            return None
        extra = sorted({found.group() for found in _WORD_RE.finditer(owner, 3)})
        for at in (found.start() for found in _WORD_RE.finditer(word, 3)):
            for part in extra:
                name = word[:at] + part + word[at:]
                if name in self.names:
                    return name
        return None

    def _one_word_more(self, word: str) -> str | None:
        """A known ``VIR_`` name that is ``word`` with one more inner word:
        VIR_STREAM_RECV_STOP_AT_HOLE for VIR_STREAM_STOP_AT_HOLE (a range of
        the sorted names per place the word could go: check runs this on its
        critical path, where indexing every name first cost ~2 ms)."""
        if not word.startswith("VIR_"):
            return None
        parts = word.split("_")
        underscores = len(parts)  # the longer name has one more
        for index in range(2, len(parts)):  # not right after VIR_: that word names the namespace
            prefix, suffix = "_".join(parts[:index]) + "_", "_" + "_".join(parts[index:])
            at = bisect.bisect_left(self.sorted, prefix)
            while at < len(self.sorted) and self.sorted[at].startswith(prefix):
                name = self.sorted[at]
                if name.endswith(suffix) and name.count("_") == underscores:
                    return name
                at += 1
        return None


# a word of a name: "vir", "NW", "Filter", "XML" of virNWFilterCreateXML; "DOMAIN" of VIR_DOMAIN_PAUSED
_WORD_RE = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def name_words(name: str) -> list[str]:
    """``name``'s words, in lower case (``LifeCycle`` and ``Lifecycle`` then differ by one word's spelling)."""
    return [part.lower() for part in (name.split("_") if "_" in name else _WORD_RE.findall(name))]


def _near_miss(word: str, name: str) -> bool:
    """Whether ``name`` is ``word`` misspelt, not another name sharing most of its letters: less their
    common leading and trailing words, nothing is left of one (a word more or less), or what is left
    of the two is spelled alike (difflib's ratio 0.8, or the same letters in another order: ``Gte``
    for ``Get``; ``LifeCycle`` for ``Lifecycle``, the words compared in lower case).  The
    closest spelling alone took virEventHandleFreeFunc for virEventAddHandleFunc (a word dropped and
    another added) and virNWFilterCreateXML for virNWFilterDefineXML (a word for another)."""
    left, right = name_words(word), name_words(name)
    while left and right and left[0] == right[0]:
        left, right = left[1:], right[1:]
    while left and right and left[-1] == right[-1]:
        left, right = left[:-1], right[:-1]
    if not left or not right:
        return True
    one, other = "".join(left), "".join(right)
    return sorted(one) == sorted(other) or difflib.SequenceMatcher(None, one, other).ratio() >= 0.8


def closest(word: str, candidates: list[str]) -> str | None:
    """The closest of ``candidates`` to ``word`` that is a near miss of it (:func:`_near_miss`)."""
    return next((name for name in difflib.get_close_matches(word, candidates, n=3, cutoff=0.8) if _near_miss(word, name)), None)


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


# an indented line that ends as a C statement or block does: "  f(conn, st);"
CODE_LINE_RE = re.compile(r"^(?: {2,}|\t)\S.*[;{}][ \t]*$", re.MULTILINE)


def _only_in_code(word: str, text: str) -> bool:
    """Whether every mention of ``word`` in ``text`` is on a code example's line."""
    prose = CODE_LINE_RE.sub("", text)
    return word not in prose and word in text


def _contrasted(text: str, word: str, name: str) -> bool:
    """Whether a line of ``text`` that mentions ``word`` writes ``name`` too, as a whole word."""
    whole = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return any(word in line and whole.search(line) for line in text.splitlines())


def symbol_index(context: Context) -> SymbolIndex:
    """The index of ``context``'s names, made once per run."""
    if not context.index:
        context.index.append(SymbolIndex(context.names))
    return context.index[0]


def suggested(context: Context, word: str) -> str | None:
    """The name this rule suggests for ``word``, an unknown one ("did you mean"), computed once per run."""
    hints = context.hints
    return hints[word] if word in hints else hints.setdefault(word, symbol_index(context).suggestion(word, context.facts.close_matches))


def unknown_symbols(context: Context) -> Iterator[Diagnostic]:
    index = symbol_index(context)
    for doc in context.texts:
        for word in context.facts.mentions(doc.text):
            if index.exists(word):
                continue
            hint = index.owners_word_more(word, doc.owner) or suggested(context, word)
            if (hint == doc.owner and _contrasted(doc.text, word, hint)) or (hint is None and _only_in_code(word, doc.text)):
                continue  # the doc contrasts its own name with a misspelling; an example's own helper
            tail = f"; did you mean '{hint}'?" if hint else ""
            where = "" if doc.part == "doc" else f" ({doc.part})"
            yield Diagnostic(doc.location, "warning", f"'{word}' in the doc of {doc.owner}{where} is not a symbol of this API{tail}", "unknown-symbol")
