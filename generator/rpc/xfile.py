"""A reader for the subset of XDR language (RFC 4506) that ``remote_protocol.x`` uses.

It serves the structural comparison of our output with libvirt's own file in
the tests.  It never fails: text it does not understand is skipped.  The
numbers of a protocol file given to ``generate --remote-protocol`` are read by
:mod:`.numbers` instead, which reports such text as errors: a table read in
part could hand out a number the deployed protocol already uses.

Only declarations are read: constants, typedefs, structs (members with their
type, name, variable-length maximum, fixed size and optional ``*``), enums
(members with value and the ``@key: value`` lines of the doc comment right
above each one) and the ``/* insert@N */`` marker of a struct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import read_procedures


@dataclass(frozen=True, slots=True)
class XMember:
    type: str  # "remote_nonnull_string", "unsigned int", "unsigned hyper"
    name: str
    maximum: str | None  # variable-length array/string bound: "<MAX>" → "MAX", "<>" → ""
    size: str | None  # fixed-length array: "[N]" → "N"
    optional: bool  # declared with "*"


@dataclass(frozen=True, slots=True)
class XStruct:
    name: str
    members: tuple[XMember, ...]
    markers: tuple[str, ...]  # "insert@1", ... from comments on the opening line
    line: int


@dataclass(frozen=True, slots=True)
class XEnumMember:
    name: str
    value: str
    annotations: tuple[tuple[str, str], ...]  # ("generate", "both"), ("acl", "domain:read"), ...
    line: int


@dataclass(frozen=True, slots=True)
class XEnum:
    name: str
    members: tuple[XEnumMember, ...]
    line: int


@dataclass(frozen=True, slots=True)
class XFile:
    constants: dict[str, str]
    typedefs: dict[str, XMember]
    structs: dict[str, XStruct]
    enums: dict[str, XEnum]

    def procedures(self, enum: str = "remote_procedure") -> dict[str, int]:
        """``REMOTE_PROC_*`` name → number; empty when the enum is missing."""
        found = self.enums.get(enum)
        if found is None:
            return {}
        return {m.name: int(m.value, 0) for m in found.members if re.fullmatch(r"0[xX][0-9a-fA-F]+|[1-9]\d*|0", m.value)}  # int(_, 0) refuses "010"


_TOKEN = re.compile(r"/\*.*?\*/|%[^\n]*|[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+|-?\d+|\S", re.S)
_ANNOTATION = re.compile(r"@(\w+)\s*:\s*(.*?)\s*$")


@dataclass(slots=True)
class _Token:
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 1
    last = 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        tokens.append(_Token(match.group(0), line))
    return tokens


def _annotations(comment: str) -> tuple[tuple[str, str], ...]:
    found = []
    for raw in comment[2:-2].splitlines():
        match = _ANNOTATION.search(raw.strip().lstrip("*").strip())
        if match:
            found.append((match.group(1), match.group(2)))
    return tuple(found)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.constants: dict[str, str] = {}
        self.typedefs: dict[str, XMember] = {}
        self.structs: dict[str, XStruct] = {}
        self.enums: dict[str, XEnum] = {}

    def peek(self, skip_comments: bool = True) -> _Token | None:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if skip_comments and (token.text.startswith("/*") or token.text.startswith("%")):
                self.pos += 1
                continue
            return token
        return None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise _Stop
        self.pos += 1
        return token.text

    def expect(self, text: str) -> None:
        if self.take() != text:
            raise _Skip

    def parse(self) -> XFile:
        while self.peek() is not None:
            start = self.pos
            try:
                self.declaration()
            except _Skip:
                self.pos = max(self.pos, start + 1)
                self.resync()
            except _Stop:
                break
        return XFile(self.constants, self.typedefs, self.structs, self.enums)

    def resync(self) -> None:
        """After something unreadable, continue behind the next ';' at depth 0."""
        depth = 0
        while (token := self.peek()) is not None:
            self.pos += 1
            if token.text == "{":
                depth += 1
            elif token.text == "}":
                depth = max(0, depth - 1)
            elif token.text == ";" and depth == 0:
                return

    def declaration(self) -> None:
        keyword = self.take()
        if keyword == "const":
            name = self.take()
            self.expect("=")
            self.constants[name] = self.take()
            self.expect(";")
        elif keyword == "typedef":
            member = self.member()
            self.typedefs[member.name] = member
        elif keyword == "struct":
            self.struct()
        elif keyword == "enum":
            self.enum()
        else:
            raise _Skip

    def struct(self) -> None:
        line = self.tokens[self.pos - 1].line
        name = self.take()
        self.expect("{")
        markers = self.markers_until_member()
        members = []
        while (token := self.peek()) is not None and token.text != "}":
            members.append(self.member())
        self.expect("}")
        self.expect(";")
        self.structs[name] = XStruct(name, tuple(members), markers, line)

    def markers_until_member(self) -> tuple[str, ...]:
        found = []
        while self.pos < len(self.tokens) and self.tokens[self.pos].text.startswith("/*"):
            found += re.findall(r"\b(\w+@\d+)\b", self.tokens[self.pos].text)
            self.pos += 1
        return tuple(found)

    def member(self) -> XMember:
        words = [self.take()]
        if words[0] in ("unsigned", "struct", "enum") and (token := self.peek()) is not None and re.fullmatch(r"[A-Za-z_]\w*", token.text):
            words.append(self.take())
        optional = False
        if (token := self.peek()) is not None and token.text == "*":
            optional = True
            self.take()
        name = self.take()
        maximum = size = None
        following = self.take()
        if following == "<":
            bound = self.take()
            maximum = "" if bound == ">" else bound
            if bound != ">":
                self.expect(">")
            following = self.take()
        elif following == "[":
            size = self.take()
            self.expect("]")
            following = self.take()
        if following != ";":
            raise _Skip
        return XMember(" ".join(words), name, maximum, size, optional)

    def enum(self) -> None:
        line = self.tokens[self.pos - 1].line
        name = self.take()
        self.expect("{")
        members = []
        while True:
            comment = ""
            while self.pos < len(self.tokens) and (self.tokens[self.pos].text.startswith("/*") or self.tokens[self.pos].text.startswith("%")):
                if self.tokens[self.pos].text.startswith("/**"):
                    comment = self.tokens[self.pos].text
                self.pos += 1
            token = self.peek()
            if token is None or token.text == "}":
                break
            member_name = self.take()
            self.expect("=")
            value = self.take()
            members.append(XEnumMember(member_name, value, _annotations(comment) if comment else (), token.line))
            if (token := self.peek()) is not None and token.text == ",":
                self.take()
        self.expect("}")
        self.expect(";")
        self.enums[name] = XEnum(name, tuple(members), line)


class _Skip(Exception):
    """The current declaration is not understood; skip it."""


class _Stop(Exception):
    """End of input inside a declaration."""


def read_x(text: str) -> XFile:
    return _Parser(text).parse()


def procedure_numbers(text: str, enum: str = "remote_procedure") -> dict[str, int]:
    """``read_x(text).procedures(enum)`` without reading the rest of the file; empty when
    the enum cannot be read (:func:`.numbers.read_procedures` says why)."""
    return read_procedures(text, enum).numbers()
