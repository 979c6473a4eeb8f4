"""Every Jinja filter the templates use, in one place.

Escaping for each target language is a filter here, never string work inside
a template or a backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .positions import display_column


def xml_attr(text: object) -> str:
    """Escape for an XML attribute delimited by single quotes (libvirt-api.xml style).

    A carriage return is written ``&#13;``: a raw one is a line ending to
    any XML parser (read back as a line feed, XML 1.0 section 2.11), so a
    doc holding one would not come back.  Line feeds and tabs stay raw, as
    libvirt's files have them (our reader keeps both).
    A chain of ``str.replace`` (``&`` first), not ``str.translate`` with a
    table: the table is consulted per character, 8x slower on libvirt's docs.
    """
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace('"', "&quot;")
    return escaped.replace("\r", "&#13;")


def xml_comment(text: object) -> str:
    """Text for an XML or HTML comment: escaped as an attribute (our reader undoes
    that), and no ``--`` left, which a comment may not hold (``&#45;-``)."""
    escaped = xml_attr(text)
    return re.sub("-(?=-)", "&#45;", escaped) if "--" in escaped else escaped


def c_comment(text: object) -> str:
    """Text for a ``/* */`` comment that a C compiler reads (C, and XDR through rpcgen's cpp): no ``*/``
    to end it early, and no ``/*``, which gcc's ``-Wcomment`` (in libvirt's ``-Wall -Werror``) refuses
    inside a comment (QA, session 25: a header named ``*dom.h`` in a banner broke the build)."""
    return js_comment(text).replace("/*", "/\\*")


def js_comment(text: object) -> str:
    """Text for a ``/* */`` comment of JavaScript or CSS: no ``*/`` to end it early (``/*`` is fine there)."""
    return str(text).replace("*/", "*\\/")


def line_comment(text: object) -> str:
    """Text for a ``#`` or ``//`` comment: one line."""
    return " ".join(str(text).splitlines())


def xml_text(text: object) -> str:
    """Escape for XML element text: as an attribute (:func:`xml_attr` writes a
    carriage return as ``&#13;`` already: a raw one comes back from any XML
    parser as a line feed)."""
    return xml_attr(text)


def cdata(text: object) -> str:
    """Text for a CDATA section; a literal ``]]>`` is split across two sections,
    and a carriage return leaves the section as ``&#13;`` (inside, a parser
    would read it back as a line feed)."""
    return str(text).replace("]]>", "]]]]><![CDATA[>").replace("\r", "]]>&#13;<![CDATA[")


# Unicode's bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): one in a doc
# comment turned the rest of its paragraph around on the page, links included ("eerFniamoDriv"), so
# a symbol could be shown disguised.  HTML shows each as its code point, written out.
_BIDI_CONTROLS = {code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def html(text: object) -> str:
    """Escape for HTML text and for attributes in either quote style; a bidi control is shown as its code point."""
    text = str(text)
    if not text.isascii():
        text = text.translate(_BIDI_CONTROLS)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def js_json(value: object) -> str:
    """A JSON literal for a JavaScript file, safe even if inlined in an HTML ``<script>``."""
    import json

    # "<" only occurs inside strings, where \u003c is the same character.
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


_PY_LINE_LIMIT = 150


def _py_escape_char(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == "\t":
        return "    "
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _py_escape(text: str) -> str:
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_py_escape_char(c) for c in text)


def _py_piece(text: str) -> str:
    """``text`` escaped for a docstring line: :func:`_py_escape`, and a quote before a quote
    (``""""`` would close the literal), counted in the length it is measured by."""
    return _QUOTE_BEFORE_QUOTE.sub('\\\\"', _py_escape(text))


def _width(piece: str) -> int:
    """The columns ``piece`` takes on a line as ruff's line-length rule (E501) counts
    them: a wide character (CJK, most emoji) two, a combining one none (gcc's
    table, :func:`~generator.positions.display_column`, which agrees on these)."""
    return len(piece) if piece.isascii() else display_column(piece, len(piece) + 1) - 1


def _py_wrap(raw: str, limit: int) -> list[str]:
    """Escape one line and wrap it at spaces (or between escapes) so no piece is wider
    than ``limit`` columns (:func:`_width`: counted in characters, two lines of CJK
    text joined into one paragraph came out 207 columns wide, past ruff's limit)."""
    whole = _py_piece(raw)
    if _width(whole) <= limit:
        return [whole.rstrip()]
    pieces: list[str] = []
    current = ""
    for word in raw.split(" "):
        escaped = _py_piece(word)
        candidate = current + " " + escaped if current else escaped
        if _width(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        *whole_pieces, current = _cut_by_width(((token, _width(token)) for token in _escaped_chars(word)), limit)
        pieces.extend(whole_pieces)
    pieces.append(current)
    return [piece.rstrip() for piece in pieces]


def _escaped_chars(word: str) -> Iterator[str]:
    """Each character of ``word`` as the docstring spells it (a quote before a quote escaped)."""
    for index, char in enumerate(word):
        yield '\\"' if char == '"' and word[index + 1 : index + 2] == '"' else _py_escape_char(char)


def _cut_by_width(tokens: Iterable[tuple[str, int]], limit: int, taken: int = 0) -> list[str]:
    """``tokens`` (text, columns) joined into pieces of at most ``limit`` columns, ``taken``
    of each spent already (a literal's quotes); the last piece is what is left over."""
    pieces: list[str] = []
    current, used = "", taken
    for token, size in tokens:
        if used + size > limit and current:
            pieces.append(current)
            current, used = "", taken
        current += token
        used += size
    pieces.append(current)
    return pieces


_QUOTE_BEFORE_QUOTE = re.compile(r'"(?=")')


def py_docstring(text: object, indent: int = 4) -> str:
    """A complete triple-quoted docstring literal holding ``text`` (Python source).

    Backslashes and unprintable characters are escaped, quotes are escaped
    where they could close the literal, so the docstring's value is the text;
    but for its layout: a tab is four spaces, trailing blanks are dropped and
    long lines are wrapped (a word longer than a line is cut) so the result
    is lint-clean at any indentation, its escapes counted (QA, session 25:
    a line of quotes each escaped went past the limit).
    """
    lines: list[str] = []
    for raw in str(text).replace("\r\n", "\n").split("\n"):
        lines.extend(_py_wrap(raw.rstrip(), _PY_LINE_LIMIT - indent))
    body = "\n".join(lines).strip("\n")
    if body.endswith('"'):  # the closing quotes follow it
        body = body[:-1] + '\\"'
    pad = "\n" + " " * indent
    joined = pad.join(line if line else "" for line in body.split("\n")).replace(pad + "\n", "\n\n")
    while pad + "\n" in joined:
        joined = joined.replace(pad + "\n", "\n\n")
    if "\n" in joined:
        return '"""' + joined + pad + '"""'
    return '"""' + joined + '"""'


def py_str(text: object) -> str:
    """A Python string literal (``repr`` spelling: quotes, backslashes and unprintables escaped)."""
    return repr(str(text))


def py_str_lines(text: object) -> str:
    """:func:`py_str` for a value that stands alone on its line (a module constant: a
    macro's string value), split when wider than :data:`_PY_STR_LIMIT` columns
    (:func:`_width`) into literals Python joins, one per line inside parentheses, so
    the generated code stays within ruff's line length (a long value was one literal
    443 columns wide).  Not :func:`py_str` itself: the backend builds expressions
    with it, where a value is short and a line break would only make them harder to read."""
    literal = py_str(text)
    if _width(literal) <= _PY_STR_LIMIT:
        return literal
    return "(\n" + "".join(f"    {chunk!r}\n" for chunk in _str_chunks(str(text))) + ")"


_PY_STR_LIMIT = 100  # columns of one literal: with a name before it, a line stays far from ruff's 160


def _str_chunks(text: str) -> list[str]:
    """``text`` cut into pieces whose literals are each at most :data:`_PY_STR_LIMIT` columns wide
    (a quote counts two: it is escaped when the piece holds both kinds)."""
    sized = ((char, 2 if char in "'\"" else _width(repr(char)) - 2) for char in text)
    return _cut_by_width(sized, _PY_STR_LIMIT, taken=2)  # the literal's quotes


FILTERS: dict[str, Callable[..., str]] = {
    "xml_attr": xml_attr,
    "xml_text": xml_text,
    "xml_comment": xml_comment,
    "c_comment": c_comment,
    "js_comment": js_comment,
    "line_comment": line_comment,
    "cdata": cdata,
    "html": html,
    "js_json": js_json,
    "py_docstring": py_docstring,
    "py_str": py_str,
    "py_str_lines": py_str_lines,
}
