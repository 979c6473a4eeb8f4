"""Enums on the HTML pages are shown as C declares them.

QA: an enum only a tag names (``enum virFooKind {...};``, no typedef) was
shown as ``typedef enum { ... } virFooKind;``, and the members of every
anonymous enum of a header were one block, sorted by name, however many
``enum {...};`` bodies declared them.  The model's ``Api.enum_tags`` and
``Api.anonymous_enums`` (from sources) say how each is declared; read from
XML neither is known, and the page keeps the old form.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from frontend_support import sample_with
from html_support import broken_links

from generator.backends import html as html_backend
from generator.frontend import load_tree
from generator.model import Api

PAGE = "libvirt-libvirt-domain-checkpoint.html"

ADDED = """
/**
 * virFooKind:
 *
 * Kinds of foo; see also VIR_FOO_B.
 *
 * Since: 1.0.0
 */
enum virFooKind {
    VIR_FOO_A = 0, /* the first (Since: 1.0.0) */
    VIR_FOO_B = 1, /* the second (Since: 1.0.0) */
};

/**
 * virFooMode:
 *
 * Modes of foo.
 *
 * Since: 1.0.0
 */
typedef enum _virFooMode {
    VIR_FOO_MODE_ON = 1, /* on (Since: 1.0.0) */
} virFooMode;

enum {
    VIR_FOO_Y = 2, /* why (Since: 1.0.0) */
};

/**
 * virFooCallback:
 * @kind: which foo, a virFooKind
 *
 * Called for each foo.
 *
 * Returns 0.
 *
 * Since: 1.0.0
 */
typedef int (*virFooCallback)(enum virFooKind kind);

enum {
    VIR_FOO_X = 1, /* ex (Since: 1.0.0) */
    VIR_FOO_W, /* implicit (Since: 1.0.0) */
};
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    return load_tree(sample_with(tmp_path_factory.mktemp("tree") / "sample", ADDED)).api


def _declaration(page: str, name: str) -> str:
    from lxml import html

    section = html.document_fromstring(page).get_element_by_id(name)
    return " ".join(section.find_class("declaration")[0].text_content().split())


def _anonymous_blocks(page: str) -> list[tuple[str, list[str]]]:
    """Each anonymous enum block of the page, in page order: (declaration, member ids)."""
    from lxml import html

    blocks = []
    for section in html.document_fromstring(page).find_class("enum"):
        if section.tag == "section" and section.get("id") is None:
            declaration = " ".join(section.find_class("declaration")[0].text_content().split())
            blocks.append((declaration, [row.get("id") for row in section.iter("tr") if row.get("id")]))
    return blocks


def test_an_enum_only_a_tag_names_is_shown_as_declared(api: Api) -> None:
    page = html_backend.render(api)[PAGE]
    assert _declaration(page, "virFooKind") == "enum virFooKind { ... };"
    # a typedef with a tag shows both, as a struct's declaration does
    assert _declaration(page, "virFooMode") == "typedef enum _virFooMode { ... } virFooMode;"
    assert _declaration(page, "virDomainCheckpointCreateFlags") == "typedef enum { ... } virDomainCheckpointCreateFlags;"


def test_links_to_an_enum_only_a_tag_names_still_work(api: Api, tmp_path: Path) -> None:
    pages = html_backend.render(api)
    page = pages[PAGE]
    assert 'enum <a href="#virFooKind">virFooKind</a> <var>kind</var>' in page  # a parameter's type
    assert '<p>which foo, a <a href="#virFooKind">virFooKind</a></p>' in page  # its doc
    assert '<a href="#VIR_FOO_B">VIR_FOO_B</a>' in page  # from the enum's own doc
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert broken_links(tmp_path)[0] == []


def test_each_anonymous_enum_is_its_own_block_in_declaration_order(api: Api) -> None:
    page = html_backend.render(api)[PAGE]
    assert _anonymous_blocks(page) == [("enum { ... };", ["VIR_FOO_Y"]), ("enum { ... };", ["VIR_FOO_X", "VIR_FOO_W"])]


def test_the_bodies_survive_pickling(api: Api) -> None:
    # the model crosses a pipe pickled (generator/pickling.py)
    assert api.anonymous_enums is not None and pickle.loads(pickle.dumps(api)) == api


def test_without_the_declarations_known_every_member_is_still_shown(api: Api) -> None:
    # as read from API XML: no tags, no bodies
    page = html_backend.render(dataclasses.replace(api, enum_tags=None, anonymous_enums=None))[PAGE]
    assert _declaration(page, "virFooKind") == "typedef enum { ... } virFooKind;"
    assert _anonymous_blocks(page) == [("enum { ... };", ["VIR_FOO_W", "VIR_FOO_X", "VIR_FOO_Y"])]


# tags another typedef takes: the model names no enum after them (cdecl: one namespace for type names)
TAKEN_TAGS = """
typedef int virFooBare;

enum virFooBare {
    VIR_FOO_BARE_A = 0, /* a (Since: 1.0.0) */
};

enum virFooTwice {
    VIR_FOO_TWICE_A = 0, /* a (Since: 1.0.0) */
};

/**
 * virFooTwice:
 *
 * The typedef's own enum.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_FOO_TWICE_B = 1, /* b (Since: 1.0.0) */
} virFooTwice;
"""


def test_a_tag_another_typedef_takes_is_still_shown(tmp_path: Path) -> None:
    # last session's review: `enum virFooBare {...};` beside `typedef int virFooBare;` showed as `enum { ... };`
    api = load_tree(sample_with(tmp_path / "sample", TAKEN_TAGS)).api
    page = html_backend.render(api)[PAGE]
    assert _anonymous_blocks(page) == [("enum virFooBare { ... };", ["VIR_FOO_BARE_A"]), ("enum virFooTwice { ... };", ["VIR_FOO_TWICE_A"])]
    assert _declaration(page, "virFooTwice") == "typedef enum { ... } virFooTwice;"
    assert pickle.loads(pickle.dumps(api)) == api


def _search_rows(api: Api) -> dict[str, list[object]]:
    import json

    script = html_backend.render(api)["search-index.js"]
    data = json.loads(script.split("window.virtApigenIndex = ", 1)[1].rstrip().rstrip(";"))
    return {str(row[0]): [data["kinds"][row[1]], data["pages"][row[2]], *row[3:]] for row in data["symbols"]}


SAME_TAG = """
/**
 * virFooSame:
 *
 * Tagged with its own name.
 *
 * Since: 1.0.0
 */
typedef enum virFooSame {
    VIR_FOO_SAME_A = 0, /* a (Since: 1.0.0) */
} virFooSame;
"""


def test_search_finds_an_enum_by_its_tag(api: Api, tmp_path: Path) -> None:
    """QA: "_virFooMode", as C code spells the enum (``enum _virFooMode``), found
    nothing, where a struct's tag leads to its struct.  A tag that is the
    enum's own name gets no second row."""
    from html_support import page_ids

    rows = _search_rows(api)
    assert rows["_virFooMode"] == ["enum tag", PAGE, "1.0.0", "typedef enum _virFooMode { ... } virFooMode;", "virFooMode"]
    assert "virFooMode" in page_ids(html_backend.render(api)[PAGE])
    assert rows["virFooKind"][0] == "enum"  # `enum virFooKind {...};`: the tag is the symbol's name
    assert {name for name, row in rows.items() if row[0] == "enum tag"} == {"_virFooMode"}
    assert list(rows) == sorted(rows)

    same = _search_rows(load_tree(sample_with(tmp_path / "sample", SAME_TAG)).api)
    assert same["virFooSame"][0] == "enum"
    assert [name for name, row in same.items() if row[0] == "enum tag"] == []
    # read from XML no enum tag is known: no row, and nothing fails
    assert [name for name, row in _search_rows(dataclasses.replace(api, enum_tags=None)).items() if row[0] == "enum tag"] == []
