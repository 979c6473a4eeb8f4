"""pycparser's parser fed by one ``re.finditer`` pass: half the time of a cold parse.

Half of pycparser's time on libvirt's headers went to its lexer, which
matches one token per call with a large alternation and a bucket of
punctuators (about 3 us a token, 16,000 tokens for 9.0.0), and much of the
rest to the token stream that asks that lexer for one token at a time.
Here the whole preprocessed text becomes pycparser's own ``Token`` objects
in a single pass over one regular expression, and the parser reads them
from a list.  The grammar, the typedef-name scopes and the AST are
pycparser's: nothing here decides what a declaration means.

Exactness comes before speed:

* The pass knows only the spellings libvirt's preprocessed headers use:
  identifiers, keywords, integer constants, plain string literals,
  punctuators and ``# N "file"`` line markers.  At anything else (a comment,
  a character constant, a float, an escape, ``[[`` attributes, ``#pragma``,
  a stray character) it gives up and the whole text goes through pycparser's
  own lexer, so errors and unusual input behave exactly as pycparser makes
  them behave.  Each accepted token is one pycparser's lexer would produce
  with the same type, value, line, column and file; the lookaheads reject
  the cases where the two could split a spelling differently (``L"x"``,
  ``1Lu2``, ``/*``, ``.5``).
* The parser overrides touch pycparser's token plumbing only, and only for
  the shape they were written against (pycparser 3.12: ``Token.filename``,
  ``CParser._classify_identifier``); any other pycparser gets its stock
  parser.  ``tests/test_fastparse.py`` checks that both ways give equal ASTs
  (coordinates included) on every tree the tests know, and equal tokens on
  a list of awkward spellings.
* Errors are pycparser's, with the same messages, on both ways (the
  fall-back parses with :class:`_PositionedParser` too); they are
  :class:`PlacedParseError`, which adds a place to the few that have none
  (an unknown type name as a later parameter or as a struct field,
  ``f(int a,, int b)``): the token the parser was about to read, where a
  user looks for the mistake.  pycparser names only the file of the last
  ``#line`` marker there, our scratch unit.

GNU attributes (``__attribute__((...))``, ``__attribute((...))``) are
dropped from the tokens before the parser reads them (:func:`without_attributes`),
on the fast way and on the fall-back's (whose lexer's tokens go through the
same filter), wherever gcc takes one on a declaration: before or after a
declarator, on a parameter, a struct member, an enum member, a typedef, a
tag.  Decided: ignored, as libvirt's ``apibuild.py`` ignores them and as the
``.c`` scan skips them before a definition (:mod:`.scanner`); pycparser
reads none (only C23's ``[[...]]``), and no attribute changes what the model
holds (a type, a parameter, a value).  Dropping whole tokens leaves every
other token's line and column as they were: a ``-D__attribute__(x)=`` for
cpp would have shifted the columns after it on its line, and so the places
of the tree's diagnostics.  An ``__attribute__`` not followed by ``((`` is
left to the parser (its "before: __attribute__"); one whose parentheses are
not closed before a ``;``, ``{``, ``}`` or the end of the input (none can
stand inside one) is an error at its first ``(``, raised as a
:class:`~.errors.FrontendError` (our own message: cdecl must not read it as
one of pycparser's, whose places it re-reads).  pycparser's stock parser,
taken when this pycparser does not fit the overrides (:func:`parser`),
keeps its own lexer and reads no GNU attribute (its syntax error, as before).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

from pycparser import c_ast, c_lexer, c_parser

from .errors import FrontendError

if TYPE_CHECKING:
    from pycparser.c_lexer import Token

_INTEGER_SUFFIX = r"(?:[uU](?:ll|LL|[lL])?|(?:ll|LL|[lL])[uU]?)?"
_NOT_AFTER_NUMBER = r"(?![\w.'$])"  # anything that could extend a number: let pycparser decide


def _punctuator_pattern() -> str:
    """Every fixed punctuator, longest first, with the three that need a look-ahead."""
    special = {".": r"\.(?![0-9])", "/": r"/(?![*/])", "[": r"\[(?!\s*\[)"}
    literals = sorted((entry.literal for entry in c_lexer._fixed_tokens), key=len, reverse=True)
    return "|".join(special.get(literal, re.escape(literal)) for literal in literals)


def _token_pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?P<space>[ \t\f\v]+)"
        r"|(?P<newline>\n)"
        r"|(?P<word>[a-zA-Z_$][0-9a-zA-Z_$]*)(?![\"'])"
        rf"|(?P<punct>{_punctuator_pattern()})"
        rf"|(?P<hex>0[xX][0-9a-fA-F]+{_INTEGER_SUFFIX}){_NOT_AFTER_NUMBER}"
        rf"|(?P<dec>[1-9][0-9]*{_INTEGER_SUFFIX}){_NOT_AFTER_NUMBER}"
        rf"|(?P<oct>0[0-7]*{_INTEGER_SUFFIX}){_NOT_AFTER_NUMBER}"
        r'|(?P<string>"[^"\\\n]*")'
        r'|\#[ \t]*(?:line[ \t]+)?(?P<marker>[0-9]+)(?:[ \t]+"(?P<file>[^"\\\n]*)"(?:[ \t]+[0-9]+)*)?[ \t]*(?:\n|\Z)'
    )


_CONSTANT_TYPES = {"hex": "INT_CONST_HEX", "dec": "INT_CONST_DEC", "oct": "INT_CONST_OCT", "string": "STRING_LITERAL"}


def tokenize(text: str, filename: str, keywords: dict[str, str], pattern: re.Pattern[str]) -> tuple[list[Token], str] | None:
    """pycparser's tokens for *text* and the file name at its end; None where it must lex."""
    make = c_lexer.Token
    punctuators = {entry.literal: entry.tok_type for entry in c_lexer._fixed_tokens}
    tokens: list[Token] = []
    append = tokens.append
    line, line_start, expected = 1, 0, 0
    for match in pattern.finditer(text):
        start = match.start()
        if start != expected:
            return None
        expected = match.end()
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "newline":
            line, line_start = line + 1, expected
        elif kind == "word":
            value = match.group()
            append(make(keywords.get(value, "ID"), value, line, start - line_start + 1, filename))
        elif kind == "punct":
            value = match.group()
            append(make(punctuators[value], value, line, start - line_start + 1, filename))
        elif kind in ("marker", "file"):
            line, line_start = int(match.group("marker")), expected
            marker_file = match.group("file")
            if marker_file is not None:
                filename = marker_file
        else:
            assert kind is not None
            append(make(_CONSTANT_TYPES[kind], match.group(), line, start - line_start + 1, filename))
    if expected != len(text):
        return None
    return tokens, filename


# GNU's two spellings (gcc takes both); :data:`.scanner.GNU_ATTRIBUTES` again, not imported:
# the scanner's import (its patterns compiled) cost the parsing child 20 ms
GNU_ATTRIBUTES = frozenset({"__attribute__", "__attribute"})
# what cannot stand inside an attribute's parentheses: an attribute left open ends before it
_ATTRIBUTE_STOPS = frozenset({"SEMI", "LBRACE", "RBRACE"})


def without_attributes(tokens: Iterator[Token]) -> Iterator[Token]:
    """``tokens`` without their GNU attributes: each ``__attribute__`` (or
    ``__attribute``) followed by ``((``, up to the ``)`` that closes the
    first ``(`` (see the module docstring); other tokens unchanged."""
    for token in tokens:
        if token.type != "ID" or token.value not in GNU_ATTRIBUTES:
            yield token
            continue
        opening = next(tokens, None)
        second = next(tokens, None) if opening is not None and opening.type == "LPAREN" else None
        if opening is None or second is None or second.type != "LPAREN":
            yield from (read for read in (token, opening, second) if read is not None)  # the parser's error
            continue
        _skip_arguments(tokens, opening)


def _skip_arguments(tokens: Iterator[Token], opening: Token) -> None:
    """Read ``tokens`` up to the ``)`` that closes ``opening`` (the second
    ``(`` of an attribute is read already); raise where it is never closed."""
    depth = 2
    for token in tokens:
        if token.type == "LPAREN":
            depth += 1
        elif token.type == "RPAREN":
            depth -= 1
            if depth == 0:
                return
        elif token.type in _ATTRIBUTE_STOPS:
            break
    where = f"{opening.filename}:{opening.lineno}:{opening.column}"  # cpp's output: parallel places it in the header
    raise FrontendError(f"{where}: '(' of __attribute__ is never closed")


def _fits() -> bool:
    """Whether this pycparser has the token plumbing the overrides below were written for."""
    fields = getattr(getattr(c_lexer, "Token", None), "__dataclass_fields__", {})
    return (
        "filename" in fields
        and hasattr(c_parser, "_TokenStream")
        and hasattr(c_parser.CParser, "_classify_identifier")
        and hasattr(c_parser.CParser, "_parse_translation_unit_or_empty")
        and hasattr(c_lexer, "_fixed_tokens")
        and hasattr(c_parser, "Coord")
        and hasattr(c_parser.CParser, "_tok_coord")
    )


class _ListStream(getattr(c_parser, "_TokenStream", object)):  # type: ignore[misc]  # an unfit pycparser (no _TokenStream) never uses it
    """pycparser's token stream over a list made in advance."""

    def __init__(self, tokens: list[Token]) -> None:
        self._buffer: list[Token | None] = list(tokens)
        self._index = 0
        self._end = len(tokens)

    def peek(self, k: int = 1) -> Token | None:
        position = self._index + k - 1
        return self._buffer[position] if 0 <= position < self._end and k > 0 else None

    def next(self) -> Token | None:
        position = self._index
        self._index = position + 1
        return self._buffer[position] if position < self._end else None


class PlacedParseError(c_parser.ParseError):  # type: ignore[misc]
    """pycparser's error, its message unchanged, plus where the parser stopped:
    ``placed`` is ``file:line:col: message`` at the token it was about to read
    (None: it had read them all)."""

    def __init__(self, message: str, placed: str | None) -> None:
        super().__init__(message)
        self.placed = placed


class _PositionedParser(c_parser.CParser):  # type: ignore[misc]
    """pycparser's parser; its errors are :class:`PlacedParseError`.

    A few of pycparser's errors carry only the lexer's file name ("Invalid
    declaration", "Invalid specifier list": an unknown type name as a later
    parameter or as a struct field, ``f(int a,, int b)``), and the lexer's
    file is the last ``#line`` marker's, our scratch unit, not the header at
    fault.  The token the parser was about to read is where it failed: the
    error also says that place, as gcc would word it where a type name was
    expected and a plain identifier stood (an unknown type name, when a
    declarator follows it or, as a parameter, when it ends the parameter:
    ``f(int a, virBogus)``; a struct member that is one word gives gcc's
    "expected specifier-qualifier-list", as does a member with a storage
    class, ``static int x;``, which C refuses), else in pycparser's own
    "before:" form.  A storage class on an unnamed parameter is refused here
    too (:meth:`_build_parameter_declaration`)."""

    def _parse_error(self, msg: str, coord: object) -> NoReturn:
        try:
            super()._parse_error(msg, coord)
        except c_parser.ParseError as error:
            if isinstance(coord, c_parser.Coord):
                raise PlacedParseError(str(error), str(error)) from None
            raise PlacedParseError(str(error), self._placed(msg)) from None
        raise AssertionError("pycparser's _parse_error returned")  # it raises; its types are not visible to mypy here

    def _build_parameter_declaration(self, spec: Any, decl: c_ast.Node | None, spec_coord: Any) -> c_ast.Node:
        """pycparser's, refusing a storage class on an unnamed parameter
        (``f(extern int)``), in gcc's words at its specifiers: pycparser
        builds a node that keeps none (a named one keeps it: :mod:`.cdecl`
        refuses it there, at the name).  ``register`` is allowed, as in C,
        once (gcc's "duplicate 'register'")."""
        node: c_ast.Node = super()._build_parameter_declaration(spec, decl, spec_coord)
        if isinstance(node, c_ast.Typename) and any(word != "register" for word in spec["storage"]):
            self._parse_error("storage class specified for unnamed parameter", spec_coord)
        if isinstance(node, c_ast.Typename) and len(spec["storage"]) > 1:
            self._parse_error("duplicate 'register'", spec_coord)
        return node

    def parse(self, text: str, filename: str = "", debug: bool = False) -> c_ast.FileAST:
        """pycparser's parse with its own lexer, whose tokens lose their GNU
        attributes first (:func:`without_attributes`)."""
        self.clex.input(text, filename)
        tokens = without_attributes(iter(self.clex.token, None))
        return self._parse_stream(c_parser._TokenStream(lambda: next(tokens, None)))

    def _parse_stream(self, stream: Any) -> c_ast.FileAST:
        """pycparser's ``parse`` past its lexer's input: the translation unit read from ``stream``."""
        self._scope_stack: list[dict[str, bool]] = [{}]
        self._typedef_checked_token = None
        self._tokens = stream
        ast = self._parse_translation_unit_or_empty()
        token = self._peek()
        if token is not None:
            self._parse_error(f"before: {token.value}", self._tok_coord(token))
        return ast

    _placing = False  # True while _placed reads ahead: a lexer error then is not placed again

    def _placed(self, msg: str) -> str | None:
        token = next_token(self._tokens)
        if token is None or self._placing:
            return None
        following = next_token(self._tokens, ahead=1)
        if following is None:  # pycparser's own stream reads from its lexer as the parser asks
            self._placing = True
            try:
                following = self._tokens.peek(2)
            except c_parser.ParseError:
                following = None
            finally:
                self._placing = False
        where = self._tok_coord(token)
        if token.type in _STORAGE_CLASSES and msg == "Invalid specifier list":  # a struct member's storage class
            return f"{where}: expected specifier-qualifier-list before '{token.value}'"
        if token.type == "ID" and following is not None and msg in _TYPE_WANTED:
            if following.type in _DECLARATOR_STARTS or following.type in _TYPE_WANTED[msg]:
                return f"{where}: unknown type name '{token.value}'"
            if following.type == "SEMI" and msg == "Invalid specifier list":
                return f"{where}: expected specifier-qualifier-list before '{token.value}'"
        return f"{where}: {msg} before: {token.value}"


_DECLARATOR_STARTS = frozenset({"ID", "TIMES", "LPAREN"})
_STORAGE_CLASSES = frozenset({"TYPEDEF", "EXTERN", "STATIC", "AUTO", "REGISTER", "_THREAD_LOCAL"})
# pycparser's errors where a type was wanted: a parameter, a struct member;
# and what ends a parameter that is one word (a type name with no declarator)
_TYPE_WANTED = {"Invalid declaration": frozenset({"COMMA", "RPAREN"}), "Invalid specifier list": frozenset()}


def next_token(stream: object, ahead: int = 0) -> Token | None:
    """The token a parser's token ``stream`` reads next (``ahead``: that many
    after it; negative: before it), without reading one more from a lexer:
    the stream's own buffer only (an error path must not raise another error)."""
    buffer: list[Token | None] = getattr(stream, "_buffer", [])
    position: int = getattr(stream, "_index", len(buffer)) + ahead
    return buffer[position] if 0 <= position < len(buffer) else None


class _ListParser(_PositionedParser):
    """pycparser's parser reading a token list; falls back to its lexer when :func:`tokenize` gives up."""

    def __init__(self) -> None:
        super().__init__()
        self._pattern = _token_pattern()

    def parse(self, text: str, filename: str = "", debug: bool = False) -> c_ast.FileAST:
        done = tokenize(text, filename, self.clex._keyword_map, self._pattern)
        if done is None:
            fallback = _PositionedParser()  # its lexer, its errors, its stream
            try:
                return fallback.parse(text, filename)
            except c_parser.ParseError:
                self._scope_stack = fallback._scope_stack  # the typedef names read, for the caller's message (cdecl)
                raise
        tokens, last_filename = done
        if "__attribute" in text:  # none in libvirt's headers: their tokens are not copied
            tokens = list(without_attributes(iter(tokens)))
        self.clex.input("", last_filename)  # the parser's end-of-input error names the lexer's file
        return self._parse_stream(_ListStream(tokens))

    def _peek(self, k: int = 1) -> Token | None:
        # _ListStream.peek inlined: ~70,000 calls for 9.0.0; the stream keeps
        # its own peek for any other caller pycparser may have.
        stream: Any = self._tokens
        position = stream._index + k - 1
        token = stream._buffer[position] if 0 <= position < stream._end and k > 0 else None
        if token is not self._typedef_checked_token:
            self._classify_identifier(token)
        return token

    def _peek_type(self, k: int = 1) -> str | None:
        token = self._peek(k)
        return token.type if token is not None else None


def parser() -> c_parser.CParser:
    """The fast parser when this pycparser fits it, else pycparser's own."""
    return _ListParser() if _fits() else c_parser.CParser()
