"""Conventions of the ``libvirt-api.xml`` schema that its writer and reader share.

The backend writes these spellings and the ``--api-xml`` frontend reads them
back; keeping them in one neutral module keeps the pipeline's imports one-way.
"""

from __future__ import annotations

import re

from .frontend.clex import CHAR, STRING

_PIECE_RE = re.compile(rf"{STRING}|{CHAR}|\.?\d(?:[eEpP][+-]|[\w.])*|\w+|\S")  # literals, C numbers whole


def exported_expression(expression: str) -> str:
    """An initializer in the export's spelling: no spaces, no ``U`` suffix.

    Only the spaces C can do without go: two words keep one between them
    (``(unsigned int)5``), and a string or character literal keeps its own
    (``' '``), so the spelling still reads back as the same value."""
    pieces: list[str] = []
    for piece in _PIECE_RE.findall(expression):
        if pieces and (pieces[-1][-1:].isalnum() or pieces[-1][-1:] == "_") and (piece[:1].isalnum() or piece[:1] == "_"):
            pieces.append(" ")
        pieces.append(re.sub(r"^(\d+)U$", r"\1", piece))
    return "".join(pieces)


def prints_verbatim(expression: str) -> bool:
    """An initializer that names something is exported as written, not as a number."""
    return re.search(r"[A-Za-z_]", re.sub(r"0[xX][0-9a-fA-F]+", "", expression)) is not None


def one_line(text: str) -> str:
    """Doc text joined on one line (blank lines leave a double space)."""
    return " ".join(line.strip() for line in text.split("\n")).strip()
