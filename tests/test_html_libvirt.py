"""The HTML reference for all of libvirt 9.0.0: valid pages, no broken link, libvirt's anchors kept.

The anchors are compared with the pages Debian's ``libvirt-doc`` 9.0.0 ships
(built by libvirt's ``newapi.xsl``): every id of each of their pages must
exist in our page of the same name, so deep links into libvirt.org keep
working when pointed at ours.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import require
from html_support import broken_links, page_ids, parse_errors

from generator.backends import html as html_backend
from generator.frontend import load_tree

LIBVIRT_DOC = Path("/usr/share/doc/libvirt-doc/html/html")
PAGES_OF_9_0_0 = 18  # index.html and one page per public header, as libvirt-doc has them


@pytest.fixture(scope="module")
def libvirt_html(libvirt_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html-9.0.0")
    for name, text in html_backend.render(load_tree(libvirt_tree).api).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_page_parses_without_errors(libvirt_html: Path) -> None:
    pages = sorted(libvirt_html.glob("*.html"))
    assert len(pages) == PAGES_OF_9_0_0
    errors = {p.name: parse_errors(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: found for name, found in errors.items() if found} == {}


def test_ids_are_unique_per_page(libvirt_html: Path) -> None:
    for page in libvirt_html.glob("*.html"):
        ids = page_ids(page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), page.name


def test_no_broken_internal_link(libvirt_html: Path) -> None:
    broken, checked = broken_links(libvirt_html)
    assert broken == []
    assert checked > 9000  # every symbol of the TOCs, signatures and doc text


def test_every_libvirt_doc_id_exists_in_our_page(libvirt_html: Path) -> None:
    require((LIBVIRT_DOC / "libvirt-libvirt-domain-checkpoint.html").is_file(), f"Debian's libvirt-doc pages ({LIBVIRT_DOC}; apt-get install libvirt-doc)")
    theirs_pages = sorted(LIBVIRT_DOC.glob("*.html"))
    assert sorted(p.name for p in theirs_pages) == sorted(p.name for p in libvirt_html.glob("*.html"))
    missing: dict[str, list[str]] = {}
    compared = 0
    for theirs in theirs_pages:
        wanted = set(re.findall(r'\sid="([^"]+)"', theirs.read_text(encoding="utf-8")))
        compared += len(wanted)
        ours = set(page_ids((libvirt_html / theirs.name).read_text(encoding="utf-8")))
        if wanted - ours:
            missing[theirs.name] = sorted(wanted - ours)
    assert missing == {}
    assert compared >= 2561  # libvirt-doc 9.0.0 has 2561 ids over its 18 pages


def test_symbols_link_across_modules(libvirt_html: Path) -> None:
    """libvirt's pages link only within one file; ours link qemu's page to the domain page."""
    qemu = (libvirt_html / "libvirt-libvirt-qemu.html").read_text(encoding="utf-8")
    assert 'href="libvirt-libvirt-domain.html#virDomainPtr"' in qemu
    domain = (libvirt_html / "libvirt-libvirt-domain.html").read_text(encoding="utf-8")
    assert 'href="libvirt-libvirt-host.html#virConnectPtr"' in domain


def test_what_libvirt_org_does_not_show(libvirt_html: Path) -> None:
    from lxml import html

    common = html.document_fromstring((libvirt_html / "libvirt-libvirt-common.html").read_text(encoding="utf-8"))
    number = " ".join(common.get_element_by_id("LIBVIR_VERSION_NUMBER").text_content().split())
    assert "#define LIBVIR_VERSION_NUMBER 9000000" in number
    domain = html.document_fromstring((libvirt_html / "libvirt-libvirt-domain.html").read_text(encoding="utf-8"))
    pointer = " ".join(domain.get_element_by_id("virDomainPtr").text_content().split())
    assert "typedef virDomain *virDomainPtr;" in pointer and "since 0.0.1" in pointer
    index = html.document_fromstring((libvirt_html / "index.html").read_text(encoding="utf-8"))
    newest = [a.text for a in index.get_element_by_id("since-9.0.0").iter("a")]
    assert "virDomainFDAssociate" in newest


def test_access_rules_are_shown(libvirt_html: Path) -> None:
    """What libvirt 9.0.0's pages never show: the permissions a remote call needs."""
    page = (libvirt_html / "libvirt-libvirt-domain-checkpoint.html").read_text(encoding="utf-8")
    section = page.split('id="virDomainCheckpointCreateXML"', 1)[1].split("</section>", 1)[0]
    assert "<li><code>domain:checkpoint</code></li>" in section
    assert '<code>domain:fs_freeze</code> when the call passes <a href="#VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE">' in section
    local = page.split('id="virDomainCheckpointGetName"', 1)[1].split("</section>", 1)[0]
    assert "Access" not in local  # a local call checks nothing
    listing = (libvirt_html / "libvirt-libvirt-domain.html").read_text(encoding="utf-8").split('id="virConnectListAllDomains"', 1)[1]
    assert "the returned list keeps only the domain objects the caller has <code>domain:getattr</code> on" in listing.split("</section>", 1)[0]


def _section(folder: Path, page: str, name: str) -> str:
    return (folder / page).read_text(encoding="utf-8").split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def test_filter_rules_say_what_they_filter(libvirt_html: Path) -> None:
    """QA: every @aclfilter said "the returned list", for a count and for an event registration too."""
    domain = "libvirt-libvirt-domain.html"
    getattr_html = "the domain objects the caller has <code>domain:getattr</code> on</li>"
    assert f"<li>the returned list keeps only {getattr_html}" in _section(libvirt_html, domain, "virConnectListAllDomains")
    count = _section(libvirt_html, domain, "virConnectNumOfDomains")
    assert f"<li>the count includes only {getattr_html}" in count and "returned list" not in count
    pools = _section(libvirt_html, "libvirt-libvirt-storage.html", "virStoragePoolNumOfVolumes")
    assert "<li>the count includes only the storage_vol objects the caller has <code>storage_vol:getattr</code> on</li>" in pools
    for page, name in ((domain, "virConnectDomainEventRegisterAny"), ("libvirt-libvirt-qemu.html", "virConnectDomainQemuMonitorEventRegister")):
        events = _section(libvirt_html, page, name)
        assert f"<li>events are delivered only for {getattr_html}" in events and "returned list" not in events, name
