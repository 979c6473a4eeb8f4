"""Doc text and C type spellings to HTML, escaped once, with every known symbol linked.

Doc text in the model is plain text as written in the comments (``<disk>``
means the characters, never markup), so every piece of it is escaped exactly
once here and nowhere else.  The scan is one left-to-right regular expression
pass (``finditer``) whose alternatives cannot backtrack across each other, so
a megabyte comment costs time proportional to its length.

What the scan recognises, in this order at each position:

* ``http://`` / ``https://`` URLs become links (trailing sentence punctuation
  stays outside the link);
* ``@name`` preceded by nothing word-like or ``/`` is a parameter mention,
  styled as one; ``//disk/@index`` or ``user@host`` stay plain text; an
  ``@name`` that names a symbol and no parameter of the documented function
  (``@virTypedParameter``) is that symbol, linked, without the ``@``;
* identifiers that name a symbol anywhere in the API link to its anchor,
  across pages; unknown identifiers stay plain text.

Links to another page percent-encode its file name (:func:`url_path`): a
header may be named ``libvirt-q#1.h``, and an ``href`` taking its page name
as written would end the path at the ``#``.

Blocks: blank lines separate paragraphs; a paragraph with a line indented by
two columns or more (code samples, aligned lists, ASCII tables) is kept as
preformatted text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from urllib.parse import quote

from ..filters import html as escape

_URL = r"(?P<url>https?://[^\s<>\"'`]+)"
_PARAM = r"(?<![\w/@.])@(?P<param>[A-Za-z_]\w*)"
_URL_TAIL = ".,;:!?'\""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
PREFIX_LENGTH = 3


@functools.cache
def _patterns(prefixes: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(doc text tokens, code tokens) for names starting with one of ``prefixes``.

    Only words that could be a symbol are matched at all, so plain prose is
    skipped by the regular expression engine instead of word by word.
    """
    if not prefixes:
        return re.compile(f"{_URL}|{_PARAM}"), re.compile(r"(?!)")
    candidate = r"(?<!\w)(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*"
    # A leading look-ahead listing every character a match can start with
    # changes no match but lets the engine skip the rest of the text ~4x faster
    # (the alternatives' own look-behinds hide their first characters from it).
    doc_starts = "".join(sorted({"h", "@"} | {p[0] for p in prefixes}))
    code_starts = "".join(sorted({p[0] for p in prefixes}))
    return (
        re.compile(f"(?=[{re.escape(doc_starts)}])(?:{_URL}|{_PARAM}|(?P<word>{candidate}))"),
        re.compile(f"(?=[{re.escape(code_starts)}]){candidate}"),
    )


@functools.cache  # a pure function of a few dozen page names, called for each of ~10,000 links
def url_path(file: str) -> str:
    """A page's file name as the path of a relative URL: every character but
    letters, digits and ``_.-~`` percent-encoded (``q#1.html`` -> ``q%231.html``),
    so ``#``, ``?``, ``%``, spaces and non-ASCII names reach the file."""
    return quote(file, safe="")


class Linker:
    """Where each symbol lives (``pages``: name -> page file), seen from ``page``."""

    __slots__ = ("_links", "code_token", "doc_token", "page", "pages")

    def __init__(self, pages: Mapping[str, str], page: str) -> None:
        self.pages = pages
        self.page = page
        self._links: dict[str, str] = {}  # the same names come back on every line
        self.doc_token, self.code_token = _patterns(tuple(sorted({name[:PREFIX_LENGTH] for name in pages})))

    def href(self, name: str) -> str | None:
        target = self.pages.get(name)
        if target is None:
            return None
        return "#" + name if target == self.page else f"{url_path(target)}#{name}"

    def link(self, name: str) -> str:
        """``name`` as a link to its anchor when known, else as escaped text."""
        known = self._links.get(name)
        if known is None:
            href = self.href(name)
            known = escape(name) if href is None else f'<a href="{escape(href)}">{escape(name)}</a>'
            self._links[name] = known
        return known


def _split_url(url: str) -> tuple[str, str]:
    """The URL without the sentence punctuation that follows it, and that punctuation."""
    unmatched_closing = url.count(")") - url.count("(")
    end = len(url)
    while end > 0:
        last = url[end - 1]
        if last in _URL_TAIL:
            end -= 1
        elif last == ")" and unmatched_closing > 0:
            unmatched_closing -= 1
            end -= 1
        else:
            break
    return url[:end], url[end:]


def inline(text: str, linker: Linker, params: Collection[str] = ()) -> str:
    """One run of doc text as HTML: escaped, with URLs, parameters and symbols marked up.
    ``params``: the documented function's parameter names (an ``@name`` that is
    one of them stays a parameter even if a symbol has that name)."""
    out: list[str] = []
    append = out.append
    pages = linker.pages
    position = 0
    for match in linker.doc_token.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "word":
            word = match.group()
            if word not in pages:
                continue  # stays inside the plain run escaped below
            if start > position:
                append(escape(text[position:start]))
            append(linker.link(word))
        else:
            if start > position:
                append(escape(text[position:start]))
            if kind == "param":
                name = match.group("param")
                if name in pages and name not in params:
                    append(linker.link(name))  # '@virTypedParameter': a symbol, not a parameter
                else:
                    append(f'<code class="param">{escape(name)}</code>')
            else:
                url, tail = _split_url(match.group("url"))
                append(f'<a class="url" href="{escape(url)}">{escape(url)}</a>{escape(tail)}')
                end = start + len(url) + len(tail)
        position = end
    if position < len(text):
        append(escape(text[position:]))
    return "".join(out)


def _indent(line: str) -> int:
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    return len(lead.expandtabs(8))


def _is_preformatted(paragraph: str) -> bool:
    """Indented by two columns or more (code, aligned lists), not the one-space continuations of ``*`` comments."""
    if paragraph[:1] not in (" ", "\t") and "\n " not in paragraph and "\n\t" not in paragraph:
        return False
    lines = paragraph.split("\n")
    first = _indent(lines[0])
    return first >= 2 or any(_indent(line) >= first + 2 for line in lines[1:] if line.strip())


def doc_html(text: str, linker: Linker, params: Collection[str] = ()) -> str:
    """Doc text as HTML blocks: ``<p>`` per paragraph, ``<pre>`` for indented ones
    (``params``: see :func:`inline`)."""
    blocks: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text.strip("\n")):
        if not paragraph.strip():
            continue
        if _is_preformatted(paragraph):
            blocks.append(f'<pre class="doc">{inline(_dedent(paragraph), linker, params)}</pre>')
        else:
            blocks.append(f"<p>{inline(paragraph.strip(), linker, params)}</p>")
    return "\n".join(blocks)


def _dedent(paragraph: str) -> str:
    lines = paragraph.strip("\n").rstrip().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


def code_html(text: str, linker: Linker) -> str:
    """C code (a type, a macro body) as HTML with known identifiers linked; no URL or @ handling."""
    out: list[str] = []
    position = 0
    pages = linker.pages
    for match in linker.code_token.finditer(text):
        word = match.group()
        if word in pages:
            start, end = match.span()
            out.append(escape(text[position:start]))
            out.append(linker.link(word))
            position = end
    out.append(escape(text[position:]))
    return "".join(out)

