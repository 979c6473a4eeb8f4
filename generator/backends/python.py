"""Placeholder: the python backend is being written (see the open issue)."""

from __future__ import annotations

from ..model import Api


def render(api: Api) -> dict[str, str]:
    return {}
