"""Every Jinja filter the templates use, in one place.

Escaping for each target language is a filter here, never string work inside
a template or a backend.
"""

from __future__ import annotations

from collections.abc import Callable

_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;"})


def xml_attr(text: object) -> str:
    """Escape for an XML attribute delimited by single quotes (libvirt-api.xml style)."""
    return str(text).translate(_XML_ATTR)


def cdata(text: object) -> str:
    """Text for a CDATA section; a literal ``]]>`` is split across two sections."""
    return str(text).replace("]]>", "]]]]><![CDATA[>")


def html(text: object) -> str:
    """Escape for HTML text and for attributes in either quote style."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def js_json(value: object) -> str:
    """A JSON literal for a JavaScript file, safe even if inlined in an HTML ``<script>``."""
    import json

    # "<" only occurs inside strings, where \u003c is the same character.
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


FILTERS: dict[str, Callable[..., str]] = {
    "xml_attr": xml_attr,
    "cdata": cdata,
    "html": html,
    "js_json": js_json,
}
