"""Placeholder: the rpc backend is being written (see the open issue)."""

from __future__ import annotations

from ..model import Api


def render(api: Api, remote_protocol: str | None = None) -> dict[str, str]:
    return {}
