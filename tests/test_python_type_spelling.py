"""The bindings bind by type, and one C type has several spellings: libvirt
7.0.0's apibuild.py wrote ``char ***`` as ``char ** *``, so bindings made from
its installed XML skipped ``virConnectGetCPUModelNames`` and
``virDomainAuthorizedSSHKeysGet`` ("array parameter (char ** * models)").
The backend reads pointer stars written apart as written together."""

from __future__ import annotations

import re
from pathlib import Path

from generator.backends import python as backend
from generator.frontend.apixml_reader import load_api_xml


def _package(folder: Path) -> str:
    files = [str(folder / name) for name in ("libvirt-api.xml",)]
    return backend.render(load_api_xml(files).api)["libvirt_ctypes/__init__.py"]


def test_stars_written_apart_bind_as_written_together(libvirt_api_dir: Path, tmp_path: Path) -> None:
    text = (libvirt_api_dir / "libvirt-api.xml").read_text(encoding="utf-8")
    respelled = re.sub(r"type='char \*\*\*'", "type='char ** *'", text)
    assert respelled.count("char ** *") == 3  # virConnectGetCPUModelNames, virDomainAuthorizedSSHKeysGet, virDomainGetMessages
    (tmp_path / "libvirt-api.xml").write_text(respelled, encoding="utf-8")
    ours, theirs = _package(tmp_path), _package(libvirt_api_dir)
    assert ours == theirs
    for method in ("def getCPUModelNames(", "def authorizedSSHKeysGet(", "def getMessages("):
        assert method in ours


def test_the_api_is_left_alone_when_no_type_needs_it(libvirt_api_dir: Path) -> None:
    api = load_api_xml([str(libvirt_api_dir / "libvirt-api.xml")]).api
    assert backend._stars_together(api) is api
