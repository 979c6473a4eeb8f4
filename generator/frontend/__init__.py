"""Frontend: read a libvirt tree (or explicit files) into a :class:`~generator.model.Api`.

``load_tree`` and ``load_files`` are the only entry points; they raise
:class:`FrontendError` for input that cannot give a model and return every
other problem as a diagnostic.
"""

from __future__ import annotations

import re
from pathlib import Path

from .builder import Result, build, scan_tree
from .errors import FrontendError
from .tree import TreeInputs, discover, from_files

__all__ = ["FrontendError", "Result", "load_files", "load_tree"]


def _load(tree: TreeInputs) -> Result:
    from .parallel import start_parse
    from .preprocess import preprocess

    text, path_map = preprocess(tree)
    pending = start_parse(text, "unit.c")  # in a child process when it can
    scans = scan_tree(tree)
    scans.prepare_all()
    try:
        decls = pending.result()
    except FrontendError as error:
        raise _positioned(error.message, path_map) from None
    result = build(tree, decls, path_map, scans)
    # Every file the preprocessor opened is an input too (context headers).
    opened = {p for p in path_map.values() if not p.startswith("<") and (tree.root / p).is_file()}
    result.inputs = sorted(set(result.inputs) | opened)
    return result


def _positioned(message: str, path_map: dict[str, str]) -> FrontendError:
    """pycparser's "file:line:col: before: X" as a positioned syntax error."""
    match = re.match(r"(.*?):(\d+):(\d+): (.*)", message, re.DOTALL)
    if match is None:
        return FrontendError(f"C syntax error: {message}")
    file = path_map.get(match.group(1), match.group(1))
    detail = match.group(4).strip()
    detail = f"syntax error {detail}" if detail.startswith("before") else detail
    return FrontendError(detail, file, int(match.group(2)), int(match.group(3)))


def load_tree(root: Path) -> Result:
    return _load(discover(root))


def load_files(paths: list[str]) -> Result:
    return _load(from_files(paths))
