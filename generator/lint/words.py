"""What the text rules look for in one doc text, and a memo of it.

The functions here are pure and per text: the symbol-like words of a text
(``unknown-symbol``), its ``@name`` references (``param-ref-unknown``), its
doubled words (``doubled-word``) and its parenthesis balance, with the paren
that breaks it (``unbalanced-parens``).  They are the costly half of ``check`` (tens of
milliseconds over libvirt's docs), and they need only the text, not the model, so :class:`TextFacts` can compute them early: ``check``
feeds it the doc texts the raw-file scan already found while the C parser
still runs in its child process (idle time on the second core), and the
rules then look each text up.  A text the scan did not foresee is computed
when a rule asks, with the same functions, so results never depend on
whether that head start happened.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

MENTION_RE = re.compile(r"(?:vir[A-Z]|VIR_)[\w*]*")
REFERENCE_RE = re.compile(r"@(\w+)")
CORRECT_DOUBLES = frozenset({"that", "had", "long"})  # "long long" is a C type
LIST_MARK_RE = re.compile(r"(?:^\s*|(?<=[.:;] )|(?<=[.:;]  ))(?:\d{1,2}|[a-z])\)", re.MULTILINE)


def mentions(text: str) -> Iterator[str]:
    """Symbol-like words of ``text``, each once, in order."""
    seen: set[str] = set()
    for match in MENTION_RE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_*"):
            continue  # inside another word: _virFoo, xvirFoo
        word = match.group(0)
        if word not in seen:
            seen.add(word)
            yield word


def references(text: str) -> Iterator[str]:
    """The names of ``text``'s ``@name`` references, in order."""
    if "@" not in text:
        return
    for match in REFERENCE_RE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.@/"):
            continue  # an address (user@host) or an XPath attribute (//disk/@index), not a reference
        yield match.group(1)


def doubled_pairs(text: str) -> Iterator[str]:
    """Each doubled word of ``text`` as ``"word word"``."""
    words = text.split()
    following = words[1:]
    # C-speed prefilter: only pairs whose second word starts with the first
    # (every doubled pair does) reach the Python test; the docs hold ~80,000 pairs.
    for index in itertools.compress(range(len(following)), map(str.startswith, following, words)):
        first, second = words[index], following[index]
        if (second == first or (len(second) == len(first) + 1 and second[-1] in ".,;:!?)")) and (
            first.isalpha() and first.lower() not in CORRECT_DOUBLES
        ):
            yield f"{first} {first}"


def paren_scan(text: str) -> tuple[int, int | None]:
    """(balance, fault): the balance is 0 when balanced, -1 when a ')' closes
    nothing, else how many '(' stay open; the fault is the offset of that first
    stray ')', else of the first '(' left open (None when balanced)."""
    if text.count("(") == text.count(")") and text.find(")") >= text.find("("):
        return 0, None  # the usual case, decided at C speed; the scan below would agree
    marks = {match.end() - 1 for match in LIST_MARK_RE.finditer(text)}
    opened: list[int] = []
    for match in re.finditer(r"[()]", text):  # the parens only: a text may be 20,000 characters
        offset = match.start()
        if text[offset] == "(":
            opened.append(offset)
        elif offset not in marks:
            if not opened:
                return -1, offset
            opened.pop()
    return len(opened), opened[0] if opened else None


def paren_balance(text: str) -> int:
    """0 when balanced, -1 when a ')' closes nothing, else how many '(' stay open."""
    return paren_scan(text)[0]


def paren_needle(text: str, offset: int) -> str:
    """The paren at ``offset`` with up to two words of its line, on the side away
    from where its partner should be (``(by calling``, ``the architecture)``),
    else on the other side: what ``check`` looks for to place the finding.  It
    holds no quote, so a message can quote it."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : len(text) if end < 0 else end]
    at = offset - start
    after = " ".join(line[at:].split()[:2]).split("'")[0]  # the paren's own word and the next
    before = " ".join(line[: at + 1].split()[-2:]).split("'")[-1]
    if text[offset] == "(":
        return after if len(after) > 1 or len(before) <= 1 else before
    return before if len(before) > 1 or len(after) <= 1 else after


_Rest = tuple[tuple[str, ...], tuple[str, ...], int, int | None]  # references, doubled pairs, balance, its fault
# TextFacts.learnt(texts): per text (in order) its mentions and rest (None: not learnt), and the close matches
Learnt = tuple[list[tuple[str, ...] | None], list[_Rest | None], dict[str, tuple[list[str], str | None]]]
_T = TypeVar("_T")


def _rest(text: str) -> _Rest:
    return (tuple(references(text)), tuple(doubled_pairs(text)), *paren_scan(text))


def _mentions(text: str) -> tuple[str, ...]:
    return tuple(mentions(text))


class TextFacts:
    """The per-text results above, memoized by the text itself.

    The symbol-like words are kept apart from the rest so that they can be
    learnt first: the closest-name guesses ahead need them (symbols.py).
    """

    def __init__(self) -> None:
        self._mentions: dict[str, tuple[str, ...]] = {}
        self._rest: dict[str, _Rest] = {}
        # unknown-symbol's closest matches found ahead: word -> (candidates, closest); see symbols.py
        self.close_matches: dict[str, tuple[list[str], str | None]] = {}

    def mentioned(self) -> set[str]:
        """Every symbol-like word of the texts learnt so far."""
        return {word for words in self._mentions.values() for word in words}

    def mentions(self, text: str) -> tuple[str, ...]:
        found = self._mentions.get(text)
        if found is None:
            found = self._mentions[text] = _mentions(text)
        return found

    def _rest_of(self, text: str) -> _Rest:
        found = self._rest.get(text)
        if found is None:
            found = self._rest[text] = _rest(text)
        return found

    def references(self, text: str) -> tuple[str, ...]:
        return self._rest_of(text)[0]

    def doubled(self, text: str) -> tuple[str, ...]:
        return self._rest_of(text)[1]

    def balance(self, text: str) -> int:
        return self._rest_of(text)[2]

    def fault(self, text: str) -> int | None:
        """The offset of the paren that unbalances ``text`` (see :func:`paren_scan`)."""
        return self._rest_of(text)[3]

    def learnt(self, texts: list[str]) -> Learnt:
        """What is known of ``texts``, by position: for a process that holds the
        same list (cheaper to send than the texts themselves)."""
        return [self._mentions.get(text) for text in texts], [self._rest.get(text) for text in texts], self.close_matches

    def adopt(self, texts: list[str], learnt: Learnt) -> None:
        """Take what another process learnt of the same ``texts`` (see :meth:`learnt`)."""
        mentions, rest, close_matches = learnt
        for text, words, others in zip(texts, mentions, rest, strict=True):
            if words is not None:
                self._mentions[text] = words
            if others is not None:
                self._rest[text] = others
        self.close_matches.update(close_matches)

    def learn_mentions(self, texts: Iterable[str], stop: Callable[[], bool], every: int = 64) -> int:
        """Only the symbol-like words of ``texts``, as :meth:`learn` does."""
        return _learn(texts, stop, every, self._mentions, _mentions)

    def learn(self, texts: Iterable[str], stop: Callable[[], bool], every: int = 64) -> int:
        """Compute every fact of ``texts`` until ``stop()`` says the time is up
        (asked every ``every`` texts); returns how many texts were learnt."""
        def every_fact(text: str) -> _Rest:
            self.mentions(text)
            return _rest(text)

        return _learn(texts, stop, every, self._rest, every_fact)


def _learn(texts: Iterable[str], stop: Callable[[], bool], every: int, known: dict[str, _T], compute: Callable[[str], _T]) -> int:
    learnt = 0
    for text in texts:
        if text and text not in known:
            known[text] = compute(text)
            learnt += 1
            if learnt % every == 0 and stop():
                break
    return learnt
