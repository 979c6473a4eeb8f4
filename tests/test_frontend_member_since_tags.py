"""An enum member comment with two ``Since:`` tags (QA's tree
t_D_since_in_member): the first is the version, the second stays in the
text, as libvirt 9.0.0's ``scripts/apibuild.py`` reads it (the decision is
in ``split_since``'s docstring, generator/frontend/scanner.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import module

from generator.backends import apixml
from generator.frontend.scanner import split_since
from generator.model import Api

TWO_TAGS = "keep only childless ones Since: 99.99.99 </script> (Since: 5.6.0)"
EXTRA = f"typedef enum {{\n    VIR_T_LEAVES = (1 << 2), /* {TWO_TAGS} */\n}} virTFlags;\n"


def test_the_first_tag_of_a_member_comment_is_its_version(tmp_path: Path) -> None:
    mod = module(tmp_path, EXTRA)
    member = mod.member("VIR_T_LEAVES")
    assert member is not None
    assert (member.since, member.doc) == ("99.99.99", "keep only childless ones </script> (Since: 5.6.0)")
    xml = apixml.render(Api((mod,)))["libvirt-api.xml"]
    line = re.search(r"<enum name='VIR_T_LEAVES'[^>]*/>", xml)
    assert line is not None
    assert "version='99.99.99' info='keep only childless ones &lt;/script&gt; (Since: 5.6.0)'" in line.group()


@pytest.mark.parametrize("comment", [
    TWO_TAGS,
    "text (Since: 1.2.3) more Since: 4.5.6",
    "Since: 1.0.0\n\ntext\n\nSince: 2.0.0",
    "(Since: 1.0.0) (Since: 2.0.0)",
])  # fmt: skip
def test_the_rule_is_apibuilds(comment: str) -> None:
    """Against libvirt 9.0.0's own function: the same version, the same text
    but for the spaces around the tag taken out (ours closes up: ``_close_up``)."""
    script = LIBVIRT_TREE / "scripts" / "apibuild.py"
    require(script.is_file(), f"libvirt 9.0.0's scripts/apibuild.py ({script}; make fetch-libvirt)")
    spec = importlib.util.spec_from_file_location("libvirt_apibuild", script)
    assert spec is not None and spec.loader is not None
    apibuild = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(apibuild)  # defines classes only: its work is under __name__ == "__main__"
    since, text, _ = apibuild.docBuilder.retrieve_comment_tags(None, "VIR_T", comment)
    ours = split_since(comment)
    assert ours[0] == since
    assert " ".join(ours[1].split()) == " ".join(text.split())
