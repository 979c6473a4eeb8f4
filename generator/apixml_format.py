"""Conventions of the ``libvirt-api.xml`` schema that its writer and reader share.

The backend writes these spellings and the ``--api-xml`` frontend reads them
back; keeping them in one neutral module keeps the pipeline's imports one-way.
"""

from __future__ import annotations

import re

from .clex import CHAR, PUNCTUATOR, STRING

# a string or character literal, a C number (a preprocessing number: ``0x1e``,
# ``1e+5``), a word, an operator of two characters, any other character
_PIECE = rf"{STRING}|{CHAR}|\.?\d(?:[eEpP][+-]|[\w.])*|\w+|{PUNCTUATOR}|\S"
_DOUBLED = frozenset("+-&|<>")  # `- -` written `--` would read as one operator
# the characters XML 1.0 has no way to carry, escaped or not (the backend refuses to write
# them; ``check`` reports them in doc texts before the backend is ever run)
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def exported_expression(expression: str) -> str:
    """An initializer in the export's spelling: no spaces, no ``U`` suffix.

    Only the spaces C needs stay: between two words or numbers
    (``(unsigned int)5``), between two of ``+ - & | < >`` that would read as
    one operator together (``1 - -1``), after a number ending in an exponent
    letter before ``+`` or ``-`` (``0x1e + 1``: ``0x1e+1`` is one invalid
    number to C), and inside a string or character literal (``' '``); so
    the spelling reads back as the same value, by our reader or a compiler."""
    pieces: list[str] = []
    for piece in re.findall(_PIECE, expression):
        if pieces and _needs_space(pieces[-1], piece):
            pieces.append(" ")
        # A decimal loses a lone U ("1U << 12" is exported "1<<12"), hex and UL keep theirs: apibuild.py's
        # rule, matched token for token because libvirt-api.xml's value= attributes are spelled that way.
        pieces.append(re.sub(r"^(\d+)U$", r"\1", piece))
    return "".join(pieces)


def _needs_space(before: str, after: str) -> bool:
    if _wordy(before[-1]) and _wordy(after[0]):
        return True
    if before == after and before in _DOUBLED:
        return True
    return after in ("+", "-") and before[:1].isdigit() and before[-1] in "eEpP"


def _wordy(character: str) -> bool:
    return character.isalnum() or character in "_."


def prints_verbatim(expression: str) -> bool:
    """An initializer that names something is exported as written, not as a number."""
    return re.search(r"[A-Za-z_]", re.sub(r"0[xX][0-9a-fA-F]+", "", expression)) is not None


def one_line(text: str) -> str:
    """Doc text joined on one line (blank lines leave a double space)."""
    return " ".join(line.strip() for line in text.split("\n")).strip()
