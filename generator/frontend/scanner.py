"""Our own scanner for what a C parser throws away: comments and macros.

pycparser only sees preprocessed code, so everything that lives in comments
(doc blocks, enum member docs, struct field docs, ``Since:`` tags), in
``#define`` lines, or in macro names that the preprocessor expands (array
sizes such as ``VIR_TYPED_PARAM_FIELD_LENGTH``, enum initializers as written)
is read here from the raw text.  The scanner tokenizes a file once; the
builder then asks it about a declaration by the line pycparser reported.

Doc-block conventions (libvirt's): a block comment that opens with ``/**``
and whose first non-empty line is ``NAME:`` documents ``NAME``.  Its lines
are cleaned by removing the leading ``*`` run and at most one following space,
so indentation inside code examples survives.  In a ``.c`` file a ``/**``
block right before a function definition documents that function whatever
``NAME`` it writes, and a ``/*`` that is never closed is an error, as is a
``(`` or ``{`` of code the file ends inside (a file cut off in a definition),
a last declaration no ``;`` or ``}`` ends (cut after a head's ``)``) or a
conditional no ``#endif`` closes (cut inside an ``#ifdef``)
(see :class:`LazyDocs`, :func:`_check_closed` and :func:`_check_brackets`
for these decisions).

Two facts the builder takes from here rather than from the parser:

* ``VIR_DEPRECATED`` marks the declaration whose tokens hold it, from the
  token after the ``;``, ``{`` or ``}`` before it to its own ``;`` (a function
  or a struct field; for an enum member, from after the ``,``, ``{`` or ``}``
  before it to its own ``,`` or ``}``), wherever it stands in it: libvirt writes it before the
  return type and after the ``)`` of a declaration's last line.  Lines would
  not do: a declaration spans several, and the next one starts on the line
  after the attribute.
* Columns: every identifier's column as written, by (name, line).  The C
  parser's columns are those of ``cpp``'s output, where the spaces libvirt
  aligns declarations with are squeezed into one (``virConnectOpen`` at 15
  instead of 25) and a pointer declarator starts at its ``*``.

The raw text is read as cpp reads it, where that decides what is a comment:

* A ``/*`` or ``//`` inside a string or character literal opens no comment:
  in a header (the tokenizer takes literals whole), in a macro body
  (``"qemu:///system"`` stays whole) and in a ``.c`` file, where a doc-looking
  comment inside a string documents nothing (see :func:`scan_docs_only`).  As
  in cpp, a literal missing its closing quote ends with its line.
* A CRLF file reads as its LF twin: the ``\r`` before a newline counts as one
  of the spaces gcc allows between a continuing backslash and the newline,
  and a backslash ending the file continues into nothing.
* A header's lines are spliced first, as in C's translation phase 2: a
  backslash before a newline (spaces and a ``\\r`` allowed between, as gcc
  allows them) joins the two lines, anywhere, so ``*\\`` newline ``/`` closes
  a comment, ``/\\`` newline ``*`` opens one, and a name split over two lines
  is one name outside a directive (:func:`_splice`).  Decided: spliced, not refused with a
  diagnostic: the map from the spliced text back to the text as written
  is cheap (a header without a backslash is not searched again, and a
  token is mapped with two comparisons), and
  reading the text as cpp does is what keeps the scanner's doc and
  initializer of a member in step with the parser's declaration of it (a
  comment read past its ``*/`` had swallowed the next member).  Every token
  is placed where it is written (line, column, last line), so diagnostics
  point at the text as written; a directive's extent is the spliced
  one (so a comment inside it that a splice closes ends there), but its
  text is kept as written, its continuations included, and a macro's
  body joins them as before (apibuild.py's way, which 9.0.0's two
  continued ``#define`` lines are compared with): a name a splice splits
  inside a directive, or a comment a splice closes there, stays in the
  macro's text as written, not as cpp reads it (known, left: no libvirt
  header does either); a comment's text is the spliced one, so the offsets inside a doc comment
  count the spliced text.  A ``.c`` file's doc comments are still read
  without splicing (:func:`scan_docs_only`, whose offsets feed the places
  of its own diagnostics): not one of the ``.c`` files documenting the
  API in 7.0.0, 9.0.0 and 11.3.0 holds a backslash-newline, so a splice at
  a ``.c`` doc comment's ``/*`` or ``*/`` is left, knowingly, unread there.
* A UTF-8 byte order mark at the start of a file is skipped, as cpp skips
  it: an editor shows none, so the columns of the first line count from the
  character after it (headers and ``.c`` files alike).
* A header's directive may follow a comment on its line (``/* c */ #
  define VIR_X 2``): cpp turns each comment into a space before it looks
  for directives, so the ``#`` is its line's first token.  Decided
  (session 31: the scanner took a directive at a line's start only, so the
  macro was missing from the model, libvirt-api.xml and ``check`` without
  a word, and what a ``/* c */ #if 0`` hid from the C parser the scanner
  read as live): read as a directive, comment and directive two
  tokens, as cpp reads it and as the C parser (cpp's output) saw it all
  along.  Not as libvirt's apibuild.py does, which reads such a line only
  when no blank stands between the ``*/`` and the ``#`` (with one, it reads
  ``#`` and words as code and lists no macro): what a compiler reads is
  the API, and no libvirt header (7.0.0, 9.0.0, 11.3.0) writes either.
  A ``.c`` file's scan for its doc comments still takes a directive at a
  line's start only (:func:`_check_brackets`).

A ``#line`` directive (``#line N``, ``#line N "file"``, ``# N "file"``) in
a live branch of a header is an error at it (see :func:`_line_directive`).

Macros under preprocessor conditionals (decided): the scanner evaluates no
condition it cannot read off the text, since it has no macro values (a
``#ifdef WIN32`` depends on the compiler that reads the header, not on us).
So only a branch any compiler drops is dead: the one under a literal ``0``
(``#if 0``, ``#elif 0``, with everything nested in it), and the ones after a
literal non-zero branch (the ``#else`` of ``#if 1``); ``#else`` of ``#if 0``
is live.  A ``#define`` in a dead branch defines nothing, as cpp drops the
function declared beside it.  A name defined in several live branches
(``#ifdef X`` / ``#else``, each with its own ``#define``) keeps its last
definition, with the doc block nearest above that one: libvirt's
``apibuild.py`` ignores conditionals and lets each definition overwrite the
one before, so the last one is what the API files have always said.
(Across headers the builder keeps the first header's definition.)

Suppression markers (decided): a comment whose whole text is a marker,
``virt-apigen: ignore`` with nothing after it but rule names (``/*
virt-apigen: ignore undocumented-member */``, ``// virt-apigen: ignore``: see
:func:`marker_comment`), is a note to ``check``, never a doc: not a
member's or a field's (after it on its line, or on a line of its own above
it), not a typedef's, struct's, macro's or function's, not a header's
description.  Where the doc next to or above a declaration is looked for,
such a comment is passed over, so the doc is the one it would be without
the marker: ``VIR_X = 1, /* virt-apigen: ignore undocumented-member */``
keeps the comment above it as its doc, a marker between a member's comment
and the member adds nothing to it, one between a ``/**`` block and the
declaration or ``.c`` definition it documents leaves the block right
before it.  docs/check.md tells users to put markers in exactly these
places, and a marker read as a doc changed what it was placed beside: the
doc and version lost (a ``since-missing`` more), or a doc text where none
is (``undocumented-member`` and ``undocumented-field`` silenced).  A marker
written inside a real doc comment's text (``/* a sentinel:`` then ``*
virt-apigen: ignore since-missing */``) stays part of that doc, as
docs/check.md says.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, NoReturn, Union

from .. import clex
from ..positions import display_column
from .errors import FrontendError

# A comment is matched unrolled (runs of non-'*', then stars) rather than with a
# lazy ".*?": the headers are mostly comments.  The alternatives are tried in
# order of frequency (spaces, words, punctuation...), which only the ones that
# can start with the same character constrain: a directive's indentation
# before spaces, a comment before '/', a number before '.'.  Literals and
# comments are clex's (one spelling for the frontend); a directive runs to
# its line's end, past continuations, comments and literals.  White space
# before an indented directive stops at the line break, so the directive is
# matched at its line's start with its indentation (C asks only that '#' be
# the line's first token): eaten by the white space, it was a lone '#' and
# words, and the macro it defined was lost (~1 ms more on 9.0.0's headers).
# A '#' after a comment on its line starts a directive too (cpp turns each
# comment into a space first): the comment is a token of its own, then the
# directive (preproc_after, see scan), matched only where no other token
# starts, so it costs the tokens nothing (a look-behind for the "*/" on the
# directive's alternative cost 0.5 ms on 9.0.0's headers, ~5%).
_DIRECTIVE_BODY = (
    r"""\#(?:[^\n\\/"']|\\[ \t\r]*(?:\n|\Z)|\\.|//(?:[^\n\\]|\\[ \t\r]*(?:\n|\Z)|\\.)*"""
    + "|" + clex.BLOCK_COMMENT + r"|/(?!\*)|" + clex.STRING + "|" + clex.CHAR
    + r""")*"""
)
_DIRECTIVE = r"^[ \t]*" + _DIRECTIVE_BODY
# A '/*' that no '*/' closes takes the rest of the text as one token: tried only where the closed form failed,
# so a search goes on linearly (without it, every later '/*' scanned to the end again: a header of 400 KB of
# '/* x' lines took 14 s, fuzz QA, session 36).  cpp reports the comment ("unterminated comment"), and a
# .c file's is reported by _check_closed.
_OPEN_COMMENT = r"/\*[\s\S]*"
_TOKEN_RE = re.compile(
    r"""
    (?P<preproc>""" + _DIRECTIVE + r""")
  | (?P<space>\s*\n(?=[ \t]*\#)|\s+)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<comment>""" + clex.BLOCK_COMMENT + "|" + clex.LINE_COMMENT + "|" + _OPEN_COMMENT + r""")
  | (?P<number>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<punct><<=|>>=|\.\.\.|->|\+\+|--|<<|>>|&&|\|\||[<>=!+\-*/%&|^]=|[{}()\[\];,.:?~!<>=+\-*/%&|^])
  | (?P<string>""" + clex.STRING + r""")
  | (?P<char>""" + clex.CHAR + r""")
  | (?P<preproc_after>""" + _DIRECTIVE_BODY + r""")
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)

# GNU's two spellings of an attribute: no part of an enum member's value as written
# (:meth:`ScannedFile._member_info`), dropped by the C parse too (:data:`.fastparse.GNU_ATTRIBUTES`)
GNU_ATTRIBUTES = frozenset({"__attribute__", "__attribute"})

# Same pattern as apibuild.py's, odd optional ".N" digit included: what it captures and cuts out of
# the doc become the version and the doc text in libvirt-api.xml, so any other spelling changes that output.
SINCE_RE = re.compile(r"\(?Since: (\d+\.\d+\.\d+\.?\d?)\)?")


class Token(NamedTuple):  # a tuple: the scanner makes ~100k of them
    kind: str  # comment, preproc, string, char, ident, number, punct, other
    text: str
    line: int
    col: int
    end_line: int
    sentinel: bool  # inside "#ifdef VIR_ENUM_SENTINELS"


@dataclass(frozen=True, slots=True)
class DocBlock:
    """A ``/** NAME: ...`` comment, split into its parts."""

    name: str
    params: tuple[tuple[str, str], ...]  # (name, text joined on one line)
    lines: tuple[str, ...]  # cleaned lines after the @params
    line: int
    col: int
    signature: tuple[str, ...] | None = None  # parameter names of the definition that follows


@dataclass(frozen=True, slots=True)
class MacroDef:
    name: str
    params: tuple[str, ...] | None
    body: str  # whitespace collapsed, comments removed
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What the raw text says about one enum member."""

    expression: str
    doc: str  # cleaned: every line stripped, joined by newlines
    sentinel: bool
    deprecated: bool = False  # VIR_DEPRECATED among its tokens (see _member_deprecated)
    # a comment stands where its doc is read from, whatever it holds: check's locator tells a
    # ``/* */`` ("no doc text") from no comment at all, which the model's empty doc cannot
    commented: bool = False


@dataclass(frozen=True, slots=True)
class FieldInfo:
    array_size: str | None
    doc: str
    deprecated: bool
    commented: bool = False  # as MemberInfo's


# hot paths: compiled once (the re module's own cache costs a lookup per call)
_BLOCK_HEADER_RE = re.compile(r"(\w+):\s*(.*)")
_PARAM_ENTRY_RE = re.compile(r"@\s*([\w.]+)\s*:(.*)")
_COMMENT_RE = re.compile(clex.BLOCK_COMMENT)
# /* ... */ unrolled: runs, not a lazy .*?; or, where that fails, one left open, to the end (no '*/' follows
# it: the rest of the text).  A '/*/' is neither, as before (a look-ahead for a later '*/' there made a file
# of '/*/ x */' lines quadratic: review, session 36)
_BLOCK_COMMENT_RE = re.compile(r"/\*(?!/)[^*]*\*+(?:[^/*][^*]*\*+)*/|/\*(?!/)[\s\S]*")
_LINE_COMMENT_RE = re.compile(r"//[^\n]*")  # in a definition's parameter list, after the block comments went
_POINTER_NAME_RE = re.compile(r"\(\s*\*\s*(\w+)\s*\)")
_WORD_RE = re.compile(r"\w+|\.\.\.")
_NOT_A_NAME_RE = re.compile(r"\[.*?\]|\bG_GNUC_\w+\b")


def clean_doc_lines(body: str) -> list[str]:
    """Each line of a comment's body that is not blank, without its indentation,
    its run of ``*`` and at most one space after it, nor trailing spaces.

    One loop, not a function per line: libvirt's doc blocks have ~16,000 lines."""
    lines: list[str] = []
    append = lines.append
    for raw in body.split("\n"):
        stripped = raw.strip()
        if not stripped:
            continue
        rest = stripped.lstrip("*")
        if len(rest) != len(stripped) and rest[:1] == " ":
            rest = rest[1:]
        append(rest.rstrip())
    return lines


def comment_body(text: str) -> str:
    if text.startswith("//"):
        return text[2:]
    return text[2:-2]


def plain_comment_text(text: str) -> str:
    """A member or field comment as one text.

    Lines are stripped and one leading ``*`` is dropped; the space after that
    ``*`` is kept, which is how libvirt-api.xml has always spelled these.
    """
    lines = []
    for index, raw in enumerate(comment_body(text).split("\n")):
        # the first line keeps its indentation (the space after "/*"), not its trailing blanks, nor a CRLF's "\r"
        line = raw.strip() if index else raw.rstrip()
        # only the first "*" goes, the space after it stays: apibuild.py does so, and libvirt-api.xml holds that text
        if line.lstrip().startswith("*"):
            line = line.replace("*", "", 1)
        lines.append(line)
    return "\n".join(lines).strip()


# A suppression marker and nothing else: the words check's locator reads (generator.lint.locate's
# SUPPRESS_RE), then rule names only, each after a space or a comma (possessive: no backtracking)
_MARKER_ONLY_RE = re.compile(r"virt-apigen:\s*+ignore(?:[\s,]++[a-z][a-z0-9-]*+)*+[\s,]*+")


def marker_comment(text: str) -> bool:
    """Whether the comment ``text`` holds a suppression marker and nothing else
    (``/* virt-apigen: ignore doubled-word */``): no doc of anything (see
    the module docstring)."""
    if "virt-apigen" not in text:  # nearly every comment: no cleaning at all
        return False
    return _MARKER_ONLY_RE.fullmatch(" ".join(clean_doc_lines(comment_body(text))).strip(" *")) is not None


def _is_marker(token: Token) -> bool:
    """Whether ``token`` is a comment holding a suppression marker alone (:func:`marker_comment`)."""
    return token.kind == "comment" and marker_comment(token.text)


def _no_markers(comments: list[Token]) -> list[Token]:
    """``comments`` without the ones holding a suppression marker alone (:func:`marker_comment`)."""
    return [token for token in comments if not _is_marker(token)]


def split_since(text: str) -> tuple[str, str]:
    """Take the first ``Since: X.Y.Z`` tag out of ``text``: (since, text).

    Decided: a tag written inside a sentence closes up behind it, as if
    never written (:func:`_close_up`): ``(SIGSTKFLT on Linux (Since: 1.0.1) )``
    reads ``(SIGSTKFLT on Linux)``, not ``(SIGSTKFLT on Linux  )``.  The one
    such tag of 7.0.0, 9.0.0 and 11.3.0; every other stands at a doc's end
    or on its own paragraph, whose text stays as it was.

    Decided: of two tags the first is the version, wherever each stands
    and whether or not it is in parentheses, and the second stays in the
    text (``check`` reports it: "a second 'Since:' tag; only the first is
    read"), for every doc, an enum member's included.  So a member comment
    ``keep only ones Since: 99.99.99 (Since: 5.6.0)`` reads version 99.99.99
    and keeps ``(Since: 5.6.0)`` in its text.  That is what libvirt 9.0.0's
    ``scripts/apibuild.py`` does (``retrieve_comment_tags``: one
    ``re.search`` of this pattern, the first match taken out), so its
    libvirt-api.xml says the same; preferring a trailing ``(Since: X)`` was
    weighed and not taken: libvirt writes a member's tag both ways (9.0.0's
    ``VIR_MIGRATE_*`` tags are a bare ``Since: X`` on a line of their own), no
    doc of 7.0.0, 9.0.0 or 11.3.0 holds two tags, so nothing shows the first
    to be the wrong one; a comment holding two contradicts itself, which is
    ``check``'s to report, not a guess of ours to hide."""
    match = SINCE_RE.search(text)
    if match is None:
        return "", text.strip()
    return match.group(1), _close_up(text[: match.start()], text[match.end():])


# after a tag taken out, what needs no space before it: a closing bracket or punctuation
_NO_SPACE_BEFORE = frozenset(")]},.;:!?")


def _close_up(before: str, after: str) -> str:
    """``before`` and ``after`` (the text around a removed tag) joined, stripped.

    Only the spaces and tabs touching the tag go: at most one space is put
    back, and none before a closing bracket or punctuation, after an
    opening bracket, or beside a line break (so a tag on a line of its own
    changes no line around it)."""
    left, right = before.rstrip(" \t"), after.lstrip(" \t")
    if not left.strip() or not right.strip():  # the tag began or ended the text: nothing to close up
        return (before + after).strip()
    joint = "" if right[0] in _NO_SPACE_BEFORE or left[-1] in "([{\n" or right[0] == "\n" else " "
    return (left + joint + right).strip()


def parse_doc_block(text: str, line: int, col: int) -> DocBlock | None:
    """Parse a ``/**`` comment; None when it is not a ``NAME:`` doc block."""
    if not text.startswith("/*") or text.startswith("/**/") or text.startswith("//"):
        return None
    # A line with nothing at all on it (not even the '*') is an editing
    # accident, not a paragraph break: libvirt's tools never saw such lines.
    lines = clean_doc_lines(text[2:-2].lstrip("*"))
    while lines and lines[0] == "":
        lines.pop(0)
    if not lines:
        return None
    header = _BLOCK_HEADER_RE.fullmatch(lines[0].lstrip(" \t"))  # more blanks after the '*': see title_fault
    if header is None:
        return None
    name = header.group(1)
    rest = lines[1:]
    if header.group(2):
        rest.insert(0, header.group(2))
    while rest and rest[0] == "":
        rest.pop(0)
    params: list[tuple[str, str]] = []
    while rest and rest[0].startswith("@"):
        match = _PARAM_ENTRY_RE.match(rest[0])
        if match is None:
            break
        pieces = [match.group(2).strip()]
        rest.pop(0)
        while rest and rest[0] != "" and not rest[0].startswith("@"):
            pieces.append(rest.pop(0).strip())
        if pieces[-1].endswith(":"):
            pieces += _indented_block(rest)
        params.append((match.group(1), " ".join(p for p in pieces if p)))
        while rest and rest[0] == "" and len(rest) > 1 and rest[1].startswith("@"):
            rest.pop(0)
    while rest and rest[0] == "":
        rest.pop(0)
    while rest and rest[-1] == "":
        rest.pop()
    return DocBlock(name, tuple(params), tuple(rest), line, col)


# a doc block whose NAME line is "* NAME:" alone, right after the opening or after empty lines (see title_fault)
_plain_title = re.compile(r"/\*\*?[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*\* \w+:[ \t]*\r?\n").match
# the opening of a block whose NAME comes on a later line: its stars
_OPENING_LINE_RE = re.compile(r"/(\*+)[ \t]*\r?\n")


class TitleFault(NamedTuple):
    """What :func:`title_fault` found: ``message`` (a message's end), ``at``
    (the offset in the block of the first fault: the ``*`` of a blank line
    before the NAME line, else the NAME),
    and ``types_read``: whether the only fault is blank `` *`` lines before
    the NAME line, which apibuild.py's reader of a type's comment skips
    (its function and macro readers skip only the ``/**`` line's own ``*``)."""

    message: str
    at: int
    types_read: bool


def title_fault(text: str) -> TitleFault | None:
    """What is wrong with the NAME line of the doc block ``text`` and with
    what stands before it; None when the block opens with ``/**`` alone and
    its NAME line, right after it (empty lines aside), is ``* NAME:`` alone
    (one ``*``, one space, the line's indentation aside), or it is ``/**
    NAME:`` on the opening line (or it has no NAME line).

    Decided: such a block is read as a doc all the same (its name and place
    cannot be mistaken), text after the ``:`` as the description's first
    line with the ``@name:`` entries after it, and reported
    (``doc-name-mismatch``): libvirt's apibuild.py accepts only those two
    forms and fails the build on any other NAME line ("Misformatted function
    comment", "... macro comment", "... type comment": ``/**virFoo:``,
    ``** virFoo:``, ``virFoo:`` with no ``*``, two spaces, a tab).  The
    opening of a ``/*`` comment is not judged: a one-star comment is read as
    a doc only right above its function's definition in a ``.c`` file (see
    :class:`LazyDocs`), and in a header judged only when its NAME line is
    not its first (see :meth:`LazyDocs.misformatted_titles`).

    The same decision for a blank ``*`` line before the NAME line (QA,
    session 28: it left the block out of the docs in silence): apibuild.py's function and
    macro readers skip one lone ``*`` line (the ``/**`` line's own), so
    they drop the block and fail the build; its type reader skips every
    lone ``*`` line and reads it (see :class:`TitleFault`).  So the API
    XML reads a type's, enum's, struct's or variable's doc as apibuild.py
    does, and a function's, callback type's or macro's where apibuild.py
    fails the build.  An empty line (no ``*``) is none: apibuild.py never
    sees it (9.0.0's ``VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MAJOR:`` has
    one after its ``/**``).  In a ``/*`` comment the first blank ``*``
    line stands where a ``/**`` block's opening ``*`` would, as
    apibuild.py reads it: only a second one is a fault.  A block opened
    with ``/***`` on a line of its own is no doc at all (see
    :func:`starred_opening`)."""
    title = _DOC_HEADER_RE.match(text)
    if title is None:
        return None
    name = title.group(1)
    line_start = text.rfind("\n", 0, title.start(1)) + 1
    blank, types_read = _blank_lines_fault(text, line_start, name)
    misspelled = _misspelled_name_line(text, title, line_start)
    goes_on = _name_line_goes_on(text, title)
    faults = [fault for fault in (blank, misspelled) if fault is not None]
    if faults:
        faults[-1] = (faults[-1][0], f"{faults[-1][1]} (read as the doc of {name})")
    if goes_on is not None:
        faults.append(goes_on)
    if not faults:
        return None
    return TitleFault("; and ".join(message for _, message in faults), faults[0][0], types_read and misspelled is None and goes_on is None)


def _blank_lines_fault(text: str, line_start: int, name: str) -> tuple[tuple[int, str] | None, bool]:
    """The fault of blank comment lines before the NAME line starting at
    ``line_start`` (None: none, see :func:`title_fault`), and whether
    apibuild.py's type reader reads the block all the same."""
    opening = _OPENING_LINE_RE.match(text) if line_start else None
    blanks = _blank_star_lines(text, opening.end() if opening is not None else line_start, line_start)
    if opening is not None and len(opening.group(1)) == 1:
        blanks = blanks[1:]  # a "/*" comment's first lone '*' is what a "/**" opening's is
    if not blanks:
        return None, False
    spelled = ", ".join(repr(stars) for stars in dict.fromkeys(stars for _, stars in blanks))  # as written ("**" is no "*"), once each
    count = f"a blank comment line ({spelled}) stands" if len(blanks) == 1 else f"{len(blanks)} blank comment lines ({spelled}) stand"
    fault = (blanks[0][0], f"{count} before its NAME line, where libvirt writes '* {name}:' right after '/**'")
    # apibuild.py's type reader skips the lone '*' lines, not a "**" one
    return fault, all(stars == "*" for _, stars in blanks)


def _misspelled_name_line(text: str, title: re.Match[str], line_start: int) -> tuple[int, str] | None:
    """The fault of a NAME line not written as libvirt writes it (``/** NAME:`` on
    the opening line, else ``* NAME:``), at the name; None when it is."""
    name = title.group(1)
    written = text[line_start : title.start(1)].lstrip(" \t\r")
    expected = "/** " if line_start == 0 else "* "
    if written != expected and (line_start or written.startswith("/**")):
        return title.start(1), f"its NAME line reads {written + name + ':'!r} where libvirt writes {expected + name + ':'!r}"
    return None


def _name_line_goes_on(text: str, title: re.Match[str]) -> tuple[int, str] | None:
    """The fault of text after the ``NAME:`` on its line, at the name; None when there is none."""
    end = text.find("\n", title.end())
    rest = (text[title.end() : end] if end >= 0 else text[title.end() : -2]).strip()
    if not rest:
        return None
    goes_on = f"its NAME line goes on after '{title.group(1)}:' ({rest!r}); that text and the '@name:' entries after it are read as the description"
    return title.start(1), goes_on


def _late_fault(text: str, name: str, at: int) -> TitleFault:
    """What is wrong with the block ``text`` of :meth:`LazyDocs.offer_late`, whose NAME line ``name`` (at offset
    ``at``, the title's own place: the same "name:" may come again in the text below it) comes below text."""
    first = text[3 : text.index("\n")].strip()
    shown = first if len(first) <= 40 else first[:37] + "..."
    message = (
        f"its NAME line '{name}:' is not the comment's first line: text stands before it ({shown!r}, after the '/**'),"
        f" where libvirt writes '* {name}:' right after '/**'; so the comment is not read as the doc of {name}"
    )
    return TitleFault(message, at, False)


def _blank_star_lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The offset of the first ``*`` of each line of ``text[start:end]`` that holds nothing but stars, and its stars."""
    found = []
    for match in re.finditer(r"[^\n]*\n", text[start:end]):
        stripped = match.group().strip()
        if stripped and stripped.strip("*") == "":
            found.append((start + match.start() + match.group().index("*"), stripped))
    return found


def _indented_block(rest: list[str]) -> list[str]:
    """Take off the front of ``rest`` the indented block that continues a
    ``@name:`` entry ending with ``:``: its lines, stripped.

    Decided: an entry that announces a list (``@flags: bitwise-OR of
    extraction flags. Current valid bits:``) goes on through the block after
    one blank line when the block is indented deeper than the doc's
    ordinary text (whose lines start at the ``*`` and one space, as the
    ``@name:`` line does), blank lines between its indented lines included;
    the first line back at the ordinary margin starts the description.
    apibuild.py ends every entry at the blank line, so libvirt-api.xml gives
    ``virInterfaceGetXMLDesc``'s ``flags`` only the announcing sentence and
    opens its description with the list of flags.  The one such entry of
    the public APIs of 7.0.0, 9.0.0 and 11.3.0; the entry's own lines are
    joined on one line, as every entry's are."""
    if len(rest) < 2 or rest[0] != "" or rest[1][:1] not in (" ", "\t"):
        return []
    end = 1
    while end < len(rest) and (rest[end][:1] in (" ", "\t") or (rest[end] == "" and end + 1 < len(rest) and rest[end + 1][:1] in (" ", "\t"))):
        end += 1
    block = [line.strip() for line in rest[1:end] if line]
    del rest[:end]
    return block


class Columns:
    """(identifier, line) -> its column as written; 0 when the line has it twice,
    None when not at all (comments and directives hold no identifier).

    The C parser's columns are those of cpp's output, which squeezes every run
    of spaces into one and puts a pointer declarator at its '*': the builder
    takes a node's column from here.  Looked up, not indexed: a dict of every
    identifier of every header cost the scan ~2 ms, for ~4,000 nodes asked
    about; a lookup bisects the name's token list by line."""

    __slots__ = ("_by_name", "_tokens")

    def __init__(self, tokens: list[Token], by_name: dict[str, list[int]]) -> None:
        self._tokens = tokens
        self._by_name = by_name

    def get(self, key: tuple[str, int]) -> int | None:
        name, line = key
        found = self._by_name.get(name)
        if found is None:
            return None
        tokens = self._tokens
        at = bisect.bisect_left(found, line, key=lambda index: tokens[index].line)
        if at == len(found) or tokens[found[at]].line != line:
            return None
        if at + 1 < len(found) and tokens[found[at + 1]].line == line:
            return 0
        return tokens[found[at]].col


ColumnLookup = Union[Columns, dict[tuple[str, int], int]]  # either answers .get((name, line)) alike


@dataclass
class ScannedFile:
    """One raw file, tokenized, with lookups by name and line."""

    path: str
    tokens: list[Token]
    docs: LazyDocs
    macros: list[MacroDef]
    top_comment: str
    deprecated: tuple[int, ...]  # indices of the VIR_DEPRECATED tokens (see declaration_deprecated)
    _by_name: dict[str, list[int]] = field(default_factory=dict)  # identifier -> indices of its tokens
    _columns: dict[tuple[str, int], int] | None = None  # see prepare_columns
    _member_infos: dict[tuple[str, int], MemberInfo | None] = field(default_factory=dict)  # see prepare_members
    _braces: dict[int, int] = field(default_factory=dict)  # token index -> its nearest "{" before it (see _opening_brace)
    source: str = ""  # the text scanned (without its BOM): for display columns (see display_col)
    _line_starts: list[int] | None = None  # each line's offset in source (empty: columns are characters), see display_col

    @property
    def columns(self) -> ColumnLookup:
        """Each identifier's column as written, by (name, line): see :class:`Columns`
        (a plain dict once :meth:`prepare_columns` ran, the same answers)."""
        if self._columns is not None:
            return self._columns
        return Columns(self.tokens, self._by_name)

    def prepare_columns(self) -> None:
        """Index every identifier's column now: idle time while the parser runs
        (a dict lookup then costs the build a third of a bisection)."""
        if self._columns is not None:
            return
        columns: dict[tuple[str, int], int] = {}
        tokens = self.tokens
        for name, indices in self._by_name.items():
            for index in indices:
                token = tokens[index]
                key = (name, token.line)
                if columns.setdefault(key, token.col) != token.col:
                    columns[key] = 0
        self._columns = columns

    def display_col(self, token: Token) -> int:
        """``token``'s column as gcc counts columns (:func:`.positions.display_column`:
        a tab to the next multiple of 8): what lines up on screen.  A line of
        ASCII without tabs (all of libvirt's) reads the same in characters."""
        starts = self._line_starts
        if starts is None:
            plain = self.source.isascii() and "\t" not in self.source
            starts = self._line_starts = [] if plain else [0, *(found.end() for found in re.finditer("\n", self.source))]
        if not starts:
            return token.col
        start = starts[token.line - 1]
        return display_column(self.source[start : start + token.col], token.col)

    def identifiers(self) -> Iterator[str]:
        """Every identifier of the file's code and macros, once each."""
        yield from self._by_name
        yield from (definition.name for definition in self.macros)

    def find(self, name: str, line: int) -> int | None:
        """Index of the identifier token ``name`` on (or nearest after) ``line``:
        its token list is in file order, so a bisection by line (as :class:`Columns`)."""
        found = self._by_name.get(name)
        if not found:
            return None
        tokens = self.tokens
        at = bisect.bisect_left(found, line, key=lambda index: tokens[index].line)
        return found[at] if at < len(found) else None

    def _next(self, index: int) -> int:
        """Index of the next code token (not comment, not preprocessor)."""
        index += 1
        while index < len(self.tokens) and self.tokens[index].kind in ("comment", "preproc"):
            index += 1
        return index

    def prepare_members(self) -> None:
        """Work out :meth:`member_info` ahead for every name that opens a member
        of an ``enum { ... }`` body, keyed by its own line (the line the C
        parser reports for it).  Idle-time work: a name this misses, or a line
        the parser reports differently, is worked out when asked, the same way."""
        for enum_index in self._by_name.get("enum", []):
            index = self._next(enum_index)
            if index < len(self.tokens) and self.tokens[index].kind == "ident":
                index = self._next(index)
            if index >= len(self.tokens) or self.tokens[index].text != "{":
                continue  # "enum name variable;" or a forward use: no body here
            expect_name, depth = True, 0
            index = self._next(index)
            while index < len(self.tokens) and not (depth == 0 and self.tokens[index].text == "}"):
                token = self.tokens[index]
                if expect_name and token.kind == "ident":
                    self.member_info(token.text, token.line)
                expect_name = depth == 0 and token.text == ","
                if token.kind == "punct" and token.text in ("(", "["):
                    depth += 1
                elif token.kind == "punct" and token.text in (")", "]"):
                    depth -= 1
                index = self._next(index)

    def member_info(self, name: str, line: int) -> MemberInfo | None:
        """Initializer text and doc of the enum member ``name`` near ``line``."""
        key = (name, line)
        if key not in self._member_infos:
            self._member_infos[key] = self._member_info(name, line)
        return self._member_infos[key]

    def _member_info(self, name: str, line: int) -> MemberInfo | None:
        start = self.find(name, line)
        if start is None:
            return None
        expression_parts: list[str] = []
        index = start + 1
        depth = 0
        seen_equals = False
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.kind in ("comment", "preproc"):
                index += 1
                continue
            if token.kind == "punct" and depth == 0 and token.text in (",", "}"):
                break
            if token.kind == "punct" and token.text == "=" and not seen_equals:
                seen_equals = True
            elif token.text == "VIR_DEPRECATED":  # an attribute, not part of the value
                pass
            elif token.kind == "ident" and token.text in GNU_ATTRIBUTES:  # nor is a GNU one, with its arguments
                index = self._past_parentheses(self._next(index))
                continue
            else:
                if token.text in "([":
                    depth += 1
                elif token.text in ")]":
                    depth -= 1
                if seen_equals and _prefixes(self.tokens[index - 1], token):
                    expression_parts[-1] += token.text  # L'a': one token to C, two to our tokenizer
                elif seen_equals:  # before the '=' C allows attributes only: a macro expanding to one is no value
                    expression_parts.append(token.text)
            index += 1
        end = index  # the ',' or '}' after the member
        comments, run = self._member_comments(start, end)
        # a run after the ',' is one text; an empty comment adds none (``/* */ /* */`` was a doc of one blank)
        doc = (" " if run else "\n").join(text for text in (plain_comment_text(c.text) for c in comments) if text)
        deprecated = bool(self.deprecated) and self._member_deprecated(start, end)
        return MemberInfo(_join_expression(expression_parts), doc, self.tokens[start].sentinel, deprecated, bool(comments))

    def _past_parentheses(self, index: int) -> int:
        """Index of the token after the parenthesized group opening at token
        ``index`` (an attribute's ``((...))``); ``index`` itself when no ``(``
        stands there, or the end when the group is never closed (cpp's and
        the C parser's error to report, not the scanner's)."""
        tokens = self.tokens
        if index >= len(tokens) or tokens[index].text != "(":
            return index
        depth = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "punct" and token.text in ("(", ")"):
                depth += 1 if token.text == "(" else -1
                if depth == 0:
                    return index + 1
            index += 1
        return index

    def _member_deprecated(self, start: int, end: int) -> bool:
        """Whether ``VIR_DEPRECATED`` stands among the tokens of the enum member
        whose name is at ``start`` and whose ``,`` or ``}`` is at ``end``: a
        member's declaration starts after the ``,``, ``{`` or ``}`` before it."""
        begin = start
        while begin > 0 and self.tokens[begin - 1].text not in (",", "{", "}"):
            begin -= 1
        return self._deprecated_within(begin, end)

    def _member_comments(self, start: int, end: int) -> tuple[list[Token], bool]:
        """Comments documenting the member whose name is at ``start``, and whether
        they are a run of several after its ``,``, read as one text.

        Decided rules: a comment between the member's name and the ``,`` (or
        ``}``) that ends it is its doc, and so is a comment that starts on the
        line of that ``,``.  When neither exists, the comments directly above
        the name (no blank line between) are its doc when the enum documents
        its members before them (its body opens with a comment), or when those
        comments stand apart, a blank line (or the ``{``) above them (a group's
        heading, 7.0.0's "List pools by type", then documents the group's first
        member).  Any other comment is a stray remark and documents nothing.
        A comment holding a suppression marker alone is none of these: the
        member's doc is what it would be without it (see the module docstring).
        """
        tokens = self.tokens
        comments = [tokens[i] for i in range(start + 1, min(end, len(tokens))) if tokens[i].kind == "comment" and not _is_marker(tokens[i])]
        if end < len(tokens) and tokens[end].text == ",":
            trailing = _no_markers(self._trailing_comments(end, tokens[end].line))
            if len(trailing) > 1:
                return trailing, True
            comments += trailing
        if not comments:
            above = self._comments_above(start)
            if self._leading_style(start) or self._set_apart(start, above):
                comments = _no_markers(above)
        return comments, False

    def _trailing_comments(self, index: int, line: int) -> list[Token]:
        """The comment starting on ``line`` after token ``index``, plus the
        comments that continue it: one starting on the line where the one
        before ends (``/* a */ /* b (Since: 1.0.0) */``: apibuild.py reads
        "a b", and the tag), and one in the same column on the next line (on
        screen: :meth:`_same_column`).  A marker comment (:func:`marker_comment`)
        is a link of the run, but never the one the next line lines up with:
        ``X, /* virt-apigen: ignore */`` is no start for the comment below it."""
        found: list[Token] = []
        first: Token | None = None  # the first comment of the run that is no marker
        probe = index + 1
        while probe < len(self.tokens) and self.tokens[probe].kind == "comment":
            token = self.tokens[probe]
            if (
                (token.line == line and not found)
                or (found and token.line == found[-1].end_line)
                or (first is not None and token.line == found[-1].end_line + 1 and self._same_column(token, first))
            ):
                found.append(token)
                if first is None and not marker_comment(token.text):
                    first = token
            else:
                break
            probe += 1
        return found

    def _same_column(self, token: Token, first: Token) -> bool:
        """Whether comment ``token`` starts in ``first``'s column on screen:
        display columns, so that one aligned with tabs continues one aligned
        with spaces (their characters differ)."""
        return self.display_col(token) == self.display_col(first)

    def _comments_above(self, start: int) -> list[Token]:
        """The run of comments ending on the line above ``start``, no gaps
        (marker comments included: the caller drops them from the text, but
        the run's first line says whether it stands apart)."""
        found: list[Token] = []
        next_line = self.tokens[start].line
        probe = start - 1
        while probe >= 0 and self.tokens[probe].kind in ("comment", "preproc"):
            token = self.tokens[probe]
            if token.end_line < next_line - 1:
                break
            if token.kind == "comment":
                found.insert(0, token)
            next_line = token.line
            probe -= 1
        if probe >= 0 and found and self.tokens[probe].end_line == found[0].line:
            # those trail the previous code token, with the comments that go on with them: the previous
            # member's or field's doc (see _trailing_comments), never this one's too
            del found[: len(self._trailing_comments(probe, found[0].line))]
        return found

    def _set_apart(self, start: int, above: list[Token]) -> bool:
        """Whether the comments directly above the member at ``start`` have a
        blank line (or the enum's ``{``) above them: a paragraph of their own,
        written for what follows, as libvirt 7.0.0 documents
        ``VIR_STORAGE_POOL_CREATE_WITH_BUILD`` in an enum whose first member
        has no comment."""
        if not above:
            return False
        probe = start - 1
        while self.tokens[probe] is not above[0]:  # back over the run just found, not a search of the file
            probe -= 1
        probe -= 1
        while probe >= 0 and self.tokens[probe].kind == "preproc":
            probe -= 1
        if probe < 0:
            return False
        before = self.tokens[probe]
        return (before.kind == "punct" and before.text == "{") or before.end_line < above[0].line - 1

    def _leading_style(self, start: int) -> bool:
        """True when the enum body containing ``start`` opens with a comment
        (a marker comment before it is no such comment: :func:`marker_comment`)."""
        probe = self._opening_brace(start)
        if probe < 0:
            return False
        after = probe + 1
        while after < len(self.tokens) and (self.tokens[after].kind == "preproc" or _is_marker(self.tokens[after])):
            after += 1
        return after < len(self.tokens) and self.tokens[after].kind == "comment"

    def _opening_brace(self, start: int) -> int:
        """The nearest ``{`` at or before token ``start`` (-1: none).  Answers are
        kept for every token walked past, so the members of one enum without
        comments cost one walk in all, not one each (20,000 members: 38 s before)."""
        known = self._braces
        probe = start
        walked = []
        while probe >= 0 and probe not in known and not (self.tokens[probe].kind == "punct" and self.tokens[probe].text == "{"):
            walked.append(probe)
            probe -= 1
        found = known[probe] if probe >= 0 and probe in known else probe
        for index in walked:
            known[index] = found
        return found

    def field_info(self, name: str, line: int) -> FieldInfo | None:
        """Array size as written and doc of the struct field ``name``."""
        start = self.find(name, line)
        if start is None:
            return None
        array_size: str | None = None
        index = self._next(start)
        if index < len(self.tokens) and self.tokens[index].text == "[":
            parts: list[str] = []
            index += 1
            while index < len(self.tokens) and self.tokens[index].text != "]":
                if self.tokens[index].kind != "comment":
                    parts.append(self.tokens[index].text)
                index += 1
            array_size = "".join(parts)
        while index < len(self.tokens) and self.tokens[index].text != ";":
            index += 1
        semicolon_line = self.tokens[index].line if index < len(self.tokens) else line
        trailing = _no_markers(self._trailing_comments(index, semicolon_line))
        comments = [" ".join(text for text in (plain_comment_text(t.text) for t in trailing) if text)] if trailing else []
        if not comments:
            comments = self._leading_field_comments(start)
        deprecated = self._deprecated_within(self._declaration_start(start), index)
        return FieldInfo(array_size, "\n".join(c for c in comments if c), deprecated, bool(comments))

    def declaration_deprecated(self, name: str, line: int) -> bool:
        """Whether ``VIR_DEPRECATED`` is among the tokens of the declaration
        whose name ``name`` is on ``line``: from the token after the ``;``,
        ``{`` or ``}`` before it to its own ``;``, so the attribute may stand
        before the return type, after the ``)`` on the last line of a
        declaration spanning several, or anywhere between, and marks no
        neighbour (a rule by lines did: the next line's declaration too)."""
        if not self.deprecated:
            return False  # nearly every header: no lookup at all
        start = self.find(name, line)
        if start is None or self.tokens[start].line != line:
            return False
        end = start
        while end < len(self.tokens) and self.tokens[end].text != ";":
            end += 1
        return self._deprecated_within(self._declaration_start(start), end)

    def _declaration_start(self, index: int) -> int:
        """First token of the declaration holding token ``index``: the one after
        the ``;``, ``{`` or ``}`` that ends what comes before (comments and
        directives in between never spell one of these)."""
        begin = index
        while begin > 0 and self.tokens[begin - 1].text not in (";", "{", "}"):
            begin -= 1
        return begin

    def block_above(self, name: str, line: int) -> Token | None:
        """The ``/**`` comment right above the declaration whose name ``name``
        is on ``line``: nothing but blank lines between it and the
        declaration's first token (no directive, no other comment but one
        holding a suppression marker alone: :func:`marker_comment`), and no
        code before it on its own first line (a comment trailing the previous
        declaration is about that one).  None when no such comment stands there."""
        tokens = self.tokens
        index = self.find(name, line)
        if index is None or tokens[index].line != line:
            return None
        start = self._top_declaration_start(index)
        while start < index and tokens[start].kind in ("comment", "preproc"):
            start += 1
        while start > 0 and _is_marker(tokens[start - 1]):
            start -= 1
        above = tokens[start - 1] if start else None
        if above is None or above.kind != "comment" or not above.text.startswith("/**"):
            return None
        if start >= 2 and tokens[start - 2].end_line >= above.line:
            return None
        return above

    def _top_declaration_start(self, index: int) -> int:
        """First token after the ``;``, ``{`` or ``}`` that ends what comes
        before the declaration holding token ``index``, past the braces of a
        body the declaration holds (``typedef enum { ... } name;``): unlike
        :meth:`_declaration_start`, which stops at the body's ``}``."""
        tokens = self.tokens
        depth = 0
        begin = index
        while begin > 0:
            token = tokens[begin - 1]
            if token.kind == "punct":
                if token.text == "}":
                    depth += 1
                elif token.text == "{":
                    if not depth:
                        break
                    depth -= 1
                elif token.text == ";" and not depth:
                    break
            begin -= 1
        return begin

    def _deprecated_within(self, begin: int, end: int) -> bool:
        """Whether a ``VIR_DEPRECATED`` token lies in tokens ``begin`` to ``end``."""
        return any(begin <= at <= end for at in self.deprecated)

    def _leading_field_comments(self, start: int) -> list[str]:
        """Comments on their own lines directly above the field at ``start``."""
        probe = start - 1
        while probe >= 0 and self.tokens[probe].kind not in ("comment", "preproc") and self.tokens[probe].text not in (";", "{", "}"):
            probe -= 1
        return [plain_comment_text(t.text) for t in _no_markers(self._comments_above(probe + 1))] if probe >= 0 else []


def _join_expression(parts: list[str]) -> str:
    """Tokens of an initializer, spaced the usual C way: ``(1 << 0)``."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif text.endswith(("(", "[", "~", "!")) or part in (")", "]", ",") or (text.endswith("-") and len(text) == 1):
            text += part
        else:
            text += " " + part
    return text


_ENCODING_PREFIXES = frozenset({"L", "u", "U", "u8"})


def _prefixes(before: Token, literal: Token) -> bool:
    """Whether ``before`` is the encoding prefix of ``literal``, which the tokenizer
    reads as a word of its own: ``L`` right before ``'a'``, with no space (``L
    'a'`` is a name, maybe a macro's, and a character: QA and review, session 26)."""
    return (
        literal.kind in ("string", "char") and before.kind == "ident" and before.text in _ENCODING_PREFIXES
        and before.line == literal.line and before.col + len(before.text) == literal.col
    )


# gcc, as cpp, takes a backslash followed by spaces before the newline as a
# continuation too (with a warning), so the scanner does; the '\r' of a CRLF
# line end counts as such a space (so does a backslash ending the file, which
# gcc also joins, with a warning): a CRLF file reads as its LF twin
_CONTINUATION_RE = re.compile(r"\\[ \t\r]*(?:\n|\Z)")
# A directive's comments, and its string and character literals, in one pass:
# a "//" or "/*" inside a literal ("qemu:///system") opens no comment
_DIRECTIVE_COMMENT_RE = re.compile(f"({clex.STRING}|{clex.CHAR})|{clex.BLOCK_COMMENT}|{clex.LINE_COMMENT}", re.DOTALL)
_DEFINE_RE = re.compile(r"\s*#\s*define\s+(\w+)(\([^)]*\))?(.*)", re.DOTALL)


def _uncomment(match: re.Match[str]) -> str:
    literal = match.group(1)
    if literal is not None:
        return literal
    return " " if match.group().startswith("/*") else ""


def _directive_code(directive: str) -> str:
    """A directive on one line (continuations joined), its comments taken out:
    a block comment becomes a space, as in C; a line comment goes."""
    joined = _CONTINUATION_RE.sub(" ", directive) if "\\" in directive else directive
    return _DIRECTIVE_COMMENT_RE.sub(_uncomment, joined) if "/" in joined else joined  # most have no comment


# A macro body's runs of C white space (not str.split()'s: U+00A0, U+2028, \x1c are
# none), and its literals, kept whole: "a  b" stays "a  b" (QA, session 26)
_C_BLANKS = " \t\f\v\r\n"
_BODY_BLANKS_RE = re.compile(f"({clex.STRING}|{clex.CHAR})|[{_C_BLANKS}]+")


def _one_blank(match: re.Match[str]) -> str:
    return match.group(1) or " "


def _macro_from_directive(directive: str, line: int, col: int) -> MacroDef | None:
    match = _DEFINE_RE.match(_directive_code(directive))
    if match is None:
        return None
    params: tuple[str, ...] | None = None
    if match.group(2) is not None:
        inner = match.group(2)[1:-1].strip()
        params = tuple(p.strip() for p in inner.split(",")) if inner else ()
    body = _BODY_BLANKS_RE.sub(_one_blank, match.group(3)).strip(_C_BLANKS)
    # located at its name, as every other node is (the directive starts at its '#')
    prefix = re.match(r"[ \t]*#[ \t]*define[ \t]+", directive)
    if prefix is not None and directive.startswith(match.group(1), prefix.end()):
        col += prefix.end()
    return MacroDef(match.group(1), params, body, line, col)


# a doc's title (title_fault reports what libvirt does not write), and a "/***" opening (see
# starred_opening): clex's patterns, which check's locator reads by too
_DOC_HEADER_RE = re.compile(clex.DOC_TITLE)
_STARRED_OPENING_RE = re.compile(clex.STARRED_OPENING)


def starred_opening(text: str) -> bool:
    """Whether the comment ``text`` opens with ``/***`` (or more stars) on a
    line of its own: a misformatted doc block's opening, but a banner's as
    often (``/*****`` then `` * Accessors: the functions below``).

    Decided (review, session 28): such a block is never a doc, whatever it
    names and however it closes: libvirt writes ``/**`` ... `` */``, and
    apibuild.py drops every ``/***`` block (it reads the opening line as
    ``**``, not the lone ``*`` it skips).  Read as docs (as for a few
    commits of session 28), a banner naming an API symbol
    (``/*****`` then `` * virDomainGetName: the accessors below``) was
    reported as the misplaced doc of the static helper below it, and one
    between a function's ``/**`` doc and its definition took that doc away;
    no rule on what a banner names or how it closes tells a boxed doc from
    a banner.  So no doc can be stolen, as before session 28.  What stays:
    such a block naming a symbol of the API and standing right above that
    symbol's definition (``.c``) or declaration (header), exactly where
    its doc would go, when the symbol has no doc otherwise, is reported
    (``doc-name-mismatch``, at the third ``*``: see :meth:`LazyDocs.starred`),
    so the finding that the symbol has no doc comment is not the only one.
    A banner anywhere else is silent."""
    return _STARRED_OPENING_RE.match(text) is not None


def boxed(text: str) -> bool:
    """Whether the comment ``text`` closes with a line of stars (`` *****/``): a box, as a banner's."""
    rule = text[text.rfind("\n") + 1 :].strip()[:-1]  # the closing line, without its "/"
    return len(rule) >= 2 and rule.strip("*") == ""


def _doc_header(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """:data:`_DOC_HEADER_RE` matched on the comment ``text[start:end]``,
    None for a block opened with ``/***`` (see :func:`starred_opening`)."""
    stop = len(text) if end is None else end
    return None if _STARRED_OPENING_RE.match(text, start, stop) is not None else _DOC_HEADER_RE.match(text, start, stop)


def _starred_title(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The ``NAME`` of the comment ``text[start:end]`` opened with ``/***``
    (see :func:`starred_opening`); None for any other comment."""
    stop = len(text) if end is None else end
    if _STARRED_OPENING_RE.match(text, start, stop) is None:
        return None
    header = _DOC_HEADER_RE.match(text, start, stop)
    return header.group(1) if header is not None else None


# a .c file's "/**" block whose first line is one word and no colon: a NAME line missing its ':'
_BARE_HEADER_RE = re.compile(r"/\*\*[ \t]*\r?\n\s*\*+[ \t]*(\w+)[ \t]*\r?\n")
# a "/**" block whose first line holds text (group 1, to its newline) and whose next line holding any
# (blank "*" lines between) is "* NAME:" (group 2): no doc, its title being no first line (see
# LazyDocs.offer_late); an atomic group, not a possessive group repeat, as in clex.DOC_TITLE.  The first
# line is taken whole, possessively: a lazy run then "[ \t]*+\r?\n" retried the blanks from each of
# their places, quadratic in a long run of them (a header's comment of 10,000 spaces took 0.4 s)
_LATE_TITLE_RE = re.compile(r"/\*\*[ \t]*+([^\s*][^\n]*+)\n(?>(?:[ \t]*+\**+[ \t]*+\r?\n)*)[ \t]*+\*[ \t]*+(\w++):")


@dataclass(frozen=True, slots=True)
class Misnamed:
    """A ``.c`` file's ``/** NAME:`` block right before the definition of another
    function (``defined``), or a header's right above the declaration of
    another name (see :meth:`LazyDocs.refile`): where its ``NAME`` is written.
    ``bare``: a header's block whose ``NAME`` line lacks its ``:`` (then
    ``written`` is ``defined``)."""

    written: str
    defined: str
    line: int
    col: int
    bare: bool = False


class LazyDocs:
    """Doc blocks by name, parsed only when asked for (most never are).

    A name can head several blocks (an old header documents its struct
    under the pointer typedef's name, then the typedef again).  Asked with
    the declaration's line, the last block above it wins, as a reader would
    take it; without a line, the first one.

    In a ``.c`` file (``source`` given) a block right before the definition
    of a function of the API (``api_names``: declared in a header or
    exported; a static helper takes no public function's doc) documents that
    function, whatever name it writes (decided:
    libvirt's ``apibuild.py`` fails the build on such a block, "Misformatted
    function comment"; we read on and warn, see :meth:`misnamed`).  The
    ``NAME:`` is then a typo or a copy-paste slip, while the place cannot
    be: read by its name, the block would leave the function that follows
    undocumented (an empty ``<info>``) and, when it writes another
    function's name, document that one with a neighbour's text.  Only
    ``/**`` blocks are placed so: a ``/*`` comment opening with a word and a
    colon (``/* Note: ...``) is prose more often than a doc.  The
    definitions are matched once for every block, on the first question.

    In a header the builder, which knows the declarations, files the
    ``/**`` block right above a declaration that no block names under that
    declaration (:meth:`refile`): the same decision as for a definition.
    """

    def __init__(self, source: str = "", api_names: Callable[[], Container[str]] | None = None) -> None:
        self._source = source  # the file's text, when definitions follow blocks
        # the names a block may be moved to (declared in a header or exported): asked only when a block
        # stands before another function's definition, which no libvirt release has
        self._api_names = api_names
        self._raw: dict[str, list[tuple[str, int, int, int]]] = {}
        self._parsed: dict[tuple[str, int], DocBlock | None] = {}
        self._retired: list[DocBlock | None] = []  # parsed, then refiled (see refile)
        # the function definition after each block (by the block's end offset): its name,
        # its parameter list as written, the offset of its name; None when none follows
        self._definitions: dict[int, tuple[str, str, int] | None] | None = None if source else {}
        self._misnamed: list[Misnamed] = []
        self._bare: set[int] = set()  # end offsets of the blocks whose NAME line has no ':' (see offer_bare)
        self._misformatted: list[tuple[str, int, int]] = []
        self._starred: list[tuple[str, tuple[str, int, int, int]]] = []  # blocks opened with "/***": no docs (see starred)
        self._late: list[tuple[str, int, tuple[str, int, int, int]]] = []  # blocks with text before their NAME line (see offer_late)

    def offer(self, name: str, text: str, line: int, col: int, end: int = 0) -> None:
        self._raw.setdefault(name, []).append((text, line, col, end))

    def offer_starred(self, name: str, text: str, line: int, col: int, end: int = 0) -> None:
        """A block opened with ``/***`` whose NAME line names ``name``: never a doc (see :func:`starred_opening`)."""
        self._starred.append((name, (text, line, col, end)))

    def starred(self) -> list[tuple[str, int, int, str, bool, int]]:
        """(name, line and column of the third ``*``, the opening's stars,
        whether a line of stars closes it, the block's first line) of each
        block opened with ``/***`` that may stand where the doc of ``name``
        goes: in a ``.c`` file one right before the definition of ``name``
        when no other block of this file names it (a banner between a
        function's doc and its definition is none); in a header every one,
        for the builder to tell (it knows the declarations)."""
        found = []
        for name, raw in self._starred:
            if self._source:
                match = _DEFINITION_RE.match(self._source, _past_markers(self._source, raw[3]))
                if match is None or match.group(1) != name or name in self._raw:
                    continue
            stars = raw[0][1 : raw[0].index("\n")].strip()
            found.append((name, *_offset_place(raw, 3), stars, boxed(raw[0]), raw[1]))
        return found

    def offer_bare(self, name: str, text: str, line: int, col: int, end: int) -> None:
        """A ``.c`` file's ``/**`` block whose first line is the one word
        ``name`` and no colon (apibuild.py: "Misformatted function comment").

        Decided: when the word is the name of the function whose definition
        follows it, and that function is of the API, it documents that
        function (its NAME line lost its ``:``), and it is reported
        (:meth:`misformatted`), at the word.  Any other such block is prose
        and documents nothing ("/** Implementation */" above a definition
        must not replace the function's doc in its header or in a named
        block above it)."""
        self._bare.add(end)
        self.offer(name, text, line, col, end)

    def offer_late(self, title: re.Match[str], text: str, line: int, col: int, end: int) -> None:
        """A ``/**`` block whose first line holds text and whose ``* NAME:``
        line comes below it (``/** some text`` then `` * virFoo:``): ``title``,
        :data:`_LATE_TITLE_RE`'s match of it (offsets in ``text``).

        Decided (session 31: the block was prose in silence, its symbol
        then reported undocumented with nothing saying why): such a block is
        no doc, but it is reported (``doc-name-mismatch``, at its ``NAME``)
        where the doc of the symbol it names goes: in a ``.c`` file right
        before the definition of that function (:meth:`misformatted_titles`);
        in a header right above the declaration of that symbol when it has
        no doc otherwise (:meth:`late`, which the builder judges, as a
        ``/***`` block).  Not read as the doc: the text before the title is
        anything at all (a note, a suppression marker put after the
        ``/**``, as docs/check.md tells not to), so a ``Word:`` line under
        it names something as often as it heads a paragraph, and libvirt's
        apibuild.py drops the block and fails the build ("Misformatted
        function comment", "... macro comment", "... type comment": it
        wants ``* NAME:`` as the comment's first line).  Anywhere else it
        is prose, as before, and silent."""
        self._late.append((title.group(2), title.start(2) - title.start(), (text, line, col, end)))

    def late(self) -> list[tuple[str, int, int, TitleFault, int]]:
        """(name, line and column of its ``NAME``, what is wrong, the block's first line)
        of each header block of :meth:`offer_late`, for the builder to tell
        which stands where a doc goes (it knows the declarations); none in
        a ``.c`` file, whose blocks :meth:`misformatted_titles` judges."""
        if self._source:
            return []
        found = []
        for name, at, raw in self._late:
            found.append((name, *_offset_place(raw, at), _late_fault(raw[0], name, at), raw[1]))
        return found

    def _placed(self) -> dict[int, tuple[str, str, int] | None]:
        """The definition after each block, matched on the first question (:meth:`_place`)."""
        return self._definitions if self._definitions is not None else self._place()

    def _place(self) -> dict[int, tuple[str, str, int] | None]:
        """Match the definition after every block, once, and file each ``/**``
        block followed by another function's definition under that function."""
        definitions: dict[int, tuple[str, str, int] | None] = {}
        moved: list[tuple[str, tuple[str, int, int, int], str]] = []
        match_definition = _DEFINITION_RE.match
        source = self._source
        for name, candidates in self._raw.items():
            for raw in candidates:
                match = match_definition(source, _past_markers(source, raw[3]))
                if match is None or match.group(1) in _NOT_A_FUNCTION or match.group(1).startswith("G_GNUC_"):
                    definitions[raw[3]] = None
                    continue
                definitions[raw[3]] = (match.group(1), match.group(2), match.start(1))
                if match.group(1) != name and raw[0].startswith("/**"):
                    moved.append((name, raw, match.group(1)))
        known = self._api_names() if (moved or self._bare) and self._api_names is not None else None
        if self._bare:
            self._keep_bare(definitions, known)
            moved = [entry for entry in moved if entry[1][3] in definitions]
        for name, raw, defined in moved:
            line, col = _name_place(raw, name)
            self._misnamed.append(Misnamed(name, defined, line, col))
            if known is not None and defined not in known:
                # only onto a function of the API: a static helper between a public function's doc and
                # its definition must not take the doc (the block stays under its name; still reported)
                continue
            self._raw[name].remove(raw)
            if not self._raw[name]:
                del self._raw[name]
            self._raw.setdefault(defined, []).append(raw)
            self._raw[defined].sort(key=lambda candidate: candidate[1])
        self._definitions = definitions
        return definitions

    def _keep_bare(self, definitions: dict[int, tuple[str, str, int] | None], known: Container[str] | None) -> None:
        """Drop each block of :meth:`offer_bare` that no definition of the
        function it names follows (a one-word comment before another
        function, or before none, is prose: it must not replace that
        function's doc); note the others as misformatted."""
        for name in [name for name, candidates in self._raw.items() if any(raw[3] in self._bare for raw in candidates)]:
            for raw in [raw for raw in self._raw[name] if raw[3] in self._bare]:
                definition = definitions.get(raw[3])
                if definition is None or definition[0] != name or (known is not None and name not in known):
                    self._raw[name].remove(raw)
                    del definitions[raw[3]]
                elif definition[0] == name:
                    self._misformatted.append((name, *_name_place(raw, name)))
            if not self._raw[name]:
                del self._raw[name]

    def documents(self, name: str) -> bool:
        """Whether a block is filed under ``name``."""
        self._placed()
        return name in self._raw

    def refile(self, text: str, line: int, col: int, declared: str) -> Misnamed | None:
        """File the header's ``/**`` block ``text`` (starting at
        ``line``:``col``) under ``declared``, whose declaration it stands
        right above and which no block of this file names; what it wrote
        and where, or None when it documents nothing here.

        Decided: as in a ``.c`` file, the place cannot be mistaken, the name
        can.  libvirt 7.0.0 titles ``virNodeInfo``'s block ``virNodeInfoPtr:``
        (and that typedef's own block ``virNodeInfoPtr:`` again), and
        ``virVcpuState``'s ``virVcpuInfo:``, and writes ``virConnectFlags``
        with no ``:``; 9.0.0 retitled each block after the declaration below
        it.  Read by their names, five structs and eight enums were
        undocumented and a struct took an enum's text.  A block whose one-word
        first line (no ``:``) is another name is prose, as in a ``.c`` file;
        one already filed under another declaration (``typedef struct _virFoo
        virFoo, *virFooPtr;``: the first name takes it) stays there."""
        header = _DOC_HEADER_RE.match(text)
        if header is not None:
            written = header.group(1)
            candidates = self._raw.get(written, [])
            raw = next((raw for raw in candidates if raw[1] == line), None)
            if raw is None:
                return None
            candidates.remove(raw)
            if not candidates:
                del self._raw[written]
        else:
            bare = _BARE_HEADER_RE.match(text)
            if bare is None or bare.group(1) != declared:
                return None
            written, raw = declared, (text, line, col, 0)
        self._raw.setdefault(declared, []).append(raw)
        self._raw[declared].sort(key=lambda candidate: candidate[1])
        # parsed blocks are kept by (name, index among the name's blocks): both lists changed.  The blocks
        # dropped stay referenced: Scans.function_docs knows blocks by id, which a new block could reuse
        for key in [key for key in self._parsed if key[0] in (written, declared)]:
            self._retired.append(self._parsed.pop(key))
        return Misnamed(written, declared, *_name_place(raw, written), bare=header is None)

    def misformatted(self) -> list[tuple[str, int, int]]:
        """(name, line, column of the name) of each block documenting the
        function that follows it whose NAME line lacks its ``:`` (see :meth:`offer_bare`)."""
        self._placed()
        return sorted(self._misformatted, key=lambda found: found[1])

    def misformatted_titles(self) -> list[tuple[str, int, int, TitleFault, int]]:
        """(name, line and column of the first fault, what is wrong: :func:`title_fault`, the block's first line)
        of each block read as a doc whose NAME line is not ``NAME:`` alone, in
        file order: in a ``.c`` file a block right before the definition of the
        function it names, in a header a ``/**`` block, or a ``/*`` one whose
        NAME line is not its first (the builder keeps those a symbol takes its
        doc from: a ``/*`` one is read as a doc there, and apibuild.py fails
        the build on two blank `` *`` lines before its NAME line as on one
        after a ``/**``).  Not a block whose name differs from the one it is
        filed under, or lacks its ``:`` (reported as such: :meth:`misnamed`,
        :meth:`misformatted`)."""
        definitions = self._placed()
        found: list[tuple[str, int, int, TitleFault, int]] = []
        for name, candidates in self._raw.items():
            for raw in candidates:
                if _plain_title(raw[0]):
                    continue  # nearly every block: "* NAME:" alone on its line, nothing to look at
                header = _DOC_HEADER_RE.match(raw[0])
                if header is None or header.group(1) != name:
                    continue
                if self._source:
                    definition = definitions.get(raw[3])
                    if definition is None or definition[0] != name:
                        continue
                elif not raw[0].startswith("/**") and "\n" not in raw[0][: header.start(1)]:
                    continue  # a header's "/* NAME: ..." on one line: prose as often as a doc, not judged
                fault = title_fault(raw[0])
                if fault is not None:
                    found.append((name, *_offset_place(raw, fault.at), fault, raw[1]))
        for name, at, raw in self._late if self._source else ():  # a header's: see late
            match = _DEFINITION_RE.match(self._source, _past_markers(self._source, raw[3]))
            if match is not None and match.group(1) == name:
                found.append((name, *_offset_place(raw, at), _late_fault(raw[0], name, at), raw[1]))
        return sorted(found, key=lambda entry: entry[1])

    def get(self, name: str, before: int = 0) -> DocBlock | None:
        self._placed()
        candidates = self._raw.get(name)
        if not candidates:
            return None
        index = 0
        if before and len(candidates) > 1:
            above = [i for i, raw in enumerate(candidates) if raw[1] < before]
            index = above[-1] if above else 0
        key = (name, index)
        if key not in self._parsed:
            self._parsed[key] = self._parse(name, candidates[index])
        return self._parsed[key]

    def at_definition(self, name: str) -> DocBlock | None:
        """The block filed under ``name`` that the definition of ``name``
        follows; None when no block of this file stands right above it.

        Decided: that block documents the function wherever other blocks of
        the same ``NAME`` stand (in this file or another), as apibuild.py
        takes the comment before a definition for it; a ``/** NAME:`` that
        no definition of ``NAME`` follows is then an orphan the builder
        ignores and reports (``doc-name-mismatch``, see :meth:`orphans`)."""
        found = self._defined(name)
        if found is None:
            return None
        index, raw, _ = found
        key = (name, index)
        if key not in self._parsed:
            self._parsed[key] = self._parse(name, raw)
        return self._parsed[key]

    def definition_text(self, name: str) -> str | None:
        """The definition of ``name`` that its block stands above (:meth:`at_definition`), from
        its name to the ``}`` matching the body's ``{`` (comments, strings and character
        constants skipped), or to the end of the file; None when no block of this file stands
        right above one."""
        found = self._defined(name)
        return self._source[found[2] : _body_end(self._source, found[2])] if found is not None else None

    def _defined(self, name: str) -> tuple[int, tuple[str, int, int, int], int] | None:
        """The first block filed under ``name`` that a definition of ``name`` follows: its index among
        them, the block, and where the definition's name starts."""
        definitions = self._placed()  # first: placing files a block under the function that follows it
        candidates = self._raw.get(name)
        if not candidates or not self._source:
            return None
        for index, raw in enumerate(candidates):
            definition = definitions.get(raw[3])
            if definition is not None and definition[0] == name:
                return index, raw, definition[2]
        return None

    def orphans(self, name: str) -> Iterator[tuple[int, int, int]]:
        """(line of the block, line and column of its name) of each ``/**`` block filed under
        ``name`` that no function definition follows and after which the
        code does not write ``name`` (as :meth:`loose`)."""
        definitions = self._placed()
        if not self._source:
            return
        for raw in self._raw.get(name, ()):
            # one before another function's definition is reported as misnamed (see misnamed)
            if definitions.get(raw[3]) is None and raw[0].startswith("/**") and not _written_after(self._source, raw[3], name):
                yield (raw[1], *_name_place(raw, name))

    def _parse(self, name: str, raw: tuple[str, int, int, int]) -> DocBlock | None:
        text = raw[0]
        block = parse_doc_block(text, raw[1], raw[2])
        # a block kept though its NAME line has no ':' (offer_bare, refile): read as if it had it
        header = _BARE_HEADER_RE.match(text) if block is None else None
        if header is not None:
            block = parse_doc_block(text[: header.end(1)] + ":" + text[header.end(1):], raw[1], raw[2])
        if block is None or not self._source:
            return block
        definition = self._definition(raw)
        # the definition's names when it is the function this block is filed under (its own name,
        # or the function it stands before: see the class docstring)
        if definition is None or definition[0] != name:
            return block
        return DocBlock(block.name, block.params, block.lines, block.line, block.col, parameter_names(definition[1]))

    def _definition(self, raw: tuple[str, int, int, int]) -> tuple[str, str, int] | None:
        return self._placed().get(raw[3])

    def definition_place(self, name: str, line: int) -> tuple[int, int] | None:
        """(line, column) of the name of the function definition right after
        the block filed under ``name`` that starts on ``line``; None when no
        definition follows it."""
        raw = next((raw for raw in self._raw.get(name, ()) if raw[1] == line), None)
        definition = self._definition(raw) if raw is not None else None
        if raw is None or definition is None:
            return None
        at = definition[2]
        source = self._source
        return raw[1] + raw[0].count("\n") + source.count("\n", raw[3], at), at - source.rfind("\n", 0, at)

    def misnamed(self) -> list[Misnamed]:
        """The ``/**`` blocks filed under the function whose definition follows
        them rather than under the name they write, in file order."""
        self._placed()
        return sorted(self._misnamed, key=lambda found: found.line)

    def loose(self) -> Iterator[tuple[str, int, int]]:
        """(name, line, column of the name) of each ``/**`` block that no
        function definition follows (in a ``.c`` file: none for a header's docs)."""
        definitions = self._placed()
        if not self._source:
            return
        for name, candidates in self._raw.items():
            for raw in candidates:
                if definitions.get(raw[3], ()) is None and raw[0].startswith("/**") and not _written_after(self._source, raw[3], name):
                    yield (name, *_name_place(raw, name))

    def names(self) -> list[str]:
        self._placed()
        return sorted(self._raw)

    def comment(self, name: str, line: int) -> str | None:
        """The text of the block documenting ``name`` that starts on ``line``, as written."""
        self._placed()
        return next((raw[0] for raw in self._raw.get(name, ()) if raw[1] == line), None)

    def parse_all(self) -> None:
        self._placed()
        for name in self._raw:
            self.get(name)  # the usual case; a later block of the same name is parsed on demand

    def parsed(self) -> Iterator[DocBlock]:
        """Every block parsed so far."""
        return (block for block in self._parsed.values() if block is not None)


def doc_title(text: str) -> str | None:
    """The ``NAME`` the doc comment ``text`` opens with (``NAME:``); None for any other comment (a banner too)."""
    header = _doc_header(text)
    return header.group(1) if header is not None else None


def _written_after(source: str, end: int, name: str) -> bool:
    """Whether ``name`` is written in the code between offset ``end`` (a doc
    block's end) and the next comment: a macro defined there, a K&R or
    ``#ifdef``-wrapped definition, a prototype.  The block documents that,
    even where no plain definition follows it.  A marker comment right after
    the block is passed over (:func:`_past_markers`), not taken for the next one."""
    end = _past_markers(source, end)
    following = source.find("/*", end)
    code = source[end : following if following >= 0 else len(source)]
    return re.search(rf"\b{re.escape(name)}\b", code) is not None


# the comment after a doc block (spaces before it), to tell whether it is a marker the definition is looked for past
_COMMENT_AHEAD_RE = re.compile(r"\s*+(" + clex.BLOCK_COMMENT + "|" + clex.LINE_COMMENT + ")")


def _past_markers(source: str, end: int) -> int:
    """The offset past the comments holding a suppression marker alone
    (:func:`marker_comment`) right after offset ``end`` of a ``.c`` file
    (a doc block's end), ``end`` itself when none stands there: a marker
    between a doc block and its definition leaves the block right before
    the definition."""
    while (match := _COMMENT_AHEAD_RE.match(source, end)) is not None and marker_comment(match.group(1)):
        end = match.end()
    return end


def _name_place(raw: tuple[str, int, int, int], name: str) -> tuple[int, int]:
    """(line, column) of ``name`` in the header line of the block ``raw``."""
    header = _DOC_HEADER_RE.match(raw[0]) or _BARE_HEADER_RE.match(raw[0])
    return _offset_place(raw, header.start(1) if header is not None and header.group(1) == name else 0)


def _offset_place(raw: tuple[str, int, int, int], at: int) -> tuple[int, int]:
    """(line, column) of the offset ``at`` of the block ``raw``."""
    text, line, col, _ = raw
    newline = text.rfind("\n", 0, at)
    return line + text.count("\n", 0, at), (at - newline if newline >= 0 else col + at)


def scan(path: str, text: str) -> ScannedFile:
    """Tokenize ``text`` (the content of ``path``) and index what it documents."""
    text = _without_bom(text)
    spliced, cuts, shifts = _splice(text)
    cut_count = len(cuts)
    passed = shift = 0  # the splices before the current token, and the characters they took out
    tokens: list[Token] = []
    docs = LazyDocs()
    macros: dict[str, MacroDef] = {}  # the last live definition of each name
    deprecated: list[int] = []
    by_name: dict[str, list[int]] = {}
    conditions = _Conditions()
    in_sentinel = False
    top_comment = ""
    line = 1
    line_start = 0
    scanned_to = 0
    make_token = tuple.__new__  # Token(...) without its Python-level __new__: ~18,000 tokens for 9.0.0's headers
    for match in _TOKEN_RE.finditer(spliced):
        kind = match.lastgroup or "other"
        if kind == "space":
            continue
        value = match.group()
        offset = match.start()
        end_line_offset = 0  # the token's newlines are its text's, but for a splice inside it
        if cut_count:  # placed in the text as written (see _splice); tokens come in order, so the splices passed only grow
            while passed < cut_count and cuts[passed] <= offset:
                shift = shifts[passed]
                passed += 1
            last = match.end() - 1
            inside = passed
            while inside < cut_count and cuts[inside] <= last:
                inside += 1
            offset += shift
            if inside > passed:  # a splice inside the token: it ends further on in the text as written
                end = last + shifts[inside - 1] + 1
                if kind == "preproc" or kind == "preproc_after":  # a directive keeps its text as written
                    value = text[offset:end]
                end_line_offset = text.count("\n", offset, end) - value.count("\n")
        newlines = text.count("\n", scanned_to, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned_to, offset) + 1
        scanned_to = offset
        if kind == "preproc":
            offset += len(value) - len(value.lstrip())
            value = value.strip()
            in_sentinel = _take_directive(path, value, line, offset - line_start + 1, conditions, macros)
        col = offset - line_start + 1
        if kind == "ident":  # indexed here, not in a second pass over the tokens
            found = by_name.get(value)
            if found is None:
                by_name[value] = [len(tokens)]
            else:
                found.append(len(tokens))
            if value == "VIR_DEPRECATED":
                deprecated.append(len(tokens))
        elif kind == "comment":
            if not top_comment and value.startswith("/*") and not marker_comment(value):
                top_comment = value
            header = _doc_header(value)
            if header is not None:
                docs.offer(header.group(1), value, line, col)
            elif (starred := _starred_title(value)) is not None:
                docs.offer_starred(starred, value, line, col)
            elif (late := _LATE_TITLE_RE.match(value)) is not None:
                docs.offer_late(late, value, line, col, 0)
        elif kind == "punct" and value == "%" and spliced.startswith(":", match.end()) and not text[line_start:offset].strip() and not conditions.dead:
            raise _digraph_directive(path, line, col)
        elif kind == "preproc_after":  # after a comment on its line (see _TOKEN_RE): rare, so tested last
            kind = "preproc"
            value = value.rstrip()
            in_sentinel = _take_directive(path, value, line, col, conditions, macros)
        tokens.append(make_token(Token, (kind, value, line, col, line + value.count("\n") + end_line_offset, in_sentinel)))
    return ScannedFile(path, tokens, docs, list(macros.values()), top_comment, tuple(deprecated), by_name, source=text)


def _take_directive(path: str, directive: str, line: int, col: int, conditions: _Conditions, macros: dict[str, MacroDef]) -> bool:
    """Read the directive ``directive`` (stripped; at ``line``:``col``) of a
    header's live text: its conditional into ``conditions``, its macro into
    ``macros``; whether what follows is inside ``#ifdef VIR_ENUM_SENTINELS``."""
    conditions.update(directive)
    if not conditions.dead and conditions.depth <= 1 and _LINE_DIRECTIVE_RE.match(directive):
        raise _line_directive(path, directive, line, col)
    macro = None if conditions.dead else _macro_from_directive(directive, line, col)
    if macro is not None:
        macros.pop(macro.name, None)  # listed where the definition that counts stands
        macros[macro.name] = macro
    return conditions.sentinel


# a backslash, the spaces gcc allows after it (a CRLF's "\r" one of them), and the newline: one line splice
_SPLICE_RE = re.compile(r"\\[ \t\r]*\n")


def _splice(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with its lines spliced (C's translation phase 2), and where: the
    offsets in the spliced text at which a splice was taken out, and the
    characters taken out up to and including each (both empty when nothing
    was spliced).  An offset in the spliced text plus the characters taken
    out by the splices at or before it is the offset of the same character
    in ``text``: a character right after a splice is placed after the removed
    backslash-newline, so a token starting there is placed where it is
    written; :func:`scan` maps each token's start and end so, the splices
    passed counted as it goes (a lookup per token cost ~5 ms of a cold run
    on 9.0.0's libvirt-domain.h, two continued ``#define`` lines)."""
    if "\\" not in text:  # nearly every header: no search at all
        return text, [], []
    cuts: list[int] = []
    shifts: list[int] = []
    pieces: list[str] = []
    taken = last = 0
    for match in _SPLICE_RE.finditer(text):
        pieces.append(text[last : match.start()])
        taken += match.end() - match.start()
        cuts.append(match.end() - taken)
        shifts.append(taken)
        last = match.end()
    if not cuts:
        return text, [], []
    pieces.append(text[last:])
    return "".join(pieces), cuts, shifts


# "#line 12", "#line 12 \"f.h\"" and GNU's "# 12 \"f.h\"" (cpp takes all three in a source file)
_LINE_DIRECTIVE_RE = re.compile(r"#[ \t]*(?:line\b|[0-9])")


def _digraph_directive(path: str, line: int, col: int) -> FrontendError:
    """The error for a directive spelled with the digraph ``%:`` (C99's other
    spelling of ``#``: ``%:define VIR_X 1``).

    Decided: refused, with what to write instead.  cpp reads it as a
    directive, the scanner did not: the macro was missing from the model
    and libvirt-api.xml without a word, and what a ``%:if 0`` hides was read
    as live.  Reading it would take every directive rule twice, and the
    other digraphs (``<%`` for ``{``...) are past pycparser anyway; no
    libvirt header writes one (apibuild.py does not read them either).  In
    a branch the scanner knows dead (``#if 0``) it is nothing, as to cpp."""
    return FrontendError("a directive spelled '%:' (the digraph for '#'): write '#', the only spelling read here", path, line, col)


def _line_directive(path: str, directive: str, line: int, col: int) -> FrontendError:
    """The error for a ``#line`` directive in a header (see :func:`scan`).

    Decided: refused, not modelled.  A public header that renumbers its
    own lines or renames itself makes cpp (and so the parser) place every
    declaration after it by the directive's numbers and file name, which
    are not the header's: a declaration placed in another file was dropped
    in silence (named after no header of the tree), one renumbered lost its
    doc, its column and its deprecation (the scanner reads the header's real
    lines).  No libvirt header writes one, and a header a compiler reads is
    written by hand, not generated from another file: nothing to follow.
    Only where the scanner knows the directive is read: outside any
    conditional group or directly inside the outermost one (the header's
    include guard).  One nested in another ``#if``/``#ifdef`` group is left
    to cpp, which may well skip it: the scanner cannot evaluate the
    condition (``#ifdef NEVER_DEFINED``)."""
    message = (
        f"a line directive in a public header is not supported ('{' '.join(directive.split())}'): "
        "it renumbers or renames the header's lines, so the declarations after it would not be read from this header's text"
    )
    return FrontendError(message, path, line, col)


class _Conditions:
    """The open ``#if`` groups at a point of a header: whether the scanner is
    inside ``#ifdef VIR_ENUM_SENTINELS``, and whether the text is dead.

    Dead is only what any compiler drops: a branch whose condition is the
    literal ``0`` (``#if 0``, ``#elif 0``; a comment beside it allowed), the
    branches after one whose condition is a non-zero literal, and everything
    nested in a dead branch.  Any other condition is unknown and its every
    branch live: the scanner has no macro values to evaluate it with."""

    __slots__ = ("_stack", "dead", "sentinel")

    @property
    def depth(self) -> int:
        """How many groups are open (a header's include guard is one)."""
        return len(self._stack)

    def __init__(self) -> None:
        # per open group: (is it "#ifdef VIR_ENUM_SENTINELS", dead around it,
        # a branch known true already taken, the current branch is dead)
        self._stack: list[tuple[bool, bool, bool, bool]] = []
        self.dead = False
        self.sentinel = False

    def update(self, directive: str) -> None:
        match = _CONDITION_RE.match(directive)
        if match is None:
            return
        keyword, rest = match.group(1), match.group(2)
        stack = self._stack
        if keyword in ("if", "ifdef", "ifndef"):
            known = _literal_truth(rest) if keyword == "if" else None
            stack.append((keyword == "ifdef" and rest.split()[:1] == ["VIR_ENUM_SENTINELS"], self.dead, known is True, self.dead or known is False))
        elif not stack:
            return  # an #else or #endif without its #if: cpp's error to report, not ours
        elif keyword == "endif":
            stack.pop()
        elif keyword in ("elif", "elifdef", "elifndef", "else"):
            sentinel, outer, taken, _ = stack[-1]
            known = _literal_truth(rest) if keyword == "elif" else (True if keyword == "else" else None)
            stack[-1] = (sentinel, outer, taken or known is True, outer or taken or known is False)
        else:
            return
        self.dead = bool(stack) and stack[-1][3]
        self.sentinel = any(entry[0] for entry in stack)


_CONDITION_RE = re.compile(r"#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(.*)", re.DOTALL)
_INTEGER_RE = re.compile(r"\(*\s*(?:0[xX]([0-9a-fA-F]+)|(\d+))[uUlL]*\s*\)*")


def _literal_truth(expression: str) -> bool | None:
    """The value of an ``#if`` condition that is one integer literal (``0``,
    ``1``, ``(0)``, ``0 /* off */``); None for anything else."""
    code = _directive_code(expression).strip() if "/" in expression or "\\" in expression else expression.strip()
    match = _INTEGER_RE.fullmatch(code)
    if match is None or code.count("(") != code.count(")"):
        return None
    digits = match.group(1) or match.group(2)
    return digits.strip("0") != ""


# An attribute before or after a definition's head: ``__attribute__((visibility("default")))``,
# ``G_GNUC_NO_INLINE``, ``G_GNUC_PRINTF(1, 2)`` (parentheses nested three deep).
_ATTRIBUTE = r"(?:(?:__attribute__|G_GNUC_\w+)\s*(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?\s*)*"
# What a function body's braces are counted over: a brace, or a comment, string or character constant to skip.
_BODY_TOKEN_RE = re.compile(r"[{}]|/\*.*?(?:\*/|\Z)|" + clex.OPEN_LITERAL, re.DOTALL)


def _body_end(source: str, start: int) -> int:
    """Where the body of the definition at ``start`` ends: just past the ``}`` matching its first ``{``."""
    depth = 0
    for token in _BODY_TOKEN_RE.finditer(source, start):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            if depth == 0:
                return token.end()
    return len(source)


_DEFINITION_RE = re.compile(r"\s*" + _ATTRIBUTE + r"(?:[\w\s*]+?)\b(\w+)\s*\(([^{};]*?)\)\s*" + _ATTRIBUTE + r"\{")
# What the definition pattern can take for a name where the code is no plain ``type name(params) {``
# (``static void (*virX(int))(int) {`` gives ``void``): no function, so no definition is placed.
_NOT_A_FUNCTION = frozenset(
    {
        *("void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool"),
        *("const", "volatile", "static", "inline", "extern", "struct", "union", "enum"),
        *("if", "while", "for", "switch", "return", "sizeof", "__attribute__", "__typeof__", "typeof"),
    }
)


def parameter_names(params: str) -> tuple[str, ...]:
    """``virConnectPtr conn, int (*cb)(void *)`` -> ``("conn", "cb")``."""
    cleaned = _LINE_COMMENT_RE.sub(" ", _COMMENT_RE.sub(" ", params)).strip()
    if cleaned in ("", "void"):
        return ()
    names: list[str] = []
    for piece in _top_level_pieces(cleaned):
        pointer = _POINTER_NAME_RE.search(piece)
        words = _WORD_RE.findall(_NOT_A_NAME_RE.sub("", piece))
        names.append(pointer.group(1) if pointer else (words[-1] if words else ""))
    return tuple(names)


def _top_level_pieces(params: str) -> list[str]:
    """``params`` split at the commas outside parentheses and brackets."""
    if "(" not in params and "[" not in params:
        return params.split(",")  # nearly every list: no nesting to skip
    pieces: list[str] = []
    depth = 0
    piece = ""
    for char in params:
        if char == "," and depth == 0:
            pieces.append(piece)
            piece = ""
            continue
        depth += char in "(["
        depth -= char in ")]"
        piece += char
    pieces.append(piece)
    return pieces


def scan_docs_only(path: str, text: str, api_names: Callable[[], Container[str]] | None = None) -> LazyDocs:
    """Doc blocks of a ``.c`` file, without tokenizing the code around them.

    The block comments are found by one search for ``/*`` ... ``*/`` (the
    ``.c`` files are mostly code: a lexer over all of it cost twice the
    search).  What that search cannot tell, whether a ``/*`` it found stands
    inside a string, a character literal or a ``//`` comment, is then
    settled on that ``/*``'s own line (see :func:`_in_code`): only there can
    such a literal or comment open."""
    text = _without_bom(text)
    docs = LazyDocs(text, api_names)
    line = 1
    scanned_to = 0
    code_from = 0  # a position known to be in code, after every comment so far
    balance = _CodeBalance()
    restart: int | None = 0
    while restart is not None:
        position, restart = restart, None
        for match in _BLOCK_COMMENT_RE.finditer(text, position):
            start, end = match.span()
            if end - start < 4 or not text.endswith("*/", start, end):
                # left open: no '*/' follows, so no comment can close after it, in code or not (a '/*' in a
                # literal is no exception); _check_closed reports the first one in code, if any
                break
            line_start = text.rfind("\n", code_from, start) + 1
            # nearly every comment has nothing before it on its line that
            # could open a literal: _in_code only for the others
            if (line_start > 1 and text[line_start - 2] in _MAYBE_CONTINUED) or _LITERAL_OPENER_RE.search(text, max(code_from, line_start), start):
                resume = _in_code(text, code_from, start)
                if resume:  # inside a literal or a line comment: search again after it
                    balance.take(text, code_from, resume)  # code, that literal or '//' comment included (review)
                    code_from = restart = resume
                    break
            balance.take(text, code_from, start)
            code_from = end
            header = _doc_header(text, start, end)
            bare = _BARE_HEADER_RE.match(text, start, end) if header is None else None
            starred = _starred_title(text, start, end) if header is None and bare is None else None
            late = _LATE_TITLE_RE.match(text, start, end) if header is None and bare is None and starred is None else None
            if header is not None or bare is not None or starred is not None or late is not None:
                line += text.count("\n", scanned_to, start)
                scanned_to = start
                col = start - text.rfind("\n", 0, start)  # line_start is code_from's when on its line
                if header is not None:
                    docs.offer(header.group(1), text[start:end], line, col, end)
                elif bare is not None:
                    docs.offer_bare(bare.group(1), text[start:end], line, col, end)
                elif starred is not None:
                    docs.offer_starred(starred, text[start:end], line, col, end)
                elif late is not None:
                    docs.offer_late(late, text[start:end], line, col, end)
    _check_whole(path, text, code_from, balance)
    return docs


def _check_whole(path: str, text: str, code_from: int, balance: _CodeBalance) -> None:
    """Raise at a comment of ``text`` never closed (the code goes on from
    ``code_from``), else at a bracket or conditional left open or a cut end:
    the full pass (:func:`_check_brackets`) only when the counts taken in
    ``balance``, the end or the conditionals look wrong."""
    _check_closed(path, text, code_from)
    balance.take(text, code_from, len(text))
    if not (balance.even() and _code_end(text)[1] is None and _conditionals_look_balanced(text)):
        _check_brackets(path, text)


class _CodeBalance:
    """Whether a ``.c`` file surely does not end cut short, told without
    the pass of :func:`_check_brackets` (~12 ms over 9.0.0's documented
    sources, on every run): as many ``(`` as ``)`` and ``{`` as ``}`` in
    its code, the text outside its block comments (counted between the
    comments :func:`scan_docs_only` finds anyway), no ``//`` there, and its
    end (:func:`_code_end`) a whole one.  A cut leaves an opener more, or
    ends elsewhere.  The comments are left out of the counts, not only
    for their own brackets (libvirt-domain-snapshot.c's docs have two more
    ``)``): a stray ``/*`` in a body that runs on into the next doc comment
    hides the body's ``}`` in a comment, and counted over the whole text
    the brackets came out even (QA, session 26: the function after it lost
    its doc in silence).  A literal's brackets are counted (one in a string
    sends the file to the exact pass); a ``//`` comment could hide a bracket
    the same way, so a file with one in its code gets the exact pass too.
    Only a cut whose open brackets exactly make up for unbalanced ones in
    its literals, and that ends right after a statement, gets through: a
    compiler would still stop there.  So does a cut between two
    definitions: that file is whole C, whatever it lost."""

    __slots__ = ("braces", "line_comment", "parens")

    def __init__(self) -> None:
        self.parens = 0
        self.braces = 0
        self.line_comment = False

    def take(self, text: str, start: int, end: int) -> None:
        """Count the code ``text[start:end]``."""
        self.parens += text.count("(", start, end) - text.count(")", start, end)
        self.braces += text.count("{", start, end) - text.count("}", start, end)
        self.line_comment = self.line_comment or text.find("//", start, end) >= 0

    def even(self) -> bool:
        return self.parens == 0 and self.braces == 0 and not self.line_comment


# a conditional's '#' and the start of its name, wherever it stands: the quick look needs no more
_ANY_CONDITIONAL_RE = re.compile(r"#(?:[^\S\n]|\\[ \t\r]*\n)*(if|el|endif)")


def _conditionals_look_balanced(text: str) -> bool:
    """Whether every ``#if`` (``#ifdef``, ``#ifndef``) surely has its
    ``#endif`` and every ``#else``, ``#elif`` or ``#endif`` an ``#if``, told
    without the pass of :func:`_check_brackets`: their '#' is rare, so the
    search costs ~0.3 ms over 9.0.0's documented sources.  One not first on
    its line is none (``see #endif`` in a doc), as the exact pass reads it;
    one that a comment or a continued literal may hold sends the file to the
    exact pass (:func:`_maybe_hidden`), so a cut inside a conditional, which
    leaves an ``#if`` more, never gets through."""
    depth = 0
    for match in _ANY_CONDITIONAL_RE.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip(" \t"):
            continue
        if _maybe_hidden(text, line_start, start):
            return False
        if match.group(1) == "if":
            depth += 1
        elif depth == 0:
            return False
        elif match.group(1) == "endif":
            depth -= 1
    return depth == 0


def _maybe_hidden(text: str, line_start: int, start: int) -> bool:
    """Whether a comment or literal may hold ``start``, first on the line at
    ``line_start``: a ``/*`` before it that no ``*/`` closed (one in a
    literal too: the exact pass tells), or its line continuing the one
    before (a literal or ``//`` comment only spans lines so)."""
    opener = text.rfind("/*", 0, start)
    if opener >= 0 and text.rfind("*/", opener + 2, start) < 0:
        return True
    return line_start > 1 and text[line_start - 2] in _MAYBE_CONTINUED and _continued(text, 0, line_start)


_LINE_TOKENS_RE = re.compile(clex.OPEN_LITERAL, re.DOTALL)  # literals and // comments


def _line_comment(line: str) -> int:
    """Where a ``//`` comment starts in ``line`` (outside its string and character literals), -1 if none."""
    return next((m.start() for m in _LINE_TOKENS_RE.finditer(line) if m.group().startswith("//")), -1)


# the directives a file may end with; a cut one ("#de") is none of them
_DIRECTIVE_NAMES = frozenset({
    "define", "undef", "include", "include_next", "if", "ifdef", "ifndef", "elif", "elifdef", "elifndef",
    "else", "endif", "pragma", "error", "warning", "line", "ident",
})  # fmt: skip
_DIRECTIVE_LINE_RE = re.compile(r"[ \t]*#[ \t]*(\w*)(.*)", re.DOTALL)
_WHOLE_INCLUDE_RE = re.compile(r"""\s*(?:"[^"\n]*"|<[^>\n]*>|[A-Za-z_]\w*)""")


# a doc block, then only the words of a definition's head up to the end: its '(' cut off
_CUT_HEAD_RE = re.compile(r"/\*\*(?:(?!\*/).)*\*/\s*([A-Za-z_][\w\s*]*)\Z", re.DOTALL)


def _code_end(text: str) -> tuple[int, str | None]:
    """Where a ``.c`` file's code ends (past the comments, directives and
    blank space after it), and what is wrong with its end: None when it is a
    whole one, a ``}`` or ``;`` (a definition or declaration ended) or no
    code at all, and each directive after it a whole one.  Else where a
    compiler stops: a cut directive ("invalid preprocessing directive #de",
    an ``#include`` missing its closing quote), a documented definition's
    head cut before its ``(`` (``*/\nint\nvirCo``), an operator last
    (``}\n\n/``), or any other last token (a name, a number, a ``)``): a
    declaration never ended, as a head cut after its ``)`` (``unsigned int
    flags)``) or a name cut short (``VIR_LO``) leave it; gcc: "expected ...
    at end of input".  Decided so although a file-scope macro call written
    without its ``;`` can be whole C once expanded: no file this tool reads
    ends so in 7.0.0, 9.0.0 or 11.3.0, and a cut there lost every doc after
    it in silence.  One such call is let through: a body's ``}`` closed by
    the call's ``)`` (``esx_vi_methods.c``'s ``})``, the one real file that
    ends so): a body ended, not the head or the name a cut leaves.  An
    ``#endif`` last leaves the code before it to the bracket pass
    (``virnetsaslcontext.c``'s ``VIR_WARNINGS_RESET`` is one alternative).
    Comments are taken off the end by their ``/*``: a ``*/`` at the end
    whose opener stands in a literal (never in libvirt) misplaces only the
    place reported."""
    tail, decided = _code_tail(text)
    if decided is not None:
        return decided
    if not tail or tail.endswith(("}", ";", "})")):
        return len(tail), None
    return _cut_end(tail)


def _code_tail(text: str) -> tuple[str, tuple[int, str | None] | None]:
    """A ``.c`` file's text up to the end of its code, past the comments,
    directives and blank space after it; and :func:`_code_end`'s answer when
    a directive there decides it (a cut one, an ``#endif``), else None."""
    tail = text.rstrip()
    while tail:
        if tail.endswith("*/") and (opener := tail.rfind("/*")) >= 0:
            tail = tail[:opener].rstrip()
            continue
        line_start = tail.rfind("\n") + 1
        while line_start > 1 and tail[line_start - 2] == "\\":  # a line continued: the whole logical line
            line_start = tail.rfind("\n", 0, line_start - 1) + 1
        line = tail[line_start:]
        comment = _line_comment(line)
        if comment >= 0:
            tail = tail[: line_start + comment].rstrip()
            continue
        directive = _DIRECTIVE_LINE_RE.fullmatch(line)
        if directive is not None:
            name, rest = directive.groups()
            if name not in _DIRECTIVE_NAMES:
                return tail, (line_start + line.index("#"), f"invalid preprocessing directive #{name}")
            if name in ("include", "include_next") and not _WHOLE_INCLUDE_RE.match(rest):
                return tail, (line_start + line.index("#"), f"#{name} expects \"FILENAME\" or <FILENAME>")
            if name == "endif":  # the code before it is one alternative of several: the bracket pass judged them
                return tail, (len(tail), None)
            tail = tail[:line_start].rstrip()
            continue
        break
    return tail, None


def _cut_end(tail: str) -> tuple[int, str]:
    """Where and how the code ``tail`` of a ``.c`` file, ending in no ``}`` or ``;``, was cut."""
    head = _CUT_HEAD_RE.search(tail)
    if head is not None:
        return head.start(1), "the file ends inside the head of a documented definition (cut short?)"
    if not (tail[-1].isalnum() or tail[-1] in "_)]\"'"):  # an operator no statement ends with: "}\n\n/"
        return len(tail) - 1, f"the file ends in a stray '{tail[-1]}' (cut short?)"
    start = len(tail.rstrip(_WORD_CHARS))  # the last token: a name or number whole
    if start == len(tail):  # else the ')', ']' or closing quote
        start -= 1
    return start, f"the file ends in '{tail[start:]}', with no ';' or '}}' ending its last declaration (cut short?)"


_WORD_CHARS = "0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _check_closed(path: str, text: str, code_from: int) -> None:
    """Raise :class:`FrontendError` at a ``/*`` in code that no ``*/`` closes.

    Decided: an error that stops the run, as in a header (where ``cpp``
    reports "unterminated comment") and as a compiler stops on the ``.c``
    file: the rest of the file is a comment, so any doc after the ``/*`` is
    lost, and libvirt's own build could not have produced the tree.  Only
    after the last comment found can one open: the search for comments
    closes a ``/*`` with the next ``*/`` wherever it is.  ``code_from`` is in
    code, after every comment found; a ``/*`` in a literal or a ``//``
    comment after it is skipped as the search skips it (:func:`_in_code`)."""
    position = code_from
    while (start := text.find("/*", position)) >= 0:
        resume = _in_code(text, position, start)
        if resume:
            position = resume
            continue
        close = text.find("*/", start + 2)
        if close < 0:
            raise FrontendError("unterminated comment", path, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
        position = close + 2


def _check_brackets(path: str, text: str) -> None:
    """Raise :class:`FrontendError` at the outermost ``(`` or ``{`` of code
    that the file ends inside (called once every comment is known closed).

    Decided: an error that stops the run, as an unterminated comment is
    (:func:`_check_closed`), for the same reasons: a compiler stops on the
    file ("expected ... at end of input"), libvirt's own build could not
    have produced the tree, and what the file lost (every definition and doc
    after the cut) is no warning's matter: the functions it lost would be
    written with empty docs, in silence.  Only the end is checked, in one
    pass over the code (comments, literals and directives skipped, as cpp
    reads them): a cut leaves its brackets open.  The branches of a
    conditional are alternatives: each starts from the brackets open at its
    ``#if`` (libvirt's ``storage_backend_rbd.c`` opens the same ``{`` in an
    ``#if`` and its ``#else``; counted through, it was never closed), and
    after the ``#endif`` the fewest any of them leaves open stay open
    (:func:`_branch`); a closer that closes nothing is left to the
    compiler.  The outermost bracket is the place: the head of the
    definition cut short (``virConnectGetVersion(`` when the file ends in
    its parameters) or its body's ``{``.  With every bracket closed, the
    end must still be a whole one (:func:`_code_end`: a head cut before its
    ``(``, a cut directive).  Then no conditional may be left open: gcc's
    "unterminated #ifdef", at the innermost one's name (gcc gives its line
    alone; the name's column is the one its "#endif without #if" gives).
    It comes last although gcc says it first: a bracket left open or a cut
    last declaration tells where the cut is, and the cuts reported so
    before keep their report.  An ``#else``, ``#elif`` or ``#endif`` with
    no ``#if`` open is an error where it stands, as in gcc: the file is no
    whole C.  A directive after a comment on its line
    (``/* x */ #if``, which gcc reads as one) is not seen as one here: never
    so in libvirt."""
    still_open, at_if = _open_at_end(path, text)
    if still_open:
        _raise_at(path, text, still_open[0], f"'{text[still_open[0]]}' is never closed: the file ends inside it")
    place, problem = _code_end(text)
    if problem is not None:
        _raise_at(path, text, place, problem)
    if at_if:
        _raise_at(path, text, at_if[-1].place, f"unterminated #{at_if[-1].keyword}")


def _open_at_end(path: str, text: str) -> tuple[list[int], list[_Conditional]]:
    """The brackets (their places) and the conditionals still open where the
    code of ``text`` ends, in one pass over it (see :func:`_check_brackets`);
    an ``#else``, ``#elif`` or ``#endif`` with no ``#if`` open is an error."""
    still_open: list[int] = []
    at_if: list[_Conditional] = []  # the open conditionals
    for match in _CODE_BRACKET_RE.finditer(text):
        mark = match.group()
        if mark in _OPENERS:
            still_open.append(match.start())
        elif mark in _CLOSERS:
            if still_open:
                still_open.pop()
        elif (condition := _CONDITIONAL_HEAD_RE.match(mark)) is not None:
            keyword, place = condition.group(1), match.start() + condition.start(1)
            if not at_if and keyword not in _IF_KEYWORDS:
                _raise_at(path, text, place, f"#{keyword} without #if")
            still_open = _branch(keyword, place, still_open, at_if)
    return still_open, at_if


def _raise_at(path: str, text: str, start: int, message: str) -> NoReturn:
    line, col = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    raise FrontendError(message, path, line, col)


def _branch(keyword: str, place: int, still_open: list[int], at_if: list[_Conditional]) -> list[int]:
    """The brackets open after the conditional directive ``keyword``, its
    name at ``place`` (see :func:`_check_brackets`); ``at_if`` is updated.  After the
    ``#endif``: the fewest any alternative leaves open (a compiler takes
    the file when one configuration is whole), an ``#if`` with no ``#else``
    having an empty one (``#if 0`` around a half-written function)."""
    if keyword in ("if", "ifdef", "ifndef"):
        at_if.append(_Conditional(keyword, place, list(still_open)))
    elif at_if and keyword == "endif":
        conditional = at_if.pop()
        ends = [*conditional.ends, still_open] + ([] if conditional.has_else else [conditional.start])
        return min(ends, key=len)
    elif at_if:  # #elif, #else: another alternative, from the #if's brackets
        conditional = at_if[-1]
        conditional.ends.append(still_open)
        conditional.has_else = conditional.has_else or keyword == "else"
        return list(conditional.start)
    return still_open


@dataclass(slots=True)
class _Conditional:
    """An open ``#if``: its keyword and its name's place (for its error), the brackets
    open at it, those each finished alternative left open, whether an ``#else`` came."""

    keyword: str
    place: int
    start: list[int]
    ends: list[list[int]] = field(default_factory=list)
    has_else: bool = False


_OPENERS = frozenset("({")
_IF_KEYWORDS = frozenset({"if", "ifdef", "ifndef"})
# a conditional directive (as _CODE_BRACKET_RE finds it) and its name, which
# spaces and line continuations may part from its '#' as in cpp
_CONDITIONAL_HEAD_RE = re.compile(r"[ \t]*#(?:[^\S\n]|\\[ \t\r]*\n)*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b")
_CLOSERS = frozenset(")}")
# code's brackets, past what holds brackets that are not code's: comments, literals (an
# unterminated one ends with its line, as in cpp) and directives (their own lines)
_CODE_BRACKET_RE = re.compile(f"[(){{}}]|{clex.BLOCK_COMMENT}|{clex.OPEN_LITERAL}|{_DIRECTIVE}", re.MULTILINE | re.DOTALL)


# what can make a "/*" no comment: a string, a character literal or a line
# comment opening before it (each runs to its end or, unterminated, to the end
# of the line, as cpp reads it; a backslash-newline continues any of them)
_LITERAL_OPENER_RE = re.compile(r"[\"'/]")
_LITERAL_RE = re.compile(clex.OPEN_LITERAL, re.DOTALL)


def _in_code(text: str, code_from: int, start: int) -> int:
    """0 when the ``/*`` at ``start`` opens a comment; else the end of the
    literal or line comment holding it (where code resumes).

    ``code_from`` is in code, and no ``/*`` lies between it and ``start``, so
    a literal or line comment holding ``start`` opens on ``start``'s line:
    the scan starts there, unless that line continues the one before."""
    line_start = text.rfind("\n", code_from, start) + 1
    position = max(code_from, line_start)
    if line_start > 1 and text[line_start - 2] in _MAYBE_CONTINUED and _continued(text, code_from, line_start):
        position = code_from  # a literal may open on the lines before
    while True:
        opener = _LITERAL_OPENER_RE.search(text, position, start)
        if opener is None:
            return 0
        literal = _LITERAL_RE.match(text, opener.start())
        if literal is None:  # a lone '/' (a division)
            position = opener.end()
            continue
        if literal.end() > start:
            return literal.end()
        position = literal.end()


_MAYBE_CONTINUED = "\\ \t\r"  # the last character before a newline that may end "\\"


def _continued(text: str, code_from: int, line_start: int) -> bool:
    """Whether the line starting at ``line_start`` continues the one before
    (a backslash, spaces allowed after it, ends that one)."""
    return text[max(code_from, line_start - 80) : line_start - 1].rstrip(" \t\r").endswith("\\")


def _without_bom(text: str) -> str:
    """``text`` without its byte order mark: cpp skips it and an editor shows
    none, so columns on the first line count from the character after it."""
    return text[1:] if text.startswith("\ufeff") else text


def parse_top_comment(comment: str) -> dict[str, str]:
    """``Summary:`` and ``Description:`` of a header's first comment.

    An item runs until the next ``Name:`` line, a blank comment line, or the
    copyright/licence line.
    """
    result: dict[str, str] = {}
    item: str | None = None
    for line, _ in _top_comment_lines(comment):
        match = _TOP_ITEM_RE.match(line)
        if match:
            item = match.group(1)
            line = match.group(2).strip()
        elif not line:
            item = None
        if item is None:
            continue
        result[item] = f"{result[item]} {line}" if item in result else line
    return {key: value.strip() for key, value in result.items()}


def _top_comment_lines(comment: str) -> Iterator[tuple[str, int]]:
    """Each line of a header's first comment up to its copyright or licence
    line, without its indentation, stars and blanks, and the offset in
    ``comment`` of what is left: the lines :func:`parse_top_comment` reads
    its items from, and :func:`top_comment_since_tags` its tags."""
    offset = 2  # past the "/*" ("//" for a line comment), as comment_body
    for raw in comment_body(comment).split("\n"):
        line = raw.strip().lstrip("*").strip()
        # The "Name:" syntax and the "Copyright (C)" stop are apibuild.py's (parseTopComment): they decide the
        # <summary> and <description> text of libvirt-api.xml, which must come out byte for byte the same.
        if line.startswith(("Copyright (C)", "SPDX-License-Identifier")):
            return
        yield line, offset + len(raw) - len(raw.lstrip().lstrip("*").lstrip())
        offset += len(raw) + 1


def top_comment_since_tags(comment: str) -> list[tuple[str, int]]:
    """Each ``Since:`` line of a header's top comment (``comment``, its
    first ``/*`` comment): the tag as written and its offset in ``comment``.

    Decided: such a line is reported (``since-malformed``, by the builder),
    not read.  In :func:`parse_top_comment`'s syntax, as in apibuild.py's,
    it opens an item of its own beside ``Summary:`` and ``Description:``,
    which nothing writes: the file description names no symbol a version
    could belong to (libvirt tags each symbol's doc, and no header's top
    comment of 7.0.0, 9.0.0 or 11.3.0 holds one), so the tag was lost in
    silence.  A tag inside the description's text is ``check``'s to report
    (:mod:`generator.lint.since`), as that text is in the model.  Any case
    (``since:``) and any value: the line is lost all the same.  Only in a
    file description, a comment holding a ``Summary:`` or ``Description:``
    item: a header may open with a symbol's doc block, whose tag is read.
    Only the lines :func:`parse_top_comment` reads (review, session 28): none
    past the copyright or licence line, where apibuild.py stops too."""
    found: list[tuple[str, int]] = []
    described = False
    for line, at in _top_comment_lines(comment):
        match = _TOP_ITEM_RE.match(line)
        if match is not None and match.group(1).lower() == "since":
            found.append((line, at))
        described = described or (match is not None and match.group(1) in ("Summary", "Description"))
    return found if described else []


# an item of a header's first comment, "Name:" and its text (apibuild.py's syntax)
_TOP_ITEM_RE = re.compile(r"([_.a-zA-Z0-9]+):(.*)")
