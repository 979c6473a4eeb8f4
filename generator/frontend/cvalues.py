"""C integer constant expressions: one set of rules for both frontends.

The C frontend (:mod:`.cdecl`) evaluates enum initializers on pycparser's
tree; the XML reader (:mod:`.apixml_reader`) and ``diff`` (macro bodies)
evaluate the same initializers written as text.  Both use the arithmetic
here, so a member has the same value whether it was read from a header or
from the XML written from it.  This module imports neither pycparser nor
anything heavy: the XML path never loads the C parser.

The rules:

* Values are mathematical integers, as libvirt's ``apibuild.py`` computes
  them (with Python): ``1U << 31`` is 2147483648, ``~0U`` is -1, nothing
  wraps to a C type, a cast changes nothing.  Where C's result differs from
  Python's, C's is taken: ``/`` and ``%`` truncate toward zero (``-7 % 3`` is
  -1), comparisons and ``!`` give 0 or 1, ``&&`` and ``||`` short-circuit,
  ``?:`` evaluates the branch chosen (``0 && X`` is 0 whatever ``X`` is).
* An integer constant is read in the base its prefix says (``0x``, ``0b``,
  ``0``), its suffix (``U``, ``LL``) ignored, its leading zeros not counted
  against the digits a 64-bit value has.  A character constant has its
  value (``'a'``, ``'\\n'``, ``'\\x41'``, ``L'é'``) except those C leaves to
  the compiler: a multi-character constant and a plain ``char`` one above
  127 (its sign depends on the target).
* Anything else has no value (None): names not known, ``sizeof`` and
  ``_Alignof`` (the target's ABI decides), floating and string constants,
  calls, ``&`` and ``*`` as unary operators, and what C does not define or no 64-bit
  type holds: a shift by a negative count or by 64 or more, a division by
  zero, any intermediate result of 2**64 or more in magnitude, a final value
  outside ``[-2**63, 2**64)``.  So no initializer, however hostile
  (``1 << 20000``, a chain of ``*``), costs time or memory.

These are the model's values (``EnumMember.value``, the XML and JSON
exports), which must match apibuild.py's.  Where a rule claims C's semantics
(``diff``'s enum sizes and value changes, ``check``'s duplicate values), the
same trees are evaluated a second way, on demand and only there, in C's types
as gcc computes them on x86_64 Linux (LP64), the target libvirt is built for:
:func:`c_value` (``~0U`` is 4294967295, ``1 << 31`` -2147483648, a cast
converts) and :class:`CConstants` (a model's members, and texts over them
with the object-like macros expanded as cpp expands them, enums laid out as
gcc lays them out).  So the parser keeps what those need and
:func:`value` ignores: a constant's C type (:class:`Constant`) and a cast's
type words (an operator of :class:`Unary`).

Text (:func:`parse`) is read as C reads it: C's precedence and
associativity (``1 & 2 == 2`` is ``1 & (2 == 2)``, where Python's would
differ), tokens as pycparser splits them (so ``A+0x1e+1``, which the XML
export writes without spaces, is ``A + 0x1e + 1``), a cast recognized by its
type words or by a type name the caller knows.  A text that is no C
expression has no value.  Chains of one precedence (``1 + 1 + ... + 1``)
are flat, evaluated in a loop; only parentheses, ``?:`` and rises in
precedence nest, and more than ``max_nesting`` of those raise
:class:`TooDeep` (the caller's bound: the parser recurses on them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Api

# The C library's types libvirt's public headers use, which the frontend
# declares itself (a fake <sys/types.h> for cpp): a cast to one of them is a
# cast to a type from the headers as from the XML written from them.
LIBRARY_TYPES = {"size_t": "unsigned long", "ssize_t": "long"}

MAGNITUDE = 1 << 64  # every intermediate value is smaller in magnitude
LOWEST = -(1 << 63)  # a value must fit int64_t or uint64_t


def bounded(value: int | None) -> int | None:
    """``value`` when a 64-bit type holds it (int64_t or uint64_t), else None."""
    return value if value is not None and LOWEST <= value < MAGNITUDE else None


UNARY: dict[str, Callable[[int], int]] = {"-": lambda a: -a, "+": lambda a: a, "~": lambda a: ~a, "!": lambda a: int(not a)}


def decided(op: str, left: int) -> int | None:
    """The value of ``left op ...`` when C does not evaluate the right operand
    (``0 && x``, ``1 || x``), else None."""
    if op == "&&" and not left:
        return 0
    if op == "||" and left:
        return 1
    return None


def binary(op: str, left: int, right: int) -> int | None:
    """``left op right`` (operands below 2**64 in magnitude), None when C
    defines no value or the result is 2**64 or more in magnitude."""
    if op in ("<<", ">>"):
        if not 0 <= right < 64:  # C leaves these undefined; gcc rejects a negative count
            return None
        result = left << right if op == "<<" else left >> right
    elif op in ("/", "%"):
        if not right:
            return None
        quotient = abs(left) // abs(right)  # C truncates toward zero
        quotient = -quotient if (left < 0) != (right < 0) else quotient
        result = quotient if op == "/" else left - right * quotient
    else:
        simple = _SIMPLE_BINARY.get(op)
        if simple is None:
            return None
        result = simple(left, right)
    return result if -MAGNITUDE < result < MAGNITUDE else None


_SIMPLE_BINARY: dict[str, Callable[[int, int], int]] = {
    "|": lambda a, b: a | b, "&": lambda a, b: a & b, "^": lambda a, b: a ^ b,
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "&&": lambda a, b: int(bool(a and b)), "||": lambda a, b: int(bool(a or b)),
}  # fmt: skip


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use: a header seldom holds a character
    constant, and the C frontend never reads text (0.2 and 0.5 ms of every run)."""
    return re.compile(pattern)


# the most significant digits a value below 2**64 has, by base: more, and no
# value fits (checked before int() converts: a hostile literal costs nothing)
_MAX_DIGITS = {2: 64, 8: 22, 10: 20, 16: 16}


def int_literal(text: str) -> int | None:
    """An integer constant's value: its base from its prefix, its leading
    zeros (``0x0000000000000000000000001`` is 1) not counted against the
    digits a 64-bit value can have."""
    digits = text.rstrip("uUlL")
    if digits[:2] in ("0x", "0X", "0b", "0B"):
        base, digits = (16 if digits[1] in "xX" else 2), digits[2:]
        if not digits:
            return None
    else:
        base = 8 if digits.startswith("0") else 10
    significant = digits.lstrip("0")
    if len(significant) > _MAX_DIGITS[base]:
        return None
    try:
        return int(significant, base) if significant else int(digits, base)
    except ValueError:  # a digit of no such base ("09"), a floating constant ("1e5")
        return None


_CHAR_PATTERN = (
    r"(?P<prefix>L|u|U)?'(?:(?P<plain>[^'\\])|\\(?P<simple>[ntrabfve\\'\"?])|\\(?P<octal>[0-7]{1,3})"
    r"|\\x(?P<hex>[0-9a-fA-F]{1,8})|\\u(?P<u4>[0-9a-fA-F]{4})|\\U(?P<u8>[0-9a-fA-F]{8}))'"
)
_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27, "\\": 92, "'": 39, '"': 34, "?": 63}
_CHAR_LIMITS = {None: 0x80, "L": 1 << 31, "u": 1 << 16, "U": 1 << 32}  # above: implementation-defined or out of range


def char_literal(text: str) -> int | None:
    """The value of a character constant of one character (escapes included)."""
    match = _compiled(_CHAR_PATTERN).fullmatch(text)
    if match is None:  # several characters ('ab'), u8'a', a malformed escape
        return None
    plain, simple, octal, hexa = match.group("plain", "simple", "octal", "hex")
    if plain is not None:
        value = ord(plain)
    elif simple is not None:
        value = _ESCAPES[simple]
    elif octal is not None:
        value = int(octal, 8)
    else:
        value = int(hexa or match.group("u4") or match.group("u8"), 16)
    return value if value < _CHAR_LIMITS[match.group("prefix")] else None


# --- C types (gcc, x86_64 Linux: LP64) ----------------------------------------
#
# Only where a rule claims C's semantics (diff's enum sizes and value changes,
# check's duplicate values) are values computed in C's types: see
# :func:`c_value` and :class:`CConstants`.  A type is (bits, signed): on LP64
# ``long`` and ``long long`` are both 64 bits, and which of the two a value has
# changes no value computed here.  ``_Bool`` is (1, False), converting as C does
# (any non-zero value is 1); ``char`` is signed, as gcc has it on x86_64.

CType = tuple[int, bool]
CValue = tuple[int, CType]  # a value and its C type

INT: CType = (32, True)
UINT: CType = (32, False)
LONG: CType = (64, True)
ULONG: CType = (64, False)
BOOL: CType = (1, False)

_INT_MAX = (1 << 31) - 1


def converted(value: int, type_: CType) -> int:
    """``value`` converted to ``type_``: modulo 2**bits, and for a signed type the
    two's complement reading (as gcc converts, and wraps a signed overflow:
    ``1 << 31`` in ``int`` is -2147483648)."""
    bits, signed = type_
    if bits == 1:
        return int(value != 0)
    value &= (1 << bits) - 1
    return value - (1 << bits) if signed and value >> (bits - 1) else value


def fits(value: int, type_: CType) -> bool:
    return converted(value, type_) == value


def promoted(type_: CType) -> CType:
    """C's integer promotions: a type narrower than ``int`` is ``int`` (every value of it fits)."""
    return INT if type_[0] < 32 else type_


def common(left: CType, right: CType) -> CType:
    """C's usual arithmetic conversions, of promoted types, on LP64: the wider one;
    of one width, the unsigned one (``-1 < 0U`` compares unsigned values)."""
    if left == right:
        return left
    if left[0] != right[0]:
        return left if left[0] > right[0] else right  # 64-bit long holds every unsigned int
    return (left[0], False)


def literal_type(text: str, value: int) -> CType | None:
    """An integer constant's type by its value and suffix (C11 6.4.4.1, LP64): without
    suffix ``int``, ``long`` for a decimal one, also ``unsigned int`` and ``unsigned
    long`` for an octal, hexadecimal (or binary) one; ``U`` ``unsigned int``,
    ``unsigned long``; ``L``/``LL`` from ``long`` on.  None when no type holds it
    (a decimal one past ``long`` without ``U``: gcc makes it unsigned, with a warning)."""
    digits = text.rstrip("uUlL")
    suffix = text[len(digits) :].lower()
    if not suffix and value <= _INT_MAX:
        return INT
    decimal = digits[:1] != "0" or digits == "0"
    candidates: tuple[CType, ...]
    if "u" in suffix:
        candidates = (ULONG,) if "l" in suffix else (UINT, ULONG)
    elif "l" in suffix:
        candidates = (LONG,) if decimal else (LONG, ULONG)
    else:
        candidates = (INT, LONG) if decimal else (INT, UINT, LONG, ULONG)
    for candidate in candidates:
        if value < 1 << (candidate[0] - candidate[1]):
            return candidate
    return None


@cache
def cast_type(cast: str) -> CType | None:
    """The type of a cast as the parser keeps it (``(unsigned int)``), None unless an
    integer type the words name (or :data:`LIBRARY_TYPES`'s ``size_t``, ``ssize_t``)."""
    words = cast[1:-1].split()
    if len(words) == 1 and words[0] in LIBRARY_TYPES:
        words = LIBRARY_TYPES[words[0]].split()
    words = [word for word in words if word not in ("const", "volatile")]
    signs = [word for word in words if word in ("signed", "unsigned")]
    rest = tuple(sorted(word for word in words if word not in ("signed", "unsigned")))
    if len(signs) > 1 or (signs and rest == ("_Bool",)):
        return None
    bits = _CAST_BITS.get(rest)
    if bits is None:
        return None
    return (bits, bits != 1 and signs != ["unsigned"])


_CAST_BITS = {
    (): 32, ("int",): 32, ("char",): 8, ("short",): 16, ("int", "short"): 16, ("long",): 64, ("int", "long"): 64,
    ("long", "long"): 64, ("int", "long", "long"): 64, ("_Bool",): 1,
}  # fmt: skip


def _c_binary(op: str, left: CValue, right: CValue) -> CValue | None:
    """``left op right`` in C's types (both evaluated; ``&&``, ``||`` short-circuit before)."""
    if op in ("<<", ">>"):
        type_ = promoted(left[1])
        count = converted(right[0], promoted(right[1]))
        if not 0 <= count < type_[0]:  # C leaves these undefined (gcc warns, and computes 0)
            return None
        number = converted(left[0], type_)
        return converted(number << count if op == "<<" else number >> count, type_), type_
    if op in ("&&", "||"):
        return int(bool(left[0] and right[0]) if op == "&&" else bool(left[0] or right[0])), INT
    type_ = common(promoted(left[1]), promoted(right[1]))
    a, b = converted(left[0], type_), converted(right[0], type_)
    if op in ("/", "%"):
        if not b:
            return None
        quotient = abs(a) // abs(b)  # C truncates toward zero
        quotient = -quotient if (a < 0) != (b < 0) else quotient
        return converted(quotient if op == "/" else a - b * quotient, type_), type_  # INT_MIN / -1 wraps, as gcc's
    simple = _SIMPLE_BINARY.get(op)
    if simple is None:
        return None
    if op in _COMPARISONS:
        return simple(a, b), INT
    return converted(simple(a, b), type_), type_


_COMPARISONS = frozenset({"==", "!=", "<", ">", "<=", ">="})


def _c_unary(op: str, operand: CValue) -> CValue | None:
    if op[0] == "(":
        type_ = cast_type(op)
        return None if type_ is None else (converted(operand[0], type_), type_)
    if op == "!":
        return int(not operand[0]), INT
    if op not in UNARY:  # & and * as unary operators
        return None
    type_ = promoted(operand[1])
    return converted(UNARY[op](operand[0]), type_), type_


def c_value(expression: Expression, names: Callable[[str], CValue | None]) -> CValue | None:
    """``expression``'s value and C type as gcc computes them on x86_64 Linux (LP64),
    over ``names`` (a name's value and type, None when unknown): constants typed by
    value and suffix, C's promotions and usual arithmetic conversions, unsigned
    results modulo 2**N, a signed overflow wrapped as gcc does (``1 << 31`` is
    -2147483648, ``~0U`` 4294967295, ``(unsigned char)-1`` 255).  None where C
    defines no value (a shift by the type's width or more, a division by zero),
    for a cast to a type not known here (:func:`cast_type`), and where
    :func:`value` has none.  Values stay within 64 bits, so no initializer
    costs more than its tree; a ``?:`` needs both branches (their common type)."""
    if isinstance(expression, int):
        return expression, INT
    if isinstance(expression, str):
        return names(expression)
    if isinstance(expression, Constant):
        return None if expression.type is None else (expression.value, expression.type)
    if isinstance(expression, Chain):
        result = c_value(expression.first, names)
        for op, operand in expression.rest:
            if result is None:
                return None
            short = decided(op, result[0])
            if short is not None:
                result = short, INT
                continue
            right = c_value(operand, names)
            result = None if right is None else _c_binary(op, result, right)
        return result
    if isinstance(expression, Unary):
        result = c_value(expression.operand, names)
        for op in reversed(expression.ops):
            if result is None:
                return None
            result = _c_unary(op, result)
        return result
    if isinstance(expression, Conditional):
        condition = c_value(expression.condition, names)
        yes, no = c_value(expression.yes, names), c_value(expression.no, names)
        if condition is None or yes is None or no is None:
            return None
        type_ = common(promoted(yes[1]), promoted(no[1]))
        return converted((yes if condition[0] else no)[0], type_), type_
    return None  # Unknown


# --- expressions as text ------------------------------------------------------


class NotAnExpression(Exception):
    """The text is no C expression read here (its value is unknown)."""


class TooDeep(NotAnExpression):
    """Parentheses, ``?:`` and precedence rises nest deeper than allowed."""


class Unknown:
    """A constant or operand with no value (a floating constant, ``sizeof``, ...)."""

    __slots__ = ()


UNKNOWN = Unknown()


class Constant:
    """An integer constant whose C type is not ``int`` (``1U``, ``0x80000000``,
    ``U'a'``): its value and that type, None when no type of x86_64 holds it
    (``9223372036854775808`` without suffix).  A constant of type ``int`` is a
    plain int in the tree."""

    __slots__ = ("type", "value")

    def __init__(self, value: int, type_: CType | None) -> None:
        self.value = value
        self.type = type_


class Unary:
    """Prefix operators (applied right to left: ``-~x`` is ``-(~x)``) and their operand;
    a cast is one, its type words in parentheses (``(unsigned int)``)."""

    __slots__ = ("operand", "ops")

    def __init__(self, ops: list[str], operand: Expression) -> None:
        self.ops = ops
        self.operand = operand


class Chain:
    """``first op1 x1 op2 x2 ...``, every op of one precedence, evaluated left to right."""

    __slots__ = ("first", "rest")

    def __init__(self, first: Expression, rest: list[tuple[str, Expression]]) -> None:
        self.first = first
        self.rest = rest


class Conditional:
    """``condition ? chosen : other``."""

    __slots__ = ("condition", "no", "yes")

    def __init__(self, condition: Expression, yes: Expression, no: Expression) -> None:
        self.condition = condition
        self.yes = yes
        self.no = no


# An int is the value of a constant of type int, a str a name.
Expression = int | str | Unknown | Constant | Unary | Chain | Conditional

_PRECEDENCE = {
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
    "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}  # fmt: skip
_TYPE_WORDS = frozenset({
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "_Complex",
    "const", "volatile", "restrict", "_Atomic", "struct", "union", "enum",
})  # fmt: skip
_NO_VALUE_WORDS = frozenset({"sizeof", "_Alignof", "alignof"})
# pycparser's tokens: floating constants first (``1e5``, ``.5``, ``0x1p3``), then
# integers with a valid suffix not followed by more of a number, character and
# string constants (prefixes included), names, punctuators.  Not ``--`` or
# ``++``: no constant expression has them, and the export's spelling without
# spaces turns ``A - -1`` into ``A--1``.
_TOKEN_PATTERN = (
    r"\s*(?:"
    r"(?P<float>(?:(?:[0-9]*\.[0-9]+|[0-9]+\.)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+"
    r"|0[xX](?:[0-9a-fA-F]*\.[0-9a-fA-F]+|[0-9a-fA-F]+\.?)[pP][-+]?[0-9]+)[fFlL]?)"
    r"|(?P<int>(?:0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)(?:[uU](?:ll|LL|[lL])?|(?:ll|LL|[lL])[uU]?)?)(?![\w.])"
    r"|(?P<char>(?:u8|[LuU])?'(?:[^'\\\n]|\\[^\n])*')"
    r"|(?P<string>(?:u8|[LuU])?\"(?:[^\"\\\n]|\\[^\n])*\")"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>?:()\[\]{},.])"
    r")"
)
_END = ("end", "")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    end = len(text.rstrip())
    token_re = _compiled(_TOKEN_PATTERN)
    while position < end:
        match = token_re.match(text, position)
        if match is None or match.lastgroup is None:
            raise NotAnExpression
        tokens.append((match.lastgroup, match.group(match.lastgroup)))
        position = match.end()
    tokens.append(_END)
    return tokens


def parse(text: str, types: frozenset[str] = frozenset(), max_nesting: int = 100) -> Expression:
    """``text`` as a C constant expression; raises :class:`NotAnExpression`
    when it is none, :class:`TooDeep` when it nests more than ``max_nesting``.
    ``types``: names that are types (a cast to one is recognized)."""
    return _Parser(_tokens(text), types, max_nesting).whole()


def names(expression: Expression) -> Iterator[str]:
    """The names ``expression`` uses (in any branch), in no particular order."""
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Chain):
            stack.append(node.first)
            stack += [operand for _, operand in node.rest]
        elif isinstance(node, Conditional):
            stack += (node.condition, node.yes, node.no)


def value(expression: Expression, values: Mapping[str, int]) -> int | None:
    """``expression``'s value over the known ``values`` of names, by the rules above."""
    return bounded(_value(expression, values))


def _value(node: Expression, values: Mapping[str, int]) -> int | None:
    if isinstance(node, int):
        return node
    if isinstance(node, str):
        return values.get(node)
    if isinstance(node, Chain):
        result = _value(node.first, values)
        for op, operand in node.rest:
            if result is None:
                return None
            short = decided(op, result)
            if short is not None:
                result = short
                continue
            right = _value(operand, values)
            result = None if right is None else binary(op, result, right)
        return result
    if isinstance(node, Unary):
        result = _value(node.operand, values)
        for op in reversed(node.ops):
            if result is None:
                return None
            if op in UNARY:
                result = UNARY[op](result)
            elif op[0] != "(":  # a cast (its type in parentheses) changes no value here
                return None
        return result
    if isinstance(node, Conditional):
        condition = _value(node.condition, values)
        if condition is None:
            return None
        return _value(node.yes if condition else node.no, values)
    if isinstance(node, Constant):
        return node.value
    return None  # Unknown


class _Parser:
    """Recursive descent over the tokens; see the module docstring for what nests."""

    __slots__ = ("at", "max_nesting", "tokens", "types")

    def __init__(self, tokens: list[tuple[str, str]], types: frozenset[str], max_nesting: int) -> None:
        self.tokens = tokens
        self.types = types
        self.max_nesting = max_nesting
        self.at = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at]

    def take(self, text: str) -> None:
        if self.tokens[self.at][1] != text:
            raise NotAnExpression
        self.at += 1

    def whole(self) -> Expression:
        expression = self.conditional(0)
        if self.peek() is not _END:
            raise NotAnExpression
        return expression

    def deeper(self, depth: int) -> int:
        if depth >= self.max_nesting:
            raise TooDeep(f"nests operators more than {self.max_nesting} deep")
        return depth + 1

    def conditional(self, depth: int) -> Expression:
        condition = self.binary(self.unary(depth), 1, depth)
        if self.peek()[1] != "?":
            return condition
        self.at += 1
        inner = self.deeper(depth)
        yes = self.conditional(inner)
        self.take(":")
        return Conditional(condition, yes, self.conditional(inner))

    def binary(self, left: Expression, lowest: int, depth: int) -> Expression:
        """``left`` and the operators of precedence ``lowest`` or more after it
        (precedence climbing; a run of one precedence makes one :class:`Chain`)."""
        while True:
            kind, op = self.peek()
            precedence = _PRECEDENCE.get(op, 0) if kind == "op" else 0
            if precedence < lowest:
                return left
            self.at += 1
            right = self.unary(depth)
            kind, following = self.peek()
            if kind == "op" and _PRECEDENCE.get(following, 0) > precedence:
                right = self.binary(right, precedence + 1, self.deeper(depth))
            if isinstance(left, Chain) and _PRECEDENCE[left.rest[0][0]] == precedence:
                left.rest.append((op, right))  # (a - b) - c is a - b - c: left to right either way
            else:
                left = Chain(left, [(op, right)])

    def unary(self, depth: int) -> Expression:
        ops: list[str] = []
        while True:  # a loop, not a frame per operator: "- - - ... 1"
            kind, text = self.peek()
            if kind == "op" and text in ("-", "+", "~", "!", "&", "*"):
                ops.append(text)
                self.at += 1
            elif kind == "name" and text in _NO_VALUE_WORDS:
                self.at += 1
                self.sized(depth)
                return UNKNOWN
            elif text == "(" and self.is_type(self.tokens[self.at + 1]):
                start = self.at
                self.skip_parenthesized()  # a cast: no value changes (:func:`value`), a C type (:func:`c_value`)
                ops.append("(" + " ".join(token for _, token in self.tokens[start + 1 : self.at - 1]) + ")")
            else:
                break
        operand = self.primary(depth)
        return Unary(ops, operand) if ops else operand

    def is_type(self, token: tuple[str, str]) -> bool:
        kind, text = token
        return kind == "name" and (text in _TYPE_WORDS or text in self.types)

    def sized(self, depth: int) -> None:
        """The operand of ``sizeof``: a parenthesized type name or an expression (both without value)."""
        if self.peek()[1] == "(" and self.is_type(self.tokens[self.at + 1]):
            self.skip_parenthesized()
        else:
            self.unary(depth)

    def skip_parenthesized(self) -> None:
        """Past a parenthesized type name (``(unsigned long)``, ``(int (*)(void))``)."""
        level = 0
        while True:
            kind, text = self.peek()
            if kind == "end":
                raise NotAnExpression
            self.at += 1
            level += {"(": 1, ")": -1}.get(text, 0)
            if not level:
                return

    def primary(self, depth: int) -> Expression:
        kind, text = self.peek()
        self.at += 1
        if kind == "int":
            number = int_literal(text)
            if number is None:
                return UNKNOWN
            type_ = literal_type(text, number)
            return number if type_ is INT else Constant(number, type_)
        if kind == "char":
            number = char_literal(text)
            if number is None:
                return UNKNOWN
            return Constant(number, UINT) if text[0] == "U" else number  # char32_t; L'' is wchar_t (int), u'' promotes to int
        if kind in ("float", "string"):
            return UNKNOWN
        if kind == "name" and text not in _TYPE_WORDS:
            if self.peek()[1] == "(":  # a call has no constant value (C: none, but 0 && f(1) is 0)
                self.skip_parenthesized()
                return UNKNOWN
            return text
        if text == "(":
            inner = self.conditional(self.deeper(depth))
            self.take(")")
            return inner
        raise NotAnExpression


# --- C values of a model's enum members and macros ------------------------------


class CConstants:
    """The C values (:func:`c_value`) of enum members and of expressions over
    them and object-like macros (a member's ``expression``, a macro's body),
    read as C reads them after preprocessing.  A text's object-like macros are
    expanded as cpp expands them: a macro's body tokens spliced in where its
    name stands, no parentheses added (``#define M 1 + 2`` makes ``M * 3``
    7), the result rescanned, a macro not expanded again inside its own
    expansion (``#define X X``, glibc's idiom for an enum constant, leaves the
    name ``X``: the member).  The expanded text is then evaluated where it
    stands: inside an enum's definition, over that enum's members defined
    before it, in their types while it is defined (``#define M (A + 1)``
    with ``A = 0xFFFFFFFFU, B = M`` makes ``B`` 0), and other enums' members.
    Computed on demand, each enum once, after the enums its expanded
    initializers name (a walk with a stack of our own, as the XML reader
    resolves its members: a chain of thousands costs one pass; one in a
    cycle, which C rejects, sees the others of the cycle as unknown).

    An enum is laid out as gcc lays it out (C11 6.7.2.2 and gcc's extension
    beyond ``int``): while it is defined, a member whose value fits ``int`` has
    type ``int``, another the type of its initializer (``A = 0xFFFFFFFFU, B = A +
    1`` makes ``B`` 0); a member without initializer is the one before plus one,
    in that one's type (no value when that wraps: gcc's "overflow in enumeration
    values"); the enum's type is ``unsigned int`` when no value is negative and
    all fit it, else ``int`` when all fit that, else ``unsigned long`` or ``long``
    likewise (8 bytes), else (a negative value beside one above ``LONG_MAX``:
    gcc's warning "enumeration values exceed range of largest integer")
    ``long``; named after the enum, a member that had type ``int`` keeps it,
    another has the enum's type, its value converted to it (``A = -2, B =
    0xFFFFFFFFFFFFFFFFUL`` makes ``B`` the ``long`` -1).  A member of no enum
    listed (an anonymous enum's) has a value only from its own initializer.

    Bounded as the frontends' evaluation: a text (or a macro's body) longer
    than ``max_length``, an expansion walking more than ``max_tokens`` tokens
    (a macro's name and each token of its body counted, so each text costs at
    most that: ``#define A B+B``, ``#define B C+C``, ... no more), or an
    expanded text nesting deeper than ``max_nesting`` has no value, and no
    value computed leaves 64 bits."""

    def __init__(
        self,
        enums: Iterable[tuple[str, Sequence[tuple[str, str | None]]]],
        loose: Iterable[tuple[str, str]],
        macros: Mapping[str, str],
        max_length: int = 512,
        max_nesting: int = 100,
        max_tokens: int = 1024,
    ) -> None:
        """``enums``: each enum's name and its members in declaration order, each
        with its initializer ("" when it has none, None when it is not known);
        ``loose``: members of no enum listed, with their initializers;
        ``macros``: object-like macros' bodies, without comments (a model's ``raw``)."""
        self.enums: dict[str, Sequence[tuple[str, str | None]]] = {}
        self.enum_of: dict[str, str] = {}
        for name, members in enums:
            self.enums[name] = members
            self.enum_of.update((member, name) for member, _ in members)
        for member, text in loose:
            if member not in self.enum_of:
                key = "\0" + member  # no enum name: a group of one, not counted from a member before it
                self.enums[key] = ((member, text or None),)
                self.enum_of[member] = key
        self.macros = macros
        self.max_length = max_length
        self.max_nesting = max_nesting
        self.max_tokens = max_tokens
        self.types = frozenset(LIBRARY_TYPES)
        self._bodies: dict[str, list[tuple[str, str]] | None] = {}  # each macro's tokens, once used
        self._trees: dict[str, Expression | None] = {}  # each text, expanded and parsed
        self._own: dict[str, int | None] = {}  # each member's value
        self._named: dict[str, CValue | None] = {}  # each member done, as an expression after its enum names it
        self._layouts: dict[str, CType | None] = {}  # each enum done: its type
        self._visited: set[str] = set()

    @classmethod
    def of(cls, api: Api) -> CConstants:
        """Those of a model read from sources (every module's enums, members and
        object-like macros; a macro's ``raw`` body holds no comment, the scanner
        took them out).  Not of one read
        from an exported XML: its values are apibuild.py's numbers, and its
        ``expression`` a number or ``1 << K`` written from them."""
        members = {m.name: m for module in api.modules for m in module.members}
        enums = [
            (enum.name, [(name, members[name].expression if name in members else None) for name in enum.members])
            for module in api.modules
            for enum in module.enums
        ]
        loose = [(m.name, m.expression) for m in members.values()]  # those of no enum listed (the others are skipped)
        macros = {m.name: m.raw for module in api.modules for m in module.macros if m.params is None}
        return cls(enums, loose, macros)

    # -- what callers ask

    def member(self, name: str) -> int | None:
        """A member's value, None when not known (or not a member listed)."""
        enum = self.enum_of.get(name)
        if enum is None:
            return None
        if enum not in self._layouts:
            self._resolve(enum)
        return self._own.get(name)

    def layout(self, enum: str) -> CType | None:
        """An enum's type (its size is bits / 8), None when a member's value is not known."""
        if enum not in self.enums:
            return None
        if enum not in self._layouts:
            self._resolve(enum)
        return self._layouts.get(enum)

    def evaluate(self, text: str) -> CValue | None:
        """The value and type of an expression (its macros expanded) over these names."""
        tree = self._tree(text)
        if tree is None:
            return None
        for enum in self._enums_named(names(tree), ""):
            self._resolve(enum)
        return c_value(tree, self._named.get)

    # -- the text, expanded

    def _tree(self, text: str) -> Expression | None:
        """``text`` with its macros expanded (:meth:`_expanded`), parsed; None when it is no expression here."""
        if text not in self._trees:
            tree: Expression | None = None
            if len(text) <= self.max_length:
                try:
                    tokens = self._expanded(_tokens(text)[:-1])
                    if tokens is not None:
                        tokens.append(_END)
                        tree = _Parser(tokens, self.types, self.max_nesting).whole()
                except NotAnExpression:  # TooDeep too
                    pass
            self._trees[text] = tree
        return self._trees[text]

    def _body(self, macro: str) -> list[tuple[str, str]] | None:
        if macro not in self._bodies:
            text = self.macros[macro]
            try:
                self._bodies[macro] = _tokens(text)[:-1] if len(text) <= self.max_length else None
            except NotAnExpression:
                self._bodies[macro] = None
        return self._bodies[macro]

    def _expanded(self, tokens: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
        """``tokens`` with object-like macros expanded as cpp does (object-like
        only: nothing after an expansion changes how it expands, so a walk
        depth first is cpp's rescan): a body's tokens where the name stands, a
        macro not expanded within its own expansion.  None past ``max_tokens``
        tokens walked (names expanded included: ``#define E`` and ``#define
        D E E`` cost their names), or when a body used is no tokens read here."""
        out: list[tuple[str, str]] = []
        budget = self.max_tokens
        active: set[str] = set()  # the macros being expanded (cpp's hide set): one per frame
        frames: list[tuple[Iterator[tuple[str, str]], str]] = [(iter(tokens), "")]
        while frames:
            token = next(frames[-1][0], None)
            if token is None:
                active.discard(frames.pop()[1])
                continue
            budget -= 1
            if budget < 0:
                return None
            kind, text = token
            if kind == "name" and text in self.macros and text not in active:
                body = self._body(text)
                if body is None:
                    return None
                active.add(text)
                frames.append((iter(body), text))
            else:
                out.append(token)
        return out

    # -- the walk

    def _enums_named(self, used: Iterable[str], enum: str) -> Iterator[str]:
        """The enums whose members ``used`` names (not ``enum`` itself)."""
        for name in used:
            other = self.enum_of.get(name)
            if other is not None and other != enum:
                yield other

    def _needs(self, enum: str) -> list[str]:
        trees = [tree for tree in (self._tree(text) for _, text in self.enums[enum] if text) if tree is not None]
        return list(dict.fromkeys(self._enums_named((used for tree in trees for used in names(tree)), enum)))

    def _resolve(self, first: str) -> None:
        stack = [first]
        while stack:
            enum = stack[-1]
            if enum in self._layouts:
                stack.pop()
            elif enum not in self._visited:
                self._visited.add(enum)
                stack += [need for need in self._needs(enum) if need not in self._visited]
            else:  # what it needs is done, or on the walk's path (a cycle): unknown then
                stack.pop()
                self._enum(enum)

    def _enum(self, enum: str) -> None:
        """An enum's members, in order, as gcc defines them (see the class docstring)."""
        members = self.enums[enum]
        own = {member for member, _ in members}
        defined: dict[str, CValue] = {}  # each member's value and type while the enum is defined

        def named(name: str) -> CValue | None:
            if name in own:
                return defined.get(name)  # one not defined yet has no value (C: not declared)
            return self._named.get(name)

        previous: CValue | None = (-1, INT)  # the first member without initializer is 0
        for member, text in members:
            if text:
                tree = self._tree(text)
                value = None if tree is None else c_value(tree, named)
            elif text is None or previous is None or enum[0] == "\0":
                value = None
            else:
                type_ = promoted(previous[1])
                number = converted(previous[0] + 1, type_)
                value = (number, type_) if number > previous[0] else None
            if value is not None:
                value = (value[0], INT) if fits(value[0], INT) else (value[0], promoted(value[1]))
                defined[member] = value
            previous = value
        layout: CType | None = None
        if len(defined) == len(members) and enum[0] != "\0":
            known = [number for number, _ in defined.values()]
            low, high = min(known), max(known)
            types = (UINT, ULONG) if low >= 0 else (INT, LONG)
            layout = next((type_ for type_ in types if fits(low, type_) and fits(high, type_)), LONG)  # LONG: gcc's "exceed range"
        self._layouts[enum] = layout
        for member, _ in members:
            during = defined.get(member)
            if during is None:
                self._own[member] = self._named[member] = None
            elif during[1] == INT:
                self._own[member], self._named[member] = during[0], during
            elif layout is None:  # a member of an enum not laid out: its value, no type after the enum
                self._own[member], self._named[member] = during[0], None
            else:
                number = converted(during[0], layout)
                self._own[member], self._named[member] = number, (number, layout)
