"""Options given more than once, and usage errors that name the right command.

QA (session 29): ``generate --only api --only html`` used the last value alone,
in silence, where ``check --only`` and ``api --module`` add up.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import STAMP, ok, run


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)


def test_repeated_only_adds_up(tmp_path: Path) -> None:
    ok(run("generate", "--only", "html,api", "-o", "joined", cwd=tmp_path))
    ok(run("generate", "--only", "api", "--only", "html", "-o", "repeated", cwd=tmp_path))
    assert {"api/libvirt-api.xml", "html/index.html"} <= set(_files(tmp_path / "repeated"))
    assert _files(tmp_path / "repeated") == _files(tmp_path / "joined")
    # one run however spelled: the stamp's options are the same, so the other spelling stops early
    stamp = json.loads((tmp_path / "repeated" / STAMP).read_text(encoding="utf-8"))
    assert stamp["options"]["only"] == "api,html"
    argv = stamp["invocation"]["argv"]
    ok(run("generate", "--only", "html", "--only", "api,html", "-o", "repeated", cwd=tmp_path))
    stamp = json.loads((tmp_path / "repeated" / STAMP).read_text(encoding="utf-8"))
    assert stamp["invocation"]["argv"] == argv and not stamp["earlier"]  # stopped early: the stamp not written again


def test_a_repeated_only_naming_no_backend_is_a_usage_error(tmp_path: Path) -> None:
    done = run("generate", "--only", "api", "--only", "", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "virt-apigen: error: --only names no backend (known: api, json, python, html, rpc)"
    done = run("generate", "--only", "api", "--only", "bogus", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "virt-apigen: error: unknown backend 'bogus' (known: api, json, python, html, rpc)"
    assert not (tmp_path / "out").exists()


def test_generate_help_says_only_adds_up(tmp_path: Path) -> None:
    text = " ".join(ok(run("generate", "--help", cwd=tmp_path, env={"COLUMNS": "200"})).stdout.split())
    assert "comma-separated, repeatable, adding up" in text
