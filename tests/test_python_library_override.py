"""A wrong ``$LIBVIRT_CTYPES_LIBRARY`` is named as the source of the library
path in the import error, without the advice to set it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require
from python_support import (
    GENERATED,
    libvirt_so_present,
)

# --- the library override ------------------------------------------------------------------------


def _import_error(library: str) -> str:
    environment = {**os.environ, "PYTHONPATH": str(GENERATED), "LIBVIRT_CTYPES_LIBRARY": library}
    done = subprocess.run([sys.executable, "-c", "import libvirt_ctypes"], env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    return done.stderr.strip().splitlines()[-1]


def test_a_wrong_override_path_names_the_variable_and_no_advice_to_set_it() -> None:
    assert _import_error("/nonexistent/libvirt.so.0") == (
        "ImportError: libvirt_ctypes: LIBVIRT_CTYPES_LIBRARY=/nonexistent/libvirt.so.0: cannot open shared object file: "
        "No such file or directory; fix the path, or unset LIBVIRT_CTYPES_LIBRARY to load the system libvirt.so.0"
    )


def test_an_override_that_is_not_libvirt_names_the_variable() -> None:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")  # the same system has a libc.so.6
    assert _import_error("libc.so.6") == (
        "ImportError: libvirt_ctypes: LIBVIRT_CTYPES_LIBRARY=libc.so.6: exports no virGetLastError: not libvirt; "
        "fix the path, or unset LIBVIRT_CTYPES_LIBRARY to load the system libvirt.so.0"
    )


def _stub(tmp_path: Path, source: str) -> str:
    require(shutil.which("gcc") is not None, "gcc")
    (tmp_path / "stub.c").write_text(source, encoding="utf-8")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(tmp_path / "libstub.so"), str(tmp_path / "stub.c")], check=True)
    return str(tmp_path / "libstub.so")


def test_a_library_without_vir_initialize_is_an_import_error(tmp_path: Path) -> None:
    """It was a libvirtError ("not exported") raised from the import (QA)."""
    library = _stub(tmp_path, "void *virGetLastError(void) { return 0; }\n")
    assert _import_error(library) == (
        f"ImportError: libvirt_ctypes: LIBVIRT_CTYPES_LIBRARY={library}: exports no virInitialize: not libvirt; "
        "fix the path, or unset LIBVIRT_CTYPES_LIBRARY to load the system libvirt.so.0"
    )


def test_a_failing_vir_initialize_is_an_import_error(tmp_path: Path) -> None:
    library = _stub(tmp_path, "void *virGetLastError(void) { return 0; }\nint virInitialize(void) { return -1; }\n")
    assert _import_error(library) == "ImportError: libvirt_ctypes: virInitialize() of the loaded libvirt library failed"


def test_a_function_the_loaded_library_lacks_raises_a_testable_error(tmp_path: Path) -> None:
    """A package made from a newer tree than the installed libvirt: the call raises libvirtError with
    VIR_ERR_NO_SUPPORT and a message (QA: code, domain and message were None)."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    script = (
        "import libvirt_ctypes as lv\n"
        "call = lv._missing('virDomainGetAutostartOnce')\n"
        "try:\n    call(None)\n"
        "except lv.libvirtError as error:\n"
        "    print(error.get_error_code() == lv.VIR_ERR_NO_SUPPORT, error.get_error_domain() == lv.VIR_FROM_NONE, error.get_error_message())\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(GENERATED)}
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert done.stdout == (
        "True True virDomainGetAutostartOnce is not exported by the loaded libvirt library (an older libvirt than the one the package was made from)\n"
    )
