"""Conventions of the ``libvirt-api.xml`` schema that its writer and reader share.

The backend writes these spellings and the ``--api-xml`` frontend reads them
back; keeping them in one neutral module keeps the pipeline's imports one-way.
"""

from __future__ import annotations

import re


def exported_expression(expression: str) -> str:
    """An initializer in the export's spelling: no spaces, no ``U`` suffix."""
    compact = "".join(expression.split())
    return re.sub(r"(?<![\w.])(\d+)U(?!\w)", r"\1", compact)


def prints_verbatim(expression: str) -> bool:
    """An initializer that names something is exported as written, not as a number."""
    return re.search(r"[A-Za-z_]", re.sub(r"0[xX][0-9a-fA-F]+", "", expression)) is not None


def one_line(text: str) -> str:
    """Doc text joined on one line (blank lines leave a double space)."""
    return " ".join(line.strip() for line in text.split("\n")).strip()
