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
from collections.abc import Callable, Iterator, Mapping
from functools import cache

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


# --- expressions as text ------------------------------------------------------


class NotAnExpression(Exception):
    """The text is no C expression read here (its value is unknown)."""


class TooDeep(NotAnExpression):
    """Parentheses, ``?:`` and precedence rises nest deeper than allowed."""


class Unknown:
    """A constant or operand with no value (a floating constant, ``sizeof``, ...)."""

    __slots__ = ()


UNKNOWN = Unknown()


class Unary:
    """Prefix operators (applied right to left: ``-~x`` is ``-(~x)``) and their operand."""

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


# An int is a constant's value, a str a name.
Expression = int | str | Unknown | Unary | Chain | Conditional

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
            result = UNARY[op](result) if op in UNARY else None
        return result
    if isinstance(node, Conditional):
        condition = _value(node.condition, values)
        if condition is None:
            return None
        return _value(node.yes if condition else node.no, values)
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
                self.skip_parenthesized()  # a cast changes no value
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
            return UNKNOWN if number is None else number
        if kind == "char":
            number = char_literal(text)
            return UNKNOWN if number is None else number
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
