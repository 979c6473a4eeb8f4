"""Frontend: read a libvirt tree (or explicit files) into a :class:`~generator.model.Api`.

``load_tree`` and ``load_files`` are the only entry points; they raise
:class:`FrontendError` for input that cannot give a model and return every
other problem as a diagnostic.
"""

from __future__ import annotations

from pathlib import Path

from .builder import Result, build
from .errors import FrontendError
from .tree import TreeInputs, discover, from_files

__all__ = ["FrontendError", "Result", "load_files", "load_tree"]


def _load(tree: TreeInputs) -> Result:
    from . import cdecl
    from .preprocess import preprocess

    text, path_map = preprocess(tree)
    try:
        decls = cdecl.parse(text, "unit.c")
    except FrontendError as error:
        raise FrontendError(_map_parse_error(error.message, path_map)) from None
    return build(tree, decls, path_map)


def _map_parse_error(message: str, path_map: dict[str, str]) -> str:
    for marker, ours in path_map.items():
        message = message.replace(marker, ours)
    return message


def load_tree(root: Path) -> Result:
    return _load(discover(root))


def load_files(paths: list[str]) -> Result:
    return _load(from_files(paths))
