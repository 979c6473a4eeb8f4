"""The HTML reference: doc text to HTML, hostile text, golden pages for the sample tree.

``UPDATE_GOLDEN=1`` rewrites ``tests/cases/html_sample/expected/`` from the
current code (the input is the embedded sample tree, ``generator/sample``);
review the diff before committing it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from golden_support import assert_golden_folder
from html_support import broken_links, links, page_ids, parse_errors

from generator.backends import html as html_backend
from generator.frontend import load_tree
from generator.html.text import Linker, code_html, doc_html, inline
from generator.model import Api, Function, Module

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "cases" / "html_sample" / "expected"
PAGES = {"virDomainFree": "libvirt-libvirt-domain.html", "VIR_DOMAIN_XML_SECURE": "libvirt-libvirt-domain.html", "virConnectPtr": "libvirt-libvirt-host.html"}
HERE = Linker(PAGES, "libvirt-libvirt-domain.html")


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


@pytest.fixture(scope="module")
def sample_pages(sample_api: Api) -> dict[str, str]:
    return html_backend.render(sample_api)


# --- doc text -------------------------------------------------------------------


def test_known_symbols_link_within_and_across_pages() -> None:
    assert inline("call virDomainFree() then virConnectPtr", HERE) == (
        'call <a href="#virDomainFree">virDomainFree</a>() then <a href="libvirt-libvirt-host.html#virConnectPtr">virConnectPtr</a>'
    )


def test_unknown_names_stay_plain_text() -> None:
    assert inline("virDomainFrobnicate and VIR_DOMAIN_XML_SECURITY", HERE) == "virDomainFrobnicate and VIR_DOMAIN_XML_SECURITY"


def test_parameters_are_styled() -> None:
    assert inline("unless @flags has VIR_DOMAIN_XML_SECURE", HERE) == (
        'unless <code class="param">flags</code> has <a href="#VIR_DOMAIN_XML_SECURE">VIR_DOMAIN_XML_SECURE</a>'
    )


def test_xpath_and_addresses_render_intact() -> None:
    assert inline("//disk//backingStore/@index", HERE) == "//disk//backingStore/@index"
    assert inline("mail root@localhost", HERE) == "mail root@localhost"


def test_at_before_a_symbol_that_is_no_parameter_links_the_symbol() -> None:
    # libvirt writes "@virTypedParameter", "@virAdmConnectPtr object": a symbol, not a parameter
    assert inline("fills @virConnectPtr for @conn", HERE) == (
        'fills <a href="libvirt-libvirt-host.html#virConnectPtr">virConnectPtr</a> for <code class="param">conn</code>'
    )
    # a parameter of the function keeps its style even when a symbol has that name
    assert inline("@virConnectPtr", HERE, {"virConnectPtr"}) == '<code class="param">virConnectPtr</code>'
    assert doc_html("see @virDomainFree", HERE) == '<p>see <a href="#virDomainFree">virDomainFree</a></p>'


def test_urls_become_links_without_trailing_punctuation() -> None:
    assert inline("see https://libvirt.org/uri.html.", HERE) == (
        'see <a class="url" href="https://libvirt.org/uri.html">https://libvirt.org/uri.html</a>.'
    )
    assert inline("(at https://example.org/a_(b))", HERE) == (
        '(at <a class="url" href="https://example.org/a_(b)">https://example.org/a_(b)</a>)'
    )


def test_text_is_escaped_exactly_once() -> None:
    assert inline("a <disk> & 'x' \"y\" &lt;", HERE) == "a &lt;disk&gt; &amp; &#39;x&#39; &quot;y&quot; &amp;lt;"


def test_paragraphs_and_indented_blocks() -> None:
    text = "First line\ncontinues.\n\nExample:\n\n  virDomainFree(dom);\n    nested\n"
    assert doc_html(text, HERE) == (
        "<p>First line\ncontinues.</p>\n<p>Example:</p>\n"
        '<pre class="doc"><a href="#virDomainFree">virDomainFree</a>(dom);\n  nested</pre>'
    )


def test_code_links_types_but_not_parameters() -> None:
    assert code_html("const virConnectPtr *", HERE) == 'const <a href="libvirt-libvirt-host.html#virConnectPtr">virConnectPtr</a> *'


# --- hostile doc text ---------------------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script> \" ' & </div></section></main> <!-- <a href=\"javascript:alert(2)\">x</a> "
    "https://evil.example/\"onmouseover=\"alert(3) @x\"y ]]> {{ 7*7 }}"
)


def _with_description(api: Api, name: str, text: str) -> Api:
    def replace(function: Function) -> Function:
        return dataclasses.replace(function, description=text, return_doc=text) if function.name == name else function

    modules = tuple(dataclasses.replace(m, functions=tuple(replace(f) for f in m.functions)) for m in api.modules)
    return dataclasses.replace(api, modules=modules)


def _structure(page: str) -> tuple[int, list[str], list[str]]:
    """(symbol sections, script sources, event-handler or javascript: attributes) of a page."""
    from lxml import html

    document = html.document_fromstring(page)
    scripts = [str(s.get("src")) for s in document.iter("script")]
    active = [
        f"{element.tag} {name}={value}"
        for element in document.iter()
        for name, value in element.attrib.items()
        if name.startswith("on") or value.strip().lower().startswith("javascript:")
    ]
    return len(document.find_class("symbol")), scripts, active


# A megabyte each, shaped against every rule of the scan (a quadratic rule would hang here).
MEGABYTE_COMMENTS = [
    "x" * 1_000_000,
    "virDomainFree <b>&amp; @p https://a.b/x) " * 25_000,
    "@" * 1_000_000,
    "vir" * 333_333,
    "https:/" * 150_000,
    "https://a" + ")" * 1_000_000,
    "\n  " * 333_333,
]


@pytest.mark.parametrize("text", [HOSTILE, HOSTILE * 2, *MEGABYTE_COMMENTS], ids=lambda text: f"{text[:12]!r}x{len(text)}")
def test_hostile_doc_text_cannot_inject_markup(sample_api: Api, sample_pages: dict[str, str], text: str) -> None:
    page = "libvirt-libvirt-domain-checkpoint.html"
    rendered = html_backend.render(_with_description(sample_api, "virDomainCheckpointGetParent", text))[page]
    assert parse_errors(rendered) == []
    assert _structure(rendered) == _structure(sample_pages[page])
    assert _structure(rendered)[2] == []
    from lxml import html

    section = html.document_fromstring(rendered).get_element_by_id("virDomainCheckpointGetParent")
    assert " ".join(text.split())[:20] in " ".join(section.text_content().split()) or not text.strip()


def test_hostile_url_stays_one_attribute() -> None:
    out = inline('https://evil.example/"onmouseover="alert(3)', HERE)
    assert out == '<a class="url" href="https://evil.example/">https://evil.example/</a>&quot;onmouseover=&quot;alert(3)'


# --- the sample tree's pages ------------------------------------------------------------


def test_sample_pages_are_golden(sample_pages: dict[str, str]) -> None:
    assert_golden_folder(GOLDEN, sample_pages, "html_sample")


def test_the_index_names_its_inputs_as_the_other_outputs_do(sample_pages: dict[str, str]) -> None:
    """QA: the index sorted the names (headers first), the XML, JSON and Python outputs name the .syms file first."""
    xml_line = (REPO / "generated" / "api" / "libvirt-api.xml").read_text(encoding="utf-8").splitlines()[1]
    sources = xml_line.split(" from ", 1)[1].split("; do not edit")[0]
    assert sources == "src/libvirt_public.syms, include/libvirt/*.h"
    assert sample_pages["index.html"].splitlines()[1] == f"<!-- generated by virt-apigen from {sources}; do not edit -->"


def test_committed_generated_html_matches(sample_pages: dict[str, str]) -> None:
    committed = REPO / "generated" / "html"
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in committed.iterdir() if p.is_file()}
    assert sorted(on_disk) == sorted(sample_pages)
    assert all(on_disk[name] == text for name, text in sample_pages.items()), "regenerate generated/html"


def test_sample_pages_parse_and_link(sample_pages: dict[str, str], tmp_path: Path) -> None:
    for name, text in sample_pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        if name.endswith(".html"):
            assert parse_errors(text) == [], name
    broken, checked = broken_links(tmp_path)
    assert broken == []
    assert checked > 500


def test_sample_pages_have_every_anchor_and_marker(sample_api: Api, sample_pages: dict[str, str]) -> None:
    for module in sample_api.modules:
        for symbol in module.symbols():
            page = sample_pages[html_backend.page_name(symbol.header)]
            assert symbol.name in page_ids(page), symbol.name
    for name, text in sample_pages.items():
        assert "generated by virt-apigen from " in text.split("\n", 2)[name.endswith(".html")]
        assert "/work/" not in text and "/tmp/" not in text


def test_checkpoint_page_content(sample_pages: dict[str, str]) -> None:
    from lxml import html

    document = html.document_fromstring(sample_pages["libvirt-libvirt-domain-checkpoint.html"])
    parent = document.get_element_by_id("virDomainCheckpointGetParent")
    text = " ".join(parent.text_content().split())
    assert "since 5.6.0" in text
    assert "releases it with virDomainCheckpointFree()" in text
    signature = parent.find_class("declaration")[0]
    assert " ".join(signature.text_content().split()) == (
        "virDomainCheckpointPtr virDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint, unsigned int flags);"
    )
    assert [a.get("href") for a in signature.iter("a")] == ["#virDomainCheckpointPtr", "#virDomainCheckpointPtr"]
    returns = [a.get("href") for a in parent.iter("a")]
    assert "libvirt-virterror.html#VIR_ERR_NO_DOMAIN_CHECKPOINT" in returns
    row = document.get_element_by_id("VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS")
    cells = [" ".join(td.text_content().split()) for td in row.iter("td")]
    assert cells[0] == "#VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS alias of VIR_DOMAIN_CHECKPOINT_LIST_ROOTS"
    assert cells[1] == "1 0x1 1 << 0"
    assert cells[3] == "5.6.0"


def test_index_lists_versions_newest_first(sample_pages: dict[str, str]) -> None:
    from lxml import html

    document = html.document_fromstring(sample_pages["index.html"])
    versions = [d.get("id") for d in document.iter("details")]
    keys = [html_backend.version_key(v.removeprefix("since-")) for v in versions]
    assert keys == sorted(keys, reverse=True) and len(keys) > 3
    new_in_5_6 = [a.text for a in document.get_element_by_id("since-5.6.0").iter("a")]
    assert "virDomainCheckpointGetParent" in new_in_5_6
    assert all(target.endswith((".html", ".css", ".js", ".svg")) or "#" in target for target in links(sample_pages["index.html"]))


def test_search_index_lists_every_symbol(sample_api: Api, sample_pages: dict[str, str]) -> None:
    import json

    script = sample_pages["search-index.js"]
    data = json.loads(script.split("window.virtApigenIndex = ", 1)[1].rstrip().rstrip(";"))
    names = [row[0] for row in data["symbols"] if len(row) == 5]  # the struct tags' rows have a sixth column
    assert names == sorted(s.name for m in sample_api.modules for s in m.symbols())
    row = next(r for r in data["symbols"] if r[0] == "virDomainCheckpointGetParent")
    assert (data["kinds"][row[1]], data["pages"][row[2]], row[3]) == ("function", "libvirt-libvirt-domain-checkpoint.html", "5.6.0")


def _search_rows(api: Api) -> dict[str, list[object]]:
    pages = html_backend.render(api)
    data = json.loads(pages["search-index.js"].split("window.virtApigenIndex = ", 1)[1].rstrip().rstrip(";"))
    return {str(row[0]): [data["kinds"][row[1]], data["pages"][row[2]], *row[3:]] for row in data["symbols"]}


def test_search_finds_a_struct_by_its_tag(sample_api: Api, sample_pages: dict[str, str]) -> None:
    """QA: "_virDomainCheckpoint", as C code spells the struct, found nothing.
    The tag is no anchor (libvirt's pages have none either): its row leads to the struct's."""
    rows = _search_rows(sample_api)
    assert rows["_virDomainCheckpoint"] == [
        "struct tag", "libvirt-libvirt-domain-checkpoint.html", "5.2.0",
        "typedef struct _virDomainCheckpoint virDomainCheckpoint;", "virDomainCheckpoint",
    ]
    tags = {s.tag: s for m in sample_api.modules for s in m.structs}
    assert {name for name, row in rows.items() if row[0] == "struct tag"} == set(tags) and tags
    for tag, struct in tags.items():
        page, anchor = rows[tag][1], rows[tag][-1]
        assert anchor == struct.name and anchor in page_ids(sample_pages[str(page)])
    assert list(rows) == sorted(rows)  # one list, by name, tags among the symbols


def test_a_tag_several_typedefs_share_leads_to_the_one_named_like_it(sample_api: Api) -> None:
    """libvirt's virBlkioParameter, virMemoryParameter and virSchedParameter
    are all ``struct _virTypedParameter``: the tag's row is virTypedParameter's."""
    def with_aliases(module: Module) -> Module:
        checkpoint = next((s for s in module.structs if s.name == "virDomainCheckpoint"), None)
        if checkpoint is None:
            return module
        aliases = tuple(dataclasses.replace(checkpoint, name=name) for name in ("virAnotherCheckpoint", "virDomainCheckpoinz"))
        return dataclasses.replace(module, structs=(*aliases, *module.structs))

    rows = _search_rows(dataclasses.replace(sample_api, modules=tuple(with_aliases(m) for m in sample_api.modules)))
    assert rows["_virDomainCheckpoint"][-1] == "virDomainCheckpoint"  # not virAnotherCheckpoint, first by name


def test_search_summaries_show_parameter_names_without_at(sample_api: Api) -> None:
    described = _with_description(sample_api, "virDomainCheckpointGetParent", "Steps up from @checkpoint (see //a/@b, root@host).")
    function = next(f for m in described.modules for f in m.functions if f.name == "virDomainCheckpointGetParent")
    assert html_backend._summary(function) == "Steps up from checkpoint (see //a/@b, root@host)."


def test_bit_shift_only_where_the_source_wrote_one() -> None:
    from generator.model import EnumMember

    def shown(value: int, expression: str) -> str:
        return html_backend._member(EnumMember("VIR_X", "virX", "x.h", value, expression, None, "", "", False), HERE).bit_shift

    assert shown(4, "(1 << 2)") == "1 << 2"
    assert shown(1 << 31, "1U << 31") == "1 << 31"
    assert shown(4, "4") == ""  # a sequential enum's 4 is no bit
    assert shown(2, "") == ""  # implicit
    assert shown(24, "(1 << 3) | (1 << 4)") == ""  # not one bit


def test_output_does_not_depend_on_hash_seed_or_cwd(tmp_path: Path) -> None:
    outputs = []
    for seed, cwd in (("1", REPO), ("2", tmp_path)):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO), LC_ALL="C")
        subprocess.run([sys.executable, "-m", "generator", "generate", "--only", "html", "-o", str(out)], cwd=cwd, env=env, check=True)
        outputs.append({p.name: p.read_bytes() for p in (out / "html").iterdir()})
    assert outputs[0] == outputs[1]


def test_forked_and_in_process_rendering_agree(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backend renders most pages in a forked child: same bytes as all in one process."""
    from generator.backends import html as backend
    from generator.frontend import load_tree

    api = load_tree(sample_tree).api
    forked = backend.render(api)
    monkeypatch.setenv("VIRT_APIGEN_JOBS", "1")
    assert backend.render(api) == forked
    assert len([name for name in forked if name.endswith(".html")]) == 7  # six headers and the index


# --- API XML that names pages no <file> lists, or one header in two modules ---

_XML_FUNCTION = '<function name="{name}"{file} module="libvirt" version="1.0.0"><info>{name} does it.</info><return type="int" info="r"/></function>'


def _api_xml(module: str, header: str, functions: list[tuple[str, str | None]]) -> str:
    symbols = "".join(_XML_FUNCTION.format(name=n, file="" if f is None else f' file="{f}"') for n, f in functions)
    return f'<api name="{module}"><files><file name="{header}"><summary>{module} summary</summary></file></files><symbols>{symbols}</symbols></api>'


@pytest.mark.parametrize(
    ("documents", "expected_pages"),
    [
        # a symbol whose file no <file> lists, and one with no file at all
        ([("libvirt", "libvirt-x", [("virFoo", "libvirt-x"), ("virNope", "libvirt-nope"), ("virNone", None)])],
         {"libvirt-libvirt-x.html": ["virFoo"], "libvirt-libvirt-nope.html": ["virNope"], "libvirt-.html": ["virNone"]}),
        # two modules with one header name: the second module's page gets its module's name
        ([("libvirt", "libvirt-x", [("virFoo", "libvirt-x")]), ("libvirt-qemu", "libvirt-x", [("virBar", "libvirt-x")])],
         {"libvirt-libvirt-x.html": ["virFoo"], "libvirt-libvirt-qemu-libvirt-x.html": ["virBar"]}),
    ],
)
def test_every_symbol_of_api_xml_has_a_written_page(
    tmp_path: Path, documents: list[tuple[str, str, list[tuple[str, str | None]]]], expected_pages: dict[str, list[str]],
) -> None:
    """No link of the index, the search index or a page points at a page that is not written (QA: they did)."""
    from generator.cli import main

    argv = ["generate", "--only", "html", "-o", str(tmp_path / "out")]
    for number, (module, header, functions) in enumerate(documents):
        (tmp_path / f"{number}.xml").write_text(_api_xml(module, header, functions), encoding="utf-8")
        argv += ["--api-xml", str(tmp_path / f"{number}.xml")]
    assert main(argv) == 0
    site = tmp_path / "out" / "html"
    broken, checked = broken_links(site)
    assert broken == [] and checked > 20
    for page, names in expected_pages.items():
        assert all(name in page_ids((site / page).read_text(encoding="utf-8")) for name in names), page
    search = (site / "search-index.js").read_text(encoding="utf-8")
    listed = json.loads(search[search.index("{") : search.rindex("}") + 1])["pages"]
    assert sorted(listed) == sorted(expected_pages)
    assert all((site / page).is_file() for page in listed)


def _crumb_targets(site: dict[str, str]) -> dict[str, tuple[str, str, list[str]]]:
    """Each header page -> (its breadcrumb's text; the text of the element the
    crumb's link leads to on the index; the pages listed under that element)."""
    from lxml import html

    index = html.document_fromstring(site["index.html"])
    found: dict[str, tuple[str, str, list[str]]] = {}
    for page, text in site.items():
        if not page.endswith(".html") or page == "index.html":
            continue
        crumbs = html.document_fromstring(text).find_class("breadcrumb")
        assert len(crumbs) == 1, page
        link = crumbs[0].find("a")
        file, _, fragment = link.get("href").partition("#")
        assert file == "index.html", page
        targets = index.xpath("//*[@id=$id]", id=unquote(fragment))
        assert len(targets) == 1, (page, link.get("href"))
        heading = targets[0]
        listed = heading.getnext()
        pages = [unquote(a.get("href")) for a in listed.iter("a")] if listed is not None and listed.tag == "ul" else []
        found[page] = (link.text_content(), heading.text_content(), pages)
    return found


def test_a_breadcrumb_leads_to_its_module_on_the_index(sample_pages: dict[str, str]) -> None:
    """QA: the module crumb led to the index's "Modules" heading, above every
    module; it leads to its own module's heading, whose list holds the page."""
    crumbs = _crumb_targets(sample_pages)
    assert len(crumbs) == 6
    for page, (module, heading, pages) in crumbs.items():
        assert (module, heading) == ("libvirt", "libvirt"), page
        assert page in pages, page


def test_a_breadcrumb_of_each_module_leads_to_that_module(tmp_path: Path) -> None:
    """Read from API XML, several modules, one a name that is no C name
    (spaces, quotes, "#": the id is escaped, the link's fragment encoded)."""
    from generator.cli import main

    odd = 'odd "module" #1'
    documents = [("libvirt", "libvirt-x", "virFoo"), ("libvirt-qemu", "libvirt-qemu", "virQemuFoo"), (odd, "libvirt-odd", "virOdd")]
    argv = ["generate", "--only", "html", "-o", str(tmp_path / "out")]
    for number, (module, header, function) in enumerate(documents):
        escaped = module.replace('"', "&quot;")
        (tmp_path / f"{number}.xml").write_text(_api_xml(escaped, header, [(function, header)]), encoding="utf-8")
        argv += ["--api-xml", str(tmp_path / f"{number}.xml")]
    assert main(argv) == 0
    folder = tmp_path / "out" / "html"
    site = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert all(parse_errors(text) == [] for name, text in site.items() if name.endswith(".html"))
    crumbs = _crumb_targets(site)
    expected = {f"libvirt-{header}.html": module for module, header, _ in documents}
    assert {page: (module, heading) for page, (module, heading, _) in crumbs.items()} == {p: (m, m) for p, m in expected.items()}
    assert all(page in pages for page, (_, _, pages) in crumbs.items())
    broken, checked = broken_links(folder)
    assert broken == [] and checked > 20


def test_unnamed_parameters_show_their_type_alone(tmp_path: Path) -> None:
    # As libvirt declares virStreamRecvHole(virStreamPtr, ...): read from the
    # headers alone (no .c definition names it), the page showed an empty <var></var>.
    from frontend_support import unnamed_param_header
    from lxml import html

    from generator.frontend import load_files

    pages = html_backend.render(load_files([str(unnamed_param_header(tmp_path))]).api)
    page = pages["libvirt-libvirt-demo.html"]
    assert "<var></var>" not in page
    section = html.document_fromstring(page).get_element_by_id("virDemoPeek")
    declaration = section.find_class("declaration")[0]
    assert " ".join(declaration.text_content().split()) == "int virDemoPeek(virDemoPtr, long long *length, unsigned int);"
    terms = [" ".join(dt.text_content().split()) for dt in section.find_class("params")[0].iter("dt")]
    assert terms == ["(unnamed) virDemoPtr", "length long long *", "(unnamed) unsigned int"]


def test_the_footer_names_the_page_inputs(sample_api: Api, sample_pages: dict[str, str], tmp_path: Path) -> None:
    # QA: pages made from libvirt-api.xml said "from the libvirt sources"
    assert "Generated by virt-apigen from include/libvirt/libvirt-domain-checkpoint.h, src/libvirt-domain-checkpoint.c." in (
        sample_pages["libvirt-libvirt-domain-checkpoint.html"]
    )
    from generator.backends import apixml
    from generator.frontend.apixml_reader import load_api_xml

    exported = apixml.render(sample_api)
    (tmp_path / "libvirt-api.xml").write_text(exported["libvirt-api.xml"], encoding="utf-8")
    pages = html_backend.render(load_api_xml([str(tmp_path / "libvirt-api.xml")]).api)
    assert "Generated by virt-apigen from libvirt-api.xml." in pages["libvirt-libvirt-domain-checkpoint.html"]
    assert "the libvirt sources" not in "".join(pages.values())


def test_a_page_of_a_model_naming_no_file_says_so(sample_api: Api) -> None:
    # review: a model built in code (no locations) had pages "Generated by virt-apigen from ."
    from generator.model import NOWHERE

    def placeless(module: Module) -> Module:
        return dataclasses.replace(
            module, headers=tuple(dataclasses.replace(h, location=NOWHERE) for h in module.headers),
            functions=tuple(dataclasses.replace(f, doc_location=NOWHERE) for f in module.functions),
        )

    pages = html_backend.render(dataclasses.replace(sample_api, modules=tuple(placeless(m) for m in sample_api.modules)))
    page = pages["libvirt-libvirt-domain-checkpoint.html"]
    assert "Generated by virt-apigen from the API model." in page and "from ." not in page


def test_a_bidi_control_in_a_doc_is_shown_as_its_code_point(sample_api: Api) -> None:
    """QA (session 20): a U+202E in a doc turned the rest of the paragraph around on the page,
    a symbol's link included ("eerFniamoDriv"): it is shown written out, the link left as it reads."""
    from lxml import html

    page = "libvirt-libvirt-domain-checkpoint.html"
    text = "Plain \u202eturned\u2066 then virDomainCheckpointFree() and \u202a."
    rendered = html_backend.render(_with_description(sample_api, "virDomainCheckpointGetParent", text))[page]
    section = html.document_fromstring(rendered).get_element_by_id("virDomainCheckpointGetParent")
    shown = " ".join(section.text_content().split())
    assert "Plain <U+202E>turned<U+2066> then virDomainCheckpointFree() and <U+202A>." in shown
    assert not any(chr(code) in rendered for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def test_a_negative_member_shows_its_hexadecimal_as_libvirt_writes_it() -> None:
    """QA (session 20): a negative member showed no hexadecimal value, which the docs promise."""
    from generator.model import EnumMember, Location

    member = EnumMember(
        name="VIR_T_ERROR", enum="virT", header="libvirt-t", value=-1, expression="-1", alias_of=None,
        since="", doc="", sentinel=False, location=Location("t.h", 1, 1),
    )
    view = html_backend._member(member, HERE)
    assert (view.value, view.value_hex) == ("-1", "-0x1")


def test_the_top_bar_and_the_footer_are_landmarks(sample_pages: dict[str, str]) -> None:
    """QA (axe 'region'): #nav and #footer were plain divs, outside every landmark;
    they are the page's banner and contentinfo, libvirt's ids kept."""
    from lxml import html

    for name, page in sample_pages.items():
        if name.endswith(".html"):
            document = html.document_fromstring(page)
            body = document.find("body")
            assert [child.tag for child in body] == ["header", "main", "footer"], name
            assert [child.get("id") for child in body] == ["nav", "body", "footer"], name
