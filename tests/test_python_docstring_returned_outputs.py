"""A returned output's ``:returns:`` part says what the method returns, not where a C caller's pointer stores it.

``virStoragePool.getAutostart() -> int``: its C ``@autostart`` doc is
"location in which to store autostart flag"; the return line is
"autostart: the autostart flag".  The sample's ``virGetVersion``' "where to
store the version of the library itself (output)" is "the version of the
library itself" (1 docstring of libvirt 9.0.0, of 7.0.0 and of 11.3.0; 2 of
the sample).  A doc naming no such pointer stays as it is.
"""

from __future__ import annotations

import pytest
from python_support import GENERATED, whole_tree_plan

from generator.backends import python as backend


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ("location in which to store autostart flag", "autostart: the autostart flag"),
        ("where to store the release number (output)", "autostart: the release number"),
        ("pointer to a variable to store the value (OUT)", "autostart: the value"),
        # no pointer named: only the C caller's notes go
        ("return value for the library version (OUT)", "autostart: return value for the library version"),
        ("returned state of the domain; it is allowed to be NULL", "autostart: returned state of the domain"),
    ],
)
def test_returned_output_doc(doc: str, said: str) -> None:
    out = backend.OutView("autostart", "scalar", "ctypes.c_int")
    assert backend._out_doc(out, doc) == said


def test_9_0_0_autostart() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    assert ":returns: autostart: the autostart flag\n" in docs["virStoragePoolGetAutostart"]
    for name, doc in docs.items():
        assert "in which to store" not in " ".join(doc.split()), name


def test_the_sample_s_versions() -> None:
    generated = (GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert ":returns: libVer: the version of the library itself\n" in generated
    assert ":returns: libVer: the release number\n" in generated
    assert "(output)" not in generated
