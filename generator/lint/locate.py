"""Exact positions and per-line suppressions, from the text of the inputs.

The model locates a doc by where its comment starts (a function's ``/**``)
or by the node it documents (an enum by its closing ``} name;``, a member or
a field by its name); a finding about one word of that doc is more useful on
the word's own line, and one about a doc comment as a whole where that
comment is or goes: a ``since-missing`` one at the ``/**`` of the comment
its tag goes into, an ``undocumented-enum`` one at the ``/**`` of the
comment its text goes into (one holding only a tag), else (no comment) at
the start of the declaration (``typedef enum {``), above which it goes
(:func:`_refine_declaration`); a function's with no doc comment at all at
the first line of its definition in a ``.c`` file (:class:`Placer`).  :func:`refine` moves such a diagnostic to the
occurrence of its first quoted word ('...' in the message) in the doc the
message names: every rule of :data:`REFINED_RULES` writes whose doc it is
after that word ("in the doc of OWNER (part)", "of OWNER").  The search
looks, in this order, in:

* the doc comment starting on the finding's line (a function's, or the
  comment holding a macro's or callback's ``@name:`` entries), else the
  ``/** OWNER:`` block the frontend reads as the node's doc
  (:func:`_named_doc`, also used for the findings about a doc as a whole):
  the last above the node, past a struct's body standing between, else the
  first below.  An enum's block sits above its
  members, whose comments may hold the same word: searching back from
  ``} name;`` once found theirs first, and a suppression marker on the
  enum's own line did not work;
* within that comment, from where the message's part starts: ``(@x)`` at
  the ``@x:`` entry, ``(returns)`` at the ``Returns`` line,
  ``(description)`` after the entries; so the same word in three parts gets
  three positions, each suppressible on its own line (else the whole
  comment).  A ``since-malformed`` finding naming no part is a tag of the
  doc itself: in a function's, one left in its Returns text, searched from
  that line too;
* with no such comment (a member's or a field's, a header's top comment):
  the comment on the node's line and those continuing it on the lines
  below, else the comments directly above the node;
* in an API XML file (``check --api-xml``): the element the text was read
  from: an ``<arg>``, the ``<info>``, for ``(returns)`` the ``<return>``;
  its end is found as a parser finds it, so a ``</b>`` in a CDATA doc (9.0.0's
  ``<on_$type>$action</on_$type>``) does not end the ``<info>``.

The search never leaves that doc: a word not found in it leaves the finding
where the model put it, not at the same word in some unrelated comment
above (where that comment's marker would have suppressed it).  Quoted words
may be spaced differently in the file and may run onto the next comment
lines, across blank ones (``will`` / `` * will``, ``is`` / `` *`` /
`` * is``): the finding then points at the first word.  An
``unbalanced-parens`` finding quotes the paren with a word or two beside it
and points at the paren.  An ``xml-character`` finding names its character
(``U+0001``) rather than quoting it (a control character in a message
would garble a terminal): it points at the first such character of that
doc, found as a word is, inside a word too (``name\x01``).  :func:`suppressed` tells whether a
suppression comment covers the (refined) line::

    virt-apigen: ignore                      every rule
    virt-apigen: ignore rule-a, rule-b       only these rules

as clang-tidy's ``NOLINT`` and ``NOLINTNEXTLINE`` do: a marker covers its
own line; one in a comment after code (a member's ``/* ... */``, over up to
:data:`TRAILING_LINES` lines) covers that code's line and the comment's
lines, not the next line (``VIR_X_NONE = 1, /* none */ /* virt-apigen:
ignore since-missing */`` silenced the member below it too); one on a line
of nothing but comment (its own ``/* ... */``, a doc comment's line, the
last line of a comment) covers the next line too.  A line comment (C's
``//``; in a version script, a ``.syms`` file, ld's ``#``) covers the next
line too on a line of its own, its line only after code (a symbol's
``virX; # ...``).  In a header a ``#`` line is a directive, code: a marker
after it covers that line.  In an API XML file, which has no code, a
marker covers the next line when its text runs on there, or when its
comment holds its line alone (``<!-- ... -->``), as in C.

Both are pure: the caller passes the file's lines (``None`` when unreadable).
A run placing many findings refines them through one :class:`Placer`, which
derives each file's text (joined, line offsets, its ``NAME:`` titles, its
enums' bodies) once for the run rather than once per finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING, NamedTuple

from ..clex import BLOCK_COMMENT, CHAR, DOC_TITLE, LINE_COMMENT, STARRED_OPENING, STRING
from ..diagnostics import Diagnostic
from ..model import Api, Location, has_doc_comment
from . import RULES, answers_to

if TYPE_CHECKING:
    from ..frontend.scanner import ScannedFile

NEEDLE_RE = re.compile(r"'([^']+)'")
CHARACTER_RE = re.compile(r"U\+([0-9A-F]{4,6}) ")  # the character an xml-character finding names, first in its message
# whose doc a message is about, after its quoted word: "in the doc of virXRun (@x)", "of virXRun"
SCOPE_RE = re.compile(r"\bof ([\w-]+)(?: \(([^)]*)\))?")
SUPPRESS_RE = re.compile(r"virt-apigen:\s*ignore\b([^*\n]*)")
RULE_NAME_RE = re.compile(r"[a-z][a-z0-9-]*")
_DOC_TITLE_RE = re.compile(DOC_TITLE)  # a doc's title as the frontend's scanner reads one (generator.clex)
_STARRED_OPENING_RE = re.compile(STARRED_OPENING)  # a "/***" block, which the scanner never reads as a doc
ENTRY_RE = re.compile(r"@\s*([\w.]+)\s*:")  # an '@name:' entry, as the frontend's scanner reads one
BLOCK_LINES = 2000  # how far above a node its '/** NAME:' block may start (an enum's members between)
NEAR_LINES = 50  # how far a member's or field's comments may run from its name
DECLARATOR_LINES = 8  # how far below the line naming it a declaration of several names may end
XML_LINES = 5000  # how far an XML element's end may be from the line the node was read at
TRAILING_LINES = 10  # lines a comment after code may run over and still be that code's (libvirt's: 4 at most)
WINDOW = 4  # lines a needle of several words may span: a line break, or blank comment lines, between words


# rules whose message quotes a word of the doc text first
REFINED_RULES = frozenset(
    {"unknown-symbol", "param-doc-unknown", "param-ref-unknown", "doubled-word", "since-malformed", "unbalanced-parens", "flags-enum", "flag-undocumented"}
)
# rules whose message quotes first what the doc lacks, and last the word of the doc it goes beside
# (flag-undocumented: "flag 'X' is missing from the doc of F (description), which describes 'Y' ...")
LAST_NEEDLE_RULES = frozenset({"flag-undocumented"})
# between two words of a needle: spaces, or line breaks each followed by the next line's comment leader
_GAP = r"\s+(?:\*\s+)*"
# the XML elements holding a whole node's docs (a function's <info> and <arg>s)
_XML_NODES = frozenset({"function", "functype", "macro", "typedef", "struct", "variable", "enum"})


# an enum's head, to its body's '{' (no leading '\b': a pattern starting with a literal is looked for at C speed)
_ENUM_RE = re.compile(r"enum\b(?:\s+\w+)?\s*\{")


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` not inside a longer word (no regex compiled per word)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and (text[at - 1].isalnum() or text[at - 1] == "_")) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
            return True
        at = text.find(word, at + 1)
    return False


def _in_comment(text: str, offset: int) -> bool:
    """Whether ``text[offset]`` is inside a ``/* */`` comment, or after a ``//`` on its line."""
    if text.rfind("/*", 0, offset) > text.rfind("*/", 0, offset):
        return True
    return "//" in text[text.rfind("\n", 0, offset) + 1 : offset]


def _closing(text: str, brace: int) -> int:
    """The offset of the ``}`` closing the ``{`` at ``brace`` (the text's end if none),
    braces in comments left out (``/* a { b */``)."""
    depth, at = 0, brace
    while True:
        close = text.find("}", at + 1)
        if close < 0:
            return len(text)
        inner = text.find("{", at + 1, close)
        at = close if inner < 0 else inner
        if _in_comment(text, at):
            continue
        if inner >= 0:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return close


Place = tuple[int, int]  # (line index, column)


class Doc(NamedTuple):
    """A comment titled ``NAME:``: where its ``/*`` stands, and the line of its ``NAME``."""

    line: int
    col: int
    title: int


# a comment left with no text once its blanks and a '*' a line are gone (``/* */``, ``/**  */``, ``//``),
# as the scanner cleans a member's or field's: a wider net (``/* ** */`` too), cast before asking it
_EMPTY_COMMENT_RE = re.compile(r"/\*[\s*]*\*/|//[^\S\n]*\*?[^\S\n]*$", re.MULTILINE)


class FileText:
    """One file's lines and what the locator derives from them once per run,
    each on the first question: the joined text, the comments titled
    ``NAME:``, the enums' bodies (joining a file's lines per finding,
    and looking a name up in the whole text, cost ~30 ms a run on libvirt
    7.0.0), the file scanned as the frontend scans it (only for a file
    holding an empty comment: see :meth:`commented`).  :class:`Placer` keeps
    one per file; the lines are never changed."""

    __slots__ = ("_docs", "_empty", "_enums", "_refiled", "_scanned", "_starts", "_text", "_titled", "lines")

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._text: str | None = None
        self._starts: list[int] | None = None
        self._titled: dict[str, list[tuple[int, int]]] | None = None  # NAME: offsets of each comment's '/*' and NAME
        self._docs: dict[str, list[Doc]] = {}
        self._refiled: dict[Doc, bool] = {}
        self._enums: tuple[list[Place], list[Place], list[Place]] | None = None  # each enum's 'enum', '{' and '}'
        self._empty: bool | None = None  # whether the file may hold an empty comment (see commented)
        self._scanned: ScannedFile | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(self.lines)
        return self._text

    def _place(self, offset: int) -> Place:
        """The place of ``offset`` of :attr:`text`, from the lines' offsets (found once)."""
        if self._starts is None:
            self._starts = list(map(add, accumulate(map(len, self.lines), initial=0), range(len(self.lines) + 1)))
        row = bisect_right(self._starts, offset) - 1
        return row, offset - self._starts[row]

    def docs(self, name: str) -> list[Doc]:
        """The comments titled ``NAME:`` as the frontend's scanner reads a doc's
        title (``/** NAME:``, ``NAME:`` below the ``/**`` line, past blank ``*``
        lines; a ``/*`` comment's too), in order; not one opened with ``/***``,
        a banner's as often, which it never reads as a doc.  Found in one pass
        over the file, with the scanner's own pattern (looking a name up in the
        whole text cost ~60 us a node on a large header), placed when asked for."""
        if self._titled is None:
            titled: dict[str, list[tuple[int, int]]] = {}
            for match in _DOC_TITLE_RE.finditer(self.text):
                if _STARRED_OPENING_RE.match(match.group()) is None:
                    titled.setdefault(match.group(1), []).append((match.start(), match.start(1)))
            self._titled = titled
        docs = self._docs.get(name)
        if docs is None:
            docs = self._docs[name] = [Doc(*self._place(opened), self._place(named)[0]) for opened, named in self._titled.get(name, ())]
        return docs

    def commented(self, name: str, line: int, member: bool) -> bool:
        """Whether the enum member (``member``) or struct field ``name`` named on
        ``line`` (from 1) has a comment where the frontend reads its doc from,
        one holding no text when its doc is empty (``VIR_FOO_A = 1, /* */``).
        Asked of the scanner itself, whose rules for a member's comment (on its
        line, or above it, in an enum documenting its members so) the model
        does not keep; the file is scanned again only when it holds an empty
        comment (none of libvirt's headers does: a scan of the largest costs
        ~45 ms), so the answer is the frontend's at no cost on a tree without one."""
        if self._empty is None:
            self._empty = _EMPTY_COMMENT_RE.search(self.text) is not None
        if not self._empty:
            return False
        if self._scanned is None:
            from ..frontend.errors import FrontendError
            from ..frontend.scanner import scan

            try:
                self._scanned = scan("", self.text)
            except FrontendError:  # the frontend scanned this very text: not seen, and lint's word stands then
                self._empty = False
                return False
        info = self._scanned.member_info(name, line) if member else self._scanned.field_info(name, line)
        return info is not None and info.commented

    def refiled(self, doc: Doc, title: str) -> bool:
        """Whether the builder files ``doc`` (titled ``title``) under the declaration
        right below it (``_place_header_docs``): a ``/**`` comment (blank lines
        at most between) above a typedef, enum, callback type or variable that
        does not declare ``title`` and one of whose names no comment is titled
        with (libvirt 7.0.0's ``virNodeInfoPtr:`` above ``typedef struct
        _virNodeInfo virNodeInfo;``); it then no longer documents ``title``."""
        known = self._refiled.get(doc)
        if known is None:
            known = self._refiled[doc] = self._files_elsewhere(doc, title)
        return known

    def _files_elsewhere(self, doc: Doc, title: str) -> bool:
        lines = self.lines
        if not lines[doc.line].startswith("/**", doc.col):
            return False  # a '/*' comment titled so is read by its name only
        end = next((row for row in range(doc.title, len(lines)) if "*/" in lines[row]), len(lines))
        below = end + 1
        while below < len(lines) and not lines[below].strip():
            below += 1
        if below >= len(lines) or lines[end][lines[end].find("*/") + 2 :].strip() or lines[below].lstrip().startswith(("#", "/*", "//")):
            return False  # code after it on its line, a directive or another comment below: no declaration's
        head = lines[below]
        if _has_word(head, title):
            return False  # its own declaration, nearly always: a name on its first line
        if head.rstrip().endswith("{"):  # a body: its names follow the first '}' opening a line, as libvirt writes it
            closing = next((line for line in lines[below + 1 : below + BLOCK_LINES] if line.lstrip().startswith("}")), "")
            if _has_word(closing, title):
                return False  # '} name;': its own, nearly always
        keywords, _, closes = self._enum_bodies()
        enum = bisect_right(keywords, (below, len(head))) - 1
        if enum >= 0 and keywords[enum][0] == below:  # an enum: its names follow its body's '}'
            row, col = closes[enum]
            names = _declared_names(lines, Start(row, col + 1), row + DECLARATOR_LINES)
        else:
            names = _declared_names(lines, Start(below, len(head) - len(head.lstrip())), below + DECLARATOR_LINES)
        return title not in names and any(not self.docs(name) for name in names)

    def _enum_bodies(self) -> tuple[list[Place], list[Place], list[Place]]:
        """The places of each enum's ``enum`` keyword, body's ``{`` and ``}``, in
        order (enums do not nest), found in one pass over the file; an ``enum {``
        or a brace in a comment is none."""
        if self._enums is None:
            text = self.text
            offsets: list[int] = []  # each enum's three, in turn
            for match in _ENUM_RE.finditer(text):
                at = match.start()
                if (at and (text[at - 1].isalnum() or text[at - 1] == "_")) or (offsets and at < offsets[-1]) or _in_comment(text, at):
                    continue
                offsets += (at, match.end() - 1, _closing(text, match.end() - 1))
            places = [self._place(offset) for offset in offsets]
            self._enums = places[0::3], places[1::3], places[2::3]
        return self._enums

    def definition(self, name: str) -> Start | None:
        """Where the definition of the function ``name`` starts in this ``.c``
        file (the first line of its head: ``int`` above ``virFoo(...)``, where
        its doc goes above), or None: ``name(`` with nothing but type words
        before it on its line, not in a comment, its parameters closed by a
        ``)`` that a ``{`` follows (attributes and comments between).  A call
        has an ``=``, a ``(`` or ``return`` before it or no ``{`` after it."""
        text = self.text
        for match in re.finditer(re.escape(name) + r"\s*\(", text):  # no '\b' first: a literal is looked for at C speed
            at = match.start()
            line_start = text.rfind("\n", 0, at) + 1
            if (at and (text[at - 1].isalnum() or text[at - 1] == "_")) or _HEAD_WORDS_RE.fullmatch(text, line_start, at) is None or _in_comment(text, at):
                continue
            close = _closing_paren(text, match.end() - 1)
            after = _AFTER_HEAD_RE.match(text, close + 1) if close is not None else None
            if after is None or not text.startswith("{", after.end()):
                continue
            row, _ = self._place(line_start)
            while row and _HEAD_LINE_RE.fullmatch(self.lines[row - 1]) is not None:
                row -= 1  # the return type, or a storage class, on lines of their own
            line = self.lines[row]
            return Start(row, len(line) - len(line.lstrip()))
        return None

    def in_enum(self, index: int, column: int) -> bool:
        """Whether ``lines[index][column]`` is inside an enum's body."""
        _, opens, closes = self._enum_bodies()
        body = bisect_right(opens, (index, column)) - 1
        return body >= 0 and (index, column) < closes[body]

    def enum_before(self, index: int, column: int) -> Place | None:
        """The place of the ``enum`` keyword of the enum whose body's ``}`` comes
        right before the name at ``lines[index][column]``, other names between
        at most (``} virFoo, virFooAlias;``); else None."""
        keywords, _, closes = self._enum_bodies()
        body = bisect_right(closes, (index, column)) - 1
        if body < 0:
            return None
        row, at = closes[body]
        if row == index:
            between = self.lines[index][at + 1 : column]
        else:
            between = "\n".join([self.lines[row][at + 1 :], *self.lines[row + 1 : index], self.lines[index][:column]])
        return None if any(mark in between for mark in ";{}()/") else keywords[body]


# what may stand before a definition's name on its line: its type's words ("int ", "const char *"), not
# an '=', a '(' or a 'return' (a call's)
_HEAD_WORDS_RE = re.compile(r"(?![ \t]*return\b)[\w \t*]*")
# a line of nothing but a definition's type words above its name ("int", "static const char *")
_HEAD_LINE_RE = re.compile(r"(?!return\b)[A-Za-z_][\w \t*]*")
# what may stand between a definition's ')' and its '{': blanks, comments, attributes (G_GNUC_UNUSED)
_AFTER_HEAD_RE = re.compile(r"(?:\s+|" + BLOCK_COMMENT + "|" + LINE_COMMENT + r"|(?:__attribute__|G_GNUC_\w+)(?:\s*\((?:[^()]|\([^()]*\))*\))?)*")
_PARENS_RE = re.compile(r"[()]")
PARAMS_CHARS = 4000  # how far a definition's ')' may stand from its '(' (libvirt's longest parameter list: ~400)


def _closing_paren(text: str, opened: int) -> int | None:
    """The offset of the ``)`` closing the ``(`` at ``opened`` (nested ones: a
    callback parameter's), None when it is not closed within :data:`PARAMS_CHARS`."""
    depth = 0
    for paren in _PARENS_RE.finditer(text, opened, opened + PARAMS_CHARS):
        depth += 1 if paren.group() == "(" else -1
        if not depth:
            return paren.start()
    return None


Span = tuple[int, int]
At = Callable[[int], "Span | None"]  # the needle's span starting on line ``index``, or None


def _word_finder(needle: str) -> tuple[Callable[[str], Span | None], bool]:
    """A search for ``needle`` not inside a longer word: its span, or None; and
    whether the search should see the next lines too (needles of several words)."""
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


def _searcher(lines: Sequence[str], needle: str) -> At:
    """The needle's span starting on a line; a span may end past the line when
    the needle runs onto the lines below."""
    search, several = _word_finder(needle)
    words = needle.split()
    head, inner = words[0], frozenset(words[:-1])

    def at(index: int) -> Span | None:
        line = lines[index]
        if not several:
            return search(line)
        if head not in line:
            return None  # a match starts with it: lines without it are skipped at C speed
        span = search(line)
        if span is not None or index + 1 >= len(lines):
            return span
        # a match running onto the next lines ends this one with a word of the needle
        # (not its last): only then join them (this keeps a 414-line comment fast)
        tail = line.rsplit(None, 1)
        if not tail or tail[-1] not in inner:
            return None
        span = search("\n".join(lines[index : index + WINDOW]))
        return span if span is not None and span[0] < len(line) else None

    return at


def _scan(at: At, first: int, last: int) -> tuple[int, Span] | None:
    for index in range(first, last + 1):
        span = at(index)
        if span is not None:
            return index, span
    return None


def _content(line: str) -> str:
    """A comment line without its indentation, ``/*`` and ``*`` leader (and a
    ``*/`` line is blank)."""
    return line.strip().lstrip("/*").lstrip()


def _scan_comment(at: At, lines: Sequence[str], first: int) -> tuple[int, Span] | None:
    """:func:`_scan` from ``first`` to the end of the comment open there.  Every
    walk through a comment stops at its ``*/`` as it goes: finding the end
    first cost 0.4 ms per run on libvirt (one comment runs 414 lines)."""
    for index in range(first, len(lines)):
        span = at(index)
        if span is not None:
            return index, span
        if "*/" in lines[index]:
            break
    return None


def _block(file: FileText, start: int, owner: str, part: str | None) -> int | None:
    """The first text line of the doc comment the finding is about: the one
    starting on line ``start`` (a function's), else the ``/** OWNER:`` block
    the frontend reads as the doc of the node named there (:func:`_named_doc`);
    None when it is not a block of its own (a member's, a field's comment)."""
    if part is not None and part.startswith("field "):
        return None  # the field's own comment, by the field
    if file.lines[start].lstrip().startswith("/*"):
        return start
    named = _named_doc(file, start, owner) if owner else None
    return None if named is None else named.title


def _after_entries(lines: Sequence[str], first: int) -> int:
    """The first text line after the ``@name:`` entries of the doc comment at
    ``first`` (an entry runs on until a blank line or the next entry, as the
    scanner reads it); ``first`` when the comment has no entry."""
    seen = in_entry = False
    for index in range(first, len(lines)):
        line = lines[index]
        content = _content(line)
        if content[:1] == "@" and ENTRY_RE.match(content):
            seen = in_entry = True
        elif not content:
            in_entry = False
        elif seen and not in_entry:
            return index
        if "*/" in line:
            return index if seen else first
    return first


def _part_start(lines: Sequence[str], first: int, part: str | None) -> int:
    """Where the message's part of the doc comment at ``first`` starts."""
    if part is None or not part.startswith(("@", "description", "returns")):
        return first
    if part == "description":
        return _after_entries(lines, first)
    begin = first if part.startswith("@") else _after_entries(lines, first)
    for index in range(begin, len(lines)):
        line = lines[index]
        content = _content(line)
        if part.startswith("@"):
            match = ENTRY_RE.match(content)
            if match is not None and match.group(1) == part[1:]:
                return index
        elif content.startswith("Returns"):
            return index
        if "*/" in line:
            break
    return first


def _comment_open_after(line: str, open_before: bool) -> bool:
    """Whether a comment is still open at the end of ``line``."""
    opened, closed = line.rfind("/*"), line.rfind("*/")
    if opened > closed:
        return True
    return False if closed >= 0 else open_before


def _near(lines: Sequence[str], start: int, at: At) -> tuple[int, Span] | None:
    """The needle in the comments of a node with no doc block of its own (a
    member, a field): on its line and the comments continuing it below when
    that line has one, else in the comments directly above it."""
    found = _scan(at, start, start)
    if found is not None:
        return found
    line = lines[start]
    if "/*" in line or line.lstrip().startswith("*"):
        is_open = _comment_open_after(line, line.lstrip().startswith("*"))
        for index in range(start + 1, min(start + NEAR_LINES, len(lines))):
            text = lines[index]
            if not is_open and not text.lstrip().startswith("/*"):
                break  # code, or a blank line: the comments continuing this one ended
            found = _scan(at, index, index)
            if found is not None:
                return found
            is_open = _comment_open_after(text, is_open)
        return None
    for index in range(start - 1, max(start - NEAR_LINES, 0) - 1, -1):
        stripped = lines[index].strip()
        if not stripped.startswith(("/*", "*")) and not stripped.endswith("*/"):
            break  # code or a blank line: the comments above the node ended
        found = _scan(at, index, index)
        if found is not None:
            return found
    return None


def _character_searcher(lines: Sequence[str], character: str) -> At:
    """The span of ``character`` on a line, wherever it stands (inside a word too:
    ``name\x01``)."""

    def at(index: int) -> Span | None:
        column = lines[index].find(character)
        return None if column < 0 else (column, column + 1)

    return at


def _find_in_doc(file: FileText, lines: Sequence[str], start: int, at: At, owner: str, part: str | None) -> tuple[int, Span] | None:
    """The needle (``at``) in the doc the message names; ``lines``: the file's
    lines, or a copy with a place blanked out (:func:`_next_in_doc`)."""
    first = _block(file, start, owner, part)
    if first is None:
        return _near(lines, start, at)
    begin = _part_start(lines, first, part)
    return _scan_comment(at, lines, begin) or _scan(at, first, begin - 1)


# the sections of an XML file whose text is no markup: a '</' in them ends no element
# ("<on_$type>$action</on_$type>" in a CDATA doc), with what ends each (the last: <!DOCTYPE ...>)
_XML_SECTIONS = (("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?", "?>"), ("<!", ">"))
_XML_TAG_NAME_RE = re.compile(r"[^\s/>]*")
_XML_IN_TAG_RE = re.compile(r"[>'\"]")  # a tag's end, or a quoted value (which may hold '>')

XmlTag = tuple[str, str, int, int]  # kind ("open", "close", "empty"), name, line of its '<', line of its '>'


def _xml_tags(lines: Sequence[str], first: int, column: int, end: int) -> Iterator[XmlTag]:
    """The tags from ``column`` of line ``first`` to line ``end`` (excluded), as
    a parser reads them: not in a CDATA section, a comment or a quoted value."""
    closer = ""  # what ends the section being read ("]]>", "-->", ...); "" outside one
    tag: tuple[str, str, int] | None = None  # the tag being read: kind, name, line of its '<'
    quote = ""  # the quote of the attribute value being read in that tag
    for index in range(first, end):
        line = lines[index]
        at = column if index == first else 0
        while True:
            if quote:
                found = line.find(quote, at)
                if found < 0:
                    break
                at, quote = found + 1, ""
            elif tag is not None:
                match = _XML_IN_TAG_RE.search(line, at)
                if match is None:
                    break
                at = match.end()
                if match.group() != ">":
                    quote = match.group()
                    continue
                kind, name, opened = tag
                tag = None
                yield ("empty" if kind == "open" and line[match.start() - 1 : match.start()] == "/" else kind), name, opened, index
            elif closer:
                found = line.find(closer, at)
                if found < 0:
                    break
                at, closer = found + len(closer), ""
            else:
                found = line.find("<", at)
                if found < 0:
                    break
                section = next((pair for pair in _XML_SECTIONS if line.startswith(pair[0], found)), None)
                if section is not None:
                    at, closer = found + len(section[0]), section[1]
                    continue
                closing = line.startswith("</", found)
                named = _XML_TAG_NAME_RE.match(line, found + 1 + closing)
                at = named.end() if named is not None else found + 1
                tag = ("close" if closing else "open", named.group() if named is not None else "", index)


def _xml_close(tags: Iterator[XmlTag], depth: int) -> int | None:
    """The line of the end tag closing the element ``depth`` levels up (1: the
    element whose start tag was read last), or None."""
    for kind, _, opened, closed in tags:
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth <= 0:
                return opened
        elif depth <= 0:  # an empty element where one was expected
            return closed
    return None


def _xml_element(lines: Sequence[str], start: int, column: int, part: str | None) -> tuple[int, int]:
    """(first, last) line of the XML element holding the part's text, the node
    read at line ``start`` (its ``<`` at ``column``, when that is known): its
    ``<return>`` for ``returns``, the whole node for no part (a function's
    texts: its ``<info>`` and ``<arg>``s), else the element itself (an
    ``<info>``, an ``<arg .../>``).  Tags are read as a parser reads them: a
    ``</b>`` in a CDATA doc once ended the ``<info>`` there, and a word on
    the lines below was left at the ``<info>``."""
    line = lines[start]
    if not (0 <= column < len(line) and line[column] == "<"):
        column = 0
    tags = _xml_tags(lines, start, column, min(len(lines), start + XML_LINES))
    if part == "returns":
        for kind, name, opened, closed in tags:
            if name == "return" and kind != "close":
                last = closed if kind == "empty" else _xml_close(tags, 1)
                return opened, opened if last is None else last
            if kind == "close" and name in ("function", "functype"):
                break
        return start, start
    if part is None:
        last = next((opened for kind, name, opened, _ in tags if kind == "close" and name in _XML_NODES), None)
    else:
        last = _xml_close(tags, 0)
    return start, start if last is None else last


def _xml_escaped(needle: str) -> str:
    """``needle`` as an XML attribute writes it (a CDATA section does not)."""
    return needle.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _find_xml(lines: Sequence[str], start: int, column: int, needle: str, part: str | None) -> tuple[int, Span] | None:
    first, last = _xml_element(lines, start, column, part)
    # as in a CDATA section (a ']]>' split across two), as in escaped text or an attribute
    for written in dict.fromkeys((needle.replace("]]>", "]]]]><![CDATA[>"), _xml_escaped(needle))):
        found = _scan(_searcher(lines, written), first, last)
        if found is not None:
            return found
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


def _refine_character(diagnostic: Diagnostic, file: FileText) -> Diagnostic:
    """An ``xml-character`` finding moved to the character it names
    (``U+0001 in the doc of OWNER (part)``), looked for in that doc as a
    word is.  Not in an API XML file: a parser takes no such character."""
    named = CHARACTER_RE.match(diagnostic.message)
    location, lines = diagnostic.location, file.lines
    if named is None or _is_xml(location.file, lines):
        return diagnostic
    scope = SCOPE_RE.search(diagnostic.message, named.end())
    owner, part = (scope.group(1), scope.group(2)) if scope is not None else ("", None)
    found = _find_in_doc(file, lines, location.line - 1, _character_searcher(lines, chr(int(named.group(1), 16))), owner, part)
    if found is None:
        return diagnostic
    index, (column, _) = found
    return replace(diagnostic, location=replace(location, line=index + 1, col=column + 1))


def _code_only(lines: Sequence[str], first: int, last: int) -> str:
    """``lines[first..last]`` joined, their comments blanked out (columns kept)."""
    inside = _opened_above(lines, first, False) is not None
    code = []
    for line in lines[first : last + 1]:
        comments = _comments(line, inside, False)
        kept, at = [], 0
        for start, end, _ in comments:
            kept.append(line[at : max(start, 0)])
            kept.append(" " * (min(end, len(line)) - max(start, 0)))
            at = min(end, len(line))
        kept.append(line[at:])
        code.append("".join(kept))
        inside = bool(comments) and comments[-1][1] > len(line)
    return "\n".join(code)


_MARKS_RE = re.compile(r"[][(){};,]")  # what a walk back over a declaration's code looks at


class Start(NamedTuple):
    line: int  # index in the file's lines
    col: int  # 0-based


def _first_code(code: Sequence[str], row: int, column: int, last: int, name: int) -> tuple[int, int]:
    """The first character of code from ``code[row][column]`` on, not past the name at ``code[last][name]``."""
    for at in range(row, last + 1):
        begin, end = (column if at == row else 0), (name if at == last else len(code[at]))
        segment = code[at][begin:end]
        blank = len(segment) - len(segment.lstrip())
        if blank < len(segment):
            return at, begin + blank
    return last, name


def _no_code(lines: Sequence[str], index: int, code: str) -> bool:
    """Whether ``lines[index]`` (``code``: its code) ends a declaration above it: no code
    (blank, or comment), a directive, or a directive's continuation line."""
    return not code.strip() or code.lstrip().startswith("#") or (index > 0 and lines[index - 1].rstrip().endswith("\\"))


def _an_item(file: FileText, index: int, column: int) -> bool:
    """Whether the name at ``lines[index][column]`` stands in the body of an enum:
    a member, whose comment stands on its line or right above it, not a
    declaration of its own.  Not a name ending with a ``,`` after an enum's
    ``}`` or in a typedef (``} virFoo, virFooAlias;``, ``typedef struct _virFoo
    virFoo, *virFooPtr;``): each name of those is a declaration's."""
    if file.lines[index].lstrip().startswith("#"):
        return False  # a macro's name
    return file.in_enum(index, column)


def _walk_back(lines: Sequence[str], first: int, code: Sequence[str], column: int, declarators: bool) -> Start | None:
    """The start of the declaration holding the name at ``code[-1][column]``
    (``code``: the file's lines from ``first``, comments blanked out), or None
    when it starts above ``first``.  Brackets closed before the name are
    skipped (``typedef enum { ... } name;``), one opened before it is read
    through (``typedef int (*name)(...)``); the declaration starts after a
    ``;``, a ``,`` or a ``{`` that opens what holds it, or after a line of
    no code (blank, or a comment: its doc), a directive or a file's top.
    With ``declarators``, not after a ``,``: the name is one of a
    declaration's several (``virFooPtr`` of ``typedef struct _virFoo virFoo,
    *virFooPtr;``), whose doc goes above the whole, not a member or a field."""
    last = len(code) - 1
    depth = 0
    after: tuple[int, int] | None = None  # where the declaration's text starts: row, column
    for row in range(last, -1, -1):
        text = code[row]
        index = first + row
        if row < last and not depth and _no_code(lines, index, text):
            after = (row + 1, 0)
            break
        for mark in reversed(list(_MARKS_RE.finditer(text, 0, min(column, len(text)) if row == last else len(text)))):
            at, char = mark.start(), mark.group()
            if char in ")]}":
                depth += 1
            elif char in "([{" and depth:
                depth -= 1
            elif char in "{;," and not depth and not (declarators and char == ","):
                after = (row, at + 1)
                break
        if after is not None:
            break
    if after is None:
        if first:
            return None
        after = (0, 0)  # the file's top
    row, at = _first_code(code, after[0], after[1], last, column)
    return Start(first + row, at)


def _window(lines: Sequence[str], index: int, column: int) -> int:
    """A first guess of the line a declaration named at ``lines[index][column]`` starts
    after: two lines above the one where the brackets closed before the name
    balance, counted on the raw text (comments too), so that the exact walk
    blanks out comments once over the declaration: an enum's members run to
    hundreds of lines (9.0.0's virErrorNumber), most declarations take one or two."""
    depth = 0
    for row in range(index, max(index - BLOCK_LINES, 0) - 1, -1):
        text = lines[row][:column] if row == index else lines[row]
        depth += text.count("}") + text.count(")") - text.count("{") - text.count("(")
        if depth <= 0:
            return max(row - 2, 0)
    return max(index - BLOCK_LINES, 0)


def _declaration_start(file: FileText, index: int, column: int, declarators: bool) -> Start | None:
    """Where the declaration whose name the model locates at ``lines[index][column]``
    starts: a ``typedef enum {`` for its ``} name;``, a ``typedef`` for a
    name on a line below it, a ``# define`` for a macro's name, a field's
    type for a field named on the next line; the place a missing doc comment
    goes above.  A name right after an enum's body is read from its ``enum``
    keyword (the body, blanked of comments line by line, cost ~10 ms a run on
    libvirt 7.0.0), any other from :func:`_window`'s guess, on a wider window
    when a bracket in a comment misled it; None when no start is found within
    :data:`BLOCK_LINES`.  ``declarators``: see :func:`_walk_back`."""
    lines = file.lines
    line = lines[index]
    if line.lstrip().startswith("#"):  # a macro's name, in code: its '#define' (no comment to blank out)
        return Start(index, len(line) - len(line.lstrip()))
    if "}" in line[:column]:  # '} name;': read from the enum's head, if an enum's body closes there
        index, column = file.enum_before(index, column) or (index, column)
    if _starts_here(lines, index, column, declarators):
        head = lines[index][:column]
        if not any(char in head for char in ";,{/"):  # nothing but the declaration's own words before the name
            return Start(index, len(head) - len(head.lstrip()))
    first = _window(lines, index, column)
    while True:
        start = _walk_back(lines, first, _code_only(lines, first, index).split("\n"), column, declarators)
        if start is not None or not first or index - first >= BLOCK_LINES:
            return start
        first = max(index - min(max(8, 8 * (index - first)), BLOCK_LINES), 0)


_TITLE_RE = re.compile(r"(\w+)(:?)")  # a doc comment's first text: 'NAME:', or a bare 'NAME'


def _named_doc(file: FileText, index: int, owner: str) -> Doc | None:
    """The ``/** OWNER:`` comment that the frontend reads as the doc of ``owner``,
    named on line ``index``: of those titled so, the last opened above that
    line, else the first (``LazyDocs.get``), anywhere in the file (a struct's
    may stand above its body, past the ``};`` ending it; an enum located at
    its ``} name;`` has its members between the name and the block).  Not one
    the builder files under the declaration below it (:meth:`FileText.refiled`)."""
    docs = [doc for doc in file.docs(owner) if not file.refiled(doc, owner)]
    above = bisect_right(docs, (index,)) - 1 if docs else -1
    return docs[above] if above >= 0 else next(iter(docs), None)


_CALLBACK_NAME_RE = re.compile(r"\(\s*\*\s*(\w+)\s*\)\s*\(")  # a callback type's '(*name)('
_BODY_RE = re.compile(r"\{[^{}]*\}")  # a body holding no other: blanked out, innermost first
_DECLARATOR_RE = re.compile(r"(?<!\w)(?<!struct )(?<!union )(?<!enum )(\w+)\s*(?=[,;\[])")  # a name before ',' ';' '[', not a tag


def _declared_names(lines: Sequence[str], start: Start, last: int) -> list[str]:
    """The names the declaration starting at ``start`` (ending on line ``last`` at
    the latest) declares: a typedef's, an enum's or a variable's names before a
    ``,`` or its ``;`` (``typedef struct _virFoo virFoo, *virFooPtr;``, ``}
    virFoo, virFooAlias;``), a callback type's ``(*name)``; none for a
    function's prototype, which the builder files no block under."""
    code = _code_only(lines, start.line, min(last, len(lines) - 1))[start.col :]
    count = 1
    while count:
        code, count = _BODY_RE.subn(" ", code)
    cut = code.find(";")
    if cut < 0:
        return []
    code = code[: cut + 1]
    callbacks = _CALLBACK_NAME_RE.findall(code)
    if callbacks:
        return callbacks
    if "(" in code:
        return []  # a function's prototype
    return _DECLARATOR_RE.findall(code)


def _comment_right_above(lines: Sequence[str], start: int, owner: str) -> tuple[int, int, str] | None:
    """(line, column, the name it writes) of a ``/**`` comment (not ``/***``) ending right above line
    ``start`` (blank lines between at most), following no code on its first
    line and titled ``NAME:`` (any name) or ``OWNER``: the comment the frontend
    files as the doc of the declaration below when no block names it
    (``doc-name-mismatch``); not a comment of prose (``/** Memory Statistics Tags: */``)."""
    index = start - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    if index < 0 or not lines[index].rstrip().endswith("*/"):
        return None
    opened = lines[index].rfind("/*", 0, len(lines[index].rstrip()) - 2)
    where = (index, opened) if opened >= 0 else _opened_above(lines, index, False)
    if where is None:
        return None
    line = lines[where[0]]
    if not line.startswith("/**", where[1]) or line.startswith("/***", where[1]) or line[: where[1]].strip():
        return None
    first = next((text for text in (_content(row) for row in lines[where[0] : index + 1]) if text), "")
    title = _TITLE_RE.match(first)
    if title is None or (not title.group(2) and first != owner):
        return None
    return where[0], where[1], title.group(1)


def _comment_above(lines: Sequence[str], start: Start, owner: str, name_column: int, index: int) -> tuple[int, int] | None:
    """(line, column) of a ``/**`` comment right above the declaration of ``owner``
    (starting at ``start``) that the frontend files under it when no block names
    it (not above a macro or a function, whose docs it reads by name only), as
    the builder does: not a block naming another name of the same declaration
    (``/** virFoo:`` above ``typedef struct _virFoo virFoo, *virFooPtr;``
    documents ``virFoo`` only: ``_names_own_declaration``).  With
    :func:`_named_doc`, the doc comment a finding about the doc as a whole points at."""
    if not owner:
        return None
    name = lines[index][name_column:]
    if lines[start.line].lstrip().startswith("#") or (name.startswith(owner) and name[len(owner) :].lstrip().startswith("(")):
        return None
    above = _comment_right_above(lines, start.line, owner)
    if above is None or (above[2] != owner and above[2] in _declared_names(lines, start, index + DECLARATOR_LINES)):
        return None  # a block naming another name of this declaration documents that one only
    return above[0], above[1]


# rules about a doc comment that is missing: placed where the comment goes, at the declaration's start
_MISSING_DOC_RULES = frozenset({"undocumented-function", "undocumented-macro", "undocumented-member", "undocumented-field"})
# rules about a doc comment to complete: placed at its '/**' (as a function's, its doc_start), wherever the name is
_INCOMPLETE_DOC_RULES = frozenset({"undocumented-param", "undocumented-return", "undocumented-description", "undocumented-macro-param"})


# whose doc a doc-wide message is about: "'x' of virFoo has no '@x:'", "'x' of macro VIR_FOO ...", "the doc of virFoo says"
_OWNER_RE = re.compile(r"\bof (?:macro )?(\w+)")
_DECLARATION_RULES = _MISSING_DOC_RULES | _INCOMPLETE_DOC_RULES | {"undocumented-enum", "since-missing"}
# placed at the '/**' of the doc comment the frontend reads for the node, else (none) at the
# declaration's start: where the tag or the text goes ("has no doc text": a comment holding a tag only)
_DOC_OR_START_RULES = frozenset({"since-missing", "undocumented-enum"})
# placed at that '/**' when there is one: the rules above, those of a doc to complete, and a macro's
# "has no doc text" (its '/** NAME:' block holds a tag only; with none, as the other missing docs)
_DOC_FIRST_RULES = _DOC_OR_START_RULES | _INCOMPLETE_DOC_RULES | {"undocumented-macro"}
# the rules whose "has no doc comment" (lint's, which the model cannot tell from an empty comment) is
# untrue when the doc comment the frontend reads for the node is found: it holds no text (see _emptied)
_NO_COMMENT_RULES = frozenset({"undocumented-enum", "undocumented-macro", "undocumented-function"})
# the same, for a member's or a field's comment, which the scanner finds on the item's line or above it
_ITEM_RULES = frozenset({"undocumented-member", "undocumented-field"})
_NO_COMMENT = " has no doc comment"


def _owner(diagnostic: Diagnostic) -> str:
    """The node a doc-wide finding is about: its first quoted name ("'virFoo' has no
    'Since:' tag", "'virFoo' returns int"), or the one after "of" (a parameter's)."""
    after_of = diagnostic.rule in ("undocumented-param", "undocumented-macro-param", "undocumented-description")
    named = (_OWNER_RE if after_of else NEEDLE_RE).search(diagnostic.message)
    return named.group(1) if named is not None else ""


def _starts_here(lines: Sequence[str], index: int, column: int, declarators: bool = False) -> bool:
    """Whether the declaration named at ``lines[index][column]`` plainly starts on
    that line, read from the raw text: no bracket closes before the name there,
    and the line above ends what came before (a ``;``, ``,``, ``{``, a comment,
    a directive, a blank line).  Most members and fields: the walk over their
    code, blanking comments, cost ~3 ms a run on libvirt for nothing.  With
    ``declarators`` (see :func:`_walk_back`) a ``,`` ends nothing.  A comment
    ending the line above ends what came before only when what precedes it
    does (``int /* the result */`` above ``virFoo(...)`` ends nothing); not
    told here when that is no plain code (the exact walk tells)."""
    if any(char in lines[index][:column] for char in ")]}"):
        return False
    above = lines[index - 1].strip() if index else ""
    ends = (";", "{") if declarators else (";", ",", "{")
    if above.endswith("*/"):
        line = lines[index - 1]
        opened = line.rfind("/*", 0, line.rfind("*/"))
        where = (index - 1, opened) if opened >= 0 else _opened_above(lines, index - 1, False)
        if where is None:
            return False
        head = lines[where[0]][: where[1]].rstrip()
        return not head or (head.endswith(ends) and "*/" not in head)
    return not above or above.endswith(ends) or above.startswith(("#", "*", "/*"))


def _refine_declaration(diagnostic: Diagnostic, file: FileText) -> Diagnostic:
    """A finding about a node's doc comment as a whole moved from where the
    model locates the node (its name: ``} name;`` for an enum, the name in
    ``typedef struct _virFoo virFoo;``, in ``# define``, on a typedef's
    second line) to where that comment is or goes: the line an editor
    jumping to the finding should show, and where its suppression marker
    goes.  The model keeps the name's place (the API XML and the other
    outputs give it).

    * ``undocumented-enum``: the ``/**`` line of the doc comment its text
      goes into (one holding a ``Since:`` tag only: "has no doc text"), as
      ``since-missing``, else (no comment) the start of the enum's
      declaration (``typedef enum {``), above which its doc goes;
    * ``since-missing``: the ``/**`` line of the doc comment the tag goes
      into, else (no comment) the declaration's start, as
      ``undocumented-enum``.  The ``/**`` line rather than the end of the
      text, where the tag is written: it is where a function's doc-wide
      findings point (its doc_start), it stays put as the text grows, and a
      marker in a comment of its own above it stays out of the doc's text.
      Not a member (:func:`_an_item`: its comment is on its line or right
      above it) nor a finding already at a comment (a function's doc);
    * :data:`_INCOMPLETE_DOC_RULES`: the doc comment's ``/**`` line, as
      ``since-missing`` (a function's findings are there already, its
      doc_start; a macro's or a callback type's are made at its name);
    * :data:`_MISSING_DOC_RULES`: the declaration's start, as
      ``since-missing`` of a node without doc comment (the ``int`` of ``int
      virFoo(...)``, a field's type, the ``#`` of ``# define``, the
      ``typedef`` above ``(*virFooCallback)(...)``; a member's name), read
      from the raw text when the name plainly starts its line's declaration
      (:func:`_starts_here`).  But an ``undocumented-macro`` whose ``/**
      NAME:`` block holds only a tag ("has no doc text"), or nothing but
      its title (then made "has no doc text": :func:`_emptied`), and a
      callback type's ``undocumented-function`` likewise: that block's
      ``/**`` line, as ``undocumented-enum``'s.  A member's or field's
      comment holding nothing (``VIR_FOO_A = 1, /* */``) is placed as a
      missing one, made "has no doc text" (:meth:`FileText.commented`); a
      field's without comment below another under a group comment, made "is
      not named by the comment above its group" (:func:`_under_group_comment`)."""
    location, rule, lines = diagnostic.location, diagnostic.rule, file.lines
    index, column = location.line - 1, max(location.col - 1, 0)
    if _is_xml(location.file, lines) or lines[index].startswith("/*", column):
        return diagnostic
    if rule in _ITEM_RULES and diagnostic.message.endswith(_NO_COMMENT) and file.commented(_owner(diagnostic), location.line, rule == "undocumented-member"):
        diagnostic = _emptied(diagnostic)  # placed as a missing one: the comment is on the item's line or above it
    elif rule == "undocumented-field" and diagnostic.message.endswith(_NO_COMMENT) and _under_group_comment(lines, index):
        diagnostic = replace(diagnostic, message=diagnostic.message[: -len(_NO_COMMENT)] + _NOT_NAMED_BY_GROUP)
    if rule == "since-missing" and _an_item(file, index, column):
        return diagnostic
    # a callback type's (a function's own doc, in its header when no .c file documents it, would have
    # made it documented): placed at its empty comment as a macro's, when there is one
    empty = rule in _NO_COMMENT_RULES and diagnostic.message.endswith(_NO_COMMENT)
    to_doc = rule in _DOC_FIRST_RULES or empty
    return _at_doc_or_declaration(diagnostic, file, index, column, to_doc, empty)


def _at_doc_or_declaration(diagnostic: Diagnostic, file: FileText, index: int, column: int, to_doc: bool, empty: bool) -> Diagnostic:
    """``diagnostic``, at a name (line ``index`` + 1, 0-based ``column``),
    moved for :func:`_refine_declaration`: to its node's doc comment when
    it goes there (``to_doc``: a block named for the node, else the comment
    above the declaration), made "has no doc text" there when ``empty``;
    else to the declaration's start.

    Comments are left out of the declaration (a member's may write ``{``);
    no start found (an API XML file, a declaration longer than
    :data:`BLOCK_LINES`) leaves the finding where it was."""
    rule, lines = diagnostic.rule, file.lines
    if to_doc:
        # a named block needs no walk over the declaration (an enum's members): most such findings have one
        owner = _owner(diagnostic)
        named = _named_doc(file, index, owner) if owner else None
        if named is not None:
            return _placed(_emptied(diagnostic) if empty else diagnostic, named.line, named.col)
    if rule in _MISSING_DOC_RULES and not lines[index][:column].strip() and _starts_here(lines, index, column):
        return diagnostic  # the name starts its line and its declaration: most members
    start = _declaration_start(file, index, column, rule not in ("undocumented-member", "undocumented-field"))
    if start is None:
        return diagnostic
    doc = _comment_above(lines, start, _owner(diagnostic), column, index) if to_doc else None
    if doc is None:
        return _placed(diagnostic, start.line, start.col)
    return _placed(_emptied(diagnostic) if empty else diagnostic, doc[0], doc[1])


# a field declaration alone on its line: "unsigned long long memTotal;", "char field[VIR_X_LENGTH];", maybe
# with a comment after it (group 1: a suppression marker alone documents nothing, so the run goes on)
_BARE_FIELD_RE = re.compile(r"[ \t]*[A-Za-z_][\w \t*\[\]]*;[ \t]*(?:/\*(.*)\*/[ \t]*|//(.*))?$")
_MARKER_ALONE_RE = re.compile(r"\s*virt-apigen:\s*ignore\b[\w\s,-]*")
_MARKER_LINE_RE = re.compile(r"[ \t]*(?:/\*(.*)\*/|//(.*))[ \t]*$")  # a comment alone on its line: maybe a marker alone
_NOT_NAMED_BY_GROUP = " is not named by the comment above its group; name it there, or give it a comment of its own"


def _under_group_comment(lines: Sequence[str], index: int) -> bool:
    """Whether the field on line ``index`` is below another one in a run of fields
    right under a comment on lines of its own, no blank line between ("/* As above,
    but only tracking guest memory progress */" over ``memTotal``, ``memProcessed``,
    ``memRemaining`` of virDomainJobInfo).  The scanner gives that comment to the
    run's first field (as apibuild.py does), so the others have no doc in any output:
    an ``undocumented-field`` finding all the same, but "has no doc comment" was
    untrue of them.  Not a comment after a field on its line, which is that field's
    (``int *credtype; /* List of ... */`` documents not ``ncredtype`` below it): a
    field with one ends the run (its fields are documented one by one), unless it
    is a suppression marker alone, which documents nothing (one on a line of its own
    is passed over, as the frontend passes it over).  Nor a comment holding no text."""
    row = index - 1
    while row >= 0 and index - row <= NEAR_LINES:
        field = _BARE_FIELD_RE.match(lines[row]) or _MARKER_LINE_RE.match(lines[row])
        comment = None if field is None else field.group(1) or field.group(2)
        if field is None or (comment is not None and not _MARKER_ALONE_RE.fullmatch(comment)):
            break  # a field with a doc of its own (fields documented one by one), or a comment
        row -= 1
    if row >= index - 1 or row < 0 or not lines[row].rstrip().endswith("*/"):
        return False
    start = row
    while start >= 0 and row - start <= NEAR_LINES and "/*" not in lines[start]:
        start -= 1
    if start < 0 or "/*" not in lines[start] or lines[start][: lines[start].index("/*")].strip():
        return False
    text = " ".join(lines[start : row + 1]).replace("/*", " ").replace("*/", " ").replace("*", " ")
    return any(c.isalnum() for c in text) and not _MARKER_ALONE_RE.fullmatch(text)


def _emptied(diagnostic: Diagnostic) -> Diagnostic:
    """The "has no doc comment" finding of a node whose doc comment was found
    (:func:`_refine_declaration`) saying what is true: it "has no doc text", as
    lint says of a comment holding only a ``Since:`` tag.  Decided (session 31:
    ``/** VIR_FOO: */`` above a macro was reported as "no doc comment", at that
    very comment): the locator, not the rule, tells, as it alone reads the
    files: the model keeps a macro's, enum's or callback type's doc text and
    version, not whether a comment held neither (the API XML's ``info`` is as
    empty either way).  A member's or a field's comment holding nothing too
    (session 32: :meth:`FileText.commented`)."""
    return replace(diagnostic, message=diagnostic.message[: -len(_NO_COMMENT)] + " has no doc text")


def _placed(diagnostic: Diagnostic, index: int, column: int) -> Diagnostic:
    """``diagnostic`` at ``lines[index][column]``: itself when it is there already.  A
    :class:`Location` made anew: two ``dataclasses.replace`` calls took half of the
    placement's time on libvirt 7.0.0 (its ~1,100 ``since-missing`` moved to a doc)."""
    location = diagnostic.location
    if location.line == index + 1 and location.col == column + 1:
        return diagnostic
    return replace(diagnostic, location=Location(location.file, index + 1, column + 1))


def _is_xml(file: str, lines: Sequence[str]) -> bool:
    """Whether a finding's file is an API XML file: by its text, not its name
    (``--api-xml libvirt-api.xml.orig``, ``<(cat ...)``); a C file never starts with ``<``."""
    return file.endswith(".xml") or (bool(lines) and lines[0].lstrip("\ufeff \t\r").startswith("<"))


# rules about a function's missing doc comment: placed at its .c definition, where libvirt writes its doc
_DEFINITION_RULES = frozenset({"undocumented-function", "since-missing"})


class Placer:
    """:func:`refine` for the findings of one run, each file's :class:`FileText`
    kept from one finding to the next (a file's lines are the same list for
    the run: cli_check's ``SourceLines``).

    Given a reader of the run's files (``sources``), its model (``api``) and
    the files it read (``inputs``), a finding about a function without any
    doc comment (``undocumented-function``, and its ``since-missing``, the
    one reported when that rule is off or silenced) is moved from its
    header's prototype to the first line of its definition in a ``.c`` file
    read (:meth:`FileText.definition`), where libvirt writes a function's
    doc and so where its marker goes (QA, session 30: the finding pointed at
    the header, where no doc goes).  The files searched are the ``.c`` files
    read: first those the docs of that header's functions come from,
    documenting the most first, then one named as the header, then the
    rest.  With none read (headers alone, API XML) or no definition found
    there, the finding stays at the header."""

    def __init__(
        self, sources: Callable[[str], Sequence[str] | None] | None = None, api: Api | None = None, inputs: Sequence[str] = ()
    ) -> None:
        self._files: dict[str, FileText] = {}
        self._sources = sources
        self._api = api
        self._inputs = inputs
        self._undocumented: dict[str, tuple[Location, tuple[str, ...]]] | None = None  # see _definition_files

    def refine(self, diagnostic: Diagnostic, lines: Sequence[str] | None) -> Diagnostic:
        if diagnostic.rule in _DEFINITION_RULES:
            if self._undocumented is None:
                self._undocumented = self._definition_files()
            if diagnostic.subject in self._undocumented:  # rarely: most since-missing are other nodes'
                moved = self._to_definition(diagnostic)
                if moved is not None:
                    return moved
        if lines is None:
            return diagnostic
        return _refine(diagnostic, self._file(diagnostic.location.file, lines))

    def _file(self, name: str, lines: Sequence[str]) -> FileText:
        file = self._files.get(name)
        if file is None or file.lines is not lines:
            file = self._files[name] = FileText(lines)
        return file

    def _to_definition(self, diagnostic: Diagnostic) -> Diagnostic | None:
        """``diagnostic`` at the start of its function's ``.c`` definition, when it is
        about a function without doc comment and one of the ``.c`` files read defines it."""
        found = self._undocumented.get(diagnostic.subject) if self._undocumented is not None else None
        if found is None or found[0] != diagnostic.location or self._sources is None:
            return None  # a node of the same name, or a function with a doc comment (most since-missing)
        for name in found[1]:
            lines = self._sources(name)
            start = self._file(name, lines).definition(diagnostic.subject) if lines is not None else None
            if start is not None:
                return replace(diagnostic, location=Location(name, start.line + 1, start.col + 1))
        return None

    def _definition_files(self) -> dict[str, tuple[Location, tuple[str, ...]]]:
        """Each function without doc comment: its prototype's place and the ``.c`` files
        to search for its definition, in order (see the class's doc)."""
        if self._api is None or self._sources is None:
            return {}
        functions = [function for module in self._api.modules for function in module.functions]
        bare = [function for function in functions if not has_doc_comment(function)]
        if not bare:
            return {}
        every = sorted(name for name in self._inputs if name.endswith(".c"))
        if not every:
            return {}
        documenting: dict[str, dict[str, int]] = {}  # header -> .c file -> functions of that header it documents
        for function in functions:
            source = function.doc_location.file
            if function.doc_location.line and source.endswith(".c"):
                counts = documenting.setdefault(function.location.file, {})
                counts[source] = counts.get(source, 0) + 1
        found = {}
        for function in bare:
            counts = documenting.get(function.location.file, {})
            # then the file named as the header (libvirt-x.c for libvirt-x.h): a header none of whose functions has a doc yet
            stem = function.location.file.rsplit("/", 1)[-1].split(".", 1)[0]
            own = sorted(counts, key=lambda source: (-counts[source], source))
            rest = sorted((source for source in every if source not in counts), key=lambda source: (source.rsplit("/", 1)[-1] != f"{stem}.c", source))
            found[function.name] = (function.location, (*own, *rest))
        return found


def refine(diagnostic: Diagnostic, lines: Sequence[str] | None) -> Diagnostic:
    """``diagnostic`` moved to the word or the comment it is about (see the module's doc);
    a run refining many findings uses a :class:`Placer`, which reads each file once."""
    return diagnostic if lines is None else _refine(diagnostic, FileText(lines))


def _refine(diagnostic: Diagnostic, file: FileText) -> Diagnostic:
    location, lines = diagnostic.location, file.lines
    if not 0 < location.line <= len(lines):
        return diagnostic
    if diagnostic.rule == "xml-character":
        return _refine_character(diagnostic, file)
    if diagnostic.rule in _DECLARATION_RULES:
        return _refine_declaration(diagnostic, file)
    quoted = NEEDLE_RE.search(diagnostic.message) if diagnostic.rule in REFINED_RULES else None
    if quoted is None:
        return diagnostic
    needle = quoted.group(1) if diagnostic.rule not in LAST_NEEDLE_RULES else NEEDLE_RE.findall(diagnostic.message)[-1]
    scope = SCOPE_RE.search(diagnostic.message, quoted.end())
    owner, part = (scope.group(1), scope.group(2)) if scope is not None else ("", None)
    xml = _is_xml(location.file, lines)
    nth = _OCCURRENCE_RE.fullmatch(diagnostic.subject) if diagnostic.rule == "param-ref-unknown" else None
    if nth is not None:
        return _at_occurrence(diagnostic, file, needle, owner, nth.group(1), int(nth.group(2)), xml)
    if part is None and diagnostic.rule == "since-malformed" and _tag_after_returns(lines, location.line - 1, location.col - 1, xml):
        part = "returns"  # see _tag_after_returns
    if xml:
        found = _find_xml(lines, location.line - 1, location.col - 1, needle, part)
    else:
        found = _find_in_doc(file, lines, location.line - 1, _searcher(lines, needle), owner, part)
        if found is not None and diagnostic.rule == "since-malformed" and _SECOND_TAG in diagnostic.message:
            found = _next_in_doc(file, location.line - 1, needle, owner, part, found)
    if found is None:
        return diagnostic
    index, span = found
    column = _column(diagnostic, needle, lines[index], span)
    return replace(diagnostic, location=replace(location, line=index + 1, col=column + 1))


# param-ref-unknown's subject when the rule excused an '@name' of the doc: the part and which
# '@name' of it (from 0) is reported (params._place)
_OCCURRENCE_RE = re.compile(r"(.+)#(\d+)")


def _at_occurrence(diagnostic: Diagnostic, file: FileText, needle: str, owner: str, part: str, skip: int, xml: bool) -> Diagnostic:
    """``diagnostic`` at the needle's ``skip``-th place (from 0) in ``part`` of the doc: the rule
    excused the ones before it (a code example's line, another function's sentence), where the
    first place found would have sent the user, and a marker silenced the excused line instead.
    Left where it was when the part holds fewer."""
    location = diagnostic.location
    lines: Sequence[str] = file.lines
    start, column = location.line - 1, location.col - 1
    while True:
        found = _find_xml(lines, start, column, needle, part) if xml else _find_in_doc(file, lines, start, _searcher(lines, needle), owner, part)
        if found is None:
            return diagnostic
        index, (begin, end) = found
        if not skip:
            return replace(diagnostic, location=replace(location, line=index + 1, col=begin + 1))
        skip -= 1
        line = lines[index]
        end = min(end, len(line))
        lines = [*lines[:index], line[:begin] + " " * (end - begin) + line[end:], *lines[index + 1 :]]


# since-malformed's message for a tag written again after the one the frontend read
_SECOND_TAG = "is a second 'Since:' tag"


def _tag_after_returns(lines: Sequence[str], start: int, column: int, xml: bool) -> bool:
    """Whether an unlabelled ``since-malformed`` finding is searched for from
    the doc's ``Returns`` line, as a ``(returns)`` one is.  In a function's
    doc the rule labels a tag left in an entry or the description, not one
    left in the Returns text (the function's own tag, read from there too:
    see :mod:`.since`), so an unlabelled one stands after that line; searched
    from the comment's top, it would be placed at the same text in an entry or the
    description, or at the tag read there for a second tag.  A doc with no
    Returns line (an enum's, a macro's) is searched from its top as before.
    In an API XML file only a finding in a function's or callback's element
    (at its start or its ``<info>``): the search for a ``<return>`` stops at
    such an element's end only."""
    if not xml:
        return True
    line = lines[start]
    if not (0 <= column < len(line) and line[column] == "<"):
        column = 0
    for kind, name, _, _ in _xml_tags(lines, start, column, min(len(lines), start + XML_LINES)):
        if kind != "open" and name in _XML_NODES:  # nodes do not nest: the first to end holds the finding
            return name in ("function", "functype")
    return False


def _next_in_doc(file: FileText, start: int, needle: str, owner: str, part: str | None, first: tuple[int, Span]) -> tuple[int, Span]:
    """The needle's next place in the doc after ``first``: a second ``Since:`` tag
    written as the first is (``Since: 0.0.3`` twice) was placed at the first, the
    one read, where a marker could not silence it (QA, session 26).  The first
    is blanked out, columns kept, and the doc searched again; ``first`` when
    the needle stands there once only, or again only above it: the search
    starts at the part's line, so with the tag read above it (in a function's
    description, the second after its Returns line) ``first`` is the second
    already, and the one found above was the tag read."""
    index, (begin, end) = first
    lines = file.lines
    line = lines[index]
    end = min(end, len(line))
    masked = [*lines[:index], line[:begin] + " " * (end - begin) + line[end:], *lines[index + 1 :]]
    found = _find_in_doc(file, masked, start, _searcher(masked, needle), owner, part)
    return found if found is not None and (found[0], found[1][0]) > (index, begin) else first


class Marker(NamedTuple):
    """A marker of a line: its column, and where its rule list ends (the line,
    and the column of the list's last line's first name; the marker's own
    line and column when the list does not go on)."""

    column: int
    last: int
    last_column: int


def _marker(lines: Sequence[str], at: int, rule: str) -> Marker | None:
    """The marker of ``lines[at]`` when it silences ``rule``, else None.

    Its rule list may go on over the comment's next lines (up to
    :data:`MARKER_LINES`): a line holding nothing but names of rules (commas
    and spaces between, a leading ``*`` and a closing ``*/`` or ``-->``
    aside) continues it, as long as the marker's comment, a ``/*`` or an
    ``<!--`` one, is still open.  Decided (session 31: the names of the
    second line silenced nothing, and ``ignore`` alone on its line with
    the list below it silenced every rule): such a line is part of the
    list, read as a name of a rule only when every word of it is one, so
    that a comment going on in words (``ignore since-missing`` then
    `` * a sentinel``) is read as before."""
    line = lines[at]
    if "virt-apigen" not in line:
        return None
    match = SUPPRESS_RE.search(line)
    if match is None:
        return None
    rules = RULE_NAME_RE.findall(match.group(1))
    last, last_column = at, match.start()
    if _still_open(line, match.end()):
        for below in range(at + 1, min(at + 1 + MARKER_LINES, len(lines))):
            text = lines[below]
            closed = min((found for found in (text.find("*/"), text.find("-->")) if found >= 0), default=-1)
            names = _rule_names(text[:closed] if closed >= 0 else text)
            if names is None:
                break
            rules += names
            last, last_column = below, len(text) - len(text.lstrip(" \t*"))
            if closed >= 0:
                break
    if rules and not any(name in rules for name in answers_to(rule)):
        return None
    return Marker(match.start(), last, last_column)


MARKER_LINES = 4  # comment lines a marker's rule list may go on over (libvirt has ~40 rules: one line holds ten)


def _still_open(line: str, end: int) -> bool:
    """Whether the marker ending at column ``end`` of ``line`` stands in a
    block comment (``/* ... */``, ``<!-- ... -->``) that its line leaves open."""
    rest = line[end:]
    if "*/" in rest or "-->" in rest:
        return False
    head = line[:end]
    if "//" in head:
        return False  # a line comment ends with its line; the next one is a comment of its own
    return head.rfind("/*") > head.rfind("*/") or head.rfind("<!--") > head.rfind("-->") or ("/*" not in head and "<!--" not in head)


def _rule_names(text: str) -> list[str] | None:
    """The rule names ``text`` (a comment line, its leading ``*`` aside) holds, when it holds nothing else."""
    words = text.strip().lstrip("*").replace(",", " ").split()
    return words if words and all(word in RULES for word in words) else None


# what starts a comment outside one, with the literals a comment opener in them does not start:
# C's '//' and '/*'; in a version script (.syms), GNU ld's '#' and '/*' (ld has no '//' comment)
_C_OPENERS_RE = re.compile(f"{STRING}|{CHAR}|//|/\\*")
_SYMS_OPENERS_RE = re.compile(r"#|/\*")

Comment = tuple[int, int, bool]  # start, end and whether it runs to the end of its line ('//', '#')


def _comments(line: str, inside: bool, hashes: bool) -> list[Comment]:
    """The comments of ``line``, in order.  ``inside``: the line starts in a
    ``/* ... */`` opened above, whose part here starts at -1; one still open
    at the line's end ends past it (``len(line) + 1``).  ``hashes``: the
    file is a version script, where ``#`` starts a comment (in C, a
    directive: code)."""
    found: list[Comment] = []
    at = 0
    if inside:
        close = line.find("*/")
        if close < 0:
            return [(-1, len(line) + 1, False)]
        found.append((-1, close + 2, False))
        at = close + 2
    openers = _SYMS_OPENERS_RE if hashes else _C_OPENERS_RE
    while (match := openers.search(line, at)) is not None:
        token = match.group()
        if token == "/*":
            close = line.find("*/", match.end())
            at = len(line) + 1 if close < 0 else close + 2
            found.append((match.start(), at, False))
        elif token in ("//", "#"):
            found.append((match.start(), len(line), True))
            break
        else:
            at = match.end()  # a literal: a '/*' or '//' in it is text
    return found


def _starts_inside(text: str) -> bool:
    """Whether ``text``, read alone, starts inside a comment: a ``*/`` before
    any ``/*`` closes one (outside a literal, C has no other use for it)."""
    closed, opened = text.find("*/"), text.find("/*")
    return closed >= 0 and not 0 <= opened < closed


def _is_code(text: str, hashes: bool) -> bool:
    """Whether ``text`` (part of a line) holds anything outside comments."""
    at, rest = 0, []
    for start, end, _ in _comments(text, _starts_inside(text), hashes):
        rest.append(text[at : max(start, 0)])
        at = end
    rest.append(text[at:])
    return bool("".join(rest).strip())


def _opened_above(lines: Sequence[str], index: int, hashes: bool) -> Span | None:
    """(line, column) of the ``/*`` of a comment that ``lines[index]`` starts
    in, or None: the nearest line above opening or closing one decides
    (comments do not nest).  A ``/*`` in a literal or in a ``//`` or ``#``
    comment decides nothing (``# see /* below`` in a version script)."""
    for above in range(index - 1, max(index - BLOCK_LINES, 0) - 1, -1):
        line = lines[above]
        if "/*" not in line and "*/" not in line:
            continue
        inside = _starts_inside(line)
        comments = [comment for comment in _comments(line, inside, hashes) if not comment[2]]
        if not inside and not comments:
            continue  # its '/*' is a literal's or a line comment's: text
        if comments and comments[-1][1] > len(line) and comments[-1][0] >= 0:
            return above, comments[-1][0]
        return None
    return None


def _covered(lines: Sequence[str], index: int, column: int, hashes: bool) -> range:
    """The lines a marker at column ``column`` of ``lines[index]`` covers (see
    :func:`suppressed`)."""
    above = _opened_above(lines, index, hashes)
    line = lines[index]
    holding = next((c for c in _comments(line, above is not None, hashes) if c[0] <= column < c[1]), None)
    if holding is None:  # not in a comment (a string's, a stray one): its line
        return range(index, index + 1)
    opened, _, to_end = holding
    if to_end:
        # a '//' or '#' comment after code is that code's; on a line of its own, it is about the next line too
        return range(index, index + (1 if _is_code(line[:opened], hashes) else 2))
    start, start_column = (index, opened) if opened >= 0 or above is None else above
    close = line.find("*/", column)
    if _is_code(lines[start][:start_column], hashes):
        # a comment after code (a member's) is that code's: its lines, not the next line
        last = index
        while close < 0 and last + 1 < min(start + TRAILING_LINES, len(lines)):
            last += 1
            close = lines[last].find("*/")
        return range(start, last + 1) if close >= 0 and index < start + TRAILING_LINES else range(index, index + 1)
    if close >= 0 and _is_code(line[close + 2 :], hashes):
        return range(index, index + 1)  # code follows the comment on its line
    return range(index, index + 2)


def _xml_covered(lines: Sequence[str], index: int, column: int) -> range:
    """An API XML file has no code lines: a marker covers the next line when its
    text runs on there (nothing after it on its line ends an element or a tag),
    or when it stands in a comment holding its line alone (a ``<!-- ... -->``
    of its own, or the last line of one running over several), as a C
    comment of its own does: written above a finding's line, as the docs
    show it for C, a closed ``<!-- -->`` silenced nothing (QA, session 30)."""
    line = lines[index]
    rest = line[column:]
    if "<" not in rest and ">" not in rest:
        return range(index, index + 2)
    closing = rest.find("-->")
    if closing < 0 or rest[closing + 3 :].strip() or "<" in rest[:closing] or ">" in rest[:closing]:
        return range(index, index + 1)
    head = line[:column]
    opened = head.rfind("<!--")
    if opened >= 0:
        own = not head[:opened].strip() and "-->" not in head[opened:]
    else:
        own = "<" not in head and ">" not in head and _xml_comment_open_above(lines, index)
    return range(index, index + (2 if own else 1))


def _xml_comment_open_above(lines: Sequence[str], index: int) -> bool:
    """Whether ``lines[index]`` starts inside an XML comment opened above: the
    nearest line above opening or closing one decides (comments do not nest)."""
    for above in range(index - 1, max(index - BLOCK_LINES, 0) - 1, -1):
        line = lines[above]
        opened, closed = line.rfind("<!--"), line.rfind("-->")
        if opened >= 0 or closed >= 0:
            return opened > closed
    return False


def suppressed(diagnostic: Diagnostic, lines: Sequence[str] | None) -> bool:
    line = diagnostic.location.line
    if lines is None or not 0 < line <= len(lines):
        return False
    index, rule = line - 1, diagnostic.rule
    if "virt-apigen" in lines[index] and _marker(lines, index, rule) is not None:
        return True
    if _is_xml(diagnostic.location.file, lines):
        for at in range(max(index - 1 - MARKER_LINES, 0), index):
            marker = _marker(lines, at, rule)
            if marker is not None and (
                index in _xml_covered(lines, at, marker.column) or index in _xml_covered(lines, marker.last, marker.last_column)
            ):
                return True
        return False
    # markers are rare: one test of the lines whose marker could cover this one; a line further
    # than the line above shares a comment after code with it, which no comment token then ends,
    # or ends a marker's rule list going on over lines (see _marker)
    above, here = lines[index - 1] if index else "*/", lines[index]
    first = max(index - TRAILING_LINES + 1, 0) if "/*" not in above and "*/" not in above else max(index - 1 - MARKER_LINES, 0)
    last = index + 1 if here.rfind("*/") > here.rfind("/*") else min(index + TRAILING_LINES, len(lines))
    if "virt-apigen" not in "\n".join(lines[first:last]):
        return False
    hashes = diagnostic.location.file.endswith(".syms")  # the frontend reads a version script by that name only
    for at in range(first, last):
        marker = _marker(lines, at, rule) if at != index else None
        if marker is not None and (
            index in _covered(lines, at, marker.column, hashes)
            or (marker.last != at and index in _covered(lines, marker.last, marker.last_column, hashes))
        ):
            return True
    return False
