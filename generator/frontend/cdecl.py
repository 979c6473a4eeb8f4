"""The pycparser adapter: preprocessed C in, plain declaration records out.

This module and :mod:`.fastparse` (which feeds pycparser's parser faster)
are the only ones that import pycparser; its AST never leaves here: it hands
out the plain records of :mod:`.records`.

Decisions:

* **Enum values** are evaluated over mathematical integers, as libvirt's
  ``apibuild.py`` evaluates them (with Python): ``1U << 31`` is 2147483648,
  ``~0U`` is -1, no wrapping to a C type.  Where C's result differs from
  Python's, C's is taken: ``/`` and ``%`` truncate toward zero (``-7 % 3`` is
  -1), ``&&`` and ``||`` short-circuit, ``?:`` evaluates the branch chosen.
  An integer constant is read in the base its prefix says (``0x``, ``0b``,
  ``0``), its leading zeros not counted against the digits a 64-bit value
  has.  Character constants have their value (``'a'``, ``'\\n'``, ``'\\x41'``,
  ``L'é'``), except those C leaves to the compiler: a multi-character
  constant and a plain ``char`` one above 127 (its sign depends on the
  target).  Anything else is left unevaluated: the value is ``None``
  (``null`` in the JSON), as is that of the implicit members after it.
  That covers names we do not know, ``sizeof`` (it depends on the target's
  ABI), floating constants, and what C does not define or no 64-bit type
  holds: a shift by a negative count or by 64 or more, a division by zero,
  any intermediate result of 2**64 or more in magnitude, and a final value
  outside ``[-2**63, 2**64)``.  So a hostile initializer (``1 << 20000``, a
  chain of ``*``) costs no time or memory and no traceback; ``1ULL << 40``
  and the other 64-bit values libvirt writes keep their value.  (gcc makes
  a negative shift an error and the others warnings; the model records the
  initializer as written either way, and ``check`` is the place for lint.)
  The arithmetic (and these rules) live in :mod:`.cvalues`, which the XML
  reader evaluates the same initializers with, written as text: a member
  has one value whether read from a header or from the XML written from it.
  Operator chains (``1 + 1 + ... + 1``, left-nested in pycparser's tree)
  are folded in a loop: only parentheses cost a Python frame each.
* **Types** are spelled as libvirt's headers and ``libvirt-api.xml`` spell
  them: ``const char *``, ``char ** const``, ``virDomainPtr *``.  Types
  apibuild.py cannot read (it writes a function pointer as ``int(*cb)``,
  the name inside and the parameters dropped, and stops at a
  two-dimensional array) are spelled as C type names, the way gcc's
  diagnostics spell them: ``int (*)(void *)``, ``char *(*)(int)``,
  ``char[2][3]``, ``char (*)[3]``; parameter names are left out, array
  bounds are spelled after macro expansion.  A parameter declared as an
  array or a function has the pointer type C gives it
  (``const char *names[]`` is ``const char **``); a bit-field has its
  declared type (the model has no place for the width: libvirt's public
  structs have none).
* **Enums declared apart from their typedef** (``enum _virE {...};
  typedef enum _virE virE;``, in either order) are one enum named after the
  typedef, as ``typedef enum _virE {...} virE;`` is.  A tagged enum that no
  typedef names (``enum virBare {...};``) is named after its tag, so its
  members say which enum they belong to and its ``/** virBare:`` doc block
  is found (apibuild.py cannot read either form: it stops with "parsing
  enum: expecting '{'").  Only an enum with neither tag nor typedef is
  anonymous (``""``).  A tagged enum whose tag a typedef of another enum
  takes as its name (``enum virX {...}; typedef enum {...} virX;``, valid
  C: tags and typedef names are apart) stays anonymous: the model has one
  namespace for type names, and ``virX`` there is the typedef's enum.
* **Struct members** that declare nothing (``int;``, ``enum { K };``, a tag
  declared or defined inside: gcc's "declaration does not declare anything",
  a warning) are no fields.  Members gcc refuses are errors in its words: one
  of a struct or union type whose body has not ended where the member stands
  ("field 'x' has incomplete type": its own struct, an opaque handle such as
  ``virConnect``, one defined further down; named by tag or by a typedef of
  it), a ``void`` one (written or through typedefs of it; arrays of it too),
  and a flexible array member in a union, before another member or with no
  other member.  An untagged struct or union with a body and no
  name is C11's anonymous member, handed out nameless for the builder to
  refuse, at its keyword.  A named member whose type writes a struct body
  (``struct { int x; } inner;``, also through pointers and arrays, and a
  union body through a pointer) is a field of that type, its body's members
  nowhere in the model: the field says where the body's keyword is, and the
  builder warns there (see :mod:`.builder`).  A union written as a member's
  type is modelled (``Field.union``).
* Redeclarations are all handed out; :mod:`.builder` keeps one of those of
  one type (the most complete: see there) and rejects conflicting ones,
  where it can place the error at the name as written.  For a name declared
  twice (and only then: a set of the names tells, 0.03 ms), each
  declaration gets its canonical type (:class:`.records.CType`, built in a
  loop: see :class:`_Canonical`) and its column placed in the header, and
  the unit its runs of lines (:mod:`.records` says why).  A type whose
  parameter lists nest more than :data:`.records.MAX_NESTING` deep
  (through typedefs: the parser itself stops near 110 written ones) is an
  error at its declaration, not a comparison of its spellings.
* **Declarations C forbids** that pycparser's grammar lets through are
  errors, in gcc's words, checked as each type is spelled (so every type
  name: a function's, a function pointer's and its parameters', a struct
  or union member's, also of a body the model keeps no record of, a
  typedef's, a variable's, a cast's or ``sizeof``'s in an initializer):
  type specifiers that do not combine (``int char``, ``long short``,
  ``void void``, ``long long long``, ``unsigned signed``, ``short
  short``, a typedef name with another specifier), refused at the first
  specifier gcc refuses, with gcc's message, in gcc's order of checks;
  ``void`` in a parameter list with other parameters (``(void, int x)``,
  ``(void, ...)``), qualified (``(const void)``) or named (``(void v)``:
  gcc only warns in a declaration, but the function could never be
  called), placed at that parameter; a parameter name given twice,
  placed at the second ("duplicate parameter name"; gcc says
  "redefinition of parameter"); a storage class on a parameter
  (``extern``, ``static``, ``auto``, ``_Thread_local``: gcc's "storage
  class specified for parameter 'x'", placed at the name; an unnamed one,
  "storage class specified for unnamed parameter", is refused by
  :mod:`.fastparse`'s parser, since pycparser keeps no storage class on
  an unnamed parameter; ``register``, the one C allows, is accepted and
  left out of the type, as gcc accepts it); two storage classes in one
  top-level declaration (``typedef extern enum {...} virA;``, ``extern
  static int x;``: gcc's "multiple storage classes in declaration
  specifiers", placed at the declarator; the model had the enum); a struct or union member name given twice,
  placed at the second (gcc's "duplicate member"; a binding built from
  the model would read the wrong one); an identifier list (``f(a, b)``: no
  types for the model; it was a traceback); an array bound that is
  negative, placed at the array's name.  A bound is judged only when it
  holds no unsigned, hexadecimal or octal constant, no cast and no enum
  constant: its value is taken over mathematical integers (above), where
  C's may be a large positive one (``~0U >> 1``, ``-0x80000000``, an enum
  constant ``= ~0U``); a typedef name for ``void`` is not followed (gcc too
  takes ``(V)`` with ``typedef void V;`` as no parameters).  The costs:
  a cache lookup per type of two or more specifiers (each list is judged
  once per process), a set of names per parameter list, nothing more on
  the common path (0.4 ms of a 9.0.0 parse's 60).
* Columns are those of cpp's output, as pycparser gives them; an error's
  is placed in the header by :mod:`.parallel`, and the few records the
  builder cannot place by name (an anonymous member, an array of arrays, a
  redeclaration) are placed here (:class:`.preprocess.UnitLines`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from operator import itemgetter
from typing import TypeVar

from pycparser import c_ast
from pycparser.c_parser import ParseError

from .. import clex
from . import cvalues
from .cvalues import INT as INT_TYPE
from .cvalues import UNARY, binary, bounded, char_literal, decided, fits, int_literal, literal_type, promoted
from .cvalues import CType as IntType
from .cvalues import CValue as TypedValue
from .errors import FrontendError
from .fastparse import GNU_ATTRIBUTES, parser
from .preprocess import UnitLines
from .records import (
    MAX_NESTING,
    CEnum,
    CEnumerator,
    CField,
    CFunction,
    CFuncType,
    CParam,
    CStructBody,
    CType,
    CTypedef,
    CVariable,
    Declarations,
    Layer,
    Pos,
)

OLDEST_PYCPARSER = (3, 0)  # pyproject.toml's pin; pycparser 2.21 (Debian 12's python3-pycparser) mis-places a parameter


def check_pycparser(version: str) -> None:
    """Refuse a pycparser older than the one virt-apigen is tested with.

    pip enforces ``pycparser>=3.0``; a distribution that relaxes the pin to
    its own older package would get output that differs in places (2.21
    gives ``virStreamRecvHole``'s first parameter no position), so the run
    stops with what to install instead.
    """
    parts = [*version.split("."), "0"][:2]
    if tuple(int(part) if part.isdigit() else 0 for part in parts) < OLDEST_PYCPARSER:
        wanted = ".".join(map(str, OLDEST_PYCPARSER))
        raise FrontendError(f"pycparser {version} is too old: virt-apigen needs pycparser {wanted} or later (pip install 'pycparser>={wanted}')")


def parse(preprocessed: str, name: str, originals: Mapping[str, str] | None = None) -> Declarations:
    """Parse preprocessed C; raise :class:`FrontendError` with a position
    (a column of cpp's output: :mod:`.parallel` places it in the header).
    ``originals``: :class:`.UnitLines`' files to read a marker's lines from."""
    c_parser = parser()
    unit = UnitLines(preprocessed, name, originals)
    try:
        ast = c_parser.parse(preprocessed, name)
    except ParseError as error:
        known = {n for scope in getattr(c_parser, "_scope_stack", ()) for n, is_type in scope.items() if is_type}
        message = str(error)
        placed = getattr(error, "placed", None)  # fastparse's place for an error pycparser gives none
        said = _missing_semicolon(message, placed, known, unit) or _unknown_type(message, known, unit) or _stray_hash(message)
        raise FrontendError(said or message) from None
    result = Declarations([], [], [], [], [], [])
    state = _State(unit, result)
    try:
        for node in ast.ext:
            _collect(node, result, state)
        _name_enums(result, state)
        repeated = _repeated_names(result)
        return _redeclared(ast, result, state, repeated) if repeated else result
    except _Invalid as invalid:
        raise FrontendError(invalid.placed(unit)) from None


_ERROR_RE = re.compile(r"(.*?):(\d+):(\d+): (.*)", re.DOTALL)
# pycparser's lexer on a '#' cpp left in its output: one that is not its line's first token
# (code before it: "int a; # define X 1"), which no compiler takes as a directive either
_DIRECTIVE_LEFT = ": Directives not supported yet"


def _stray_hash(message: str) -> str | None:
    """pycparser's "Directives not supported yet" said as gcc says it ("stray '#' in program"),
    with why: read as a directive, it would promise what C does not do."""
    if not message.endswith(_DIRECTIVE_LEFT):
        return None
    place = message[: -len(_DIRECTIVE_LEFT)]
    return f"{place}: stray '#' in program: a directive's '#' must be the first token of its line (code stands before it)"


_TYPE_WORDS = frozenset({
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
    "const", "volatile", "struct", "union", "enum", "typedef", "extern", "static", "inline", "register", "auto",
})


def _unknown_type(message: str, known_types: set[str], unit: UnitLines) -> str | None:
    """pycparser's "before: x" or "Invalid function definition" when the real
    mistake is a type name nobody declared, said as gcc says it:
    ``file:line:col: unknown type name 'virFooPtr'`` (None: not that case).
    A word after a type (``unsigned virBogus b``, ``int *virBogus b``) is
    the declarator's name, not a type name: the mistake is then what
    follows it, where pycparser stopped (gcc says so too)."""
    match = _ERROR_RE.fullmatch(message)
    if match is None:
        return None
    file, line, col = match.group(1), int(match.group(2)), int(match.group(3))
    text = unit.line(file, line)  # pycparser's columns are of cpp's output
    if text is None:
        return None
    at_error = re.match(r"[A-Za-z_]\w*(?=[\s*]+[A-Za-z_(])", text[col - 1 :])
    # a type name is followed by a declarator: a name, '*' or '('
    before_error = re.search(r"([A-Za-z_]\w*)[\s*]+$", text[: col - 1]) if re.match(r"[A-Za-z_*(]", text[col - 1 :]) else None
    found = (at_error.group(0), col) if at_error else (before_error.group(1), before_error.start(1) + 1) if before_error else None
    if found is None or found[0] in known_types or found[0] in _TYPE_WORDS or _typed_before(text[: found[1] - 1], known_types):
        return None
    if _TAGGED_RE.search(text[: found[1] - 1]):  # `struct _virS virS`: a tag, no type name (a ';' missing after virS)
        return None
    return f"{file}:{line}:{found[1]}: unknown type name '{found[0]}'"


_TAGGED_RE = re.compile(r"\b(?:struct|union|enum)\s+$")
_SPECIFIER_WORDS = frozenset({"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "_Complex"})
_NO_TYPE_WORDS = frozenset({"const", "volatile", "restrict", "_Atomic", "extern", "static", "inline", "register", "auto", "typedef"})


def _typed_before(text: str, known_types: set[str]) -> bool:
    """Whether the declaration ending ``text`` has its type already (a type
    specifier, a typedef name, a tag, or a ``*`` of its declarator), past
    the qualifiers and storage classes that give none."""
    tokens = re.findall(r"[A-Za-z_]\w*|[^\s\w]", text)
    for at in range(len(tokens) - 1, -1, -1):
        word = tokens[at]
        if word not in _NO_TYPE_WORDS:
            tagged = at > 0 and tokens[at - 1] in ("struct", "union", "enum")
            return word in _SPECIFIER_WORDS or word in known_types or word == "*" or tagged
    return False


# --- a declaration not closed by ';' ---------------------------------------------
#
# pycparser reads `} virA` followed by `int virB(void);` as the start of an old-style
# function definition (`int virB(void);` its parameter declarations) and, finding
# no body, says "Invalid function definition" at virA; or it stops inside those
# declarations (`typedef virA *virAPtr;`: virA was never declared, an "unknown type
# name"); where the declarator is a typedef name already, a second declarator or a
# struct member, it says "before: int".  gcc says "expected ';' before 'int'", just
# past virA, and says it first: the mistake comes before the others.

_Token = tuple[str, str, int, int]  # text, marker file, line, column (cpp's output)
_UNIT_TOKEN_RE = re.compile(f"{clex.STRING}|{clex.CHAR}|[A-Za-z_$][\\w$]*|\\.?[0-9](?:[eEpP][+-]|[\\w.])*|\\S")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_$][\w$]*")
_TAGS = frozenset({"struct", "union", "enum"})
_QUALIFIER_WORDS = frozenset({"const", "volatile", "restrict", "_Atomic"})
_DECLARATION_WORDS = _SPECIFIER_WORDS | _NO_TYPE_WORDS | _TAGS | {"_Noreturn", "_Thread_local", "_Alignas"}
_C_KEYWORDS = _DECLARATION_WORDS | {
    "sizeof", "_Alignof", "_Static_assert", "_Generic", "if", "else", "while", "do", "for", "switch", "case", "default",
    "return", "break", "continue", "goto",
}
_MAX_DECLARATOR_NESTING = 200  # parenthesized declarators: pycparser gives up far sooner (see parallel)
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def _missing_semicolon(message: str, placed: str | None, known_types: set[str], unit: UnitLines) -> str | None:
    """pycparser's error (``message``, or where :mod:`.fastparse` ``placed``
    one that has no place) when the first mistake is a declaration not
    closed by ``;`` (a typedef name, a variable, a prototype, a struct
    member) before the first token of another declaration, said as gcc
    says it, at the column just past the declaration's last token (in cpp's
    output: :mod:`.parallel` places it in the header): ``expected ';' after
    'virFoo'``, or ``after the declaration of 'virBar'`` where the
    declarator ends past its name.  None when that is not certain: the
    declaration must have a type (a specifier, a tag, a typedef name),
    declare names only (no initializer, no bit-field, no old-style parameter
    names), stand at the top level (in a struct or union body, pycparser's
    "before: x" must be at the next member), end before the place of the
    error (or, for "Invalid function definition", be where pycparser
    stopped), and be followed by a type word, a qualifier, a storage class,
    a tag keyword or a typedef name."""
    match = _ERROR_RE.fullmatch(message) or (_ERROR_RE.fullmatch(placed) if placed else None)
    if match is None:
        return None
    detail = match.group(4).strip()
    where = (match.group(1), int(match.group(2)), int(match.group(3)))
    tokens = _unit_tokens(unit)
    at = next((index for index, token in enumerate(tokens) if token[1:] == where), None)
    if at is None:
        return None
    found = _unclosed_before(tokens, at, detail == "Invalid function definition", known_types)
    if found is None and detail.startswith("before: ") and tokens[at][0] == detail[len("before: ") :]:
        found = _unclosed_member(tokens, at, known_types)
    if found is None:
        return None
    end, name = found
    last, file, line, col = tokens[end - 1]
    said = f"'{name}'" if last == name else f"the declaration of '{name}'"
    return f"{file}:{line}:{col + len(last)}: expected ';' after {said}"


def _unit_tokens(unit: UnitLines) -> list[_Token]:
    """The C tokens of the preprocessed unit, each with its place in cpp's
    output (the lines of a directive left in it, ``#pragma``, left out)."""
    text = unit.text
    tokens: list[_Token] = []
    for file, first, last, offset in unit.runs():
        for number in range(first, last + 1):
            end = text.find("\n", offset)
            end = len(text) if end < 0 else end
            line = text[offset:end]
            if not line.lstrip().startswith("#"):
                tokens.extend((found.group(), file, number, found.start() + 1) for found in _UNIT_TOKEN_RE.finditer(line))
            offset = end + 1
    return tokens


def _unclosed_before(tokens: list[_Token], at: int, invalid_definition: bool, known_types: set[str]) -> tuple[int, str] | None:
    """The first top-level declaration whose declarators the first token of
    another declaration follows, when that comes before ``tokens[at]``, the
    place of the error (for "Invalid function definition", its first
    declarator holds that place): the index of that token, the last
    declarator's name.  None when there is none, when the error is inside
    it, or where the declarations cannot be told apart (an old-style
    definition, brackets that do not pair up)."""
    start = 0
    while start < at:
        if tokens[start][0] == ";":
            start += 1
            continue
        found = _declaration_end(tokens, start, known_types)
        if found is not None:
            end, name, first_end, old_style = found
            if end < len(tokens) and tokens[end][0] == ";":
                start = end + 1
                continue
            if end < len(tokens) and _starts_declaration(tokens, end, known_types):
                if old_style:  # `int f(a) int a; {...}`: an old-style definition's parameter declarations
                    return None
                if end <= at or (invalid_definition and end == first_end and start < at < end):
                    return end, name
                return None  # the error is inside it: a mistake before its end
        skipped = _past_declaration(tokens, start)
        if skipped is None:
            return None
        start = skipped
    return None


def _unclosed_member(tokens: list[_Token], at: int, known_types: set[str]) -> tuple[int, str] | None:
    """For pycparser's "before: x" at ``tokens[at]``: the declaration just before
    it in a struct or union body, when it ends there (the index ``at``, its last
    declarator's name) and ``x`` may begin a declaration."""
    start = _declaration_start(tokens, at)
    found = _declaration_end(tokens, start, known_types) if start is not None else None
    if found is None or found[0] != at or found[3] or not _starts_declaration(tokens, at, known_types):
        return None
    return at, found[1]


def _declaration_start(tokens: list[_Token], at: int) -> int | None:
    """The index of the first token of the declaration holding ``tokens[at]``,
    when it stands at the top level or in a struct or union body (None: in
    parentheses, brackets, an enum body, a function body, or brackets that
    do not pair up)."""
    openers: list[tuple[int, int]] = []  # (index of an open bracket, the declaration start around it)
    start = 0
    for index in range(at):
        text = tokens[index][0]
        if text in _CLOSERS:
            openers.append((index, start))
            if text == "{":
                start = index + 1  # a body's own list of declarations
        elif text in (")", "]", "}"):
            if not openers or _CLOSERS[tokens[openers[-1][0]][0]] != text:
                return None
            opened, start = openers.pop()
            if text == "}" and opened > 0 and tokens[opened - 1][0] == ")":  # a function's body ends a definition
                start = index + 1
        elif text == ";" and (not openers or tokens[openers[-1][0]][0] == "{"):
            start = index + 1
    for opened, _ in openers:
        if tokens[opened][0] != "{" or not _struct_body(tokens, opened):
            return None
    return start


def _struct_body(tokens: list[_Token], brace: int) -> bool:
    """Whether the ``{`` at ``brace`` opens a struct or union body."""
    before = tokens[brace - 1][0] if brace > 0 else ""
    if before in ("struct", "union"):
        return True
    return brace > 1 and _IDENTIFIER_RE.fullmatch(before) is not None and tokens[brace - 2][0] in ("struct", "union")


def _past_declaration(tokens: list[_Token], start: int) -> int | None:
    """The index past the declaration from ``start``, whatever it holds: past
    its ``;``, or past a function's body (None: the input ends first, or
    brackets do not pair up)."""
    openers: list[int] = []
    for index in range(start, len(tokens)):
        text = tokens[index][0]
        if text in _CLOSERS:
            openers.append(index)
        elif text in (")", "]", "}"):
            if not openers or _CLOSERS[tokens[openers[-1]][0]] != text:
                return None
            opened = openers.pop()
            if not openers and text == "}" and opened > 0 and tokens[opened - 1][0] == ")":
                return index + 1
        elif text == ";" and not openers:
            return index + 1
    return None


def _declaration_end(tokens: list[_Token], start: int, known_types: set[str]) -> tuple[int, str, int, bool] | None:
    """Where the declaration from ``start`` ends when it is declaration
    specifiers with a type, then declarators of names separated by commas:
    the index past its last declarator, the last declarator's name, the
    index past the first declarator, and whether a declarator has old-style
    parameter names (``f(a, b)``); None when it is anything else."""
    at = _specifiers_end(tokens, start, known_types)
    if at is None:
        return None
    first_end = -1
    old_style = False
    while True:
        found = _declarator(tokens, at, 0, known_types)
        if found is None:
            return None
        at, name, names_only = found
        first_end = at if first_end < 0 else first_end
        old_style = old_style or names_only
        if at < len(tokens) and tokens[at][0] == ",":
            at += 1
            continue
        return at, name, first_end, old_style


def _specifiers_end(tokens: list[_Token], at: int, known_types: set[str]) -> int | None:
    """The index past the declaration specifiers from ``at`` (None: they name no type)."""
    typed = False
    while at < len(tokens):
        text = tokens[at][0]
        if text in _SPECIFIER_WORDS:
            typed, at = True, at + 1
        elif text in _TAGS:
            following: int | None = at + 1
            if at + 1 < len(tokens) and _IDENTIFIER_RE.fullmatch(tokens[at + 1][0]) and tokens[at + 1][0] not in _C_KEYWORDS:
                following = at + 2
            if following is not None and following < len(tokens) and tokens[following][0] == "{":
                following = _past_brackets(tokens, following, body=True)
            if following is None or following == at + 1:  # neither a tag nor a body
                return None
            typed, at = True, following
        elif text in GNU_ATTRIBUTES or text == "_Alignas":
            skipped = _past_attribute(tokens, at) if text in GNU_ATTRIBUTES else _past_brackets(tokens, at + 1)
            if skipped is None:
                return None
            at = skipped
        elif text in _NO_TYPE_WORDS or text in ("_Noreturn", "_Thread_local"):
            at += 1
        elif not typed and text in known_types:
            typed, at = True, at + 1
        else:
            break
    return at if typed else None


def _declarator(tokens: list[_Token], at: int, nesting: int, known_types: set[str]) -> tuple[int, str, bool] | None:
    """The index past the declarator from ``at``, its name, and whether its
    parameters are old-style names (None: no declarator of a name)."""
    while at < len(tokens) and tokens[at][0] == "*":
        at += 1
        while at < len(tokens) and tokens[at][0] in _QUALIFIER_WORDS:
            at += 1
    if at >= len(tokens):
        return None
    text = tokens[at][0]
    names_only = False
    if text == "(" and nesting < _MAX_DECLARATOR_NESTING:
        inner = _declarator(tokens, at + 1, nesting + 1, known_types)
        if inner is None or inner[0] >= len(tokens) or tokens[inner[0]][0] != ")":
            return None
        at, name, names_only = inner[0] + 1, inner[1], inner[2]
    elif _IDENTIFIER_RE.fullmatch(text) and text not in _C_KEYWORDS and text not in GNU_ATTRIBUTES:
        at, name = at + 1, text
    else:
        return None
    while at < len(tokens) and (tokens[at][0] in ("(", "[") or tokens[at][0] in GNU_ATTRIBUTES):
        skipped = _past_attribute(tokens, at) if tokens[at][0] in GNU_ATTRIBUTES else _past_brackets(tokens, at)
        if skipped is None:
            return None
        if tokens[at][0] == "(":
            names_only = names_only or _names_only(tokens[at + 1 : skipped - 1], known_types)
        at = skipped
    return at, name, names_only


def _names_only(inside: list[_Token], known_types: set[str]) -> bool:
    """Whether a parameter list's tokens are an old-style list of names (``a, b``)."""
    words = [token[0] for token in inside[::2]]
    commas = {token[0] for token in inside[1::2]}
    named = all(_IDENTIFIER_RE.fullmatch(word) and word not in _C_KEYWORDS and word not in known_types for word in words)
    return bool(words) and named and commas <= {","}


def _past_attribute(tokens: list[_Token], at: int) -> int | None:
    """The index past the GNU attribute at ``at`` (``__attribute__((...))``)."""
    if at + 2 < len(tokens) and tokens[at + 1][0] == "(" and tokens[at + 2][0] == "(":
        return _past_brackets(tokens, at + 1)
    return None


def _past_brackets(tokens: list[_Token], at: int, body: bool = False) -> int | None:
    """The index past the bracket that closes the one at ``at``; None when
    they do not pair up, or (outside a ``body``, a struct or enum's braces)
    when a ``;`` or a brace stands inside, which no declarator holds."""
    if at >= len(tokens) or tokens[at][0] not in _CLOSERS:
        return None
    expected: list[str] = []
    for index in range(at, len(tokens)):
        text = tokens[index][0]
        if text in _CLOSERS:
            if text == "{" and not body:
                return None
            expected.append(_CLOSERS[text])
        elif text in (")", "]", "}"):
            if expected.pop() != text:
                return None
            if not expected:
                return index + 1
        elif text == ";" and not body:
            return None
    return None


def _starts_declaration(tokens: list[_Token], at: int, known_types: set[str]) -> bool:
    """Whether a declaration may begin at ``tokens[at]``: a declaration word or
    a typedef name that a ``;`` does not follow at once, a tag keyword its tag
    or body.  ``int virA(int a) struct;`` (``typedef;``, ``int;``, a typedef
    name before ``;``) has a stray word, not a ``;`` missing before it: adding
    one leaves gcc's "expected '{' before ';'" (QA)."""
    text = tokens[at][0]
    if text not in _DECLARATION_WORDS and text not in known_types:
        return False
    following = tokens[at + 1][0] if at + 1 < len(tokens) else ";"
    if following == ";":
        return False
    if text in _TAGS:
        return following == "{" or (_IDENTIFIER_RE.fullmatch(following) is not None and following not in _C_KEYWORDS)
    return True


class _State:
    """What the walk over the top-level declarations carries from one to the next
    (a plain class: a dataclass costs ~1 ms of import, see :mod:`.records`)."""

    __slots__ = ("complete", "enum_tags", "enum_typedefs", "out", "tagged", "unit", "values", "voids", "written_bodies")

    def __init__(self, unit: UnitLines, out: Declarations) -> None:
        self.unit = unit  # for the few places the scanner cannot find by name (see _fields)
        self.out = out  # where an enum body written in a declarator goes (_add_written_enum)
        # id() of a body written in a declaration -> for an enum its index in out.enums (-1 for a struct's): read once
        # (_add_written_enum, _collect_typedef); the parser shares one node among a declaration's declarators, and
        # a header read twice has two (its error)
        self.written_bodies: dict[int, int] = {}
        self.values: dict[str, int] = {}  # enum constants evaluated so far
        self.enum_tags: dict[str, int] = {}  # tag -> index in out.enums of its first body
        # `typedef enum tag name;`: (index of its record in out.typedefs, name, tag, pos)
        self.enum_typedefs: list[tuple[int, str, str, Pos]] = []
        self.complete: set[str] = set()  # struct and union tags whose body has ended so far
        self.tagged: dict[str, str] = {}  # typedef name -> the struct or union tag it names
        self.voids: set[str] = set()  # typedef names of void (qualified or through another such typedef)


def _pos(node: c_ast.Node) -> Pos:
    coord = node.coord
    if coord is None:
        return Pos("", 0, 0)
    return Pos(str(coord.file), int(coord.line), int(coord.column or 0))


def _collect(node: c_ast.Node, out: Declarations, state: _State) -> None:
    declared = node.decl if isinstance(node, c_ast.FuncDef) else node
    storage = getattr(declared, "storage", None)  # one word or none: the ~2,000 declarations of a tree pay a len()
    if storage is not None and len(storage) > 1 and _storage_clash(storage):
        raise _Invalid("multiple storage classes in declaration specifiers", _pos(declared))
    if isinstance(node, c_ast.Typedef):
        _collect_typedef(node, out, state)
    elif isinstance(node, c_ast.Decl):
        _collect_decl(node, out, state)
    elif isinstance(node, c_ast.FuncDef) and "static" not in (storage or ()):
        # a function defined in a header is declared by it, and every program including the header defines it:
        # it is the API's as a declaration would be, .syms rules and all (QA, session 24: it was left out, silently);
        # a static one is each includer's own, no symbol of the library
        _collect_decl(node.decl, out, state)
    if isinstance(node, (c_ast.Typedef, c_ast.Decl)):
        _ended_bodies(node.type, state)  # every body the declaration wrote: a typedef's, a variable's, a return type's


def _storage_clash(storage: list[str]) -> bool:
    """Two storage classes C refuses together; ``_Thread_local`` goes with ``extern`` or ``static`` (C11 6.7.1)."""
    others = [word for word in storage if word != "_Thread_local"]
    doubled = len(storage) != len(set(storage))  # _Thread_local _Thread_local: gcc's "duplicate"
    return doubled or len(others) > 1 or (len(others) == 1 and len(storage) > 1 and others[0] not in ("extern", "static"))


def _collect_typedef(node: c_ast.Typedef, out: Declarations, state: _State) -> None:
    inner = node.type
    if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.Enum):
        enum = inner.type
        if enum.values is None and enum.name:  # `typedef enum tag name;`: the body may come later
            state.enum_typedefs.append((len(out.typedefs), node.name, enum.name, _pos(node)))
            out.typedefs.append(CTypedef(node.name, "enum", _pos(node)))  # in its place: see _name_enums
            return
        _name_written_enum(enum, node, out, state)
        return
    _add_written_enum(inner, state)  # a pointer's, an array's or a callback's: a plain `typedef enum {...} name;` returned above
    if isinstance(inner, c_ast.PtrDecl) and isinstance(inner.type, c_ast.FuncDecl):
        func = inner.type
        out.functypes.append(CFuncType(node.name, type_string(func.type, state.values), _params(func, state.values), _pos(node)))
        return
    if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, (c_ast.Struct, c_ast.Union)):
        struct = inner.type
        # once per body: `typedef struct _virX {...} virX, virY;` gives each name the one node (a header read
        # twice gives two, which unique_declarations refuses)
        if struct.decls is not None and id(struct) not in state.written_bodies:
            state.written_bodies[id(struct)] = -1
            fields = _fields(struct, state)  # checked even where the model keeps no body
            if struct.name and isinstance(struct, c_ast.Struct):
                out.struct_bodies.append(CStructBody(struct.name, fields, _pos(struct)))
        if struct.name:
            state.tagged[node.name] = struct.name
    elif isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.IdentifierType) and len(inner.type.names) == 1:
        named = state.tagged.get(inner.type.names[0])  # typedef virX virY: virY names virX's tag too
        if named is not None:
            state.tagged[node.name] = named
        elif _names_void(inner.type, state):
            state.voids.add(node.name)
    out.typedefs.append(CTypedef(node.name, type_string(inner, state.values), _pos(node)))


def _collect_decl(node: c_ast.Decl, out: Declarations, state: _State) -> None:
    inner = node.type
    if isinstance(inner, c_ast.FuncDecl):
        _add_written_enum(inner.type, state)
        out.functions.append(CFunction(str(node.name), type_string(inner.type, state.values), _params(inner, state.values), _pos(node)))
    elif isinstance(inner, (c_ast.Struct, c_ast.Union)) and inner.decls is not None:
        fields = _fields(inner, state)  # checked even where the model keeps no body
        if inner.name and isinstance(inner, c_ast.Struct):
            out.struct_bodies.append(CStructBody(inner.name, fields, _pos(inner)))
    elif isinstance(inner, c_ast.Enum) and inner.values is not None:
        _add_enum(inner, "", _pos(node), out, state)
    elif node.name:
        _add_written_enum(inner, state)
        out.variables.append(CVariable(node.name, type_string(inner, state.values), _pos(node)))


def _add_enum(enum: c_ast.Enum, name: str, pos: Pos, out: Declarations, state: _State) -> None:
    if enum.name:
        state.enum_tags.setdefault(enum.name, len(out.enums))  # a second body is the builder's error
    out.enums.append(_enum(enum, name, pos, state.values))


def _name_enums(out: Declarations, state: _State) -> None:
    """Give each tagged enum body the name of the first typedef naming its tag
    (another name for it is a plain typedef of ``enum tag``), or, with none, its
    tag (see the module docstring)."""
    named = {enum.tag: enum.name for enum in reversed(out.enums) if enum.name and enum.tag}  # tag -> its name
    bodiless: set[str] = set()
    for at, name, tag, pos in state.enum_typedefs:
        index = state.enum_tags.get(tag)
        if index is None:  # never defined: an enum without members (gcc allows it)
            if name not in bodiless:
                bodiless.add(name)
                out.enums.append(CEnum(name, (), pos, tag))
        elif tag not in named:
            named[tag] = name
            out.enums[index] = out.enums[index]._replace(name=name, pos=pos)
        elif named[tag] != name:
            out.typedefs[at] = out.typedefs[at]._replace(type=f"enum {tag}")
        # else the same typedef again: the builder keeps one of the two
    taken = {t.name for t in out.typedefs} | {f.name for f in out.functypes}
    for index, enum in enumerate(out.enums):
        if not enum.name and enum.tag and enum.tag not in named and enum.tag not in taken and state.enum_tags.get(enum.tag) == index:
            out.enums[index] = enum._replace(name=enum.tag)


def _params(func: c_ast.FuncDecl, values: dict[str, int]) -> tuple[CParam, ...]:
    """A function's parameters, checked as :func:`_check_params` says (the
    common case, named and without ``void``, in this loop: 0.2 ms for 9.0.0)."""
    if func.args is None:
        return ()
    args = func.args.params
    params: list[CParam] = []
    try:
        for arg in args:
            coord = arg.coord
            line, col = (int(coord.line), int(coord.column or 0)) if coord is not None else (0, 0)
            if isinstance(arg, c_ast.EllipsisParam):
                params.append(CParam("...", "...", line, col))
                continue
            if getattr(arg, "storage", None):  # a Decl (named): an unnamed one's storage class is refused by the parser (fastparse)
                _check_storage(arg)
            spelled = _param_type(arg.type, values)
            if "void" in spelled and _is_void(arg.type):
                _check_params(args)  # raises unless it is the one unnamed, unqualified void
                continue
            params.append(CParam(str(getattr(arg, "name", "") or ""), spelled, line, col))
    except AttributeError:  # an identifier (c_ast.ID) has no type: found here, not tested for each parameter
        _check_params(args)  # raises for an identifier list
        raise
    if len(params) > 1 and len(set(map(_NAME, params))) < len(params):
        _check_params(args)  # raises for two of one name (or finds two unnamed ones)
    return tuple(params)


_NAME = itemgetter(0)  # a CParam's name


def _fields(body: c_ast.Struct | c_ast.Union, state: _State) -> tuple[CField, ...]:
    """A struct's or union's members.  A member declaring nothing (``int;``,
    ``enum { K };``, a tag ``struct _virT;`` or ``struct _virT {...};``:
    gcc's "declaration does not declare anything", a warning) is no field.
    An untagged struct or union with a body and no name is C11's anonymous
    member, which the builder refuses: it is placed at its keyword, and an
    array of arrays at its name, as written (cpp's columns are not the
    header's; the builder finds the others by name).  A struct or union
    defined inside a member is checked, though the model keeps no body of it
    (but a union's as the member's own): the field records where its keyword
    is (``nested``), for the builder's warning.  An enum body written in a
    member's type (``enum { VIR_X_A, VIR_X_B } kind;``, or alone: ``enum {
    ... };``) declares its constants in the file's scope, as C says: they are
    an anonymous enum's (a tagged one's, when it has a tag), in the order
    written, as if the body stood before the struct; the field's type is
    ``enum`` (or ``enum tag``).  apibuild.py exports the constants too (with
    the member's name for a type); they were lost, silently."""
    decls: list[c_ast.Decl] = body.decls or []
    fields: list[CField] = []
    for index, decl in enumerate(decls):
        member = _field(body, decls, index, state)
        if member is None:
            continue
        if decl.name and any(f.name == decl.name for f in fields):
            raise _Invalid(f"duplicate member '{decl.name}'", _name_pos(decl))
        fields.append(member)
    return tuple(fields)


def _field(body: c_ast.Struct | c_ast.Union, decls: list[c_ast.Decl], index: int, state: _State) -> CField | None:
    """The member ``decls[index]`` of ``body`` as a field, checked; None for one declaring nothing (see :func:`_fields`)."""
    unit, values = state.unit, state.values
    decl = decls[index]
    element = decl.type
    dims = 0
    if isinstance(element, c_ast.ArrayDecl) and element.dim is None and decl.name:
        _check_flexible(body, decls, index)
    while isinstance(element, c_ast.ArrayDecl):  # an array's type is its element's, every dimension off
        _check_bound(element, values)
        element, dims = element.type, dims + 1
    incomplete = _incomplete_tag(element, state) if decl.name else None
    if incomplete is not None:
        raise _Invalid(f"field '{decl.name}' has incomplete type", _name_pos(decl))  # gcc's words
    if decl.name and isinstance(element, c_ast.TypeDecl) and _names_void(element.type, state):
        said = f"declaration of '{decl.name}' as array of voids" if dims else f"variable or field '{decl.name}' declared void"
        raise _Invalid(said, _name_pos(decl))  # gcc's words
    union: tuple[CField, ...] | None = None
    nested: Pos | None = None
    pos = _pos(decl)
    _add_written_enum(decl.type, state)
    if decl.name is None:
        if not isinstance(element, (c_ast.Struct, c_ast.Union)) or element.name or element.decls is None:
            if isinstance(element, (c_ast.Struct, c_ast.Union)) and element.decls is not None:
                _fields(element, state)  # a tag defined in a member (no field): only checked
                if element.name:
                    state.complete.add(element.name)
            return None
        spelled = "union" if isinstance(element, c_ast.Union) else "struct"  # C11 anonymous member: builder rejects it
        pos = _keyword_pos(pos, spelled, unit)
    elif isinstance(element, c_ast.TypeDecl) and isinstance(element.type, c_ast.Union):
        union = _fields(element.type, state)
        spelled = "union"
    else:
        written = _written_body(element)
        if written is not None:
            _fields(written, state)  # only checked: see above
            nested = _keyword_pos(_pos(written), "union" if isinstance(written, c_ast.Union) else "struct", unit)
        spelled = type_string(element, values)
    if dims > 1:
        pos = pos._replace(col=unit.source_column(*pos))
    _ended_bodies(decl.type, state)  # bodies this member wrote end with it (a function-pointer member's return type)
    return CField(decl.name or "", spelled, dims, union, pos, nested)


def _check_flexible(body: c_ast.Struct | c_ast.Union, decls: list[c_ast.Decl], index: int) -> None:
    """Refuse the flexible array member ``decls[index]`` where gcc does, in its words: in a union, before
    another member, or alone (what declares nothing, ``int;``, is no member: gcc only warns of it)."""
    where = _name_pos(decls[index])
    if isinstance(body, c_ast.Union):
        raise _Invalid("flexible array member in union", where)
    if any(map(_is_member, decls[index + 1 :])):
        raise _Invalid("flexible array member not at end of struct", where)
    if not any(map(_is_member, decls[:index])):
        raise _Invalid("flexible array member in a struct with no named members", where)


def _names_void(named: c_ast.Node, state: _State) -> bool:
    """Whether a member's type (its arrays off, no pointer) is ``void``: written, or through typedefs of it."""
    names = getattr(named, "names", None)
    return names is not None and len(names) == 1 and (names[0] == "void" or names[0] in state.voids)


def _ended_bodies(node: c_ast.Node | None, state: _State) -> None:
    """Record as ended every tagged struct or union body written in a declared type, past its pointers,
    arrays and a function's return type (not its parameters: a body there is gcc's error anyway), and
    in the members of such a body: ``typedef struct _virA {...} *virAPtr;`` completes ``_virA`` as
    ``typedef struct _virA {...} virA;`` does (review: every other place was missed)."""
    while isinstance(node, (c_ast.TypeDecl, c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.FuncDecl)):
        node = node.type
    if isinstance(node, (c_ast.Struct, c_ast.Union)) and node.decls is not None:
        for member in node.decls:
            _ended_bodies(member.type, state)
        if node.name:
            state.complete.add(node.name)


def _incomplete_tag(element: c_ast.Node, state: _State) -> str | None:
    """The tag of the struct or union a member's type (its arrays off, no pointer) names whose body
    has not ended yet: its own, one only declared (``virConnect``), one defined further down."""
    if not isinstance(element, c_ast.TypeDecl):
        return None
    named = element.type
    if isinstance(named, (c_ast.Struct, c_ast.Union)):
        tag = named.name if named.decls is None else None
    elif isinstance(named, c_ast.IdentifierType) and len(named.names) == 1:
        tag = state.tagged.get(named.names[0])
    else:
        tag = None
    return tag if tag is not None and tag not in state.complete else None


def _is_member(decl: c_ast.Decl) -> bool:
    """Whether a struct's declaration is a member: named, or C11's anonymous struct or union (see :func:`_fields`)."""
    return decl.name is not None or (isinstance(decl.type, (c_ast.Struct, c_ast.Union)) and not decl.type.name and decl.type.decls is not None)


def _written_body(element: c_ast.Node) -> c_ast.Struct | c_ast.Union | None:
    """The struct or union body written in a member's type (past its arrays
    and pointers: ``struct { int x; } *p;``) that the member's field does not
    hold (only a union's own members are a field's); None when there is none."""
    while isinstance(element, (c_ast.PtrDecl, c_ast.ArrayDecl)):
        element = element.type
    if isinstance(element, c_ast.TypeDecl) and isinstance(element.type, (c_ast.Struct, c_ast.Union)) and element.type.decls is not None:
        return element.type
    return None


def _add_written_enum(node: c_ast.Node, state: _State) -> None:
    """Add the enum body written in the type ``node`` (past its pointers, arrays
    and a function's return type, not into its parameters, whose scope is the
    prototype) as an anonymous enum, or a tagged one with a tag: its
    constants are the file's (see :func:`_fields`).  Once per body: a struct
    read under two typedef names, or a member with two declarators, writes
    it once (the parser gives its declarators one node)."""
    while isinstance(node, (c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.FuncDecl, c_ast.TypeDecl)):
        node = node.type
    if isinstance(node, c_ast.Enum) and node.values is not None and id(node) not in state.written_bodies:
        state.written_bodies[id(node)] = len(state.out.enums)
        _add_enum(node, "", _pos(node), state.out, state)


def _name_written_enum(enum: c_ast.Enum, node: c_ast.Typedef, out: Declarations, state: _State) -> None:
    """``typedef enum {...} name;``: the body under ``name``, once.  Another
    declarator of the same body (``typedef enum {...} A, *APtr;``, ``*APtr,
    A``, ``A, B``) adds no second body: a pointer or array one is a plain
    typedef (:func:`_add_written_enum`), and a name written after the body
    was added is a typedef of the first name, or names the body a pointer
    declarator added anonymous."""
    index = state.written_bodies.get(id(enum))
    if index is None:
        state.written_bodies[id(enum)] = len(out.enums)
        _add_enum(enum, node.name, _pos(node), out, state)
    elif not out.enums[index].name:
        out.enums[index] = out.enums[index]._replace(name=node.name, pos=_pos(node))
    else:
        out.typedefs.append(CTypedef(node.name, out.enums[index].name, _pos(node)))
        return
    out.typedefs.append(CTypedef(node.name, "enum", _pos(node)))


def _keyword_pos(brace: Pos, keyword: str, unit: UnitLines) -> Pos:
    """Where the ``struct`` or ``union`` keyword of the body opening at ``brace``
    (pycparser's place for it) is written: the last one before the brace on
    its line of cpp's output, placed in the header's line."""
    line = unit.line(brace.file, brace.line)
    found = list(re.finditer(rf"\b{keyword}\b", line[: brace.col - 1])) if line is not None else []
    col = found[-1].start() + 1 if found else brace.col
    return brace._replace(col=unit.source_column(brace.file, brace.line, col))


def _enum(enum: c_ast.Enum, name: str, pos: Pos, values: dict[str, int]) -> CEnum:
    """The enum's members and values.  No value (None) for an implicit member
    gcc refuses, "overflow in enumeration values": its value, the one before
    plus one, computed in that one's type while the enum is being defined
    (``int`` when it fits, else its initializer's as gcc types it, see
    :func:`_constant_type`: ``0xffffffff`` and ``(unsigned int)0xffffffff``
    are ``unsigned int``), no longer fits that type (after ``INT_MAX``,
    ``0xffffffff``, ``0x7fffffffffffffff``); the model has no value gcc
    would not give, and ``enum-value-unknown`` says why
    (:func:`generator.diagnostics.unknown_enum_values`).  Where that type is
    not known here a value stays known up to ``2**64 - 1``
    (:func:`.cvalues.bounded`), as before.  So is the member after one the
    model keeps negative, as apibuild.py computes it, though C's value is
    the largest of an unsigned type (``~0U``, ``(unsigned)-1``, ``(size_t)-1``:
    -1 in the model, :func:`_unsigned_maximum`): gcc refuses the next one
    too, so it has no value either, where ``previous + 1`` gave it 0."""
    members: list[CEnumerator] = []
    previous: int | None = -1
    previous_type: IntType | None = INT_TYPE
    at_maximum = False  # the member before holds, in C, its type's largest value though the model's is negative
    typed: dict[str, TypedValue] = {}  # this enum's members so far, in their types while it is defined
    for item in enum.values.enumerators if enum.values is not None else []:
        if item.value is None:
            value = None if previous is None or at_maximum else bounded(previous + 1)
            if previous is not None and previous_type is not None and not fits(previous + 1, previous_type):
                value = None  # gcc's "overflow in enumeration values"
            value_type = INT_TYPE if value is not None and fits(value, INT_TYPE) else previous_type
            at_maximum = False
        else:
            value = evaluate(item.value, values)
            value_type = _constant_type(item.value, value, typed)
            at_maximum = value is not None and value < 0 and _unsigned_maximum(item.value, typed)
        previous_type = value_type
        if value is not None:
            values[item.name] = value
            if value_type is not None:
                typed[item.name] = (value, value_type)
        members.append(CEnumerator(item.name, value, _pos(item)))
        previous = value
    return CEnum(name, tuple(members), pos, enum.name or "")


def _constant_type(node: c_ast.Node, value: int | None, typed: dict[str, TypedValue]) -> IntType | None:
    """An enumerator's type while its enum is being defined: ``int`` when its
    value fits, else its initializer's C type (:func:`.cvalues.c_value`: a
    constant's by value and suffix, a cast's, C's conversions; names of the
    enum's members before it in ``typed``).  None when not known here: a name
    of another enum (its type after its definition is its layout's), a cast
    to a type other than an integer type's words (or ``size_t``), or a C
    value other than the model's (``(int)0xffffffff`` is -1 in C, the model
    keeps 4294967295 as apibuild.py does: the type of another value says
    nothing of this one's next)."""
    if value is None:
        return None
    if fits(value, INT_TYPE):
        return INT_TYPE
    result = cvalues.c_value(_typed_tree(node), typed.get)
    return promoted(result[1]) if result is not None and result[0] == value else None


def _unsigned_maximum(node: c_ast.Node, typed: dict[str, TypedValue]) -> bool:
    """Whether the initializer ``node``, whose value the model keeps negative
    (apibuild.py's arithmetic), is in C the largest value of an unsigned type:
    ``~0U`` and ``(unsigned)-1`` are 4294967295, ``(size_t)-1`` 2**64 - 1."""
    result = cvalues.c_value(_typed_tree(node), typed.get)
    if result is None or result[0] < 0:
        return False
    return not fits(result[0] + 1, promoted(result[1]))


def _typed_tree(node: c_ast.Node) -> cvalues.Expression:
    """``node`` as :mod:`.cvalues` holds an expression for :func:`.cvalues.c_value`,
    which keeps the constants' and casts' types that :func:`evaluate` ignores."""
    if isinstance(node, c_ast.BinaryOp):
        spine: list[c_ast.BinaryOp] = []
        while isinstance(node, c_ast.BinaryOp):  # as _value: a chain nested to the left is a loop
            spine.append(node)
            node = node.left
        return cvalues.Chain(_typed_tree(node), [(operation.op, _typed_tree(operation.right)) for operation in reversed(spine)])
    ops: list[str] = []
    while isinstance(node, (c_ast.UnaryOp, c_ast.Cast)):  # prefix operators, outermost first as cvalues.Unary has them
        if isinstance(node, c_ast.Cast):
            words = _cast_words(node.to_type)
            if words is None:
                return cvalues.UNKNOWN
            ops.append(words)
        elif node.op in UNARY:
            ops.append(node.op)
        else:  # sizeof, _Alignof, & and *
            return cvalues.UNKNOWN
        node = node.expr
    operand = _typed_operand(node)
    return cvalues.Unary(ops, operand) if ops else operand


def _typed_operand(node: c_ast.Node) -> cvalues.Expression:
    if isinstance(node, c_ast.Constant):
        if node.value[-1:] == "'":
            number = char_literal(node.value)
            if number is None:
                return cvalues.UNKNOWN
            return cvalues.Constant(number, cvalues.UINT) if node.value[0] == "U" else number  # char32_t, as cvalues reads it
        if not node.type.endswith("int"):
            return cvalues.UNKNOWN
        number = int_literal(node.value)
        if number is None:
            return cvalues.UNKNOWN
        type_ = literal_type(node.value, number)
        return number if type_ == INT_TYPE else cvalues.Constant(number, type_)
    if isinstance(node, c_ast.ID):
        return str(node.name)
    if isinstance(node, c_ast.TernaryOp):
        return cvalues.Conditional(_typed_tree(node.cond), _typed_tree(node.iftrue), _typed_tree(node.iffalse))
    return _typed_tree(node) if isinstance(node, c_ast.BinaryOp) else cvalues.UNKNOWN  # a cast's operand: (unsigned)(A + 1)


def _cast_words(to_type: c_ast.Node) -> str | None:
    """A cast's type as :func:`.cvalues.cast_type` reads it, ``(unsigned int)``;
    None for one that is no plain type name (a pointer's, a struct's)."""
    declared = to_type.type if isinstance(to_type, c_ast.Typename) else None
    if isinstance(declared, c_ast.TypeDecl) and isinstance(declared.type, c_ast.IdentifierType):
        return "(" + " ".join(declared.type.names) + ")"
    return None


# --- constant expressions (the rules: see .cvalues) ---------------------------


def evaluate(node: c_ast.Node, names: dict[str, int]) -> int | None:
    """Value of a constant integer expression; None when it is not one we evaluate."""
    return bounded(_value(node, names))


def _value(node: c_ast.Node, names: dict[str, int]) -> int | None:
    if isinstance(node, c_ast.BinaryOp):
        spine: list[c_ast.BinaryOp] = []
        while isinstance(node, c_ast.BinaryOp):  # a chain a+b+c is nested to the left: a loop, not recursion
            spine.append(node)
            node = node.left
        value = _value(node, names)
        for operation in reversed(spine):
            if value is None:
                return None
            value = _binary(operation.op, value, operation.right, names)
        return value
    if isinstance(node, c_ast.Constant):
        return char_literal(node.value) if node.value[-1:] == "'" else int_literal(node.value)
    if isinstance(node, c_ast.ID):
        return names.get(node.name)
    if isinstance(node, c_ast.UnaryOp):
        if isinstance(node.expr, c_ast.Typename):  # sizeof (type), _Alignof (type): only checked
            _spelled(node.expr, "", names)
        operand = _value(node.expr, names) if node.op in UNARY else None
        return None if operand is None else UNARY[node.op](operand)
    if isinstance(node, c_ast.TernaryOp):
        condition = _value(node.cond, names)
        if condition is None:
            return None
        return _value(node.iftrue if condition else node.iffalse, names)
    if isinstance(node, c_ast.Cast):
        _spelled(node.to_type, "", names)  # only checked: the value is the operand's (see the module docstring)
        return _value(node.expr, names)
    return None  # sizeof, _Alignof, floats, strings, calls...


def _binary(op: str, left: int, right_node: c_ast.Node, names: dict[str, int]) -> int | None:
    short = decided(op, left)
    if short is not None:  # C does not evaluate the right operand
        return short
    right = _value(right_node, names)
    return None if right is None else binary(op, left, right)


# --- type names (see the module docstring) -----------------------------------


def type_string(node: c_ast.Node, values: dict[str, int]) -> str:
    """Spell a type the way libvirt's headers and libvirt-api.xml do, checking
    it (see the module docstring; ``values``: the enum constants so far, for
    array bounds)."""
    return _spelled(node, "", values)


def _param_type(node: c_ast.Node, values: dict[str, int]) -> str:
    """A parameter's type: an array or a function declared there is a pointer (C's adjustment)."""
    if isinstance(node, c_ast.ArrayDecl):
        _check_bound(node, values)
        qualifiers = [q for q in node.dim_quals if q != "static"]
        return _spelled(node.type, _pointer(qualifiers, ""), values)
    if isinstance(node, c_ast.FuncDecl):
        return _spelled(node, "*", values)
    return _spelled(node, "", values)


def _pointer(qualifiers: list[str], declarator: str) -> str:
    """``*`` with its qualifiers before the rest of an abstract declarator:
    ``**``, ``* const``, ``* const *`` (apibuild.py's spacing)."""
    star = "* " + " ".join(qualifiers) if qualifiers else "*"
    if qualifiers and declarator and declarator[0] not in "[(":
        return f"{star} {declarator}"
    return star + declarator


def _spelled(node: c_ast.Node, declarator: str, values: dict[str, int]) -> str:
    """The type ``node`` around the abstract ``declarator`` spelled so far (outside in)."""
    while True:
        if isinstance(node, c_ast.TypeDecl):
            base = _base(node)
            if not declarator:
                return base
            return base + declarator if declarator[0] == "[" else f"{base} {declarator}"
        if isinstance(node, c_ast.PtrDecl):
            declarator = _pointer(node.quals, declarator)
        elif isinstance(node, c_ast.ArrayDecl):
            _check_bound(node, values)
            declarator = _grouped(declarator) + f"[{_dimension(node.dim)}]"
        elif isinstance(node, c_ast.FuncDecl):
            declarator = _grouped(declarator) + f"({_signature(node, values)})"
        elif isinstance(node, c_ast.Typename):
            pass
        else:
            return "?"
        node = node.type


def _grouped(declarator: str) -> str:
    """A pointer declarator before ``[]`` or ``()`` needs parentheses: ``(*)[3]``, ``(*)(int)``."""
    return f"({declarator})" if declarator.startswith("*") else declarator


def _signature(func: c_ast.FuncDecl, values: dict[str, int]) -> str:
    """The parameter types of a function type, without their names (checked:
    a function pointer's parameters are a parameter list too)."""
    if func.args is None:
        return ""
    _check_params(func.args.params)
    spelled = ["..." if isinstance(arg, c_ast.EllipsisParam) else _param_type(arg.type, values) for arg in func.args.params]
    return ", ".join(spelled)


def _dimension(dim: c_ast.Node | None) -> str:
    if dim is None:
        return ""
    if isinstance(dim, c_ast.Constant):
        return str(dim.value)
    if isinstance(dim, c_ast.ID):
        return str(dim.name)
    from pycparser.c_generator import CGenerator  # rare: only for a bound that is an expression

    return str(CGenerator().visit(dim))


def _base(node: c_ast.TypeDecl) -> str:
    """The specifiers and qualifiers of a type, as written (checked: see :func:`_check_specifiers`)."""
    kind = node.type
    words = list(node.quals)
    if isinstance(kind, c_ast.IdentifierType):
        if len(kind.names) > 1:
            _check_specifiers(kind)
        words.extend(kind.names)
    elif isinstance(kind, c_ast.Struct):
        words.extend(["struct", kind.name or ""])
    elif isinstance(kind, c_ast.Union):
        words.extend(["union", kind.name or ""])
    elif isinstance(kind, c_ast.Enum):
        words.extend(["enum", kind.name or ""])
    return " ".join(word for word in words if word)


# --- declarations C forbids (see the module docstring) ------------------------


class _Invalid(Exception):
    """A declaration C forbids, found while its types are spelled; :func:`parse`
    places it.  ``pos``: where, in cpp's output; with ``names``, the start
    of that specifier list, ``names[word]`` being the specifier at fault."""

    def __init__(self, message: str, pos: Pos, names: list[str] | None = None, word: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.names = names
        self.word = word

    def placed(self, unit: UnitLines) -> str:
        """``file:line:col: message`` in cpp's output (:mod:`.parallel` places it in the header)."""
        file, line, col = self.pos
        if self.names is not None:
            line, col = _word_place(unit, self.pos, self.names, self.word)
        return f"{file}:{line}:{col}: {self.message}"


_WORD_RE = re.compile(r"[A-Za-z_$][\w$]*")


def _word_place(unit: UnitLines, start: Pos, names: list[str], word: int) -> tuple[int, int]:
    """Line and column of ``names[word]`` in the specifiers written from
    ``start`` on in the order of ``names`` (other words between them, such as
    qualifiers, and line breaks: the next few lines are read); ``start``
    when it is not found."""
    wanted = 0
    for number in range(start.line, start.line + 50):
        text = unit.line(start.file, number)
        if text is None:
            break
        offset = start.col - 1 if number == start.line else 0
        for found in _WORD_RE.finditer(text, offset):
            if found.group() != names[wanted]:
                continue  # a qualifier between specifiers
            if wanted == word:
                return number, found.start() + 1
            wanted += 1
    return start.line, start.col


def _check_specifiers(kind: c_ast.IdentifierType) -> None:
    """Raise :class:`_Invalid` at the first of a type's specifiers that C does
    not allow with those before it (``int char``, ``long short``)."""
    found = _specifier_error(tuple(kind.names))
    if found is not None:
        raise _Invalid(found[1], _pos(kind), kind.names, found[0])


# the data types each modifier does not go with (gcc's c-decl.cc,
# declspecs_add_type, whose checks and their order are followed: a type is
# refused at the specifier gcc names, in its words); "long double" is a
# type, "long long double" is not
_MODIFIERS = {
    "long": ("void", "__int128", "_Bool", "char", "float"),
    "short": ("void", "__int128", "_Bool", "char", "float", "double"),
    "signed": ("void", "_Bool", "float", "double"),
    "unsigned": ("void", "_Bool", "float", "double"),
    "_Complex": ("void", "_Bool"),
}
_DATA_TYPES = frozenset({"void", "char", "int", "float", "double", "_Bool", "__int128"})
_BOTH = "both '{}' and '{}' in declaration specifiers"


@functools.cache  # a pure function of a short tuple: each list of specifiers is judged once per process
def _specifier_error(names: tuple[str, ...]) -> tuple[int, str] | None:
    """The index of the first of ``names`` (a declaration's type specifiers,
    in order) that C refuses after those before it, and gcc's message; None:
    a valid type.  A word that is no keyword is a typedef name, which takes
    no other specifier."""
    data = ""  # the data type so far: a keyword of _DATA_TYPES or a typedef name
    seen: list[str] = []  # the modifiers so far
    for at, word in enumerate(names):
        problem: str | None
        if word in _MODIFIERS:
            problem = _modifier_error(word, seen, data)
            seen.append(word)
        elif data or (seen and word not in _DATA_TYPES):
            problem = "two or more data types in declaration specifiers"
        else:
            data = word
            clash = next((m for m in _MODIFIERS if m in seen and word in _MODIFIERS[m]), None)
            if word == "double" and seen.count("long") > 1:
                clash = "long long"
            problem = _BOTH.format(_modifier_name(clash), word) if clash else None
        if problem is not None:
            return at, problem
    return None


def _modifier_error(word: str, seen: list[str], data: str) -> str | None:
    """gcc's message for the modifier ``word`` after the modifiers ``seen`` and the data type ``data``."""
    if data and data not in _DATA_TYPES:
        return "two or more data types in declaration specifiers"  # after a typedef name
    if word == "long" and seen.count("long") > 1:
        return "'long long long' is too long for GCC"
    if word == "long" and "long" in seen:
        return _BOTH.format("long long", "double") if data == "double" else None
    if word in seen:
        return f"duplicate '{word}'"
    other = {"long": "short", "short": "long", "signed": "unsigned", "unsigned": "signed"}.get(word)
    if other in seen:
        return _BOTH.format(*sorted((word, other)))  # gcc's order: 'long' and 'short', 'signed' and 'unsigned'
    if data in _MODIFIERS[word]:
        return _BOTH.format(_modifier_name(word), data)
    return None


def _modifier_name(word: str) -> str:
    return "complex" if word == "_Complex" else word


def _is_void(node: c_ast.Node) -> bool:
    """Whether a parameter's declared type is ``void`` (qualified or not)."""
    return isinstance(node, c_ast.TypeDecl) and isinstance(node.type, c_ast.IdentifierType) and node.type.names == ["void"]


def _check_params(args: list[c_ast.Node]) -> None:
    """Raise :class:`_Invalid` at the first parameter of a list that C (and
    gcc) refuses: ``void`` not alone (``(void, int x)``), qualified
    (``(const void)``) or named (``(void v)``: gcc warns, its value cannot
    be passed); a name given twice; an identifier list (``f(a, b)``: no
    types, nothing for the model)."""
    names: set[str] = set()
    for number, arg in enumerate(args, 1):
        if isinstance(arg, c_ast.EllipsisParam):
            continue
        if isinstance(arg, c_ast.ID):
            raise _Invalid("parameter names (without types) in function declaration", _pos(arg))
        if getattr(arg, "storage", None):
            _check_storage(arg)
        name = getattr(arg, "name", None)
        if _is_void(arg.type):
            if name:
                raise _Invalid(f"parameter {number} ('{name}') has void type", _pos(arg))
            if len(args) > 1:
                raise _Invalid("'void' must be the only parameter", _pos(arg))
            if arg.type.quals:
                raise _Invalid("'void' as only parameter may not be qualified", _pos(arg))
        if name:
            if name in names:
                raise _Invalid(f"duplicate parameter name '{name}'", _name_pos(arg))
            names.add(name)


def _check_storage(arg: c_ast.Decl) -> None:
    """Raise :class:`_Invalid` at a named parameter's name (gcc's place) when
    it has a storage class other than ``register`` (gcc's "storage class
    specified for parameter"): pycparser keeps ``extern``, ``static``,
    ``auto`` and ``_Thread_local`` there and spelled the type without them
    (``extern nbytes`` became an ``int`` parameter).  ``register``, the one
    C allows, is accepted and left out of the type: it says nothing to a
    caller or a binding (gcc accepts it too), once: twice is gcc's
    "duplicate 'register'"."""
    if any(word != "register" for word in arg.storage):
        raise _Invalid(f"storage class specified for parameter '{arg.name}'", _name_pos(arg))
    if len(arg.storage) > 1:
        raise _Invalid("duplicate 'register'", _name_pos(arg))


def _name_pos(node: c_ast.Node) -> Pos:
    """Where a declarator's name is written (pycparser places a declaration
    at the start of its declarator: a ``*``, a ``(``)."""
    named = _innermost(node)
    return _pos(named) if isinstance(named, c_ast.TypeDecl) and named.coord is not None else _pos(node)


def _innermost(node: c_ast.Node) -> c_ast.Node:
    """The ``TypeDecl`` a declarator's pointers, arrays and functions wrap (it holds the name), else the last node."""
    while not isinstance(node, c_ast.TypeDecl) and isinstance(getattr(node, "type", None), c_ast.Node):
        node = node.type
    return node


def _check_bound(array: c_ast.ArrayDecl, values: dict[str, int]) -> None:
    """Raise :class:`_Invalid` for an array bound that is negative, at the
    array's name (gcc's place).  Only a bound of signed decimal constants:
    the value of one with an unsigned constant, a cast, a hexadecimal or
    octal constant (unsigned in C when above ``INT_MAX``: ``-0x80000000``)
    or an enum constant (unsigned when its value is: ``K = ~0U``) is taken
    over mathematical integers (see the module docstring), where C's may be
    positive (``~0U >> 1``)."""
    dim = array.dim
    if dim is None or isinstance(dim, c_ast.Constant):  # a constant is never negative: -1 is an operator and 1
        return
    value = evaluate(dim, values)
    if value is None or value >= 0 or _unsigned(dim):
        return
    name = getattr(_innermost(array), "declname", None)
    if name:
        raise _Invalid(f"size of array '{name}' is negative", _name_pos(array))
    raise _Invalid("size of unnamed array is negative", _pos(array))


def _unsigned(expression: c_ast.Node) -> bool:
    """Whether an expression holds what may make its C value unsigned (see
    :func:`_check_bound`): an unsigned, hexadecimal or octal constant, a cast
    or an enum constant (a loop: an expression may nest deep)."""
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, (c_ast.Cast, c_ast.ID)):
            return True
        if isinstance(node, c_ast.Constant) and ("unsigned" in node.type or (node.type == "int" and node.value[:1] == "0" and len(node.value) > 1)):
            return True
        stack.extend(child for _, child in node.children())
    return False


# --- redeclarations (see the module docstring and records) --------------------


def _repeated_names(out: Declarations) -> set[str]:
    """The names declared more than once (as anything but a tag): one set
    built for the common case of none (0.03 ms for 9.0.0)."""
    names = [r.name for r in out.functions] + [r.name for r in out.functypes] + [r.name for r in out.typedefs] + [r.name for r in out.variables]
    names += [member.name for enum in out.enums for member in enum.members]
    if len(set(names)) == len(names):
        return set()
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in names:
        if name in seen:
            repeated.add(name)
        seen.add(name)
    return repeated


def _redeclared(ast: c_ast.FileAST, out: Declarations, state: _State, repeated: set[str]) -> Declarations:
    """``out`` with what the builder needs to judge the declarations of the
    ``repeated`` names: each one's canonical type, its place at its name as
    written (cpp's column placed in the header), and the unit's runs of lines."""
    typedefs: dict[str, c_ast.Node] = {}
    for node in ast.ext:
        if isinstance(node, c_ast.Typedef):
            typedefs.setdefault(node.name, node.type)  # the first: a second that differs is the builder's error
    canonical = _Canonical(typedefs, state.values)
    ctypes: dict[tuple[str, Pos], CType] = {}
    for node in ast.ext:
        if isinstance(node, (c_ast.Typedef, c_ast.Decl)) and node.name in repeated:
            pos = _pos(node)
            try:
                ctypes[(node.name, pos)] = canonical.ctype(node.type)
            except _TooDeep:
                message = f"the type of '{node.name}' nests parameter lists more than {MAX_NESTING} deep: too deep to compare its declarations"
                raise FrontendError(f"{pos.file}:{pos.line}:{pos.col}: {message}") from None
    unit = state.unit

    def judged(record: _Redeclarable) -> _Redeclarable:
        if record.name not in repeated:
            return record
        pos = record.pos._replace(col=unit.source_column(*record.pos))
        return record._replace(ctype=ctypes.get((record.name, record.pos)), pos=pos)

    return out._replace(
        functions=[judged(f) for f in out.functions],
        functypes=[judged(f) for f in out.functypes],
        typedefs=[judged(t) for t in out.typedefs],
        variables=[judged(v) for v in out.variables],
        runs=tuple((file, first, last) for file, first, last, _ in unit.runs()),
    )


_Redeclarable = TypeVar("_Redeclarable", CFunction, CFuncType, CTypedef, CVariable)
_INTEGER_WORDS = frozenset({"int", "short", "long", "signed", "unsigned"})
_TAG_KINDS: dict[type, str] = {c_ast.Struct: "struct", c_ast.Union: "union", c_ast.Enum: "enum"}


class _TooDeep(Exception):
    """A type's parameter lists nest more than MAX_NESTING deep."""


class _Canonical:
    """Types in canonical form (:class:`.records.CType`): typedef names
    resolved, base specifiers in one order, array bounds evaluated, a
    function's parameters as C adjusts them.

    A declarator is walked in a loop, a layer per ``*``, ``[]`` or ``()``
    (thousands of ``*`` cost no frame each), typedef names followed in the
    same loop; only a parameter list recurses, and one nested more than
    :data:`.records.MAX_NESTING` deep, counting through typedefs, is
    refused (:class:`_TooDeep`): past it, comparing and pickling the type
    would come near Python's recursion limit.  A function type's parameters
    are canonicalized once (by node), so a typedef used in many places, or
    a chain of typedefs each taking the one before twice, costs its size,
    not one walk per use."""

    __slots__ = ("prototypes", "typedefs", "values")

    def __init__(self, typedefs: dict[str, c_ast.Node], values: dict[str, int]) -> None:
        self.typedefs = typedefs
        self.values = values
        self.prototypes: dict[int, tuple[tuple[CType, ...] | None, bool, int]] = {}  # id(FuncDecl) -> see _prototype

    def ctype(self, node: c_ast.Node) -> CType:
        """``node``'s type in canonical form (see the class docstring)."""
        return self._walk(node, 0)[0]

    def _walk(self, node: c_ast.Node, nesting: int) -> tuple[CType, int]:
        """``node``'s type, inside ``nesting`` parameter lists, and how deep its
        own parameter lists nest.  The qualifiers of a typedef name's use
        qualify the type it names (an array's: its element's, C17 6.7.3p10);
        a function's return type is unqualified (C17 6.7.6.3p5)."""
        layers: list[Layer] = []
        quals: frozenset[str] = frozenset()  # qualifiers still to place (a typedef name's, an array's element's)
        returned = False  # the next layer or base is a function's return type
        deepest = 0
        followed = 0  # typedef names followed: C has no cycle of them; this only keeps a malformed tree from looping
        while True:
            if isinstance(node, (c_ast.Decl, c_ast.Typename)):
                node = node.type
            elif isinstance(node, c_ast.PtrDecl):
                layers.append(Layer("ptr", "" if returned else _qualifiers(quals | frozenset(node.quals))))
                node, quals, returned = node.type, frozenset(), False
            elif isinstance(node, c_ast.ArrayDecl):
                value = evaluate(node.dim, self.values) if node.dim is not None else None
                bound = str(value) if value is not None else _dimension(node.dim)  # "" when not given
                layers.append(Layer("array", "" if returned else _qualifiers(frozenset(node.dim_quals) - {"static"}), bound))
                node, returned = node.type, False
            elif isinstance(node, c_ast.FuncDecl):
                params, variadic, depth = self._prototype(node, nesting)
                layers.append(Layer("func", "", "", params, variadic))
                node, quals, returned, deepest = node.type, frozenset(), True, max(deepest, depth)
            elif isinstance(node, c_ast.TypeDecl):
                qualifiers = quals | frozenset(node.quals)
                kind = node.type
                if isinstance(kind, c_ast.IdentifierType):
                    if len(kind.names) == 1 and kind.names[0] in self.typedefs and followed <= len(self.typedefs):
                        node, quals, followed = self.typedefs[kind.names[0]], qualifiers, followed + 1
                        continue
                    return CType("base", "" if returned else _qualifiers(qualifiers), _specifiers(kind.names), tuple(layers)), deepest
                keyword = _TAG_KINDS.get(type(kind), "?")
                coord = kind.coord
                name = kind.name or f"@{coord.file}:{coord.line}:{coord.column}"  # an untagged body is a type of its own
                return CType(keyword, "" if returned else _qualifiers(qualifiers), name, tuple(layers)), deepest
            else:
                return CType("?", "", type(node).__name__, tuple(layers)), deepest

    def _prototype(self, func: c_ast.FuncDecl, nesting: int) -> tuple[tuple[CType, ...] | None, bool, int]:
        """A function's parameter types as C adjusts them (an array or a
        function is a pointer, top-level qualifiers do not count), whether it
        is variadic (None: declared without a prototype), and how deep its
        parameter lists nest, this one included; found once per function node.
        ``nesting``: the parameter lists around this one."""
        known = self.prototypes.get(id(func))
        if known is None:
            if nesting >= MAX_NESTING:
                raise _TooDeep
            known = self.prototypes[id(func)] = self._parameters(func, nesting + 1)
        if nesting + known[2] > MAX_NESTING:  # found at a lower nesting: deeper here, through a typedef
            raise _TooDeep
        return known

    def _parameters(self, func: c_ast.FuncDecl, nesting: int) -> tuple[tuple[CType, ...] | None, bool, int]:
        if func.args is None:
            return None, False, 1
        params: list[CType] = []
        variadic = False
        deepest = 0
        for arg in func.args.params:
            if isinstance(arg, c_ast.EllipsisParam):
                variadic = True
                continue
            if isinstance(arg, c_ast.ID):  # an identifier list: no prototype
                return None, False, 1
            param, depth = self._walk(arg.type, nesting)
            params.append(_adjusted(param))
            deepest = max(deepest, depth)
        if params == [_VOID] and not variadic:
            params = []
        return tuple(params), variadic, deepest + 1


_VOID = CType("base", "", "void")


def _adjusted(param: CType) -> CType:
    """A parameter's type as C adjusts it: an array is a pointer to its
    element, a function a pointer to it; its top-level qualifiers do not
    count."""
    layers = param.layers
    if layers and layers[0].kind == "array":
        layers = (Layer("ptr"), *layers[1:])
    elif layers and layers[0].kind == "func":
        layers = (Layer("ptr"), *layers)
    elif layers and layers[0].quals:
        layers = (layers[0]._replace(quals=""), *layers[1:])
    elif not layers and param.quals:
        return param._replace(quals="")
    else:
        return param
    return param._replace(layers=layers)


def _qualifiers(quals: frozenset[str]) -> str:
    return " ".join(sorted(quals))


def _specifiers(names: list[str]) -> str:
    """Base type specifiers in one spelling: ``unsigned`` and ``int unsigned``
    are ``unsigned int``, ``long int`` and ``signed long`` are ``long``; plain,
    signed and unsigned ``char`` stay three types."""
    if "char" in names:
        return ("signed " if "signed" in names else "unsigned " if "unsigned" in names else "") + "char"
    if not _INTEGER_WORDS.intersection(names) or not {"double", "float", "_Complex", "void", "_Bool"}.isdisjoint(names):
        return " ".join(sorted(names))
    size = "short" if "short" in names else "long long" if names.count("long") > 1 else "long" if "long" in names else "int"
    return ("unsigned " if "unsigned" in names else "") + size
