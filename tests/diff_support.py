"""Helpers for the ``virt-apigen diff`` tests: the two sides they compare.

Two kinds of side: a one-header tree whose ``libvirt-host.h`` ends with the
text given (:func:`plain_tree`, from ``frontend_support``'s plain header, no
flags parameter), compared as records by :func:`plain_changes`; and the small
tree of ``tests/cases/diff-layout`` (:data:`TREE`: one struct, one flags enum,
``virTPtr``) with (file, old text, new text) edits, compared by
:func:`layout_changes`."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree
from test_diff import CASES, _edited

from generator.apidiff import Change, Classification, Facts, diff
from generator.cli import main
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api

A, S, C = Classification.ABI, Classification.SOURCE, Classification.COMPATIBLE


Record = tuple[str, str, Classification, str]


def plain_tree(root: Path, extra: str) -> Path:
    return make_tree(root, extra, header=PLAIN_HEADER, source=PLAIN_SOURCE)


def plain_api(tmp_path: Path, name: str, extra: str) -> Api:
    return load_tree(plain_tree(tmp_path / name, extra)).api


def plain_changes(tmp_path: Path, old: str, new: str) -> list[Record]:
    """The changes from a plain tree ending with ``old`` to one ending with ``new``, as (kind, symbol, classification, detail)."""
    changes = diff(plain_api(tmp_path, "old", old), plain_api(tmp_path, "new", new))
    return [(c.kind, c.symbol, c.classification, c.detail) for c in changes]


def exported(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[Api, Api]:
    """A tree's model and the model of its XML export."""
    tree = plain_tree(tmp_path / name, extra)
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / f"{name}-xml")]) == 0
    capsys.readouterr()
    return load_tree(tree).api, load_api_xml(sorted(str(p) for p in (tmp_path / f"{name}-xml").glob("*.xml"))).api


def against_own_xml(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A plain tree ending with ``extra`` and its own XML export differ in nothing, either way round."""
    tree, xml = exported(tmp_path, name, extra, capsys)
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []


TREE = CASES / "diff-layout" / "old"


HEADER = "include/libvirt/libvirt-t.h"


FIELDS = "    int state; /* the state */\n"


SAFE = "    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */\n"


HUGE = SAFE + "    VIR_T_RUN_HUGE = (1ULL << 40), /* go big (Since: 1.1.0) */\n"


def layout_changes(tmp_path: Path, edits: list[tuple[str, str, str]], old_edits: list[tuple[str, str, str]] | None = None) -> list[Change]:
    """The changes from :data:`TREE` with ``old_edits`` to :data:`TREE` with ``edits``."""
    old = _edited(TREE, tmp_path / "old", old_edits or [])
    new = _edited(TREE, tmp_path / "new", edits)
    return diff(load_tree(old).api, load_tree(new).api)
