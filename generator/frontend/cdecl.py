"""The pycparser adapter: preprocessed C in, plain declaration records out.

This module and :mod:`.fastparse` (which feeds pycparser's parser faster)
are the only ones that import pycparser; its AST never leaves here: it hands
out the plain records of :mod:`.records`.
"""

from __future__ import annotations

import re

from pycparser import c_ast
from pycparser.c_parser import ParseError

from .errors import FrontendError
from .fastparse import parser
from .records import CEnum, CEnumerator, CField, CFunction, CFuncType, CParam, CStructBody, CTypedef, CVariable, Declarations, Pos


def parse(preprocessed: str, name: str) -> Declarations:
    """Parse preprocessed C; raise :class:`FrontendError` with a position."""
    c_parser = parser()
    try:
        ast = c_parser.parse(preprocessed, name)
    except ParseError as error:
        known = {n for scope in getattr(c_parser, "_scope_stack", ()) for n, is_type in scope.items() if is_type}
        raise FrontendError(_unknown_type(str(error), known) or str(error)) from None
    result = Declarations([], [], [], [], [], [])
    values: dict[str, int] = {}
    for node in ast.ext:
        _collect(node, result, values)
    return result


_ERROR_RE = re.compile(r"(.*?):(\d+):(\d+): (.*)", re.DOTALL)
_TYPE_WORDS = frozenset({
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
    "const", "volatile", "struct", "union", "enum", "typedef", "extern", "static", "inline",
})


def _unknown_type(message: str, known_types: set[str]) -> str | None:
    """pycparser's "before: x" or "Invalid function definition" when the real
    mistake is a type name nobody declared, said as gcc says it:
    ``file:line:col: unknown type name 'virFooPtr'`` (None: not that case)."""
    match = _ERROR_RE.fullmatch(message)
    if match is None:
        return None
    file, line, col = match.group(1), int(match.group(2)), int(match.group(3))
    try:
        with open(file, encoding="utf-8", errors="replace") as stream:
            text = stream.read().splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    at_error = re.match(r"[A-Za-z_]\w*(?=[\s*]+[A-Za-z_(])", text[col - 1 :])
    # a type name is followed by a declarator: a name, '*' or '('
    before_error = re.search(r"([A-Za-z_]\w*)[\s*]+$", text[: col - 1]) if re.match(r"[A-Za-z_*(]", text[col - 1 :]) else None
    found = (at_error.group(0), col) if at_error else (before_error.group(1), before_error.start(1) + 1) if before_error else None
    if found is None or found[0] in known_types or found[0] in _TYPE_WORDS:
        return None
    return f"{file}:{line}:{found[1]}: unknown type name '{found[0]}'"


def _pos(node: c_ast.Node) -> Pos:
    coord = node.coord
    if coord is None:
        return Pos("", 0, 0)
    return Pos(str(coord.file), int(coord.line), int(coord.column or 0))


def _collect(node: c_ast.Node, out: Declarations, values: dict[str, int]) -> None:
    if isinstance(node, c_ast.Typedef):
        _collect_typedef(node, out, values)
    elif isinstance(node, c_ast.Decl):
        _collect_decl(node, out, values)


def _collect_typedef(node: c_ast.Typedef, out: Declarations, values: dict[str, int]) -> None:
    inner = node.type
    if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.Enum):
        out.enums.append(_enum(inner.type, node.name, _pos(node), values))
        out.typedefs.append(CTypedef(node.name, "enum", _pos(node)))
        return
    if isinstance(inner, c_ast.PtrDecl) and isinstance(inner.type, c_ast.FuncDecl):
        func = inner.type
        out.functypes.append(CFuncType(node.name, type_string(func.type), _params(func), _pos(node)))
        return
    if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.Struct):
        struct = inner.type
        if struct.decls is not None and struct.name:
            out.struct_bodies.append(CStructBody(struct.name, _fields(struct.decls), _pos(struct)))
    out.typedefs.append(CTypedef(node.name, type_string(inner), _pos(node)))


def _collect_decl(node: c_ast.Decl, out: Declarations, values: dict[str, int]) -> None:
    inner = node.type
    if isinstance(inner, c_ast.FuncDecl):
        out.functions.append(CFunction(str(node.name), type_string(inner.type), _params(inner), _pos(node)))
    elif isinstance(inner, c_ast.Struct) and inner.decls is not None and inner.name:
        out.struct_bodies.append(CStructBody(inner.name, _fields(inner.decls), _pos(inner)))
    elif isinstance(inner, c_ast.Enum) and inner.values is not None:
        out.enums.append(_enum(inner, "", _pos(node), values))
    elif node.name:
        out.variables.append(CVariable(node.name, type_string(inner), _pos(node)))


def _params(func: c_ast.FuncDecl) -> tuple[CParam, ...]:
    if func.args is None:
        return ()
    params: list[CParam] = []
    for arg in func.args.params:
        coord = arg.coord
        line, col = (int(coord.line), int(coord.column or 0)) if coord is not None else (0, 0)
        if isinstance(arg, c_ast.EllipsisParam):
            params.append(CParam("...", "...", line, col))
            continue
        spelled = type_string(arg.type)
        if spelled == "void" and not getattr(arg, "name", None):
            continue
        params.append(CParam(str(getattr(arg, "name", "") or ""), spelled, line, col))
    return tuple(params)


def _fields(decls: list[c_ast.Decl]) -> tuple[CField, ...]:
    fields: list[CField] = []
    for decl in decls:
        kind = decl.type
        union: tuple[CField, ...] | None = None
        if isinstance(kind, c_ast.TypeDecl) and isinstance(kind.type, c_ast.Union):
            union = _fields(kind.type.decls or [])
            spelled = "union"
        elif isinstance(kind, c_ast.ArrayDecl):
            spelled = type_string(kind.type)
        else:
            spelled = type_string(kind)
        fields.append(CField(str(decl.name), spelled, isinstance(kind, c_ast.ArrayDecl), union, _pos(decl)))
    return tuple(fields)


def _enum(enum: c_ast.Enum, name: str, pos: Pos, values: dict[str, int]) -> CEnum:
    members: list[CEnumerator] = []
    previous: int | None = -1
    for item in enum.values.enumerators if enum.values is not None else []:
        if item.value is None:
            value = None if previous is None else previous + 1
        else:
            value = evaluate(item.value, values)
        if value is not None:
            values[item.name] = value
        members.append(CEnumerator(item.name, value, _pos(item)))
        previous = value
    return CEnum(name, tuple(members), pos)


def evaluate(node: c_ast.Node, names: dict[str, int]) -> int | None:
    """Value of a constant integer expression; None when it is not one."""
    if isinstance(node, c_ast.Constant):
        return _int_literal(node.value)
    if isinstance(node, c_ast.ID):
        return names.get(node.name)
    if isinstance(node, c_ast.UnaryOp):
        operand = evaluate(node.expr, names)
        if operand is None:
            return None
        return _unary(str(node.op), operand)
    if isinstance(node, c_ast.BinaryOp):
        left, right = evaluate(node.left, names), evaluate(node.right, names)
        if left is None or right is None:
            return None
        return _binary(node.op, left, right)
    if isinstance(node, c_ast.Cast):
        return evaluate(node.expr, names)
    return None


def _unary(op: str, operand: int) -> int | None:
    if op == "-":
        return -operand
    if op == "+":
        return operand
    if op == "~":
        return ~operand
    if op == "!":
        return int(not operand)
    return None


def _binary(op: str, left: int, right: int) -> int | None:
    if op == "<<":
        return left << right
    if op == ">>":
        return left >> right
    if op == "|":
        return left | right
    if op == "&":
        return left & right
    if op == "^":
        return left ^ right
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/" and right:
        return int(left / right)
    return None


def _int_literal(text: str) -> int | None:
    digits = text.rstrip("uUlL")
    try:
        if digits.startswith(("0x", "0X")):
            return int(digits, 16)
        if digits.startswith("0") and len(digits) > 1:
            return int(digits, 8)
        return int(digits)
    except ValueError:
        return None


def type_string(node: c_ast.Node) -> str:
    """Spell a type the way libvirt's headers and libvirt-api.xml do."""
    if isinstance(node, c_ast.TypeDecl):
        return _base(node)
    if isinstance(node, c_ast.PtrDecl):
        inner = type_string(node.type)
        stars = inner + (" *" if not inner.endswith("*") else "*")
        if node.quals:
            stars += " " + " ".join(node.quals)
        return stars
    if isinstance(node, c_ast.ArrayDecl):
        return type_string(node.type) + " *"
    if isinstance(node, c_ast.FuncDecl):
        return type_string(node.type)
    if isinstance(node, c_ast.Typename):
        return type_string(node.type)
    return "?"


def _base(node: c_ast.TypeDecl) -> str:
    kind = node.type
    words = list(node.quals)
    if isinstance(kind, c_ast.IdentifierType):
        words.extend(kind.names)
    elif isinstance(kind, c_ast.Struct):
        words.extend(["struct", kind.name or ""])
    elif isinstance(kind, c_ast.Union):
        words.extend(["union", kind.name or ""])
    elif isinstance(kind, c_ast.Enum):
        words.extend(["enum", kind.name or ""])
    return " ".join(word for word in words if word)
