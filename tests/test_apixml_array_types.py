"""Arrays of arrays survive the API XML round trip, and the reader's array rule is its regular expression."""

from __future__ import annotations

import random
import re
from pathlib import Path

from apixml_support import exported, run
from conftest import exported_from, without_source_line

from generator.backends import apixml
from generator.frontend.apixml_reader import _array, load_api_xml

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
