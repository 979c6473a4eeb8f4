"""An older (7.0.0) and a newer (11.3.0) libvirt than the 9.0.0 yardstick.

The headers change between releases (new APIs, new comment styles, a doc
block named twice in 7.0.0, ``<acls>`` in 11.3.0's libvirt-api.xml); the
pipeline must keep working.  For each tree we run that tree's own
``scripts/apibuild.py`` and compare its four XML files with ours, element by
element, on everything that carries API facts: the same symbols, the same
enum values, the same signatures, the same struct fields, the same access
rules.  Doc text is compared by the 9.0.0 conformance test only (each
apibuild.py release has its own text bugs).  Then every backend and ``check``
run on the tree.  ``make fetch-libvirt`` fetches the trees.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, require

from generator.backends import apixml
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.frontend.tree import acls_in_schema, configure, tree_version

VERSIONS = ("7.0.0", "11.3.0")
FILES = ("libvirt-api.xml", "libvirt-qemu-api.xml", "libvirt-lxc-api.xml", "libvirt-admin-api.xml")

# apibuild.py maps a procedure name to a function name by capitalising each
# word plus a table of acronyms that lacks SSH, FD and SEV: it finds no
# procedure for these functions and writes no <acls>.  Ours compares names
# case-insensitively and finds them (tests/test_frontend.py).
APIBUILD_MISSES_ACLS = {
    "11.3.0": {"virDomainAuthorizedSSHKeysGet", "virDomainAuthorizedSSHKeysSet", "virDomainFDAssociate", "virDomainOpenGraphicsFD", "virNodeGetSEVInfo"},
}


# 7.0.0's apibuild.py spelled every triple pointer with a space ("char ** *");
# later releases, and we, write "char ***".
OLD_TRIPLE_POINTER = {"7.0.0"}


@pytest.fixture(scope="module", params=VERSIONS)
def tree(request: pytest.FixtureRequest) -> Path:
    path = REPO / ".cache" / f"libvirt-{request.param}"
    require((path / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {request.param} source tree ({path}; make fetch-libvirt)")
    return path


@pytest.fixture(scope="module")
def their_docs(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the tree's own apibuild.py output (libvirt-common.h configured as meson would)."""
    scratch = tmp_path_factory.mktemp("apibuild")
    (scratch / "include" / "libvirt").mkdir(parents=True)
    template = (tree / "include" / "libvirt" / "libvirt-common.h.in").read_text(encoding="utf-8")
    (scratch / "include" / "libvirt" / "libvirt-common.h").write_text(configure(template, tree_version(tree)), encoding="utf-8")
    (scratch / "docs").mkdir()
    done = subprocess.run(
        [sys.executable, str(tree / "scripts" / "apibuild.py"), str(tree / "docs"), str(scratch / "docs")],
        cwd=tree, capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode in (0, 2), done.stderr  # 2: it printed warnings
    return scratch / "docs"


@pytest.fixture(scope="module")
def theirs(their_docs: Path) -> dict[str, ET.Element]:
    return {name: ET.parse(their_docs / name).getroot() for name in FILES}


@pytest.fixture(scope="module")
def ours(tree: Path) -> dict[str, ET.Element]:
    result = load_tree(tree)
    assert not [d for d in result.diagnostics if d.severity == "error"]
    files = apixml.render(result.api, acls=bool(acls_in_schema(tree)))
    return {name: ET.fromstring(files[name]) for name in FILES}


def _symbols(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    symbols = root.find("symbols")
    assert symbols is not None
    return {(s.tag, s.get("name") or ""): s for s in symbols}


def _signature(function: ET.Element, respell: bool = False) -> tuple[object, ...]:
    returned = function.find("return")

    def spelled(c_type: str | None) -> str | None:
        return c_type.replace("** *", "***") if respell and c_type else c_type

    return (spelled(returned.get("type")) if returned is not None else None, [(a.get("name"), spelled(a.get("type"))) for a in function.findall("arg")])


def _fields(struct: ET.Element) -> list[tuple[str | None, str | None]]:
    return [(f.get("name"), f.get("type")) for f in struct.iter("field")]


def _acls(function: ET.Element) -> list[tuple[str, ...]]:
    return [(rule.tag, *(f"{k}={v}" for k, v in sorted(rule.attrib.items()))) for acls in function.findall("acls") for rule in acls]


@pytest.mark.parametrize("name", FILES)
def test_same_api_facts_as_the_trees_own_apibuild(tree: Path, ours: dict[str, ET.Element], theirs: dict[str, ET.Element], name: str) -> None:
    respell = tree.name.removeprefix("libvirt-") in OLD_TRIPLE_POINTER
    mine, reference = _symbols(ours[name]), _symbols(theirs[name])
    assert sorted(mine) == sorted(reference)
    for key, theirs_node in reference.items():
        node = mine[key]
        kind = key[0]
        if kind == "enum":
            assert (node.get("value"), node.get("type")) == (theirs_node.get("value"), theirs_node.get("type")), key
        elif kind in ("function", "functype"):
            assert _signature(node) == _signature(theirs_node, respell), key
        elif kind == "struct":
            assert _fields(node) == _fields(theirs_node), key
        elif kind in ("typedef", "variable"):
            assert node.get("type") == theirs_node.get("type"), key


def test_same_access_rules(tree: Path, ours: dict[str, ET.Element], theirs: dict[str, ET.Element]) -> None:
    version = tree.name.removeprefix("libvirt-")
    differing: set[str] = set()
    with_rules = 0
    for name in FILES:
        mine, reference = _symbols(ours[name]), _symbols(theirs[name])
        for key, node in mine.items():
            if key[0] != "function":
                continue
            with_rules += bool(_acls(node))
            if _acls(node) != _acls(reference[key]):
                differing.add(key[1])
                assert not _acls(reference[key]), f"{key[1]}: rules differ, not only missing"
    assert differing == APIBUILD_MISSES_ACLS.get(version, set())
    assert (with_rules > 0) == bool(acls_in_schema(tree))  # 7.0.0's schema has none; 11.3.0's has them


def test_their_files_render_back(their_docs: Path) -> None:
    """Read back and written again, apibuild.py's files come out as they were
    (but for our "generated" line): 7.0.0's functions have no version
    attribute, and none is added (not even an empty one)."""
    result = load_api_xml([str(their_docs / name) for name in FILES])
    assert result.diagnostics == []
    rendered = apixml.render(result.api, acls=any(f.acls for m in result.api.modules for f in m.functions))
    for name in FILES:
        lines = rendered[name].split("\n")
        assert lines[1].startswith("<!-- generated by virt-apigen")
        ours = "\n".join(lines[:1] + lines[2:])
        assert _files_by_name(ours) == _files_by_name((their_docs / name).read_text(encoding="utf-8")), name
        assert "version=''" not in rendered[name]


def _files_by_name(text: str) -> str:
    """``text`` with its <file> entries in name order.  apibuild.py lists them in
    the order of their absolute paths, and its configured libvirt-common.h is in
    a temporary folder: whether that sorts first depends on where the tree is."""
    head, start, rest = text.partition("  <files>\n")
    body, end, tail = rest.partition("  </files>\n")
    entries = re.split(r"(?=^    <file name=)", body, flags=re.MULTILINE)
    return head + start + "".join(sorted(entry for entry in entries if entry)) + end + tail


def test_every_backend_and_check_run(tree: Path, tmp_path: Path) -> None:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    generate = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--srcdir", str(tree), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, check=False, timeout=300, env=environment,
    )
    assert generate.returncode == 0, generate.stderr
    written = {p.relative_to(tmp_path / "out").parts[0] for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != ".virt-apigen-stamp.json"}
    assert written == {"api", "json", "python", "html", "rpc"}
    assert (tmp_path / "out" / "html" / "libvirt-libvirt-domain.html").stat().st_size > 100_000
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--srcdir", str(tree)], capture_output=True, text=True, check=False, timeout=300, env=environment,
    )
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr
    assert "unknown-symbol" in check.stdout and "virt-apigen check:" in check.stderr
