"""A comment holding a suppression marker alone (``/* virt-apigen: ignore RULE */``) documents nothing.

QA, session 30: docs/check.md tells users to put a marker after a member on
its line, or in a comment of its own on the line above it, and the frontend
read that comment as the member's (or field's) doc: ``VIR_MIGRATE_LIVE =
(1 << 0), /* virt-apigen: ignore flag-undocumented */`` took the marker for
its ``info`` and lost the doc above it with its version (``check`` then
found a ``since-missing``); a marker on its own line above a member was
appended to its text; ``VIR_NODE_CPU_STATS_ALL_CPUS = -1, /* (Since: 0.9.3)
*/ /* virt-apigen: ignore since-member-older */`` and ``long long rx_bytes;
/* virt-apigen: ignore doubled-word */`` got the marker as their doc, so
``undocumented-member`` and ``undocumented-field`` went silent.

Decided: such a comment is no doc of anything, and is passed over where the
frontend looks for the doc beside or above a declaration, so the model, the
XML and every finding but the suppressed one are those of the tree without
the marker.  Each case compares the two trees (the sample, edited)."""

from __future__ import annotations

from pathlib import Path

from check_support import check_findings
from frontend_support import sample_with

from generator.backends import apixml
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.model import Api

CHECKPOINT_H = Path("include") / "libvirt" / "libvirt-domain-checkpoint.h"
CHECKPOINT_C = Path("src") / "libvirt-domain-checkpoint.c"

# the last member of the sample's delete flags, and where a new one goes after it
LAST_DELETE_MEMBER = """\
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY = (1 << 2), /* drop descendants, keep this
                                                              one (Since: 5.6.0) */
"""
# a member documented by the comment above it (a paragraph of its own), which no doc of
# virDomainCheckpointDelete mentions (flag-undocumented, at that doc), tagged older than its
# enum of 5.6.0: since-member-older, a finding on the member's line for a marker there to silence
DOCUMENTED_ABOVE = """
    /* forget the record of this checkpoint only
     * (Since: 5.2.0) */{above}
    VIR_DOMAIN_CHECKPOINT_DELETE_DEMO = (1 << 3),{after}
"""

# an enum of 5.6.0 with a member tagged older (since-member-older) holding no text (undocumented-member)
OLDER_MEMBER = """
/**
 * virDomainCheckpointDemoAll:
 *
 * Asks about every checkpoint at once.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_DEMO_ALL = -1, /* (Since: 5.2.0) */{after}
} virDomainCheckpointDemoAll;
"""

# a struct with one field documented above it and two undocumented ones (undocumented-field)
FIELDS = """
/**
 * virDomainCheckpointDemoStats:
 *
 * Counts of the data a checkpoint tracked.
 *
 * Since: 5.6.0
 */
typedef struct _virDomainCheckpointDemoStats virDomainCheckpointDemoStats;
struct _virDomainCheckpointDemoStats {
    /* bytes written since the checkpoint */{above}
    long long written;
    long long rx_bytes;{after}
    long long rx_packets;
};
"""


def _trees(tmp_path: Path, text: str, above: str = "", after: str = "", header_edit: tuple[str, str] | None = None) -> tuple[Path, Path]:
    """The sample without the marker and with it: ``text`` added to the checkpoint
    header (with ``{above}`` and ``{after}`` filled in), or ``header_edit``'s
    first text replaced by the second, there."""
    def make(name: str, above: str, after: str) -> Path:
        filled = text.replace("{above}", above).replace("{after}", after)
        tree = sample_with(tmp_path / name, "" if header_edit else filled)
        if header_edit is not None:
            header = tree / CHECKPOINT_H
            old = header.read_text(encoding="utf-8")
            assert header_edit[0] in old
            header.write_text(old.replace(header_edit[0], header_edit[0] + filled), encoding="utf-8")
        return tree
    return make("plain", "", ""), make("marked", above, after)


def _docs(api: Api, prefix: str) -> dict[str, tuple[str, str]]:
    """(doc, version) of each member and field whose name starts with ``prefix`` (fields: no version)."""
    found: dict[str, tuple[str, str]] = {}
    for module in api.modules:
        found.update((m.name, (m.doc, m.since)) for m in module.members if m.name.startswith(prefix))
        for struct in module.structs:
            found.update((f.name, (f.doc, "")) for f in struct.fields or () if struct.name.startswith("virDomainCheckpointDemo"))
    return found


def _said(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    """The findings without their lines (a marker on a line of its own moves the lines below it)."""
    return [(d.location.file, d.rule, d.message) for d in found]


def _compare(plain: Path, marked: Path, prefix: str, suppressed: str | None) -> list[Diagnostic]:
    """Assert the marked tree reads as the plain one (docs, versions, XML) and finds what
    it finds but the one finding of rule ``suppressed``; the plain tree's findings."""
    plain_api, marked_api = load_tree(plain).api, load_tree(marked).api
    assert _docs(marked_api, prefix) == _docs(plain_api, prefix)
    assert apixml.render(marked_api) == apixml.render(plain_api)
    plain_found, marked_found = check_findings(plain), check_findings(marked)
    expected = [d for d in plain_found if d.rule != suppressed]
    if suppressed is not None:
        assert len(expected) == len(plain_found) - 1, "the plain tree has the one finding the marker suppresses"
    assert _said(marked_found) == _said(expected)
    return plain_found


# --- repro A: a marker after a member documented by the comment above it --------------------------


def test_a_marker_after_a_member_leaves_it_the_doc_above(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, DOCUMENTED_ABOVE, after=" /* virt-apigen: ignore since-member-older */", header_edit=(LAST_DELETE_MEMBER, ""))
    # a rule whose finding is on the member's line (flag-undocumented's is at virDomainCheckpointDelete's doc
    # since session 35, where a marker after the member silenced nothing: this checked no suppression)
    found = _compare(plain, marked, "VIR_DOMAIN_CHECKPOINT_DELETE_DEMO", "since-member-older")
    assert _docs(load_tree(marked).api, "VIR_DOMAIN_CHECKPOINT_DELETE_DEMO") == {
        "VIR_DOMAIN_CHECKPOINT_DELETE_DEMO": ("forget the record of this checkpoint only", "5.2.0"),
    }  # was the marker's words, and no version: since-missing
    assert sorted(d.rule for d in found if "DELETE_DEMO" in d.message) == ["flag-undocumented", "since-member-older"]
    assert 'info="forget the record' in apixml.render(load_tree(marked).api)["libvirt-api.xml"].replace("'", '"')


# --- repro B: a marker on a line of its own above a member, below its doc --------------------------


def test_a_marker_on_its_own_line_above_a_member_is_not_added_to_its_doc(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, DOCUMENTED_ABOVE, above="\n    /* virt-apigen: ignore since-member-older */", header_edit=(LAST_DELETE_MEMBER, ""))
    _compare(plain, marked, "VIR_DOMAIN_CHECKPOINT_DELETE_DEMO", "since-member-older")  # was the doc, then the marker's words


def test_a_marker_on_its_own_line_above_a_field_is_not_added_to_its_doc(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, FIELDS, above="\n    /* virt-apigen: ignore doubled-word */")
    _compare(plain, marked, "", None)
    assert _docs(load_tree(marked).api, "")["written"] == ("bytes written since the checkpoint", "")


def test_a_marker_opening_an_enum_body_documents_no_member_by_the_comments_above_them(tmp_path: Path) -> None:
    # an enum whose body opens with a comment documents its members by the comments above them:
    # a marker there is no such comment, so the remark above the second member stays a remark
    text = (
        "/**\n * virDomainCheckpointDemoMode:\n *\n * Modes.\n *\n * Since: 5.6.0\n */\n"
        "typedef enum {{above}\n"
        "    VIR_DOMAIN_CHECKPOINT_DEMO_MODE_A = 0, /* a (Since: 5.6.0) */\n"
        "    /* a remark about the code, no doc */\n"
        "    VIR_DOMAIN_CHECKPOINT_DEMO_MODE_B = 1,\n"
        "} virDomainCheckpointDemoMode;\n"
    )
    plain, marked = _trees(tmp_path, text, above="\n    /* virt-apigen: ignore since-missing */")
    found = _compare(plain, marked, "VIR_DOMAIN_CHECKPOINT_DEMO_MODE", None)
    assert sorted(d.rule for d in found if "MODE_B" in d.message) == ["since-missing", "undocumented-member"]


# --- repro C: a marker after a member's comment holding only its tag -------------------------------


def test_a_marker_after_a_tag_alone_leaves_the_member_without_doc_text(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, OLDER_MEMBER, after=" /* virt-apigen: ignore since-member-older */")
    found = _compare(plain, marked, "VIR_DOMAIN_CHECKPOINT_DEMO_ALL", "since-member-older")
    assert _docs(load_tree(marked).api, "VIR_DOMAIN_CHECKPOINT_DEMO_ALL") == {"VIR_DOMAIN_CHECKPOINT_DEMO_ALL": ("", "5.2.0")}  # was the marker's words
    assert sorted(d.rule for d in found if "DEMO_ALL" in d.message) == ["since-member-older", "undocumented-member"]


# --- repro D: a marker after an undocumented field -------------------------------------------------


def test_a_marker_after_an_undocumented_field_is_not_its_doc(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, FIELDS, after=" /* virt-apigen: ignore doubled-word */")
    found = _compare(plain, marked, "", None)  # undocumented-field of rx_bytes was gone: the marker was its doc
    assert [d.message.split("'")[1] for d in found if d.rule == "undocumented-field"] == ["rx_bytes", "rx_packets"]


# --- the same for the declarations whose doc is a block above them ---------------------------------


def test_a_marker_between_a_definitions_doc_and_the_definition_keeps_the_doc_right_before_it(tmp_path: Path) -> None:
    # the definition's parameter names (the model's) come from the definition right after the doc
    def tree(name: str, marker: str) -> Path:
        folder = sample_with(tmp_path / name, "")
        source = folder / CHECKPOINT_C
        old = " */\nvirConnectPtr\nvirDomainCheckpointGetConnect(virDomainCheckpointPtr checkpoint)"
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, " */\n" + marker + old[4:].replace("checkpoint)", "cp)")), encoding="utf-8")
        return folder

    plain, marked = tree("plain", ""), tree("marked", "/* virt-apigen: ignore definition-mismatch */\n")
    _compare(plain, marked, "", None)
    function = next(f for module in load_tree(marked).api.modules for f in module.functions if f.name == "virDomainCheckpointGetConnect")
    assert [p.name for p in function.params] == ["cp"]  # was the header's 'checkpoint': no definition read


def test_a_marker_between_a_header_block_and_its_declaration_keeps_the_block_right_above_it(tmp_path: Path) -> None:
    # a block whose NAME line lacks its ':' documents the declaration right below it (and is reported)
    text = (
        "/**\n * virDomainCheckpointDemoInfo\n *\n * What a checkpoint holds.\n *\n * Since: 5.6.0\n */{above}\n"
        "typedef struct _virDomainCheckpointDemoInfo virDomainCheckpointDemoInfo;\n"
    )
    plain, marked = _trees(tmp_path, text, above="\n/* virt-apigen: ignore since-missing */")
    found = _compare(plain, marked, "", None)
    assert "doc-name-mismatch" in [d.rule for d in found]
    struct = next(s for module in load_tree(marked).api.modules for s in module.structs if s.name == "virDomainCheckpointDemoInfo")
    assert (struct.doc, struct.since) == ("What a checkpoint holds.", "5.6.0")


def test_a_marker_first_in_a_header_is_not_its_description(tmp_path: Path) -> None:
    def tree(name: str, marker: str) -> Path:
        folder = sample_with(tmp_path / name, "")
        header = folder / CHECKPOINT_H
        header.write_text(marker + header.read_text(encoding="utf-8"), encoding="utf-8")
        return folder

    plain, marked = tree("plain", ""), tree("marked", "/* virt-apigen: ignore */\n")
    _compare(plain, marked, "", None)


# --- a marker inside a real doc stays part of it (docs/check.md) -----------------------------------


def test_a_marker_inside_a_members_comment_stays_part_of_its_doc(tmp_path: Path) -> None:
    plain, marked = _trees(tmp_path, OLDER_MEMBER.replace("/* (Since: 5.2.0) */{after}", "/* all (Since: 5.2.0){after} */"),
                           after=" virt-apigen: ignore since-member-older")
    assert _docs(load_tree(plain).api, "VIR_DOMAIN_CHECKPOINT_DEMO_ALL") == {"VIR_DOMAIN_CHECKPOINT_DEMO_ALL": ("all", "5.2.0")}
    assert _docs(load_tree(marked).api, "VIR_DOMAIN_CHECKPOINT_DEMO_ALL") == {
        "VIR_DOMAIN_CHECKPOINT_DEMO_ALL": ("all virt-apigen: ignore since-member-older", "5.2.0"),
    }
    assert "since-member-older" not in [d.rule for d in check_findings(marked)]
