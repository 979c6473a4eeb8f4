"""docs/json.md names everything libvirt's own API XML loses that the JSON export keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from generator.apixml_format import exported_expression
from generator.backends import jsondump
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml

# --- docs/json.md names what libvirt's XML loses ---------------------------------------


def _json_model(api: object) -> dict[tuple[str, str, str], dict[str, object]]:
    symbols = {}
    for text in jsondump.render(api).values():  # type: ignore[arg-type]
        module = json.loads(text)["module"]
        for kind in ("functions", "functypes", "enums", "members", "typedefs", "structs", "macros", "variables", "headers"):
            for item in module[kind]:
                symbols[(module["name"], kind, item["name"])] = item
    return symbols


GENERAL = {"location", "doc_location", "acls", "nullable_strings", "doc_params", "exports"}  # json.md's general bullets, not per symbol


def _differences(ours: object, theirs: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Paths (names included) where the two JSON values differ beyond json.md's general losses."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return [d for key in sorted(set(ours) - GENERAL) for d in _differences(ours[key], theirs.get(key), (*path, key))]
    if isinstance(ours, list) and isinstance(theirs, list) and all(isinstance(x, dict) for x in ours + theirs) and len(ours) == len(theirs):
        # an item is named by its name, not by the key of the list ("fields")
        return [d for x, y in zip(ours, theirs, strict=True) for d in _differences(x, y, (*path[:-1], x.get("name", "")))]
    if ours == theirs:
        return []
    if isinstance(ours, str) and isinstance(theirs, str):
        if path[-1] in ("doc", "return_doc", "description") and ours.split() == theirs.split() and path[1] != "members":
            return []  # line and paragraph breaks of docs held on one line
        if path[-1] == "expression" and (not ours or exported_expression(ours).strip("()") == exported_expression(theirs).replace(" ", "")):
            return []  # the XML's spelling of initializers
        if ((path[1], path[-1]) == ("structs", "doc") and not theirs) or (path[1], path[-1]) == ("functions", "since"):
            return []  # a struct's own doc; a function's since is its version
    return [path]


@pytest.mark.libvirt_tree
def test_json_md_names_every_symbol_libvirts_xml_loses(libvirt_tree: Path, libvirt_api_dir: Path) -> None:
    sources = _json_model(load_tree(libvirt_tree).api)
    xml = _json_model(load_api_xml(sorted(str(p) for p in libvirt_api_dir.glob("libvirt-*api.xml"))).api)
    losses = [d for key, item in sources.items() for d in _differences(item, xml.get(key), key)]
    doc = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    section = doc[doc.index("## JSON made from `--api-xml`") : doc.index("## Stability")]
    unnamed = sorted({path for path in losses if not all(f"`{name}`" in section for name in path[2:-1] if name)})
    assert unnamed == []
    raw = [path[2] for path in losses if path[-1] == "raw"]
    assert len(raw) == 5 and "`raw` of 5 macros" in section
    assert "9007199254740991LL /* = INT64_MAX >> 10 */" in section and "VIR_DOMAIN_MEMORY_PARAM_UNLIMITED" in raw
