"""A stream's receive and send loops, ``recvAll(handler, opaque)``, ``sendAll(handler, opaque)``,
``sparseRecvAll(handler, holeHandler, opaque)`` and ``sparseSendAll(handler, holeHandler, skipHandler, opaque)``:
bound from libvirt's C loops, whose callbacks run only during the call, and compared with libvirt-python 9.0.0's.

Uploads and downloads need a storage driver: a private libvirtd with only
libvirt_driver_storage.so loaded and a ``dir`` pool in a temporary folder (as
``nobody`` when the tests run as root).  The test driver's ``screenshot()``
stream needs no daemon.  When ``CI=true`` a missing libvirtd, driver module
or screenshot fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import require
from python_support import URI, load_reference, mypy_errors, whole_tree_fixtures, whole_tree_plan
from rpc_support import private_libvirtd, socket_uri

SCREENSHOT = Path("/usr/share/libvirt/test-screenshot.png")
POOL = "<pool type='dir'><name>loops</name><target><path>{}</path></target></pool>"
VOLUME = "<volume><name>v.img</name><capacity>1048576</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>"
BIG = 300_000  # more than libvirt's buffer (262,120 bytes): a source's piece is given over two calls


package_folder, ours = whole_tree_fixtures("stream_loops")


# --- the rule ---------------------------------------------------------------------------------------


def test_the_rule_binds_the_four_loops() -> None:
    plan = whole_tree_plan()
    methods = {m.c_name: m for c in plan.classes for m in c.methods}
    loops = ["virStreamRecvAll", "virStreamSendAll", "virStreamSparseRecvAll", "virStreamSparseSendAll"]
    assert sorted(d.function for d in plan.durings) == loops
    recv, send, sparse = methods["virStreamRecvAll"], methods["virStreamSendAll"], methods["virStreamSparseRecvAll"]
    assert [(m.name, [(a.name, a.kind) for a in m.args]) for m in (recv, send, sparse)] == [
        ("recvAll", [("handler", "callback"), ("opaque", "opaque")]),
        ("sendAll", [("handler", "callback"), ("opaque", "opaque")]),
        ("sparseRecvAll", [("handler", "callback"), ("holeHandler", "callback"), ("opaque", "opaque")]),
    ]
    assert recv.during is not None and send.during is not None and sparse.during is not None
    # the sink's data with its size is bytes; the source's buffer is filled from the return, its size an int
    assert [a.kind for a in recv.during.callbacks[0].args] == ["conn", "bytes", "count", "opaque"]
    assert [a.kind for a in send.during.callbacks[0].args] == ["conn", "fill", "int", "opaque"]
    assert [[a.kind for a in c.args] for c in sparse.during.callbacks] == [["conn", "bytes", "count", "opaque"], ["conn", "int", "opaque"]]
    assert [c.label for c in sparse.during.callbacks] == ["sparseRecvAll handler", "sparseRecvAll holeHandler"]
    assert [a.annotation for a in send.args] == ["Callable[[virStream, int, _T], bytes | str | None]", "_T"]
    # the hole callback's two pointers are outputs it returns, in C order
    sparse_send = methods["virStreamSparseSendAll"]
    assert sparse_send.during is not None
    hole = sparse_send.during.callbacks[1]
    int_range, long_range = f"{-(2**31)}, {2**31 - 1}", f"{-(2**63)}, {2**63 - 1}"
    outs = [f'("out", ctypes.c_int, {int_range})', f'("out", ctypes.c_longlong, {long_range})']
    assert [a.expression for a in hole.args] == ['"conn"', *outs, '"opaque"']
    assert sparse_send.args[1].annotation == "Callable[[virStream, _T], tuple[int, int] | list[int]]"
    assert not {s.function for s in plan.skipped} & set(loops)
    # registrations kept after the call (a virFreeCallback last) are other shapes, not this one
    assert "virStreamEventAddCallback" not in {d.function for d in plan.durings}


def test_the_docstring_says_how_each_callback_is_called(ours: ModuleType) -> None:
    doc = " ".join((ours.virStream.sparseRecvAll.__doc__ or "").split())
    assert "holeHandler is called as holeHandler(st, length, opaque), st this virStream object, length an int" in doc
    assert "handler is called as handler(st, data, opaque), st this virStream object, data bytes" in doc
    assert "What handler and holeHandler return is ignored, but a negative int, which raises RuntimeError." in doc
    send = " ".join((ours.virStream.sendAll.__doc__ or "").split())
    assert "handler is called as handler(st, nbytes, opaque)" in send
    assert "Handler returns the bytes (or a str, sent as UTF-8) to send, None or empty at the end; what does not fit" in send
    sparse = " ".join((ours.virStream.sparseSendAll.__doc__ or "").split())
    assert "holeHandler is called as holeHandler(st, opaque), st this virStream object and opaque the one given here" in sparse
    assert "more than nbytes is ValueError; holeHandler returns (inData, length), a tuple or list of ints" in sparse


# --- side by side with libvirt-python ---------------------------------------------------------------


@pytest.fixture
def storage_uri() -> Iterator[tuple[str, str]]:
    """A private libvirtd with the storage driver: its URI, and an empty folder for a ``dir`` pool that daemon can write."""
    user = "nobody" if os.geteuid() == 0 else None
    folder = tempfile.mkdtemp(dir="/tmp", prefix="vag-pool-")
    try:
        if user is not None:
            os.chown(folder, 65534, 65534)
        with private_libvirtd(user, drivers=("storage",)) as daemon:
            yield socket_uri(daemon.socket, "storage+unix:///session"), folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _outcome(call: Any) -> object:
    try:
        return ("returned", call())
    except Exception as error:  # what each binding raises is the outcome compared
        code = error.get_error_code() if hasattr(error, "get_error_code") else None
        return (type(error).__name__, code, str(error))


def _loops(lib: ModuleType, uri: str, folder: str) -> dict[str, object]:
    """Upload through sendAll (a piece larger than libvirt's buffer, then an empty one), download through recvAll and
    sparseRecvAll, then the failures: a raising handler, a negative return, a non-blocking stream, a wrong return type."""
    out: dict[str, object] = {}
    conn = lib.open(uri)
    pool = conn.storagePoolCreateXML(POOL.format(folder), 0)
    try:
        vol = pool.createXML(VOLUME, 0)
        stream = conn.newStream(0)
        vol.upload(stream, 0, BIG + 5, 0)
        pieces = [b"a" * BIG, b"tail!", None]
        asked: list[tuple[bool, int, object]] = []
        out["sendAll"] = _outcome(lambda: stream.sendAll(lambda s, n, o: asked.append((s is stream, n, o)) or pieces.pop(0), "mine"))
        out["asked"] = asked
        out["finish"] = _outcome(stream.finish)
        stream = conn.newStream(0)
        vol.download(stream, 0, 0, 0)
        got: list[bytes] = []
        out["recvAll"] = _outcome(lambda: stream.recvAll(lambda s, data, o: got.append(data) if s is stream and o == [1] else -1, [1]))
        stream.finish()
        data = b"".join(got)
        out["received"] = (len(data), data[:BIG] == b"a" * BIG, data[BIG : BIG + 5], data[BIG + 5 :].count(0))
        stream = conn.newStream(0)
        vol.download(stream, 0, 0, lib.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM)
        sizes: list[int] = []
        holes: list[int] = []
        out["sparseRecvAll"] = _outcome(lambda: stream.sparseRecvAll(lambda s, d, o: sizes.append(len(d)), lambda s, n, o: holes.append(n), None))
        stream.finish()
        out["sparse"] = (sum(sizes), holes)

        def refuse(s: object, d: bytes, o: object) -> None:
            raise ValueError("the handler refuses")

        stream = conn.newStream(0)
        vol.download(stream, 0, 0, 0)
        out["raising"] = _outcome(lambda: stream.recvAll(refuse, None))
        out["after raising"] = _outcome(stream.finish)[0]  # aborted: finishing fails
        stream = conn.newStream(0)
        vol.download(stream, 0, 0, 0)
        out["negative"] = _outcome(lambda: stream.recvAll(lambda s, d, o: -1, None))
        stream = conn.newStream(0)
        vol.download(stream, 0, 0, lib.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM)
        out["hole negative"] = _outcome(lambda: stream.sparseRecvAll(lambda s, d, o: None, lambda s, n, o: -2, None))
        stream = conn.newStream(lib.VIR_STREAM_NONBLOCK)
        vol.download(stream, 0, 0, 0)
        out["non-blocking"] = _outcome(lambda: stream.recvAll(lambda s, d, o: None, None))
        stream = conn.newStream(0)
        vol.upload(stream, 0, 10, 0)
        out["int source"] = _outcome(lambda: stream.sendAll(lambda s, n, o: 5, None))
    finally:
        pool.destroy()
        conn.close()
    return out


def test_the_loops_move_the_same_bytes_and_fail_the_same_way(ours: ModuleType, storage_uri: tuple[str, str]) -> None:
    uri, folder = storage_uri
    mine = _loops(ours, uri, folder)
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    theirs = _loops(load_reference(), uri, folder)
    assert mine["asked"] == [(True, 262120, "mine"), (True, 262120, "mine"), (True, 262120, "mine")]  # the big piece took two calls
    assert mine["received"] == (1048576, True, b"tail!", 1048576 - BIG - 5)
    data, holes = mine["sparse"]  # type: ignore[misc]
    assert holes and data + sum(holes) == 1048576 and data >= BIG + 5
    assert mine["raising"] == ("ValueError", None, "the handler refuses")
    assert mine["after raising"] == "libvirtError"
    assert mine["negative"] == ("RuntimeError", None, "recvAll handler returned -1")
    # documented differences: the C return, libvirt's own non-blocking error, our hole callback's name, a wrong return type
    assert (mine["sendAll"], mine["recvAll"], mine["sparseRecvAll"]) == (("returned", 0),) * 3
    assert (theirs["sendAll"], theirs["recvAll"], theirs["sparseRecvAll"]) == (("returned", None),) * 3
    assert mine["non-blocking"] == ("libvirtError", 55, "Requested operation is not valid: data sinks cannot be used for non-blocking streams")
    assert theirs["non-blocking"] == ("libvirtError", None, "cannot use recvAll with nonblocking stream")
    assert mine["int source"] == ("TypeError", None, "what sendAll handler returns must be bytes or str, not int")
    assert theirs["int source"][0] == "SystemError"  # type: ignore[index]
    assert (mine["hole negative"], theirs["hole negative"]) == (
        ("RuntimeError", None, "sparseRecvAll holeHandler returned -2"),
        ("RuntimeError", None, "holeHandler handler returned -2"),
    )
    differing = {"sendAll", "recvAll", "sparseRecvAll", "non-blocking", "int source", "hole negative"}
    assert {k: v for k, v in mine.items() if k not in differing} == {k: v for k, v in theirs.items() if k not in differing}


def _sparse_file(path: Path) -> bytes:
    """A 1 MiB file with data at its start and in its middle, holes elsewhere; its content."""
    with open(path, "wb") as out:
        out.write(b"a" * 100_000)
        out.seek(512 * 1024)
        out.write(b"b" * 60_000)
        out.truncate(1 << 20)
    return path.read_bytes()


def _hole(stream: object, fd: int) -> list[int]:
    """libvirt-python's example's hole callback (examples/sparsestream.py): [in data, the section's length] at fd's offset."""
    here = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        data = os.lseek(fd, here, os.SEEK_DATA)
    except OSError:  # ENXIO: no data after here
        end = os.lseek(fd, 0, os.SEEK_END)
        os.lseek(fd, here, os.SEEK_SET)
        return [0, end - here]
    if data > here:
        os.lseek(fd, here, os.SEEK_SET)
        return [0, data - here]
    hole = os.lseek(fd, here, os.SEEK_HOLE)
    os.lseek(fd, here, os.SEEK_SET)
    return [1, hole - here]


def _sparse_upload(lib: ModuleType, uri: str, folder: str, source: Path) -> tuple[object, list[tuple[object, ...]], bytes, object]:
    """A sparse file uploaded through sparseSendAll: what it returned, each callback's call, the volume's bytes after,
    and (ours only: libvirt-python's loop sends it and never ends) what a source returning more than asked gives."""
    conn = lib.open(uri)
    pool = conn.storagePoolCreateXML(POOL.format(folder), 0)
    try:
        vol = pool.createXML(VOLUME, 0)
        stream = conn.newStream(0)
        vol.upload(stream, 0, 0, lib.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
        calls: list[tuple[object, ...]] = []

        def data(s: object, nbytes: int, fd: int) -> bytes:
            calls.append(("data", nbytes))
            return os.read(fd, nbytes)

        def hole(s: object, fd: int) -> list[int]:
            calls.append(("hole", *_hole(s, fd)))
            return _hole(s, fd)

        def skip(s: object, length: int, fd: int) -> int:
            calls.append(("skip", length))
            os.lseek(fd, length, os.SEEK_CUR)
            return 0

        fd = os.open(source, os.O_RDONLY)
        try:
            returned = _outcome(lambda: stream.sparseSendAll(data, hole, skip, fd))
        finally:
            os.close(fd)
        stream.finish()
        content = (Path(folder) / "v.img").read_bytes()
        too_much = None
        if lib.__name__ != "libvirt":
            stream = conn.newStream(0)
            vol.upload(stream, 0, 0, lib.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
            too_much = _outcome(lambda: stream.sparseSendAll(lambda s, n, o: b"x" * (n + 1), lambda s, o: [1, 10], lambda s, n, o: 0, None))
    finally:
        pool.destroy()
        conn.close()
    return returned, calls, content, too_much


def test_a_sparse_upload_makes_the_same_calls_and_the_same_volume(ours: ModuleType, storage_uri: tuple[str, str], tmp_path: Path) -> None:
    uri, folder = storage_uri
    expected = _sparse_file(tmp_path / "sparse.img")
    mine = _sparse_upload(ours, uri, folder, tmp_path / "sparse.img")
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    theirs = _sparse_upload(load_reference(), uri, folder, tmp_path / "sparse.img")
    assert mine[2] == theirs[2] == expected
    assert mine[1] == theirs[1]
    assert [c[0] for c in mine[1]] == ["hole", "data", "hole", "skip", "hole", "data", "hole", "skip", "hole", "data"]
    assert mine[1][-2:] == [("hole", 0, 0), ("data", 0)]  # the end: no section left, then an empty piece
    assert (mine[0], theirs[0]) == (("returned", 0), ("returned", None))
    # asked for 10 bytes, given 11: ours refuses (the 11th would follow the next hole); libvirt-python sends them
    assert mine[3] == ("ValueError", None, "sparseSendAll handler returned 11 bytes, more than the 10 asked for")


def test_a_hole_callback_must_return_two_integers(ours: ModuleType, storage_uri: tuple[str, str]) -> None:
    uri, folder = storage_uri
    conn = ours.open(uri)
    pool = conn.storagePoolCreateXML(POOL.format(folder), 0)
    try:
        vol = pool.createXML(VOLUME, 0)
        for answer, error, message in (
            ((1,), TypeError, "^sparseSendAll holeHandler must return a tuple or list of 2 integers, not tuple$"),
            ("10", TypeError, "^sparseSendAll holeHandler must return a tuple or list of 2 integers, not str$"),
            ((1, 1.5), TypeError, "cannot be interpreted as an integer"),
            ((1, 2**63), OverflowError, rf"^sparseSendAll holeHandler returned {2**63}, outside the C type's range {-(2**63)}\.\.{2**63 - 1}$"),
            (-1, RuntimeError, "^sparseSendAll holeHandler returned -1$"),
        ):
            stream = conn.newStream(0)
            vol.upload(stream, 0, 0, ours.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
            with pytest.raises(error, match=message):
                stream.sparseSendAll(lambda s, n, o: b"", lambda s, o, answer=answer: answer, lambda s, n, o: 0, None)
    finally:
        pool.destroy()
        conn.close()


def _screenshot(lib: ModuleType) -> tuple[bytes, str]:
    conn = lib.open(URI)
    try:
        stream = conn.newStream(0)
        mime = conn.lookupByName("test").screenshot(stream, 0, 0)
        got: list[bytes] = []
        stream.recvAll(lambda s, data, o: o.append(data), got)
        stream.finish()
        return b"".join(got), mime
    finally:
        conn.close()


def test_recv_all_of_the_test_drivers_screenshot(ours: ModuleType) -> None:
    require(SCREENSHOT.is_file(), f"{SCREENSHOT} (Debian package libvirt0)")
    assert _screenshot(ours) == _screenshot(load_reference()) == (SCREENSHOT.read_bytes(), "image/png")


@pytest.fixture
def screenshot(ours: ModuleType) -> Iterator[tuple[Any, Any]]:
    """A connection to the test driver, and a stream its screenshot() is being sent through."""
    require(SCREENSHOT.is_file(), f"{SCREENSHOT} (Debian package libvirt0)")
    conn = ours.open(URI)
    try:
        stream = conn.newStream(0)
        conn.lookupByName("test").screenshot(stream, 0, 0)
        yield conn, stream
    finally:
        conn.close()


def test_ctrl_c_in_a_handler_aborts_and_reaches_the_caller(ours: ModuleType, screenshot: tuple[Any, Any]) -> None:
    conn, stream = screenshot
    calls: list[int] = []

    def interrupted(s: object, data: bytes, o: object) -> None:
        calls.append(len(data))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stream.recvAll(interrupted, None)
    assert len(calls) == 1  # libvirt stopped at the first -1
    with pytest.raises(ours.libvirtError, match="stream is not open"):
        stream.recv(10)  # aborted, as libvirt-python's recvAll leaves it
    assert conn.lookupByName("test").name() == "test"  # the connection goes on


INTERRUPTED = """\
import os, signal, sys, threading
sys.path.insert(0, sys.argv[1])
import libvirt_ctypes as lib
conn = lib.open(sys.argv[2])
pool = conn.storagePoolCreateXML(sys.argv[3], 0)
vol = pool.createXML("<volume><name>big</name><capacity>1073741824</capacity><allocation>0</allocation></volume>", 0)
stream = conn.newStream(0)
vol.download(stream, 0, 0, 0)
got = [0]
inner = []


def count(s, data, o):
    got[0] += len(data)
    if sys.argv[4] == "nested" and not inner:  # a loop inside the first callback: Ctrl-C lands in it
        inner.append(conn.newStream(0))
        vol.download(inner[0], 0, 0, 0)
        inner[0].recvAll(lambda s, data, o: None, None)


threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    print("returned", stream.recvAll(count, None), got[0])
except KeyboardInterrupt:
    print("KeyboardInterrupt", got[0])
    try:
        stream.recv(10)
    except lib.libvirtError as error:
        print("then", error.get_error_message())
pool.destroy()
"""


@pytest.mark.parametrize("mode", ["flat", "nested"])
def test_ctrl_c_from_outside_reaches_the_caller_and_aborts(package_folder: Path, storage_uri: tuple[str, str], tmp_path: Path, mode: str) -> None:
    """QA (session 23): a real SIGINT arriving while libvirt's loop ran in C was raised on entering the thunk's
    Python function, before its try: ctypes printed it and gave libvirt an undefined return, so recvAll returned 0
    with bytes missing.  Signal handlers are deferred into the thunk now; in a loop run by another's callback
    ("nested") the inner loop is aborted first, and the exception aborts the outer one in turn."""
    uri, folder = storage_uri
    script = tmp_path / "interrupted.py"
    script.write_text(INTERRUPTED, encoding="utf-8")
    command = [sys.executable, str(script), str(package_folder), uri, POOL.format(folder), mode]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    words = done.stdout.split()
    assert words[:1] == ["KeyboardInterrupt"], (done.stdout, done.stderr)
    assert 0 <= int(words[1]) < 1 << 30
    assert "stream is not open" in done.stdout or "stream is closed" in done.stdout, done.stdout
    assert "Exception ignored" not in done.stderr, done.stderr


def test_closing_the_stream_in_its_own_handler_leaves_libvirts_loop_its_reference(screenshot: tuple[Any, Any]) -> None:
    """QA (session 23): ``stream.close()`` in the handler freed the C stream under libvirt's loop (valgrind: invalid
    reads; Python saw "invalid stream pointer").  The call holds a reference of its own: the loop ends normally."""
    _, stream = screenshot
    sizes: list[int] = []

    def close_then_count(s: Any, data: bytes, o: object) -> None:
        s.close()
        sizes.append(len(data))

    assert stream.recvAll(close_then_count, None) == 0
    assert sum(sizes) == SCREENSHOT.stat().st_size
    assert stream.c_pointer() == 0  # closed by the handler: the call's reference was the last


class _Refusing:
    def __call__(self, s: object, data: bytes, o: object) -> None:
        raise ValueError("refused")


def test_a_failed_loop_leaves_no_cycle_and_no_libvirt_error(ours: ModuleType) -> None:
    """QA (session 23): the error's traceback reached the thunk's list holding the error, so the handler and the
    stream waited for the garbage collector; and libvirt's own "recv handler failed" stayed the thread's last error,
    where libvirt-python leaves none."""
    import gc
    import weakref

    require(SCREENSHOT.is_file(), f"{SCREENSHOT} (Debian package libvirt0)")
    conn = ours.open(URI)
    gc.disable()
    try:
        stream = conn.newStream(0)
        conn.lookupByName("test").screenshot(stream, 0, 0)
        handler = _Refusing()
        watched = [weakref.ref(handler), weakref.ref(stream)]
        with pytest.raises(ValueError, match="refused"):
            stream.recvAll(handler, None)
        assert ours.virGetLastError() is None
        del handler, stream
        assert [ref() for ref in watched] == [None, None]
    finally:
        gc.enable()
        conn.close()


MYPY_SCRIPT = """\
from libvirt_ctypes import open, virStream


def sink(stream: virStream, data: bytes, chunks: list[bytes]) -> None: ...
def source(stream: virStream, nbytes: int, pieces: list[bytes]) -> bytes | None: ...
def hole(stream: virStream, length: int, chunks: list[bytes]) -> int:
    return 0


def where(stream: virStream, pieces: list[bytes]) -> tuple[int, int]:
    return (1, 10)


stream = open("test:///default").newStream()
stream.recvAll(sink, [])
stream.sendAll(source, [b"data"])
stream.sparseRecvAll(sink, hole, [])
stream.sparseSendAll(source, where, lambda s, n, o: 0, [b"data"])
stream.recvAll(source, [])
stream.sendAll(sink, [])
stream.sparseRecvAll(sink, hole, None)
stream.sparseSendAll(source, hole, lambda s, n, o: 0, [b"data"])
"""


def test_mypy_checks_the_callbacks(package_folder: Path, tmp_path: Path) -> None:
    """A source given as a sink (its data is bytes, not an int), a sink as a source (it returns None, not bytes)
    and an opaque of another type than the callbacks take are errors; the right calls pass."""
    script = tmp_path / "loops.py"
    script.write_text(MYPY_SCRIPT, encoding="utf-8")
    errors, printed = mypy_errors(script, package_folder)
    assert sorted({int(line.split(":")[1]) for line in errors}) == [19, 20, 21, 22], printed
