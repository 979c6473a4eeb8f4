"""``make bench`` rows for the HTML reference: ours vs libvirt's ``xsltproc docs/newapi.xsl``.

Theirs is what libvirt 9.0.0's ``docs/meson.build`` runs: ``xsltproc --nonet
-o BUILDDIR/ --stringparam builddir ... --stringparam timestamp ...
[--stringparam indexfile index.html] docs/newapi.xsl libvirt-api.xml`` for the
main module (index.html plus one page per header), then the same without
``indexfile`` for the admin, lxc and qemu XML files; the four invocations
are timed back to back as one run.  Their input, the four API XML files, is
written beforehand (untimed) by the tree's own ``scripts/apibuild.py``.

Ours, rows:
* ``html: --srcdir, end to end``: ``virt-apigen generate --srcdir TREE --only
  html -o DIR``, stamp removed, so headers, ``.c`` files and ``.syms`` are
  parsed too (theirs starts from already-built XML);
* ``html: --api-xml, end to end``: the same command reading the four XML
  files xsltproc reads, the like-for-like comparison;
* ``html: --srcdir vs apibuild.py + xsltproc``: both whole ways from the
  source tree to the pages, libvirt's being ``apibuild.py`` (timed once here,
  after its untimed first run) followed by the four xsltproc invocations;
* ``html: render only``: ``generator.backends.html.render`` in a warm
  process, model already loaded (the figure the backend itself controls).

One run each (after an untimed warm-up of the page cache), as the issue asks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import REPO, Measure, apibuild_argv, measure, our_command, row, run_once

XML_FILES = ("libvirt-api.xml", "libvirt-admin-api.xml", "libvirt-lxc-api.xml", "libvirt-qemu-api.xml")
GOAL = "<= 0.50"
RENDER_ONLY = """
import sys, time
from generator.frontend.apixml_reader import load_api_xml
from generator.backends import html
api = load_api_xml(sys.argv[1:]).api
html.render(api)  # compile the templates once, as a long-lived build process would
start = time.perf_counter()
files = html.render(api)
print(time.perf_counter() - start, len(files), sum(len(text) for text in files.values()))
"""


def _api_xml(tree: Path, scratch: Path) -> tuple[Path, Measure]:
    """libvirt's own four API XML files for ``tree`` (apibuild.py wants libvirt-common.h
    in the build tree), and the time of a second, warm run that writes them again."""
    argv = apibuild_argv(tree, scratch)
    run_once(argv)
    elapsed, rss = run_once(argv)
    return scratch / "docs", Measure([elapsed], rss)


def _xsltproc_commands(tree: Path, xml_dir: Path, out: Path, build: Path) -> list[list[str]]:
    """The four invocations of libvirt 9.0.0's docs/meson.build (index-api and index-{admin,lxc,qemu}-api)."""
    common = ["xsltproc", "--nonet", "-o", f"{out}/", "--stringparam", "builddir", str(build), "--stringparam", "timestamp", "bench"]
    stylesheet = str(tree / "docs" / "newapi.xsl")
    commands = [[*common, "--stringparam", "indexfile", "index.html", stylesheet, str(xml_dir / "libvirt-api.xml")]]
    commands += [[*common, stylesheet, str(xml_dir / f"libvirt-{name}-api.xml")] for name in ("admin", "lxc", "qemu")]
    return commands


def _xsltproc(commands: list[list[str]]) -> Measure:
    seconds = 0.0
    peak = 0
    for argv in commands:
        elapsed, rss = run_once(argv)
        seconds += elapsed
        peak = max(peak, rss)
    return Measure([seconds], peak)


def bench(tree: Path, runs: int) -> list[str]:
    if shutil.which("xsltproc") is None:
        return ["html: skipped (xsltproc missing: apt-get install xsltproc)"]
    lines: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-html-"))
    try:
        xml_dir, apibuild = _api_xml(tree, scratch)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        theirs_commands = _xsltproc_commands(tree, xml_dir, scratch / "theirs", scratch)
        srcdir_out = scratch / "ours-srcdir"
        srcdir_argv = [*our_command(), "generate", "--srcdir", str(tree), "--only", "html", "-o", str(srcdir_out)]
        xml_out = scratch / "ours-xml"
        xml_argv = [*our_command(), "generate", *[a for name in XML_FILES for a in ("--api-xml", str(xml_dir / name))], "--only", "html", "-o", str(xml_out)]

        _xsltproc(theirs_commands)  # warm-up: page cache, and the output folders exist
        run_once(srcdir_argv, env=env)
        run_once(xml_argv, env=env)

        theirs = _xsltproc(theirs_commands)
        ours_srcdir = measure(srcdir_argv, 1, before=[str(srcdir_out / ".virt-apigen-stamp.json")], env=env)
        ours_xml = measure(xml_argv, 1, before=[str(xml_out / ".virt-apigen-stamp.json")], env=env)
        pages = len(list((srcdir_out / "html").glob("*.html")))
        their_pages = len(list((scratch / "theirs" / "html").glob("*.html")))
        lines.append(row("html: --srcdir, end to end", ours_srcdir, theirs, "none: their input is built XML"))
        lines.append(row("html: --api-xml, end to end", ours_xml, theirs, GOAL))
        their_whole_way = Measure([apibuild.median + theirs.median], max(apibuild.peak_kib, theirs.peak_kib))
        lines.append(row("html: --srcdir vs apibuild+xslt", ours_srcdir, their_whole_way, GOAL))

        probe = subprocess.run(
            [sys.executable, "-c", RENDER_ONLY, *[str(xml_dir / name) for name in XML_FILES]],
            env=env, capture_output=True, text=True, check=True,
        )
        seconds, files, size = probe.stdout.split()
        ratio = float(seconds) / theirs.median
        lines.append(
            f"{'html: render only (warm)':<34} ours {float(seconds) * 1000:8.1f} ms  theirs {theirs.median * 1000:8.1f} ms  "
            f"ratio {ratio:5.2f} (goal {GOAL})  {files} files, {pages} pages, {int(size) / 1e6:.1f} MB (xsltproc: {their_pages} pages)"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return lines
