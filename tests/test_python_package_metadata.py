"""The generated package's metadata and sdist: the wheel's and sdist's
metadata carry README.md as the long description and the license (core
metadata 2.4, ``License-Expression``) from the values of ``pyproject.toml``;
the license text (a file, not a symlink, in the template) goes with every
copy; the sdist holds only the files the generator writes, not a ``dist/`` or
``.venv/`` left in the folder."""

from __future__ import annotations

import email
import io
import shutil
import tarfile
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType

from packaging.metadata import Metadata
from python_support import GENERATED, REPO, import_file

LICENSE = "LGPL-2.1-or-later"


def _backend(folder: Path) -> ModuleType:
    return import_file(folder / "_build_backend.py", f"pkg7_build_backend_{abs(hash(folder))}")


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GENERATED, tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__")))


def _wheel_metadata(folder: Path, out: Path) -> bytes:
    out.mkdir(exist_ok=True)
    name = _backend(folder).build_wheel(str(out))
    with zipfile.ZipFile(out / name) as wheel:
        return wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")))


def _sdist_members(folder: Path, out: Path) -> dict[str, bytes]:
    out.mkdir(exist_ok=True)
    name = _backend(folder).build_sdist(str(out))
    with tarfile.open(out / name) as sdist:
        return {m.name.split("/", 1)[1]: (sdist.extractfile(m) or io.BytesIO()).read() for m in sdist.getmembers()}


# --- metadata ------------------------------------------------------------------------------------


def test_wheel_metadata_has_the_readme_and_the_license_of_pyproject(tmp_path: Path) -> None:
    raw = _wheel_metadata(_copy(tmp_path), tmp_path / "dist")
    metadata = Metadata.from_email(raw, validate=True)  # what twine check and PyPI run
    project = tomllib.loads((GENERATED / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(metadata.metadata_version) == "2.4"  # the first version with License-Expression
    assert metadata.license_expression == project["license"] == LICENSE
    assert metadata.license is None  # 2.4: exclusive with License-Expression
    assert metadata.description_content_type == "text/markdown; charset=UTF-8"
    assert metadata.description == (GENERATED / project["readme"]).read_text(encoding="utf-8")
    assert (metadata.name, str(metadata.version), metadata.summary) == (project["name"], project["version"], project["description"])
    assert str(metadata.requires_python) == project["requires-python"]
    assert "LGPL-2.1-or-later" in (GENERATED / "README.md").read_text(encoding="utf-8")
    assert metadata.license_files == project["license-files"] == ["COPYING"]


def test_the_license_text_goes_with_every_copy(tmp_path: Path) -> None:
    """The LGPL's text, which the license field names, in the folder, the sdist, the wheel and the prepared metadata."""
    text = (REPO / "COPYING").read_bytes()
    assert text.startswith(b"                  GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1, February 1999\n")
    folder = _copy(tmp_path)
    assert (GENERATED / "COPYING").read_bytes() == text
    assert _sdist_members(folder, tmp_path / "s")["COPYING"] == text
    (tmp_path / "w").mkdir()
    name = _backend(folder).build_wheel(str(tmp_path / "w"))
    with zipfile.ZipFile(tmp_path / "w" / name) as wheel:
        licenses = [n for n in wheel.namelist() if "/licenses/" in n]
        assert licenses == ["libvirt_ctypes-9.0.0.dist-info/licenses/COPYING"] and wheel.read(licenses[0]) == text
        record = wheel.read("libvirt_ctypes-9.0.0.dist-info/RECORD").decode()
    assert "libvirt_ctypes-9.0.0.dist-info/licenses/COPYING,sha256=" in record
    prepared = _backend(folder).prepare_metadata_for_build_wheel(str(tmp_path / "m"))
    assert (tmp_path / "m" / prepared / "licenses" / "COPYING").read_bytes() == text


def test_sdist_pkg_info_and_prepared_metadata_are_the_wheels(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    wheel = _wheel_metadata(folder, tmp_path / "w")
    assert _sdist_members(folder, tmp_path / "s")["PKG-INFO"] == wheel
    prepared = _backend(folder).prepare_metadata_for_build_wheel(str(tmp_path / "m"))
    assert (tmp_path / "m" / prepared / "METADATA").read_bytes() == wheel
    message = email.message_from_bytes(wheel)
    assert message["License-Expression"] == LICENSE and message["License"] is None


# --- sdist contents --------------------------------------------------------------------------------


def test_sdist_holds_only_what_the_generator_wrote(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    leftovers = ["dist/old-1.0.tar.gz", ".venv/lib/site.py", ".mypy_cache/3.11/x.json", ".ruff_cache/x", "notes.txt", "libvirt_ctypes/scratch.txt"]
    for relative in leftovers:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(b"left behind\n")
    first = _sdist_members(folder, folder / "dist")  # as `python -m build` does: into dist/ of the folder
    assert sorted(first) == [
        "COPYING", "COVERAGE.md", "PKG-INFO", "README.md", "_build_backend.py", "libvirt_ctypes/__init__.py", "libvirt_ctypes/py.typed", "pyproject.toml",
    ]
    second = _sdist_members(folder, tmp_path / "again")  # the first sdist now sits in dist/: it must not be packed
    assert second == first
    assert first["pyproject.toml"] == (GENERATED / "pyproject.toml").read_bytes()


# --- the license template --------------------------------------------------------------------------


def test_the_license_template_is_the_license_text_itself() -> None:
    """QA: as a symlink, a checkout without symlinks (core.symlinks=false) generated a COPYING reading '../../COPYING'."""
    template = REPO / "templates" / "python" / "COPYING"
    assert not template.is_symlink()
    assert template.read_bytes() == (REPO / "COPYING").read_bytes()
