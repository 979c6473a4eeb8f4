"""Ordering libvirt versions ("0.4.2" < "0.10.0"), for every stage that compares them.

A module of its own, like :mod:`generator.modules`: the frontend (``.syms``
block order), the linter and the HTML backend all compare versions, and none
should import another stage for it.
"""

from __future__ import annotations

import re

_NUMBER_RE = re.compile(r"\d+")


def version_key(version: str) -> tuple[int, ...]:
    """``"5.6.0"`` -> ``(5, 6, 0)``; the numbers of a malformed version, in order."""
    return tuple(int(part) for part in _NUMBER_RE.findall(version))
