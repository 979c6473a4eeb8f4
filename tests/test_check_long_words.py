"""``check``'s close-name searches stay quick on a very long word (an 80 KB
``VIR_VIR_...``), not quadratic in its words."""

from __future__ import annotations

import time
from pathlib import Path

from edit_support import replace_bytes_once as _edit
from test_cli import copy_sample, run


def test_check_on_an_80_kb_word_is_quick(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b" * Adds one reference to @conn", b" * Adds one reference " + b"VIR_" * 20_000 + b" to @conn")
    start = time.monotonic()
    result = run("check", "--srcdir", "tree", cwd=tmp_path)
    seconds = time.monotonic() - start
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "src/libvirt-host.c:14:23: warning: 'VIR_VIR_VIR_" in result.stdout
    assert seconds < 3, f"{seconds:.1f} s"  # before: 7 s (0.2 s now)
