"""QA round 10: a C error's column after a UTF-8 BOM."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import copy_sample, failed_cleanly, run


@pytest.mark.parametrize(("text", "place"), [
    (b"\xef\xbb\xbfbogus_t virZzz(void);\n", "1:1"),
    (b"\xef\xbb\xbfint virZzz(void);\nint virYyy(bogus_t x);\n", "2:12"),
])
def test_a_bom_is_no_column(tmp_path: Path, text: bytes, place: str) -> None:
    """QA: the BOM, which cpp drops and editors hide, was counted: 1:2 for the first word of the file."""
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-zzz.h").write_bytes(text)
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [f"tree/include/libvirt/libvirt-zzz.h:{place}: error: unknown type name 'bogus_t'"]
