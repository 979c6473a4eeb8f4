"""docs/python-bindings.md describes the sentinels left out, ``__index__``
integers, the library override's error and the cost of a call."""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from python_support import checkpoint_xml, clean_domain, load_generated

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


def test_docs_warn_that_a_with_on_a_kept_parent_closes_the_programs_object() -> None:
    """QA, session 33: ``getDomain()``/``connect()`` hand back the object the program holds, so a ``with`` on it
    closes that object; the docs say so where they describe those methods, as the behaviour shows."""
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "`with cp.getDomain() as d:` closes the program's `dom` at the end of the block" in text
    assert "the same trap as libvirt-python's `with dom.connect():`" in text
    lib = load_generated()
    conn, dom = clean_domain(lib)
    checkpoint = dom.checkpointCreateXML(checkpoint_xml("with-trap"))
    with checkpoint.getDomain() as kept:
        assert kept is dom
    with pytest.raises(lib.libvirtError):
        dom.getName()
    conn.lookupByName("test").checkpointLookupByName("with-trap").delete()
    conn.close()
