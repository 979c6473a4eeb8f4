"""``make bench``: our pipeline against the libvirt tool it replaces, same input, same run.

A benchmark, not a test: it prints figures and ratios and fails only when a
command itself fails.  Each command runs in its own process; the figure is
the median wall time over ``--runs`` runs and the largest peak RSS
(``ru_maxrss`` of that process, from ``wait4``).  Linux carries the peak of
the memory a process had before ``exec`` into that figure, and subprocess
starts a child with ``vfork`` (the parent's memory): a child's figure is at
least this script's own peak.  So a peak no higher than ours is unknown,
shown as such (it would be this script's, not the command's).

Rows:
* ``api``: ``virt-apigen api`` (cold: stamp removed) vs ``scripts/apibuild.py``
  of the same tree, both writing the four API XML files.
* ``api, unchanged inputs``: a rerun of ours that finds nothing to do; it
  must rewrite no file (mtimes checked).
* ``api: no template cache``: the cold run with ``VIRT_APIGEN_CACHE_DIR=off``,
  as on a machine's very first run: compiled templates are kept between
  runs (generator/templating.py) in a folder this bench makes and removes.
* ``api: floor, cpp + pycparser``: what no schedule of ours can go below:
  preprocessing the tree's headers and pycparser's parse of them, in one
  warm process (imports done, gc off), as a share of apibuild.py's run.
* one or more rows from each ``tools/bench_<name>.py`` (HTML, check, ...):
  a module with ``bench(tree: Path, runs: int) -> list[str]``, run in name order.

The package's ``.pyc`` files are refreshed first, as installing a wheel
does: with ``PYTHONDONTWRITEBYTECODE=1`` in the environment Python never
rewrites a stale one, and every timed run would compile the edited modules
again (~15 ms a run).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Measure:
    seconds: list[float]
    peak_kib: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):  # apibuild.py exits 2 when it only printed warnings
        raise SystemExit(f"bench: {' '.join(argv)} failed ({code}):\n{stderr}")
    return elapsed, _own_peak(int(usage.ru_maxrss))


def _own_peak(peak_kib: int) -> int:
    """``peak_kib`` when it is sure to be the command's, else 0: unknown (see the module docstring)."""
    return peak_kib if peak_kib > resource.getrusage(resource.RUSAGE_SELF).ru_maxrss else 0


def measure(argv: list[str], runs: int, before: list[str] | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measure:
    seconds: list[float] = []
    peaks: list[int] = []
    for _ in range(runs):
        if before:
            for path in before:
                Path(path).unlink(missing_ok=True)
        elapsed, rss = run_once(argv, cwd, env)
        seconds.append(elapsed)
        peaks.append(rss)
    return Measure(seconds, 0 if 0 in peaks else max(peaks))


def our_command() -> list[str]:
    """The installed ``virt-apigen`` script (what users run), else ``python -m generator``."""
    script = Path(sys.executable).parent / "virt-apigen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def apibuild_argv(tree: Path, scratch: Path) -> list[str]:
    """libvirt's ``scripts/apibuild.py`` writing its four XML files into ``scratch/docs``.

    It wants a configured ``libvirt-common.h`` next to its build folder; the
    one libvirt-dev installs is 9.0.0's.
    """
    (scratch / "include" / "libvirt").mkdir(parents=True)
    common = Path("/usr/include/libvirt/libvirt-common.h")
    if not common.is_file():
        raise SystemExit("bench: /usr/include/libvirt/libvirt-common.h missing (apt-get install libvirt-dev)")
    shutil.copy(common, scratch / "include" / "libvirt" / "libvirt-common.h")
    (scratch / "docs").mkdir()
    return [sys.executable, str(tree / "scripts" / "apibuild.py"), str(tree / "docs"), str(scratch / "docs")]


def row(label: str, ours: Measure, theirs: Measure | None, goal: str) -> str:
    if theirs is None:
        return f"{label:<34} ours {ours.median * 1000:8.1f} ms  peak {_mib(ours.peak_kib)} MiB"
    ratio = ours.median / theirs.median
    memory = f"x{ours.peak_kib / theirs.peak_kib:.2f}" if ours.peak_kib and theirs.peak_kib else "unknown: not above the bench's own peak"
    return (
        f"{label:<34} ours {ours.median * 1000:8.1f} ms  theirs {theirs.median * 1000:8.1f} ms  "
        f"ratio {ratio:5.2f} (goal {goal})  peak MiB {_mib(ours.peak_kib)} vs {_mib(theirs.peak_kib)} ({memory})"
    )


def _mib(peak_kib: int) -> str:
    return f"{peak_kib / 1024:6.1f}" if peak_kib else "     ?"


PARSE_FLOOR = """
import gc, statistics, sys, time
from pathlib import Path
from generator.frontend import cdecl
from generator.frontend.preprocess import preprocess
from generator.frontend.tree import discover
gc.disable()
tree = discover(Path(sys.argv[1]))
seconds = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    text, _, _ = preprocess(tree)
    cdecl.parse(text, "unit.c")
    seconds.append(time.perf_counter() - start)
print(statistics.median(seconds))
"""


def _parse_floor(tree: Path, runs: int, theirs: Measure, env: dict[str, str]) -> str:
    probe = subprocess.run([sys.executable, "-c", PARSE_FLOOR, str(tree), str(runs)], env=env, capture_output=True, text=True, check=True)
    seconds = float(probe.stdout)
    return (
        f"{'api: floor, cpp + pycparser':<34} ours {seconds * 1000:8.1f} ms  ratio to apibuild {seconds / theirs.median:5.2f}  "
        "(the parse alone, warm: no schedule of ours can go below it)"
    )


def bench_api(tree: Path, runs: int) -> list[str]:
    lines: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-"))
    try:
        ours_out = scratch / "ours"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        ours_argv = [*our_command(), "api", "--srcdir", str(tree), "-o", str(ours_out)]
        theirs_argv = apibuild_argv(tree, scratch)
        run_once(ours_argv, env=env)  # warm the page cache for both
        run_once(theirs_argv)
        stamp = str(ours_out / ".virt-apigen-stamp.json")
        theirs = measure(theirs_argv, runs)
        ours = measure(ours_argv, runs, before=[stamp], env=env)
        lines.append(row("api: 4 XML files", ours, theirs, "<= 0.50, memory <= x2"))
        first = measure(ours_argv, runs, before=[stamp], env=dict(env, VIRT_APIGEN_CACHE_DIR="off"))
        lines.append(row("api: no template cache", first, theirs, "none: first run on a machine"))
        run_once(ours_argv, env=env)
        before = {p.name: p.stat().st_mtime_ns for p in ours_out.iterdir()}
        rerun = measure(ours_argv, runs, env=env)
        after = {p.name: p.stat().st_mtime_ns for p in ours_out.iterdir()}
        touched = sorted(name for name in before if before[name] != after.get(name))
        ratio = rerun.median / theirs.median
        lines.append(
            f"{'api: rerun, inputs unchanged':<34} ours {rerun.median * 1000:8.1f} ms  ratio to apibuild {ratio:5.2f} (goal <= 0.10)  "
            f"files rewritten: {len(touched)}"
        )
        lines.append(_parse_floor(tree, runs, theirs, env))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", type=Path, required=True, help="libvirt 9.0.0 source tree")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", action="append", metavar="NAME", help="only these rows: api, or a tools/bench_NAME.py (repeatable)")
    args = parser.parse_args()
    wanted = set(args.only or ())
    if not (args.tree / "scripts" / "apibuild.py").is_file():
        raise SystemExit(f"bench: {args.tree} is not a libvirt source tree (make fetch-libvirt)")
    # in a process of its own: compiling here raised this script's peak RSS above apibuild.py's, which
    # made that peak unknown (see _own_peak) whenever some .pyc was stale (session 26's make bench)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True, stdout=subprocess.DEVNULL)
    template_cache = tempfile.mkdtemp(prefix="virt-apigen-bench-cache-")
    os.environ["VIRT_APIGEN_CACHE_DIR"] = template_cache  # every command below inherits it
    try:
        _bench_all(args, wanted)
    finally:
        shutil.rmtree(template_cache, ignore_errors=True)
    return 0


def _bench_all(args: argparse.Namespace, wanted: set[str]) -> None:
    print(f"virt-apigen bench: libvirt tree {args.tree}, {args.runs} runs each, median wall time")
    if not wanted or "api" in wanted:
        for line in bench_api(args.tree.resolve(), args.runs):
            print(line, flush=True)
    for path in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for line in module.bench(args.tree.resolve(), args.runs):
            print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
