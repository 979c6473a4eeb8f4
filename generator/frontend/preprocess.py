"""Run the system C preprocessor over a tree's public headers.

One translation unit includes every public header of every module, so the
tree is preprocessed and parsed once.  ``#line`` markers are kept so that
pycparser reports positions in the real headers; paths in them are mapped
back to paths relative to the tree root.

Decisions:

* ``-nostdinc`` plus a one-line ``sys/types.h`` of our own: libvirt's public
  headers need only ``size_t`` from the C library, and a fake keeps the result
  independent of the machine's libc headers.
* ``VIR_DEPRECATED`` is defined empty (pycparser cannot read attributes; the
  scanner records deprecations from the raw text) and ``VIR_ENUM_SENTINELS``
  is defined so that the ``*_LAST`` members are part of the model.
* In a raw tree ``libvirt-common.h.in`` is configured into a temporary folder
  placed first on the include path (``@LIBVIRT_VERSION_NUMBER@`` from the
  tree's version), and its positions are mapped back to the template.
* The preprocessor is ``$CPP`` when set (split on spaces), else ``cpp``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import FrontendError
from .tree import TreeInputs, configure

_FAKE_TYPES = "typedef unsigned long size_t;\ntypedef long ssize_t;\n"
_MARKER_RE = re.compile(r'^# (\d+) "([^"]*)"', re.MULTILINE)


def preprocess(tree: TreeInputs) -> tuple[str, dict[str, str]]:
    """Preprocessed text of all headers, and a map from marker paths to our paths."""
    command = shlex.split(os.environ.get("CPP", "")) or _find_cpp()
    with tempfile.TemporaryDirectory(prefix="virt-apigen-") as scratch:
        scratch_path = Path(scratch)
        (scratch_path / "sys").mkdir()
        (scratch_path / "sys" / "types.h").write_text(_FAKE_TYPES, encoding="utf-8")
        path_map: dict[str, str] = {}
        generated = scratch_path / "gen"
        include_args = ["-I", str(scratch_path)]
        templates = [h for m in tree.modules for h in m.headers if h.endswith(".h.in")] + list(tree.context_templates)
        for header in templates:
            target = generated / "libvirt" / Path(header).name[:-3]
            target.parent.mkdir(parents=True, exist_ok=True)
            text = (tree.root / header).read_text(encoding="utf-8", errors="replace")
            target.write_text(configure(text, tree.version), encoding="utf-8")
            path_map[str(target)] = header
        if templates:
            include_args = ["-I", str(generated), *include_args]
        if tree.include_root is not None:
            include_args += ["-I", str((tree.root / tree.include_root).resolve())]
        unit = _translation_unit(tree, generated)
        source = scratch_path / "unit.c"
        source.write_text(unit, encoding="utf-8")
        argv = command + ["-nostdinc", "-DVIR_DEPRECATED=", "-DVIR_ENUM_SENTINELS", "-D__VIR_ADMIN_H_INCLUDES__"] + include_args + [str(source)]
        try:
            # errors="replace": the raw-file scan reports a byte that is not UTF-8 with its position
            done = subprocess.run(argv, capture_output=True, encoding="utf-8", errors="replace", check=False)
        except OSError as error:
            raise FrontendError(f"cannot run the C preprocessor '{argv[0]}': {error.strerror}") from None
        if done.returncode != 0:
            raise _cpp_error(done.stderr, tree, scratch_path)
        known = _known_headers(tree)
        for found in set(_MARKER_RE.findall(done.stdout)):
            marker = found[1]
            if marker in path_map:
                continue
            path_map[marker] = _relative(marker, tree, scratch_path, known)
        return done.stdout, path_map


def _find_cpp() -> list[str]:
    found = shutil.which("cpp")
    if found:
        return [found]
    for compiler in ("gcc", "cc"):
        found = shutil.which(compiler)
        if found:
            return [found, "-E"]
    raise FrontendError("no C preprocessor found: install cpp (Debian package 'cpp') or set $CPP")


def _translation_unit(tree: TreeInputs, generated: Path) -> str:
    lines = []
    if tree.umbrella:
        lines.append(f'#include "{(tree.root / tree.umbrella).resolve()}"')
    lines.append("#ifndef __VIR_LIBVIRT_H_INCLUDES__\n# define __VIR_LIBVIRT_H_INCLUDES__\n#endif")
    for module in tree.modules:
        for header in module.headers:
            if header.endswith(".h.in"):
                lines.append(f'#include "{generated / "libvirt" / Path(header).name[:-3]}"')
            else:
                lines.append(f'#include "{(tree.root / header).resolve()}"')
    return "\n".join(lines) + "\n"


_CPP_ERROR_RE = re.compile(r"^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$")


def _cpp_error(stderr: str, tree: TreeInputs, scratch: Path) -> FrontendError:
    """cpp's first error, positioned in the header as the tree names it when cpp gave a place."""
    lines = stderr.splitlines()
    for line in lines:
        match = _CPP_ERROR_RE.match(line)
        if match is None:
            continue
        file = _relative(match.group(1), tree, scratch, _known_headers(tree))
        message = f"the C preprocessor failed: {_shorten(match.group(4), tree, scratch)}"
        if file.startswith("<"):  # our own scratch unit: no place worth opening
            return FrontendError(message)
        return FrontendError(message, file, int(match.group(2)), int(match.group(3) or 1))
    first = next((line for line in lines if "error" in line), stderr.strip())
    return FrontendError(f"the C preprocessor failed: {_shorten(first, tree, scratch)}")


def _shorten(message: str, tree: TreeInputs, scratch: Path) -> str:
    """A preprocessor message with our temporary and root folders cut out."""
    message = message.replace(str(scratch.resolve()) + "/", "").replace(str(scratch) + "/", "")
    return message.replace(str(tree.root.resolve()) + "/", "")


def _known_headers(tree: TreeInputs) -> dict[Path, str]:
    """Each input header by its real path (symlinks followed), as the tree names it."""
    known: dict[Path, str] = {}
    for module in tree.modules:
        for header in module.headers:
            try:
                known.setdefault((tree.root / header).resolve(), header)
            except (OSError, RuntimeError):
                continue
    return known


def _relative(path: str, tree: TreeInputs, scratch: Path, known: dict[Path, str]) -> str:
    """A marker path as the tree names it: an input header as given (however
    cpp spelled it: absolute, through a symlink), else relative to the tree
    root, else as typed."""
    try:
        absolute = Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return path
    if absolute in known:
        return known[absolute]
    root = tree.root.resolve()
    if absolute.is_relative_to(root):
        return absolute.relative_to(root).as_posix()
    if absolute.is_relative_to(scratch.resolve()):
        return "<built-in>"
    return path
