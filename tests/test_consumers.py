"""Existing consumers read our libvirt-api.xml unchanged: libvirt-python's generator.

libvirt-python 9.0.0 builds its bindings by running its ``generator.py`` over
the API XML files libvirt-dev installs.  Run over ours instead (made from the
9.0.0 source tree), it must write the very same files: the C wrappers, the
export table and the Python modules of ``libvirt``, ``libvirt-qemu`` and
``libvirt-lxc``, byte for byte, but for the docstrings of the functions whose
docs libvirt's files hold apibuild.py's slips in (``KNOWN_DOC_FIXES``, listed
with their reasons in tests/test_conformance.py).  Its sdist is fetched with pip (from pip's
cache after the first time) into a temporary folder; under ``CI=true`` a
failed fetch fails the test.
"""

from __future__ import annotations

import difflib
import filecmp
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import require

from generator.cli import main

MODULES = ("libvirt", "libvirt-qemu", "libvirt-lxc")
# the generated libvirt.py lines our corrected docs change: virInterfaceGetXMLDesc's
# @flags entry keeps its list of valid bits, so its docstring no longer opens with it
KNOWN_DOC_FIXES = {
    "libvirt.py": (
        [
            "        \"\"\"VIR_INTERFACE_XML_INACTIVE - return the static configuration,",
            "                                          suitable for use redefining the",
            "                                          interface via virInterfaceDefineXML()",
            "        ",
            "        Provide an XML description of the interface. If",
        ],
        ["        \"\"\"Provide an XML description of the interface. If"],
    )
}


@pytest.fixture(scope="module")
def libvirt_python_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("libvirt-python")
    pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "libvirt-python==9.0.0", "-d", str(scratch)]
    fetched = subprocess.run(pip, capture_output=True, text=True, check=False, timeout=300)
    archive = scratch / "libvirt-python-9.0.0.tar.gz"
    require(fetched.returncode == 0 and archive.is_file(), f"libvirt-python 9.0.0's sdist (pip download: {fetched.stderr.strip()[-200:]})")
    with tarfile.open(archive) as sdist:
        # Plain files and folders inside scratch only: what extractall's filter="data"
        # checks from Python 3.11.4 on, which Debian 12's 3.11.2 does not have; passed too
        # where it exists (3.13 warns when it is missing, 3.14 changes the default).
        members = sdist.getmembers()
        unsafe = [m.name for m in members if not (m.isfile() or m.isdir()) or m.name.startswith("/") or ".." in Path(m.name).parts]
        assert unsafe == [], f"libvirt-python's sdist has members that would land outside {scratch}"
        sdist.extractall(scratch, members=members, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return scratch / "libvirt-python-9.0.0"


def _generated_by_libvirt_python(source: Path, work: Path, xml_folder: Path) -> Path:
    """libvirt-python's build/ folder after its generator.py read the XML files of ``xml_folder``."""
    shutil.copytree(source, work)
    shutil.rmtree(work / "build", ignore_errors=True)
    for module in MODULES:
        for output in ("c", "py"):
            command = [sys.executable, "generator.py", module, str(xml_folder / f"{module}-api.xml"), output]
            done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False, timeout=120)
            assert done.returncode == 0, f"{' '.join(command)}:\n{done.stderr}"
    return work / "build"


def test_libvirt_python_generates_the_same_bindings_from_our_xml(
    libvirt_tree: Path, libvirt_api_dir: Path, libvirt_python_source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["api", "--srcdir", str(libvirt_tree), "-o", str(tmp_path / "ours")]) == 0
    capsys.readouterr()
    theirs = _generated_by_libvirt_python(libvirt_python_source, tmp_path / "from-libvirt-dev", libvirt_api_dir)
    ours = _generated_by_libvirt_python(libvirt_python_source, tmp_path / "from-ours", tmp_path / "ours")
    names = sorted(p.name for p in theirs.iterdir() if p.is_file())
    assert names == sorted(p.name for p in ours.iterdir() if p.is_file())
    assert {"libvirt.c", "libvirt.py", "libvirt-export.c", "libvirt_qemu.py", "libvirt-lxc.c"} <= set(names)
    assert "virDomainCheckpointGetXMLDesc" in (ours / "libvirt.c").read_text(encoding="utf-8")
    _, differ, errors = filecmp.cmpfiles(theirs, ours, names, shallow=False)
    assert (differ, errors) == (sorted(KNOWN_DOC_FIXES), [])
    for name, expected in KNOWN_DOC_FIXES.items():
        assert _changed_lines(theirs / name, ours / name) == expected


def _changed_lines(theirs: Path, ours: Path) -> tuple[list[str], list[str]]:
    """The lines only ``theirs`` has and those only ``ours`` has, in order."""
    delta = list(difflib.unified_diff(theirs.read_text(encoding="utf-8").splitlines(), ours.read_text(encoding="utf-8").splitlines(), n=0))
    body = [line for line in delta[2:] if not line.startswith("@@")]
    return [line[1:] for line in body if line.startswith("-")], [line[1:] for line in body if line.startswith("+")]
