"""docs/python-bindings.md describes the sentinels left out, ``__index__``
integers, the library override's error and the cost of a call."""

from __future__ import annotations

import re

from conftest import REPO

DOCS = REPO / "docs" / "python-bindings.md"


# --- docs -------------------------------------------------------------------------------------------


def test_docs_say_what_changed() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "`VIR_*_LAST` sentinels" in text and "VIR_DOMAIN_MEMORY_STAT_LAST" in text
    assert "`__index__`" in text
    assert "LIBVIRT_CTYPES_LIBRARY=/nonexistent/libvirt.so.0: cannot open shared object file" in text
    performance = text[text.index("## Performance") :]
    assert re.search(r"`ctypes\.PyDLL`.*costs ~\d+ ns for `virDomainCheckpointGetName`", performance, re.DOTALL)
    assert "stops every other Python thread" in performance
