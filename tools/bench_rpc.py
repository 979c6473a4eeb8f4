"""``make bench`` rows for the RPC backend.

* Per-call latency through one private libvirtd (test driver, unix socket):
  the generated pure-Python client vs libvirt.so's remote driver (through
  libvirt-python 9.0.0), both connected to the same daemon in the same run,
  batches interleaved so drift hits both alike (the median of three times
  as many batches as the other rows' runs: the daemon's round trip is
  noisier than the difference between the clients).  ``getXMLDesc`` of one
  checkpoint and ``listAllCheckpoints`` with 50 checkpoints.  Goal <= 1.0.
* Generation time for the same procedures: ``virt-apigen generate --only rpc``
  on the libvirt tree (cold: the whole model is parsed) vs
  ``src/rpc/gendispatch.pl`` in client and server mode over a protocol file
  holding the same procedures (ours), as libvirt's build runs it; plus our
  render step alone, in-process, on a model already loaded.

Needs /usr/sbin/libvirtd for the latency rows (as any user: the private
daemon of ``tests/rpc_support.py`` runs unprivileged too); without it the
rows say why they are missing instead of failing the whole bench.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench import measure, our_command  # noqa: E402

CHECKPOINTS = 50
CALLS_PER_BATCH = 500


def _per_call(action: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - start) / calls


def _interleaved(ours: Callable[[], object], theirs: Callable[[], object], runs: int) -> tuple[float, float]:
    for action in (ours, theirs):  # warm both paths
        _per_call(action, 50)
    mine, other = [], []
    for _ in range(runs):
        mine.append(_per_call(ours, CALLS_PER_BATCH))
        other.append(_per_call(theirs, CALLS_PER_BATCH))
    return statistics.median(mine), statistics.median(other)


def _latency_row(label: str, ours: float, theirs: float) -> str:
    return f"{label:<34} ours {ours * 1e6:8.1f} us  theirs {theirs * 1e6:8.1f} us  ratio {ours / theirs:5.2f} (goal <= 1.00)"


def bench_latency(runs: int) -> list[str]:
    if not Path("/usr/sbin/libvirtd").is_file():
        return ["rpc: latency rows skipped (need /usr/sbin/libvirtd)"]
    try:
        import libvirt  # type: ignore[import-not-found]
    except ImportError:
        return ["rpc: latency rows skipped (libvirt-python not installed in this Python)"]
    from rpc_support import load_client, private_libvirtd

    from generator.frontend import load_tree

    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-rpc-"))
    try:
        client = load_client(load_tree(REPO / "generator" / "sample").api, scratch, "libvirt_remote_bench")
        with private_libvirtd() as daemon, client.open(daemon.uri) as conn:
            theirs_conn = libvirt.open(daemon.uri)
            try:
                dom = conn.lookupByName("test")
                for index in range(CHECKPOINTS):  # the test driver shares this state with every connection
                    dom.checkpointCreateXML(f"<domaincheckpoint><name>cp{index:02d}</name></domaincheckpoint>")
                their_dom = theirs_conn.lookupByName("test")
                ours_cp, theirs_cp = dom.checkpointLookupByName("cp00"), their_dom.checkpointLookupByName("cp00")
                assert len(dom.listAllCheckpoints()) == len(their_dom.listAllCheckpoints()) == CHECKPOINTS
                # three times the bench's runs: a round trip through the daemon varies by a few us
                # from batch to batch (one batch is ~25 ms), more than the two clients differ
                xml = _interleaved(ours_cp.getXMLDesc, theirs_cp.getXMLDesc, 3 * runs)
                listed = _interleaved(dom.listAllCheckpoints, their_dom.listAllCheckpoints, 3 * runs)
            finally:
                theirs_conn.close()
        return [_latency_row("rpc: getXMLDesc via libvirtd", *xml), _latency_row(f"rpc: listAllCheckpoints ({CHECKPOINTS})", *listed)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench_generation(tree: Path, runs: int) -> list[str]:
    gendispatch = tree / "src" / "rpc" / "gendispatch.pl"
    if not gendispatch.is_file() or shutil.which("perl") is None:
        return ["rpc: generation row skipped (needs perl and src/rpc/gendispatch.pl)"]
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-rpcgen-"))
    try:
        out = scratch / "out"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        ours_argv = [*our_command(), "generate", "--srcdir", str(tree), "--only", "rpc", "-o", str(out)]
        stamp = str(out / ".virt-apigen-stamp.json")
        ours = measure(ours_argv, runs, before=[stamp], env=env)
        protocol = out / "rpc" / "remote_protocol.x"
        script = " && ".join(f'perl "{gendispatch}" --mode={mode} remote REMOTE "{protocol}" >/dev/null' for mode in ("client", "server"))
        theirs = measure(["sh", "-c", script], runs)
        full_x = tree / "src" / "remote" / "remote_protocol.x"
        script_all = script.replace(str(protocol), str(full_x))
        theirs_all = measure(["sh", "-c", script_all], runs)
        render = _render_only(tree, runs)
        return [
            f"{'rpc: generate, cold (8 procedures)':<34} ours {ours.median * 1000:8.1f} ms  gendispatch.pl client+server "
            f"{theirs.median * 1000:8.1f} ms  ratio {ours.median / theirs.median:5.2f}  (gendispatch on all 443: {theirs_all.median * 1000:.1f} ms)",
            f"{'rpc: render step alone':<34} ours {render * 1000:8.1f} ms  (model already loaded; ratio to gendispatch {render / theirs.median:5.2f})",
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _render_only(tree: Path, runs: int) -> float:
    from generator.backends import rpc
    from generator.frontend import load_tree

    api = load_tree(tree).api
    remote_protocol = (tree / "src" / "remote" / "remote_protocol.x").read_text(encoding="utf-8")
    rpc.render(api, remote_protocol)  # templates compiled once, as in a CLI run
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        rpc.render(api, remote_protocol)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(tree: Path, runs: int) -> list[str]:
    return bench_latency(runs) + bench_generation(tree, runs)


if __name__ == "__main__":
    for line in bench(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / ".cache" / "libvirt-9.0.0", 5):
        print(line)
