"""The RPC data file's ``[error_domains]`` and its rule give each ``.c`` module's VIR_FROM_THIS (libvirt 9.0.0)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.rpc.data import load_facts


def test_error_domains_are_those_of_libvirts_sources(libvirt_tree: Path) -> None:
    """The data file's [error_domains] and its rule give each .c module's VIR_FROM_THIS (libvirt 9.0.0)."""
    facts = load_facts()
    found = {}
    for path in sorted((libvirt_tree / "src").glob("libvirt*.c")):
        match = re.search(r"^#define VIR_FROM_THIS (VIR_FROM_\w+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            found[path.stem] = match.group(1)
    assert len(found) >= 14
    assert {module: facts.error_domain(module) for module in found} == found
