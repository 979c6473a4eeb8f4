"""Helpers for the RPC tests: a private libvirtd, the generated client as a module, a fake server.

The daemon runs as whoever runs the tests, root or not: its unix sockets in
a temporary folder, no TCP, ``LIBVIRT_DRIVER_DIR`` pointing at an empty
folder (the test driver is built into libvirt.so), stopped by its own PID
with TERM (KILL after 5 s) whatever happens in the test.

Root is not needed: an unprivileged libvirtd takes
the same ``-f`` file (no option in it is root-only: no ``unix_sock_group``)
and the same ``-p`` pid file, and serves the test driver alike; it only
opens no read-only or admin socket, which no test uses.  What it would
otherwise write into the user's home is sent into the temporary folder:
``XDG_RUNTIME_DIR`` (its run folder, ``libvirt/common/system.token``; unset,
that falls back to ``~/.cache/libvirt``), ``XDG_CONFIG_HOME``,
``XDG_CACHE_HOME``, ``XDG_DATA_HOME``, ``XDG_STATE_HOME`` and ``HOME``.  An
unprivileged daemon also ties itself to the D-Bus session bus (it quits
when that bus goes away, and with ``$DISPLAY`` set and no bus address GLib
would autolaunch a bus daemon nobody stops), so ``DBUS_SESSION_BUS_ADDRESS``
names a socket that does not exist: the daemon logs that it has no session
bus and carries on.  As root the daemon ignores these variables; its run
folder is then the compiled-in ``/run/libvirt``, the one place outside the
temporary folder it touches.

The daemon's folder, and each fake server's or test proxy's socket, is a
folder of its own directly under ``/tmp`` (:func:`short_folder`), whatever
``$TMPDIR`` or pytest's ``tmp_path`` say: a unix socket's path holds at most
107 bytes, and libvirtd splits its ``log_outputs`` setting at spaces, so a
long ``$TMPDIR``, or one with a space, would fail those tests.  URIs name a socket through
:func:`socket_uri`: its path percent-encoded, as libvirt's ``virURIParseParams``
and the generated client's ``_query_params`` both decode query values (and
``+`` stays ``+`` for both), so a path with a space, ``+``, ``%``, ``#`` or
``&`` reaches the socket it names.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import os
import pwd
import re
import shutil
import socket
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import tokenize
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import pytest
from conftest import require

from generator.backends import rpc
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.model import Api
from generator.rpc.data import DATA_FILE, Facts, load_facts
from generator.rpc.rules import plan

LIBVIRTD = Path("/usr/sbin/libvirtd")
# libvirt-daemon's loadable drivers, in Debian's multiarch library folder (x86_64-linux-gnu, aarch64-linux-gnu, ...)
DRIVER_MODULES = Path("/usr/lib") / (sysconfig.get_config_var("MULTIARCH") or "") / "libvirt" / "connection-driver"
SOCKET_ROOT = "/tmp"  # short, with no space: see the module docstring


def uri_quote(path: Path | str) -> str:
    """``path`` as a URI query value: percent-encoded, '/' kept (both decoders read every ``%XX``)."""
    return quote(str(path), safe="/")


def socket_uri(path: Path | str, base: str = "test+unix:///default") -> str:
    """The URI ``base`` with ``?socket=`` naming ``path`` whatever characters it holds."""
    return f"{base}?socket={uri_quote(path)}"


@contextmanager
def short_folder(prefix: str = "vag-") -> Iterator[Path]:
    """A new private folder under ``/tmp`` for sockets, removed with what is in it when the block ends."""
    folder = Path(tempfile.mkdtemp(dir=SOCKET_ROOT, prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Daemon:
    folder: Path
    socket: Path
    pid: int

    @property
    def uri(self) -> str:
        return socket_uri(self.socket)

    def log(self) -> str:
        path = self.folder / "libvirtd.log"
        return path.read_text(errors="replace") if path.is_file() else ""


def require_daemon() -> None:
    require(LIBVIRTD.is_file(), f"{LIBVIRTD} (apt-get install libvirt-daemon)")


def daemon_environment(folder: Path) -> dict[str, str]:
    """The caller's environment with every per-user folder the daemon uses inside ``folder``."""
    home = folder / "home"
    return dict(
        os.environ,
        LIBVIRT_DRIVER_DIR=str(folder / "nodrivers"),
        HOME=str(home),
        XDG_RUNTIME_DIR=str(home / "run"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={folder / 'no-session-bus'}",
    )


def _config(folder: Path) -> str:
    sock = folder / "sock"
    return "\n".join(
        [
            f'unix_sock_dir = "{sock}"',
            'unix_sock_rw_perms = "0700"',
            'unix_sock_ro_perms = "0700"',
            'unix_sock_admin_perms = "0700"',
            'auth_unix_rw = "none"',
            'auth_unix_ro = "none"',
            "listen_tcp = 0",
            "listen_tls = 0",
            f'log_outputs = "3:file:{folder / "libvirtd.log"}"',
            "",
        ]
    )


def _wait_for_socket(path: Path, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if path.exists():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
                return True
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.02)
    return False


@contextmanager
def private_libvirtd(user: str | None = None, drivers: tuple[str, ...] = ()) -> Iterator[Daemon]:
    """A private libvirtd run as the caller, or as ``user`` when the caller is root.

    ``user`` lets a run as root (CI) check the unprivileged set-up that a
    maintainer's own runs get; the folder is then handed to that user.
    ``drivers`` names the loadable connection drivers it gets besides the
    built-in test driver (``("secret",)``: libvirt_driver_secret.so, linked
    into its ``LIBVIRT_DRIVER_DIR``).
    """
    require_daemon()
    modules = [DRIVER_MODULES / f"libvirt_driver_{name}.so" for name in drivers]
    for module in modules:
        require(module.is_file(), f"{module} (apt-get install libvirt-daemon)")
    folder = Path(tempfile.mkdtemp(dir=SOCKET_ROOT, prefix="vag-libvirtd-"))
    for name in ("sock", "nodrivers", "home"):
        (folder / name).mkdir(mode=0o700)  # home/ holds XDG_RUNTIME_DIR, which must be the user's alone
    for module in modules:
        (folder / "nodrivers" / module.name).symlink_to(module)
    conf = folder / "libvirtd.conf"
    conf.write_text(_config(folder), encoding="utf-8")
    uid, gid, groups = (None, None, None) if user is None else _hand_over(folder, user)
    env = daemon_environment(folder)
    argv = [str(LIBVIRTD), "-f", str(conf), "-p", str(folder / "libvirtd.pid")]
    with open(folder / "stderr", "wb") as stderr:
        process = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, start_new_session=True, user=uid, group=gid, extra_groups=groups
        )
    daemon = Daemon(folder, folder / "sock" / "libvirt-sock", process.pid)
    try:
        if not _wait_for_socket(daemon.socket, process, 10.0):
            raise RuntimeError(f"libvirtd did not come up:\n{(folder / 'stderr').read_text(errors='replace')}\n{daemon.log()}")
        yield daemon
    finally:
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _hand_over(folder: Path, user: str) -> tuple[int, int, list[int]]:
    """Give ``folder`` and what is in it to ``user`` (only root may); the daemon's uid, gid and groups."""
    account = pwd.getpwnam(user)
    for path in (folder, *folder.iterdir()):
        os.chown(path, account.pw_uid, account.pw_gid)
    return account.pw_uid, account.pw_gid, []  # no supplementary groups: root's are not the user's


def _stop(process: subprocess.Popen[bytes]) -> None:
    """TERM the daemon by its own PID; KILL it if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


# --- the C stubs, compiled as libvirt's build compiles them ---------------------------------------------

STUB_DIR = Path(__file__).parent / "rpc_c"  # remote_internal_stub.h: stand-ins for libvirt's daemon and driver helpers
# libvirt's build (meson.build) warns with -Wextra (so -Wunused-parameter) and fails on any warning;
# it turns off -Wcast-function-type ("We do 'bad' function casts all the time"), which its own
# generated (xdrproc_t)xdr_void casts would trip, and so do ours, written the same way.
LIBVIRT_CFLAGS = ["-Wall", "-Wextra", "-Wno-cast-function-type", "-Werror"]
STUB_CFLAGS = [*LIBVIRT_CFLAGS, "-I/usr/include/tirpc", f"-I{STUB_DIR}", "-I.", "-c"]


def require_c_tools() -> None:
    require(Path("/usr/bin/rpcgen").is_file(), "rpcgen (apt-get install rpcsvc-proto)")
    require(Path("/usr/include/tirpc/rpc/xdr.h").is_file(), "libtirpc-dev")
    require(Path("/usr/include/libvirt/libvirt.h").is_file(), "libvirt-dev")


def compile_stubs(
    files: dict[str, str], bodies: list[str], folder: Path, defines: tuple[str, ...] = (), prototypes: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """rpcgen's header for the .x, then the two generated headers after the stand-ins (and ``prototypes``:
    functions libvirt.h does not declare), each static client body referenced as libvirt's driver table
    does; gcc's answer."""
    (folder / "remote_protocol.x").write_text(files["remote_protocol.x"], encoding="utf-8")
    subprocess.run(["rpcgen", "-h", "-o", "remote_protocol.h", "remote_protocol.x"], cwd=folder, check=True, capture_output=True)
    for name in ("remote_client_bodies.h", "remote_dispatch_stubs.h"):
        (folder / name).write_text(files[name], encoding="utf-8")
    unit = [
        *[f"#define {d}" for d in defines],
        '#include "remote_internal_stub.h"',
        *[f"{p};" for p in prototypes],
        '#include "remote_client_bodies.h"',
        '#include "remote_dispatch_stubs.h"',
        "typedef void (*any_function)(void);",
        "const any_function client_bodies[] = {",
        *[f"    (any_function){name}," for name in bodies],
        "};",
    ]
    (folder / "stubs.c").write_text("\n".join(unit) + "\n", encoding="utf-8")
    return subprocess.run(["gcc", *STUB_CFLAGS, "stubs.c"], cwd=folder, capture_output=True, text=True)


def load_client(api: Api, folder: Path, name: str = "libvirt_remote") -> ModuleType:
    """Render the client for ``api`` into ``folder`` and import it under a private name."""
    path = folder / f"{name}.py"
    path.write_text(rpc.render(api)["libvirt_remote.py"], encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclass-free module, but annotations resolve through sys.modules
    spec.loader.exec_module(module)
    return module


def sample_client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> ModuleType:
    """The client for the sample tree, under the private ``name``: what a test module's ``client`` fixture returns."""
    return load_client(load_tree(sample_tree).api, tmp_path_factory.mktemp("client"), name)


def raised_error(lib: ModuleType, action: Callable[[], object]) -> tuple[object, ...]:
    """The error tuple (``err``) of the ``libvirtError`` that ``action`` must raise."""
    try:
        action()
    except lib.libvirtError as error:
        return tuple(error.err)
    raise AssertionError("no error raised")


# --- the packets a fake server sends ----------------------------------------------


HEADER = struct.Struct(">IIIiiIi")  # length, program, version, procedure, type, serial, status


AUTH_NONE_LIST = b"\0\0\0\x01\0\0\0\0"  # remote_auth_list_ret: one type, REMOTE_AUTH_NONE


# a remote_error: code 1, domain 0, message "refused", level 2, nothing else
REFUSED = struct.pack(">ii", 1, 0) + b"\0\0\0\x01\0\0\0\x07refused\0" + struct.pack(">i", 2) + bytes(16) + bytes(8) + bytes(4)


def reply_to(call: bytes, body: bytes = b"", status: int = 0) -> bytes:
    """The REPLY (type 1) to ``call``: its program, version, procedure and serial, with ``status`` and ``body``."""
    _, program, version, procedure, _, serial, _ = HEADER.unpack_from(call)
    return HEADER.pack(28 + len(body), program, version, procedure, 1, serial, status) + body


# --- a fake server that misbehaves on purpose ----------------------------------------------


@dataclass
class FakeServer:
    path: Path
    thread: threading.Thread
    listener: socket.socket
    received: list[bytes]

    def close(self) -> None:
        """Stop listening and wait for the thread: on Linux close() alone does not wake an accept()
        (the thread would outlive the test, and ``background.may_fork()`` would refuse for the session)."""
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        with suppress(OSError):
            self.listener.close()
        self.thread.join(5)


def read_call(conn: socket.socket) -> bytes:
    """One whole CALL message as the client sent it."""
    head = _recv_exactly(conn, 4)
    length = int.from_bytes(head, "big")
    return head + _recv_exactly(conn, length - 4)


def open_then_silent(conn: socket.socket, received: list[bytes]) -> None:
    """A fake daemon's behaviour: answer AUTH_LIST and CONNECT_OPEN, then read every later call and answer none
    (until the client hangs up): a call that times out once sent."""
    for _ in range(2):
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST if HEADER.unpack_from(call)[3] == 66 else b""))
    while True:
        received.append(read_call(conn))


def _recv_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


@contextmanager
def fake_server(behave: Callable[[socket.socket, list[bytes]], None], name: str = "fake-sock") -> Iterator[FakeServer]:
    """Listen on a unix socket ``name`` in a short folder of its own; ``behave(conn, received)`` talks to the one client."""
    with short_folder() as folder:
        path = folder / name
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(1)
        received: list[bytes] = []

        def serve() -> None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn, suppress(OSError, ConnectionError):
                behave(conn, received)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        server = FakeServer(path, thread, listener, received)
        try:
            yield server
        finally:
            server.close()


# --- a fake daemon answering by procedure, for any number of clients ----------------------------------------------

Answer = Callable[[bytes], tuple[bytes, int] | None]  # a call -> (reply body, status), or None to hang up


def xdr_string(data: bytes) -> bytes:
    """``data`` as an XDR string: its length, the bytes, zero padding to four."""
    return struct.pack(">I", len(data)) + data + bytes(-len(data) % 4)


DOMAIN_TEST = xdr_string(b"test") + bytes(16) + struct.pack(">i", 1)  # remote_nonnull_domain "test", id 1

# what libvirt.so's remote driver asks while opening and closing (AUTH_LIST: "none"; CONNECT_SUPPORTS_FEATURE
# (60): yes), and a domain "test" for DOMAIN_LOOKUP_BY_NAME (23): enough for our client and libvirt-python alike
BASIC_ANSWERS: dict[int, Answer] = {
    66: lambda call: (AUTH_NONE_LIST, 0),
    1: lambda call: (b"", 0),
    2: lambda call: (b"", 0),
    60: lambda call: (struct.pack(">i", 1), 0),
    23: lambda call: (DOMAIN_TEST, 0),
}


@dataclass
class AnsweringServer:
    path: Path
    procedures: list[int]  # every call's procedure number, in the order the calls came, all clients together

    @property
    def uri(self) -> str:
        return socket_uri(self.path)


@contextmanager
def answering_server(answers: dict[int, Answer], default: Answer | None = None) -> Iterator[AnsweringServer]:
    """A fake daemon that answers each call by its procedure (``answers``, else ``default``, else
    hangs up), for as many clients as connect (our client and libvirt-python in turn)."""
    with short_folder() as folder:
        path = folder / "answering-sock"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(8)
        server = AnsweringServer(path, [])
        connections: list[socket.socket] = []
        threads: list[threading.Thread] = []

        def talk(conn: socket.socket) -> None:
            with conn, suppress(OSError, ConnectionError):
                while True:
                    call = read_call(conn)
                    procedure = HEADER.unpack_from(call)[3]
                    server.procedures.append(procedure)
                    answer = answers.get(procedure, default)
                    reply = None if answer is None else answer(call)
                    if reply is None:
                        return
                    conn.sendall(reply_to(call, *reply))

        def serve() -> None:
            with suppress(OSError):
                while True:
                    conn, _ = listener.accept()
                    connections.append(conn)
                    threads.append(threading.Thread(target=talk, args=(conn,), daemon=True))
                    threads[-1].start()

        acceptor = threading.Thread(target=serve, daemon=True)
        acceptor.start()
        try:
            yield server
        finally:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
            acceptor.join(5)
            for conn in connections:
                with suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            for thread in threads:
                thread.join(5)


def error_body(
    code: int, domain: int, message: bytes | None, level: int = 2, str1: bytes | None = None, int1: int = 0, present: int = 1, int2: int = 0
) -> bytes:
    """A remote_error: ``present`` is the message's optional-data flag (1, or any other non-zero a peer may send)."""

    def optional(text: bytes | None, flag: int = 1) -> bytes:
        return b"\0\0\0\0" if text is None else struct.pack(">I", flag) + xdr_string(text)

    head = struct.pack(">ii", code, domain) + optional(message, present) + struct.pack(">i", level) + b"\0\0\0\0"  # no domain
    return head + optional(str1) + b"\0\0\0\0" * 2 + struct.pack(">ii", int1, int2) + b"\0\0\0\0"  # str2-3, int1-2, no network


# --- the client of an edited data file ---------------------------------------------------------------


def unused_private_names(client: str) -> list[str]:
    """The module's top-level private names (not dunders) that no other top-level statement reads."""
    body = ast.parse(client).body
    read = [{node.id for node in ast.walk(statement) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)} for statement in body]
    unused = []
    for index, statement in enumerate(body):
        if isinstance(statement, ast.FunctionDef | ast.ClassDef):
            names = [statement.name]
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)]
        else:
            continue
        for name in names:
            if name.startswith("_") and not name.startswith("__") and not any(name in seen for i, seen in enumerate(read) if i != index):
                unused.append(name)
    return unused


def unused_reader_methods(client: str) -> list[str]:
    """The methods of the client's ``_Reader`` (not dunders) that nothing in the module calls as ``.name``."""
    tree = ast.parse(client)
    reader = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "_Reader")
    methods = [node.name for node in reader.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("__")]
    called = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)}
    return [name for name in methods if name not in called]


def edited_facts(*edits: tuple[str, str]) -> Facts:
    """The data file with each ``(old, new)`` text edit made, as a user edits its ``[scope]`` or a
    procedure's table (docs/rpc.md); each ``old`` must be there, once."""
    text = DATA_FILE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_facts(text)


def render_edited(api: Api, facts: Facts) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """The four files and the diagnostics, as ``generate --only rpc`` makes them, for ``facts``."""
    the_plan = plan(api, facts=facts)
    return rpc._render_plan(api, the_plan), rpc._notes(api, the_plan)


def ruff_findings(path: Path) -> str:
    """What ``ruff check`` with the project's configuration says of ``path`` ("" when it is clean)."""
    beside = Path(sys.executable).parent / "ruff"
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    require(found is not None, "ruff (beside the Python running the tests, or on PATH)")
    config = str(Path(__file__).resolve().parent.parent / "pyproject.toml")
    result = subprocess.run([str(found), "check", "--no-cache", "--config", config, str(path)], capture_output=True, text=True, check=False)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def import_client(text: str, folder: Path, name: str) -> ModuleType:
    """``text`` written to ``folder/name.py`` and imported under the private ``name``."""
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def dangling_references(client: str) -> list[tuple[int, str]]:
    """The private names the module's comments and docstrings point at (``see _name_of``,
    ``_Reader.string``) that it does not define, with their lines.  A name is defined at the top level,
    in a class (a method, a class attribute, a slot or a ``self.`` attribute), ``A.b`` when class ``A``
    defines ``b``; ``_past_<struct>`` stands for a family of names, and ``_of`` for the names ending so."""
    tree = ast.parse(client)
    top = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    top |= {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
    members: dict[str, set[str]] = {}
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        own = members.setdefault(cls.name, set())
        for node in ast.walk(cls):
            if isinstance(node, ast.FunctionDef):
                own.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                own.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                own.add(node.value)  # __slots__
    anywhere = top.union(*members.values())
    dangling = []
    for token in tokenize.generate_tokens(io.StringIO(client).readline):
        if token.type != tokenize.COMMENT and not (token.type == tokenize.STRING and token.string.startswith('"""')):
            continue
        for match in re.finditer(r"(?<![\w.])(_[A-Za-z]\w*)(?:\.(\w+))?(<?)", token.string):
            name, member, family = match.groups()
            if family:
                continue
            if member:
                known = member in members.get(name, set()) or (name not in members and name in anywhere)
            else:
                known = name in anywhere or any(defined.endswith(name) and defined != name for defined in top)
            if not known:
                dangling.append((token.start[0] + token.string[: match.start()].count("\n"), match.group(0)))
    return dangling
