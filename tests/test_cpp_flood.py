"""A preprocessor that writes without end is stopped at
``preprocess.MAX_CPP_OUTPUT`` bytes with an error, instead of filling memory
(``CPP='sh -c yes'`` grew the process to 24 GB before the OOM killer)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from generator.frontend.preprocess import MAX_CPP_OUTPUT

SAMPLE = REPO / "generator" / "sample"


def _limit_memory() -> None:
    # without the bound the run would fail here (MemoryError) instead of taking the machine's memory
    limit = 3 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_flooding_preprocessor_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "libvirt-api.xml").write_text("earlier\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CPP": "sh -c yes"}
    argv = [sys.executable, "-m", "generator", "api", "--srcdir", str(SAMPLE), "-o", str(out)]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, preexec_fn=_limit_memory, timeout=120)
    assert result.returncode == 1
    assert result.stderr == f"virt-apigen: error: the C preprocessor 'sh -c yes' wrote more than {MAX_CPP_OUTPUT >> 20} MiB: not the output of the headers\n"
    assert (out / "libvirt-api.xml").read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in out.iterdir()) == ["libvirt-api.xml"]

