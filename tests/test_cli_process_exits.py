"""How the CLI process ends when it is cancelled or cannot start: a SIGINT or
SIGTERM (even one Python 3.11 wraps in a RuntimeError, or one landing in the
final flush) exits 130/143 without a traceback, a forked child whose parent is
killed outright stops, and a missing pycparser is one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO


def test_a_missing_pycparser_is_one_line_without_a_thread_traceback(tmp_path: Path) -> None:
    """QA: the thread importing pycparser ahead printed its ModuleNotFoundError before the CLI's one-line message."""
    import os
    import subprocess
    import sys

    script = "import sys; sys.modules['pycparser'] = None; sys.argv = ['virt-apigen', 'api', '-o', 'out']\nfrom generator.fastpath import run; run()"
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stderr) == (1, "virt-apigen: error: the Python package 'pycparser' is missing: install jinja2, markupsafe, pycparser\n")
    assert not (tmp_path / "out").exists()


SIGTERM_AT_FLUSH = """
import os, signal, sys
from generator import fastpath
class Out:
    def __init__(self, stream):
        self.stream = stream
    def write(self, text):
        return self.stream.write(text)
    def flush(self):
        os.kill(os.getpid(), signal.SIGTERM)  # the cancel lands after the work, in the final flush
        return self.stream.flush()
sys.argv = ["virt-apigen", "api", "-o", "out"]
real = fastpath.main
def main(*args):
    code = real(*args)
    sys.stdout = Out(sys.stdout)
    return code
fastpath.main = main
fastpath.run()
"""


def test_a_sigterm_in_the_final_flush_exits_143_without_a_traceback(tmp_path: Path) -> None:
    """QA: a cancel landing after main() returned, in the final flush, gave a traceback and exit 1."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", SIGTERM_AT_FLUSH], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert (done.returncode, "Traceback" in done.stderr) == (143, False)
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


# --- a cancel that Python 3.11 wraps in a RuntimeError --------------------------------------------

SHIM = """
import dataclasses, os, runpy, signal, sys
real = dataclasses.Field.__set_name__
sent = getattr(signal, sys.argv.pop(1))
def set_name(self, owner, name):
    if owner.__name__ == "ScannedFile" and name == "_by_name":  # while frontend/scanner.py is imported, mid-run
        os.kill(os.getpid(), sent)
    return real(self, owner, name)
dataclasses.Field.__set_name__ = set_name
sys.argv[0] = "generator"
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(("signal_name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_cancel_while_a_dataclass_is_made_is_a_cancel(tmp_path: Path, signal_name: str, status: int) -> None:
    """QA (a flaky CI test): Python 3.11 raises a cancel landing in a dataclass field's __set_name__ as
    "RuntimeError: Error calling __set_name__", so the run printed a traceback and exited 1."""
    (tmp_path / "shim.py").write_text(SHIM, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "shim.py", signal_name, "api", "-o", "out"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (status, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shim.py"]


def test_cancel_behind_follows_causes_only() -> None:
    from generator.fastpath import Terminated, cancel_behind

    interrupt = Terminated()
    wrapped = RuntimeError("Error calling __set_name__")
    wrapped.__cause__ = interrupt
    twice = RuntimeError("outer")
    twice.__cause__ = wrapped
    assert cancel_behind(wrapped) is interrupt and cancel_behind(twice) is interrupt
    during = RuntimeError("a fault while the interrupt was handled")
    during.__context__ = KeyboardInterrupt()
    assert cancel_behind(during) is None
    looped = RuntimeError("a")
    other = RuntimeError("b")
    looped.__cause__, other.__cause__ = other, looped
    assert cancel_behind(looped) is None


ORPHAN = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from generator.background import Background
work = Background(lambda: time.sleep(60))  # the child works for a minute
print(work.pid, flush=True)
time.sleep(60)
"""


def test_a_child_whose_parent_is_killed_outright_stops(tmp_path: Path) -> None:
    """SIGKILL (or the OOM killer) gives the parent no chance to cancel its forked child, which parsed on for minutes."""
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(REPO)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert child > 0, "the work was not forked"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        end = time.monotonic() + 5
        while time.monotonic() < end and Path(f"/proc/{child}").exists() and "Z" not in _state(child):
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the orphaned child still runs"
    finally:
        if parent.poll() is None:
            parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
