"""``getCellsFreeMemory(startCell, maxCells)``: an integer array the caller sizes (session 21).

``virNodeGetCellsFreeMemory(conn, freeMems, startCell, maxCells)`` was
skipped as an array parameter: its count is not next to the array.  The
rule (docs/python-bindings.md, "Arrays the caller sizes") binds it with
libvirt-python's arguments; the test driver's node has two NUMA cells.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from python_support import URI, load_reference, whole_tree_package

from generator.backends import python as backend
from generator.model import Function, Ownership, Param


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("cells"), "libvirt_ctypes_cells")


def cells(lib: ModuleType, start: int, most: int) -> object:
    conn = lib.open(URI)
    try:
        return conn.getCellsFreeMemory(start, most)
    except lib.libvirtError as error:
        return ("error", error.get_error_code())
    finally:
        conn.close()


@pytest.mark.parametrize(("start", "most"), [(0, 8), (0, 2), (0, 1), (1, 1), (1, 5), (2, 4), (5, 2)])
def test_the_same_cells_as_libvirt_python(ours: ModuleType, start: int, most: int) -> None:
    assert cells(ours, start, most) == cells(load_reference(), start, most)


@pytest.mark.parametrize(("start", "most"), [(0, 0), (-1, 2), (0, -1)])
def test_arguments_libvirt_refuses_are_its_invalid_arg(ours: ModuleType, start: int, most: int) -> None:
    """libvirt-python raised a libvirtError with no code at all for these; ours is libvirt's own check."""
    assert cells(ours, start, most) == ("error", 8)
    assert cells(load_reference(), start, most) == ("error", None)


def test_the_values_and_the_name(ours: ModuleType) -> None:
    assert cells(ours, 0, 8) == [2097152, 4194304]  # the test driver's two cells, in bytes
    assert ours.virConnect.getCellsFreeMemory is ours.virConnect.nodeGetCellsFreeMemory  # naming rule 10's alias
    with pytest.raises(OverflowError):
        ours.open(URI).getCellsFreeMemory(0, 2**31)  # the count is a C int: never truncated
    # QA (session 25): the array's doc, "pointer to the array of unsigned long long", names only the C type
    returns = [line.strip() for line in (ours.virConnect.getCellsFreeMemory.__doc__ or "").splitlines() if line.strip().startswith(":returns:")]
    assert returns == [":returns: the integers the C function stores in @freeMems, as a list[int]"]


def _function(return_doc: str, max_doc: str) -> Function:
    params = (
        Param("conn", "virConnectPtr", ""), Param("freeMems", "unsigned long long *", "pointer to the array"),
        Param("startCell", "int", "index of first cell"), Param("maxCells", "int", max_doc),
    )  # fmt: skip
    description = "The @freeMems array will be filled with the free memory of each cell."
    return Function("virNodeGetCellsFreeMemory", "libvirt-host", "libvirt", "int", return_doc, Ownership.NONE, params, description, "", "", None, False)


def test_the_rule_needs_the_maximum_and_the_return_naming_the_array() -> None:
    fitting = _function("the number of entries filled in freeMems, or -1", "Maximum number of cells")
    assert [s.kind for s in backend._array_shapes(fitting, list(fitting.params), set())] == ["sized"]
    for unfit in (_function("the number of entries, or -1", "Maximum number of cells"), _function("entries filled in freeMems", "how many cells")):
        assert backend._array_shapes(unfit, list(unfit.params), set()) == ()


def test_a_huge_maximum_costs_only_the_cells_written(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Review (session 21): a ctypes array of maxCells elements is zeroed whole: 2**31-1 took 42 s and 16 GB
    of memory for two cells.  calloc'd, the pages libvirt never writes are never mapped."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("huge")
    whole_tree_package(folder, "libvirt_ctypes_huge")
    # the peak of this process's own memory (VmHWM): getrusage's ru_maxrss keeps the parent's across exec,
    # pytest's several hundred MiB in a whole run
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import libvirt_ctypes as lv\n"
        "print(lv.open('test:///default').getCellsFreeMemory(0, 2**31 - 1))\n"
        "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    cells_line, peak_kib = done.stdout.splitlines()
    assert cells_line == "[2097152, 4194304]"
    assert int(peak_kib) < 256 * 1024
