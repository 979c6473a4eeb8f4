"""The generated Python package's version: the libvirt release
(``meson.build``, or the exported XML), not the newest ``.syms`` block, which
is only the fallback for explicit files without ``libvirt-common.h``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from apixml_support import SAMPLE_XML
from conftest import REPO
from python_support import GENERATED as PACKAGE

from generator.backends import python as python_backend
from generator.frontend import load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml

SAMPLE_SYMS = REPO / "generator" / "sample" / "src" / "libvirt_public.syms"


# --- the Python package's version is the libvirt release ---------------------------


def _pyproject_version(files: dict[str, str]) -> str:
    match = re.search(r'^version = "([^"]+)"$', files["pyproject.toml"], re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_python_version_is_the_release_not_the_newest_syms_block(sample_tree: Path) -> None:
    """QA: the sample (meson.build 9.0.0, newest .syms block 5.6.0) gave 5.6.0."""
    files = python_backend.render(load_tree(sample_tree).api)
    assert _pyproject_version(files) == "9.0.0"
    assert files["libvirt_ctypes/__init__.py"].splitlines()[1].startswith('"""libvirt 9.0.0 for Python')
    assert 'VERSION = "9.0.0"' in files["_build_backend.py"]
    committed = (PACKAGE / "pyproject.toml").read_text(encoding="utf-8")
    assert '\nversion = "9.0.0"\n' in committed


def test_python_version_follows_meson_build(tmp_path: Path, sample_tree: Path) -> None:
    """A release that adds no function (11.3.0 after 11.2.0) still names the package."""
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    meson = tree / "meson.build"
    meson.write_text(meson.read_text(encoding="utf-8").replace("'9.0.0'", "'11.3.0'"), encoding="utf-8")
    assert _pyproject_version(python_backend.render(load_tree(tree).api)) == "11.3.0"


def test_python_version_from_exported_xml() -> None:
    assert _pyproject_version(python_backend.render(load_api_xml([str(SAMPLE_XML)]).api)) == "9.0.0"


def test_python_version_falls_back_to_the_newest_syms_block(sample_tree: Path) -> None:
    """Explicit files without libvirt-common.h carry no release: the newest .syms block."""
    headers = [str(sample_tree / "include" / "libvirt" / name) for name in ("libvirt-host.h", "libvirt-domain.h", "virterror.h", "libvirt-domain-checkpoint.h")]
    sources = [str(p) for p in sorted((sample_tree / "src").glob("*.c"))]
    api = load_files([*headers, *sources, str(SAMPLE_SYMS)]).api
    module = api.module("libvirt")
    assert module is not None and not any(m.name == "LIBVIR_VERSION_NUMBER" for m in module.macros)
    assert _pyproject_version(python_backend.render(api)) == "5.6.0"
