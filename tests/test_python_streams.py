"""Reading streams on the libvirt 9.0.0 package: ``virStream.recv(nbytes)`` and ``recvFlags(nbytes, flags=0)``,
compared with libvirt-python 9.0.0.

The package is generated from the 9.0.0 tree by the backend and imported;
every call runs against the real ``libvirt.so.0`` and its test driver
(``test:///default``).  The test driver's one stream source is
``dom.screenshot(stream, 0)``: a file stream over the driver's PNG (storage
volumes have no upload or download there, and no console), so that is the
stream read through both bindings.  It never answers -2 or -3 (a blocking
stream reads the file; a non-blocking one reads from an I/O thread and
waits for it; it has no ``recvFlags``): those returns are checked with the
C function replaced by a stub returning them.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO
from python_support import DOMAIN, URI, attempt, growth_kib, load_reference, malloc_growth, whole_tree_package, whole_tree_plan

from generator.backends import python as backend

SIZE_MAX = 2**64 - 1
CHUNKS = (1, 7, 4096, 65536)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    return whole_tree_plan()


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("streams"), "libvirt_ctypes_streams")


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    lib = load_reference()
    lib.registerErrorHandler(lambda *_args: None, None)  # libvirt-python prints every error to stderr otherwise
    return lib


@pytest.fixture
def conns(ours: ModuleType, theirs: ModuleType) -> Iterator[tuple[Any, Any]]:
    mine, ref = ours.open(URI), theirs.open(URI)
    yield mine, ref
    mine.close()
    ref.close()


def screenshot(lib: ModuleType, conn: Any, flags: int = 0) -> Any:
    """A new stream with the test driver's screenshot to read."""
    stream = conn.newStream(flags)
    assert conn.lookupByName(DOMAIN).screenshot(stream, 0) == "image/png"
    return stream


def read_all(stream: Any, nbytes: int, recv: Callable[[Any, int], Any] | None = None) -> list[bytes]:
    """The chunks ``recv`` gives until the end of the stream (b""), retrying -2 (no data yet)."""
    chunks: list[bytes] = []
    while True:
        chunk = stream.recv(nbytes) if recv is None else recv(stream, nbytes)
        if chunk == -2:
            time.sleep(0.001)
            continue
        assert isinstance(chunk, bytes), chunk
        if not chunk:
            return chunks
        assert len(chunk) <= nbytes
        chunks.append(chunk)


def methods(plan: backend.Plan) -> dict[str, backend.FunctionView]:
    return {m.c_name: m for c in plan.classes for m in c.methods}


# --- the shape, by rule ------------------------------------------------------------------------------


def test_the_rule_binds_recv_and_recv_flags(plan: backend.Plan) -> None:
    views = methods(plan)
    recv, recv_flags = views["virStreamRecv"], views["virStreamRecvFlags"]
    assert (recv.owner, recv.name, recv.aliases, recv.annotation) == ("virStream", "recv", (), "bytes | int")
    assert (recv_flags.owner, recv_flags.name, recv_flags.aliases, recv_flags.annotation) == ("virStream", "recvFlags", (), "bytes | int")
    # the buffer is the bindings': only its size is a parameter, a size_t, required as in libvirt-python
    assert [(a.name, a.kind, a.low, a.high, a.default) for a in recv.args] == [("nbytes", "int", 0, SIZE_MAX, None)]
    assert [(a.name, a.kind, a.default) for a in recv_flags.args] == [("nbytes", "int", None), ("flags", "flags", "0")]
    assert recv_flags.args[1].annotation == "StreamRecvFlagsValues | SupportsIndex"
    assert recv.read == backend.ReadView("data", "nbytes", (-2,))
    assert recv_flags.read == backend.ReadView("data", "nbytes", (-2, -3))  # -3: a hole, with VIR_STREAM_RECV_STOP_AT_HOLE
    assert (recv.call, recv.argtypes) == (("c_self", "o_data", "nbytes"), ("ctypes.c_void_p", "ctypes.c_void_p", "ctypes.c_size_t"))
    assert (recv.restype, recv.error_value, recv.result) == ("ctypes.c_int", "-1", "read")
    assert ":param nbytes: size of @data buffer (the bindings allocate @data: at most this many bytes come back)" in recv.doc
    assert ":returns: the bytes read, which may be less than requested. Returns b'' when the end of the stream is reached" in recv.doc
    assert ":returns: the bytes the C function writes into @data; b'' when the end of the stream is reached" in recv_flags.doc
    assert ":raises libvirtError: upon error, at which time the stream will be marked as aborted" in recv.doc
    # the CPU map outputs are no byte reads (an int size, a count of vCPUs or 1/0 returned): CPU maps, tests/test_python_cpumaps.py
    assert views["virDomainGetVcpuPinInfo"].read is None and views["virDomainGetVcpuPinInfo"].cpumap is not None
    assert views["virDomainGetEmulatorPinInfo"].read is None and views["virDomainGetEmulatorPinInfo"].cpumap is not None
    assert plan.reads
    assert [m for m in views.values() if m.read is not None and not m.read.whole] == [recv, recv_flags]


def test_the_sample_package_has_no_read_runtime() -> None:
    """generated/ (the sample) has no stream read: its module has no read buffer helper."""
    text = (REPO / "generated" / "python" / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert "_read_buffer" not in text and "_malloc" not in text


def test_the_docs_describe_streams() -> None:
    docs = " ".join((REPO / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    assert "## Streams" in docs
    assert "`stream.recv(nbytes)` and `stream.recvFlags(nbytes, flags=0)`" in docs


# --- reading, against libvirt-python -----------------------------------------------------------------


@pytest.mark.parametrize("nbytes", CHUNKS)
def test_screenshot_reads_as_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any], nbytes: int) -> None:
    mine, ref = conns
    stream, their_stream = screenshot(ours, mine), screenshot(theirs, ref)
    chunks, their_chunks = read_all(stream, nbytes), read_all(their_stream, nbytes)
    data = b"".join(chunks)
    assert data == b"".join(their_chunks) and data.startswith(PNG) and len(data) > 10_000
    assert [len(c) for c in chunks] == [len(c) for c in their_chunks]  # chunk for chunk, not only the whole
    assert all(len(c) == nbytes for c in chunks[:-1])  # a file stream fills every chunk but the last
    assert stream.recv(nbytes) == their_stream.recv(nbytes) == b""  # still the end
    assert stream.finish() == their_stream.finish() == 0
    stream.close()


def test_zero_and_small_reads(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    stream, their_stream = screenshot(ours, mine), screenshot(theirs, ref)
    assert stream.recv(0) == their_stream.recv(0) == b""  # a buffer is still passed: libvirt refuses NULL data
    assert stream.recv(True) == their_stream.recv(True) == PNG[:1]  # an int subclass, as PyArg_ParseTuple takes it
    assert stream.recv(ctypes.c_size_t(7).value) == their_stream.recv(7) == PNG[1:8]
    # the rest: libvirt's largest read (INT_MAX; libvirt-python's recv(2**31 - 1) aborts the process: its buffer size,
    # nbytes + 1, overflows its int), in one call for ours
    assert stream.recv(2**31 - 1) == b"".join(read_all(their_stream, 65536))
    assert stream.recv(4) == their_stream.recv(4) == b""
    for s in (stream, their_stream):
        s.abort()


def test_non_blocking_stream(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    """A non-blocking stream reads the same bytes; the test driver's I/O thread waits rather than answering -2."""
    mine, ref = conns
    stream = screenshot(ours, mine, ours.VIR_STREAM_NONBLOCK)
    their_stream = screenshot(theirs, ref, theirs.VIR_STREAM_NONBLOCK)
    assert b"".join(read_all(stream, 4096)) == b"".join(read_all(their_stream, 4096))
    assert stream.finish() == their_stream.finish() == 0


def test_errors_match_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    finished, their_finished = screenshot(ours, mine), screenshot(theirs, ref)
    read_all(finished, 65536), read_all(their_finished, 65536)
    finished.finish(), their_finished.finish()
    aborted, their_aborted = screenshot(ours, mine), screenshot(theirs, ref)
    aborted.recv(10), their_aborted.recv(10)
    aborted.abort(), their_aborted.abort()
    unopened, their_unopened = mine.newStream(0), ref.newStream(0)  # no driver behind it yet
    opened, their_opened = screenshot(ours, mine), screenshot(theirs, ref)
    pairs = [
        (lambda: finished.recv(10), lambda: their_finished.recv(10)),
        (lambda: aborted.recv(10), lambda: their_aborted.recv(10)),
        (lambda: unopened.recv(10), lambda: their_unopened.recv(10)),
        (lambda: opened.recvFlags(10), lambda: their_opened.recvFlags(10)),  # a file stream has no recvFlags: unsupported
        (lambda: finished.recvFlags(10, 1), lambda: their_finished.recvFlags(10, 1)),
    ]
    for call, their_call in pairs:
        outcome = attempt(ours, call)
        assert outcome[0] == "error" and outcome == attempt(theirs, their_call)
    assert attempt(ours, lambda: finished.recv(10))[1:3] == (ours.VIR_ERR_INTERNAL_ERROR, ours.VIR_FROM_STREAMS)
    assert attempt(ours, lambda: opened.recvFlags(10))[1] == ours.VIR_ERR_NO_SUPPORT
    assert opened.recv(len(PNG)) == their_opened.recv(len(PNG)) == PNG  # failed recvFlags left the stream readable, in both
    for s in (opened, their_opened):
        s.abort()
    # ours only: a closed handle is libvirt's own check, no crash
    opened.close()
    assert attempt(ours, lambda: opened.recv(1)) == ("error", ours.VIR_ERR_INVALID_STREAM, ours.VIR_FROM_STREAMS, "invalid stream pointer in virStreamRecv")


@pytest.mark.parametrize("bad", ["1", 1.5, None, b"1"])
def test_bad_nbytes_types(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any], bad: object) -> None:
    mine, ref = conns
    stream, their_stream = screenshot(ours, mine), screenshot(theirs, ref)
    for recv in (lambda s: s.recv(bad), lambda s: s.recvFlags(bad)):
        with pytest.raises(TypeError):
            recv(their_stream)
        with pytest.raises(TypeError, match="nbytes must be int"):
            recv(stream)
    assert stream.recv(len(PNG)) == their_stream.recv(len(PNG)) == PNG  # nothing was read
    for s in (stream, their_stream):
        s.abort()


def test_bad_nbytes_ranges(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    """Out of size_t: OverflowError before the call.  A size no malloc gives: MemoryError, no crash.  A size_t above
    INT_MAX reaches libvirt, whose file stream refuses it (ERANGE: its count is an int)."""
    mine, ref = conns
    stream, their_stream = screenshot(ours, mine), screenshot(theirs, ref)
    for too_big in (2**64, 2**100):
        with pytest.raises(OverflowError):
            their_stream.recv(too_big)
        # 2**100 (31 digits) is told by its size (tests/test_python_huge_integers.py)
        with pytest.raises(OverflowError, match=r"nbytes(=\d+ is| is a 101-bit integer,) outside the C type's range 0\.\.18446744073709551615"):
            stream.recv(too_big)
        with pytest.raises(OverflowError, match="nbytes"):
            stream.recvFlags(too_big)
    # libvirt-python passes -1 on as SIZE_MAX into a 1-byte buffer (libvirt's file stream refuses it; a remote one
    # would write past the buffer): ours refuses it
    for negative in (-1, -(2**70)):
        with pytest.raises(OverflowError, match="nbytes"):
            stream.recv(negative)
    for huge in (SIZE_MAX, SIZE_MAX // 2):
        with pytest.raises(MemoryError, match=f"cannot allocate {huge} bytes for data"):
            stream.recv(huge)
    outcome = attempt(ours, lambda: stream.recv(2**31))
    assert outcome[:3] == ("error", ours.VIR_ERR_SYSTEM_ERROR, ours.VIR_FROM_STREAMS) and "Too many bytes" in str(outcome[3])
    with pytest.raises(OverflowError):
        their_stream.recv(2**31)  # PyArg_ParseTuple's "i": libvirt-python's recv takes a C int
    fresh = screenshot(ours, mine)
    assert fresh.recv(len(PNG)) == PNG
    for s in (stream, their_stream, fresh):
        s.abort()


# --- -2 and -3, from a stub of the C function --------------------------------------------------------


def test_special_returns(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """-2 (recv, recvFlags) and -3 (recvFlags) are returned as int, as libvirt-python returns them (its C module wraps
    both as ints; its docstrings say so for -2); every other negative raises libvirtError; the buffer is freed either way."""
    assert "integer -2 is returned" in theirs.virStream.recv.__doc__ and "integer -2 is returned" in theirs.virStream.recvFlags.__doc__
    mine, _ = conns
    stream = screenshot(ours, mine)
    freed: list[int] = []
    real_free = ours._free
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(getattr(pointer, "value", pointer)), real_free(pointer)))
    answer = [0]
    seen: list[tuple[int, int]] = []

    def stub(_stream: object, data: int, nbytes: int, *flags: int) -> int:
        seen.append((getattr(data, "value", data), nbytes))
        return answer[0]

    monkeypatch.setattr(ours, "_virStreamRecv", stub)
    monkeypatch.setattr(ours, "_virStreamRecvFlags", stub)
    for value, from_recv, from_flags in [(-2, -2, -2), (-3, "error", -3), (-1, "error", "error"), (-4, "error", "error"), (0, b"", b"")]:
        answer[0] = value
        for method, expected in ((stream.recv, from_recv), (stream.recvFlags, from_flags)):
            if expected == "error":
                with pytest.raises(ours.libvirtError, match=r"virStreamRecv(Flags)?\(\) failed"):
                    method(16)
            else:
                assert method(16) == expected
            assert freed[-1] == seen[-1][0] and seen[-1][1] == 16  # the buffer passed is the one freed
    assert len(freed) == len(seen) == 10 and len(set(freed)) >= 1
    monkeypatch.undo()
    stream.abort()


# --- no leak -----------------------------------------------------------------------------------------


def test_reads_do_not_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory and malloc's bytes in use stay flat over many reads: at the end of a stream (b""), on a
    failing stream (the error path), and whole screenshots in 4 KiB chunks; with ``_free`` disabled they grow."""
    mine, _ = conns
    at_end = screenshot(ours, mine)
    read_all(at_end, 65536)
    failing = screenshot(ours, mine)
    failing.abort()

    def failed_read() -> None:
        with pytest.raises(ours.libvirtError):
            failing.recv(65536)

    def whole_screenshot() -> None:
        stream = screenshot(ours, mine)
        read_all(stream, 4096)
        stream.finish()

    for call, count in ((lambda: at_end.recv(65536), 20_000), (failed_read, 20_000), (whole_screenshot, 300)):
        growth = growth_kib(call, count // 10, count)
        assert growth < 4096, f"RSS grew by {growth} KiB over {count} calls"
        assert malloc_growth(call, count) < 256 * 1024
    monkeypatch.setattr(ours, "_free", lambda _pointer: None)  # the check itself: a leaked buffer shows
    assert malloc_growth(lambda: at_end.recv(4096), 2_000) > 2_000 * 4096


def test_an_interrupt_as_the_buffer_is_allocated_frees_it(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """malloc's address was lost with its return value when a Ctrl-C landed right after it (142 buffers of
    64 KiB over 1,700 interrupts); posix_memalign stores it in the caller's variable first, which frees it."""
    mine, _ = conns
    stream = screenshot(ours, mine)
    real_allocate, real_free = ours._posix_memalign, ours._free
    allocated: list[int] = []
    freed: list[int] = []

    def interrupted(where: Any, alignment: int, size: int) -> int:
        assert real_allocate(where, alignment, size) == 0
        allocated.append(ctypes.c_void_p.from_address(ctypes.addressof(where._obj)).value)
        raise KeyboardInterrupt  # what the signal handler raises as the call returns

    monkeypatch.setattr(ours, "_posix_memalign", interrupted)
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(getattr(pointer, "value", pointer)), real_free(pointer)))
    with pytest.raises(KeyboardInterrupt):
        stream.recv(65536)
    assert len(allocated) == 1 and freed == allocated
    monkeypatch.undo()
    stream.abort()
