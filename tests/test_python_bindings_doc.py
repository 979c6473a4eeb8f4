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


def test_the_9_0_0_bound_count_is_one_number() -> None:
    """The coverage line, the performance section and the README say the same count of bound functions."""
    text = DOCS.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    coverage = re.search(r"Coverage on libvirt 9\.0\.0 \(`libvirt` library, \d+ functions\): (\d+) bound", text)
    performance = re.search(r"Generation of the 9\.0\.0 bindings \(measured in session 15 with 436 functions\s+bound; (\d+) are now", text)
    in_readme = re.search(r"\((\d+) of libvirt 9\.0\.0's \d+ functions bound", readme)
    assert coverage and performance and in_readme
    assert coverage.group(1) == performance.group(1) == in_readme.group(1)
