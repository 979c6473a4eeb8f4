"""``make bench`` rows for the Python bindings: ours (ctypes) vs libvirt-python 9.0.0 in the same run.

Rows:
* ``python: <call>``: per-call cost of ``getName()``, ``getXMLDesc()`` and
  ``listAllCheckpoints()`` on the test driver's domain holding 50 checkpoints,
  both bindings loaded in one process and timed alternately (median of 7
  repeats of N calls each).  Goals: getName <= 1.1, the others <= 1.0.
* ``python: listAllCheckpoints() x50, then getName() of each``: the usual
  pattern, where every ``getName()`` is a new handle's first (no goal).
* ``python: getName(), name not kept yet``: an object's first ``getName()``
  (or the first after an error in its thread), which calls C; every later
  one returns the name kept in the object.
* ``python: floor ...``: the same two calls through bare ctypes (no wrapper:
  the C function, the handle as an int, the string copied and freed by
  hand) against libvirt-python: what no ctypes binding can go below;
  ``getXMLDesc`` as the C call and the ``free`` alone, without making the
  ``str`` (ctypes' two calls against libvirt-python's whole method); and
  ``getName`` through ctypes' cheapest path (``PyDLL``: the GIL is held, no
  argtypes) with the ``str`` conversion the method owes its caller.
* ``python: generate, --srcdir``: ``virt-apigen generate --srcdir TREE --only
  python`` (stamp removed: headers, ``.c`` and ``.syms`` parsed too), and
  ``python: generate, --api-xml``: the same from the XML file theirs reads, vs
  libvirt-python 9.0.0's ``generator.py libvirt libvirt-api.xml c`` then
  ``... py``, the two steps its setup.py runs before compiling; their input is
  the installed ``/usr/share/libvirt/api/libvirt-api.xml``.  libvirt-python's
  sdist is fetched with pip into a temporary folder, never kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench import REPO, measure, our_command, row, run_once

GENERATED = REPO / "generated" / "python"
API_XML = Path("/usr/share/libvirt/api/libvirt-api.xml")
PER_CALL = r"""
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
import libvirt, libvirt_ctypes

def domain(lib):
    conn = lib.open("test:///default")
    dom = conn.lookupByName("test")
    for root in dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS):
        root.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)
    return conn, dom

conn, dom = domain(libvirt_ctypes)
for i in range(50):
    dom.checkpointCreateXML(f"<domaincheckpoint><name>cp{i}</name></domaincheckpoint>")
sides = {"ours": libvirt_ctypes, "theirs": libvirt}
handles = {}
for side, lib in sides.items():
    c = lib.open("test:///default")
    d = c.lookupByName("test")
    handles[side] = (c, d, d.checkpointLookupByName("cp49"))
assert len(handles["ours"][1].listAllCheckpoints()) == len(handles["theirs"][1].listAllCheckpoints()) == 50

def timed(call, count):
    start = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - start) / count

# The floor for any ctypes binding: the bare C call through ctypes, no wrapper
# at all (the handle as an int, the result copied and freed by hand).
import ctypes, functools
bare_lib = ctypes.CDLL("libvirt.so.0")
bare_name = bare_lib["virDomainCheckpointGetName"]
bare_name.restype, bare_name.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
class BarePointer(ctypes.c_char_p):  # a subclass: ctypes returns the pointer, .value copies at C speed
    pass

bare_xml = bare_lib["virDomainCheckpointGetXMLDesc"]
bare_xml.restype, bare_xml.argtypes = BarePointer, [ctypes.c_void_p, ctypes.c_uint]
bare_free = ctypes.CDLL(None)["free"]
bare_free.restype, bare_free.argtypes = None, [ctypes.c_void_p]

# The cheapest ctypes flavour of all: PyDLL holds the GIL across the call (no
# release and re-acquire), no argtypes, the handle a c_void_p; plus the bytes
# -> str step that getName() owes its caller, as libvirt-python's does.
held_name = ctypes.PyDLL("libvirt.so.0")["virDomainCheckpointGetName"]
held_name.restype = ctypes.c_char_p

def held_get_name(handle):
    return held_name(handle).decode()

def bare_xml_no_copy(pointer):  # the C call and the free alone: no bytes, no str
    bare_free(bare_xml(pointer, 0))

def bare_get_xml(pointer):
    owned = bare_xml(pointer, 0)
    text = owned.value.decode()
    bare_free(owned)
    return text

ours, theirs = handles["ours"], handles["theirs"]

def ours_name_through_c(handle=ours[2]):  # an object's first call: the name slot unset, as on a new handle (emptying it included)
    del handle._name_virDomainCheckpoint
    return handle.getName()
pointer = ours[2]._h_virDomainCheckpoint
assert bare_name(pointer).decode() == theirs[2].getName() and bare_get_xml(pointer) == theirs[2].getXMLDesc()
cases = [  # label, our call, their call, calls per repeat
    ("getName()", ours[2].getName, theirs[2].getName, 200_000),
    ("getName(), name not kept yet", ours_name_through_c, theirs[2].getName, 200_000),
    ("getXMLDesc()", ours[2].getXMLDesc, theirs[2].getXMLDesc, 20_000),
    ("listAllCheckpoints() x50", ours[1].listAllCheckpoints, theirs[1].listAllCheckpoints, 3_000),
    ("listAllCheckpoints() x50, then getName() of each", lambda: [c.getName() for c in ours[1].listAllCheckpoints()],
     lambda: [c.getName() for c in theirs[1].listAllCheckpoints()], 3_000),
    ("floor getName (bare ctypes)", functools.partial(bare_name, pointer), theirs[2].getName, 200_000),
    ("floor getXMLDesc (bare ctypes)", functools.partial(bare_get_xml, pointer), theirs[2].getXMLDesc, 20_000),
    ("floor getXMLDesc (call+free, no str)", functools.partial(bare_xml_no_copy, pointer), theirs[2].getXMLDesc, 20_000),
    ("floor getName (GIL held, to str)", functools.partial(held_get_name, ctypes.c_void_p(pointer)), theirs[2].getName, 200_000),
]
for label, our_call, their_call, count in cases:
    results = {"ours": [], "theirs": []}
    for _ in range(7):
        results["ours"].append(timed(our_call, count))
        results["theirs"].append(timed(their_call, count))
    print(label, statistics.median(results["ours"]), statistics.median(results["theirs"]))
"""


def _per_call_rows() -> list[str]:
    probe = subprocess.run([sys.executable, "-c", "import libvirt"], capture_output=True, check=False)
    if probe.returncode != 0:
        return ["python: per-call cost                 skipped: libvirt-python 9.0.0 not installed (make .venv/.libvirt-python)"]
    result = subprocess.run([sys.executable, "-c", PER_CALL, str(GENERATED)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"bench: per-call script failed:\n{result.stderr}")
    goals = {
        "getName()": "<= 1.10", "getName(), name not kept yet": "none: an object's first call",
        "getXMLDesc()": "<= 1.00", "listAllCheckpoints() x50": "<= 1.00",
        "listAllCheckpoints() x50, then getName() of each": "none: every name a first call",
        "floor getName (bare ctypes)": "none: the floor", "floor getXMLDesc (bare ctypes)": "none: the floor",
        "floor getName (GIL held, to str)": "none: the floor", "floor getXMLDesc (call+free, no str)": "none: the floor",
    }
    lines = []
    for line in result.stdout.splitlines():
        label, ours, theirs = line.rsplit(" ", 2)
        ratio = float(ours) / float(theirs)
        lines.append(
            f"{'python: ' + label:<34} ours {float(ours) * 1e9:8.0f} ns  theirs {float(theirs) * 1e9:8.0f} ns  ratio {ratio:5.2f} (goal {goals[label]})"
        )
    return lines


def _libvirt_python_sdist(scratch: Path) -> Path:
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "libvirt-python==9.0.0", "-d", str(scratch)]
    subprocess.run(pip, capture_output=True, check=True)
    archive = next(scratch.glob("libvirt-python-9.0.0.tar.gz"))
    with tarfile.open(archive) as sdist:
        # Plain files and folders inside scratch only: what extractall's filter="data"
        # checks from Python 3.11.4 on, which Debian 12's 3.11.2 does not have; passed too
        # where it exists (3.13 warns when it is missing, 3.14 changes the default).
        members = sdist.getmembers()
        if any(not (m.isfile() or m.isdir()) or m.name.startswith("/") or ".." in Path(m.name).parts for m in members):
            raise SystemExit(f"bench: {archive} has members that would land outside {scratch}")
        sdist.extractall(scratch, members=members, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return scratch / "libvirt-python-9.0.0"


def _generation_rows(tree: Path, runs: int) -> list[str]:
    if not API_XML.is_file():
        return [f"python: generate bindings             skipped: {API_XML} missing (apt-get install libvirt-dev)"]
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-python-"))
    try:
        try:
            source = _libvirt_python_sdist(scratch)
        except (subprocess.CalledProcessError, StopIteration):
            return ["python: generate bindings             skipped: could not download the libvirt-python 9.0.0 sdist"]
        theirs_script = scratch / "theirs.sh"
        theirs_script.write_text(
            f"set -e\ncd '{source}'\n'{sys.executable}' generator.py libvirt '{API_XML}' c\n'{sys.executable}' generator.py libvirt '{API_XML}' py\n"
        )
        env = dict(os.environ, PYTHONPATH=str(REPO))
        run_once(["sh", str(theirs_script)])
        theirs = measure(["sh", str(theirs_script)], runs)
        lines = []
        for label, inputs in (("--srcdir", ["--srcdir", str(tree)]), ("--api-xml", ["--api-xml", str(API_XML)])):
            out = scratch / label.strip("-")
            ours_argv = [*our_command(), "generate", *inputs, "--only", "python", "-o", str(out)]
            run_once(ours_argv, env=env)
            ours = measure(ours_argv, runs, before=[str(out / ".virt-apigen-stamp.json")], env=env)
            lines.append(row(f"python: generate, {label}", ours, theirs, "none set"))
        return lines
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench(tree: Path, runs: int) -> list[str]:
    return [*_per_call_rows(), *_generation_rows(tree, runs)]
