"""Arrays of arrays survive the API XML round trip, and the reader's array rule is its regular expression."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from conftest import exported_from, without_source_line
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.backends import apixml
from generator.frontend.apixml_reader import _array, load_api_xml

REPO = Path(__file__).resolve().parent.parent


def tree(folder: Path, body: str) -> Path:
    """A one-header tree whose libvirt-host.h ends with ``body``."""
    return make_tree(folder, body, header=PLAIN_HEADER, source=PLAIN_SOURCE)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "VIRT_APIGEN_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def exported(tmp_path: Path, name: str, body: str) -> tuple[Path, Path]:
    """(tree, folder of its exported XML)."""
    source = tree(tmp_path / name, body)
    out = tmp_path / f"{name}-xml"
    result = run("api", "--srcdir", source, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return source, out


# --- arrays of arrays --------------------------------------------------------


def test_arrays_of_arrays_survive_the_xml_round_trip(tmp_path: Path) -> None:
    body = "typedef struct _virS virS;\nstruct _virS {\n    char grid[2][3]; /* g */\n    int cube[2][3][4]; /* c */\n    char name[8]; /* n */\n};\n"
    source, xml = exported(tmp_path, "o3", body)
    assert "type='char grid[2][3]'" in (xml / "libvirt-api.xml").read_text(encoding="utf-8")
    api = load_api_xml([str(xml / "libvirt-api.xml")]).api
    fields = next(s for s in api.modules[0].structs if s.name == "virS").fields
    assert fields is not None and [(f.name, f.type, f.array_size) for f in fields] == [
        ("grid", "char", "2][3"), ("cube", "int", "2][3][4"), ("name", "char", "8")]  # fmt: skip
    assert exported_from(apixml.render(api)["libvirt-api.xml"], "libvirt-api.xml") == without_source_line((xml / "libvirt-api.xml").read_text(encoding="utf-8"))
    result = run("diff", source, xml, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


_ARRAY_RE = re.compile(r"(.+?) ?(\w+)((?:\[[^\]]*\])+)", re.DOTALL)


def test_the_array_rule_is_its_regular_expression() -> None:
    # _array's linear scan against the rule it documents, on random short spellings.
    chooser = random.Random(7)
    for _ in range(20000):
        spelled = "".join(chooser.choice("ab [] \n*") for _ in range(chooser.randint(0, 12)))
        for name in ("a", "b", "ab"):
            match = _ARRAY_RE.fullmatch(spelled)
            expected = None
            if match is not None and match.group(2) == name and "\n" not in match.group(1):
                expected = (match.group(1), match.group(3)[1:-1])
            assert _array(spelled, name) == expected, (spelled, name)
