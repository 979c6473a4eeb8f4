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


FILTERS: dict[str, Callable[..., str]] = {
    "xml_attr": xml_attr,
    "cdata": cdata,
}
