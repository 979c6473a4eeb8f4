"""Ordering libvirt versions ("0.4.2" < "0.10.0"), for every stage that compares them.

A module of its own, like :mod:`generator.modules`: the frontend (``.syms``
block order), the linter and the HTML backend all compare versions, and none
should import another stage for it.
"""

from __future__ import annotations

import re

_NUMBER_RE = re.compile(r"\d+")


_HUGE = 10**18  # a part of more digits sorts as this (int() refuses 4300 digits; no release comes near)


def version_key(version: str) -> tuple[int, ...]:
    """``"5.6.0"`` -> ``(5, 6, 0)``; the numbers of a malformed version, in
    order (a part of more than 18 significant digits, as hostile input may
    carry, counts as 10**18: ordered after every real version, never a
    ValueError)."""
    return tuple(int(part) if len(part) <= 18 else _huge(part) for part in _NUMBER_RE.findall(version))


def _huge(digits: str) -> int:
    significant = digits.lstrip("0")  # "0000000000000000000001" is 1
    return int(significant or "0") if len(significant) <= 18 else _HUGE
