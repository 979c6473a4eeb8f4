"""Where ``virt-apigen check`` places a finding about a declaration's doc comment as a whole.

The model locates a typedef, a struct, a macro or a callback type at its name
and an enum at its ``} name;`` line; a ``since-missing`` finding is placed
at the ``/**`` line of the doc comment its tag goes into, else (no comment)
at the start of the declaration, above which the comment goes.  The other
rules about a doc comment follow it: to complete (``undocumented-param``,
``-macro-param``, ``-return``; an enum's or a macro's holding only a tag) at
its ``/**``, missing (``undocumented-function``, ``-field``, ``-macro``,
``-enum``) at the declaration's start.  Each test builds the smallest tree
that shows one case and asserts the positions ``check`` gives (the old ones
in comments)."""

from __future__ import annotations

from pathlib import Path

from check_support import HEADER
from check_support import check_findings as _found
from check_support import write_tree as _tree

from generator.diagnostics import Diagnostic
from generator.frontend import load_tree

DECLARATIONS = HEADER + """\

/**
 * virYFlags:
 *
 * Flags of y, documented but untagged.
 */
typedef enum {
    VIR_Y_A = 1, /* a (Since: 1.0.0) */
    VIR_Y_B = 2, /* b, untagged */
} virYFlags;

typedef enum {
    VIR_Z_A = 1, /* a { (Since: 1.0.0) */
} virZFlags;

/**
 * virYCount:
 *
 * A count, untagged.
 */
typedef unsigned long long
    virYCount;

typedef unsigned long
    virZCount;

/**
 * virY:
 *
 * A struct, untagged.
 */
typedef struct _virY virY;

struct _virY {
    unsigned long long
        total;
    int count; /* a count */
};

/**
 * VIR_Y_MAX:
 *
 * The max, untagged.
 */
# define VIR_Y_MAX 8

#define VIR_Z_MAX 9

/**
 * VIR_Y_CALL:
 * @a: a
 *
 * Calls.
 *
 * Since: 1.0.0
 */
# define VIR_Y_CALL(a, b) \\
    ((a) + (b))

/**
 * virYCallback:
 * @y: the object
 *
 * Called back, untagged.
 */
typedef int
(*virYCallback)(virY *y,
                int n);

typedef void
(*virZCallback)(virY *z);

int
virZRun(virY *z);
int virZStop(virY *z);

/**
 * virWOld:
 *
 * A doc titled with another name.
 */
typedef struct _virW virW;

typedef enum {
    VIR_V_A = 1, /* a (Since: 1.0.0) */
    VIR_V_B = 2, /* b (Since: 1.0.0) */
    VIR_V_C = 4, /* c, see { (Since: 1.0.0) */
} virVFlags;
"""


def _places(found: list[Diagnostic], rule: str) -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.col, d.message.split("'")[1]) for d in found if d.rule == rule and d.location.file.endswith(".h")]


def test_since_missing_points_at_the_doc_comment_or_where_it_goes(tmp_path: Path) -> None:
    """QA: it pointed at '} virYFlags;' or at the name, below the doc comment its tag goes into
    (or, with none, below where that comment goes); a marker had to go there too."""
    found = _found(_tree(tmp_path, header=DECLARATIONS))
    assert _places(found, "since-missing") == [
        (22, 1, "virYFlags"),  # was 30:3, '} virYFlags;': its '/**'
        (29, 5, "VIR_Y_B"),  # a member: its own line, where its comment is (as it was)
        (32, 1, "virZFlags"),  # was 34:3: no doc, 'typedef enum {', where undocumented-enum points
        (36, 1, "virYCount"),  # was 42:5, the name on the typedef's second line
        (44, 1, "virZCount"),  # was 45:5: no doc, its 'typedef'
        (47, 1, "virY"),  # was 52:22, the name in 'typedef struct _virY virY;'
        (60, 1, "VIR_Y_MAX"),  # was 65:10, the name after '# define'
        (67, 1, "VIR_Z_MAX"),  # was 67:9: no doc, its '#define'
        (80, 1, "virYCallback"),  # was 87:3, '(*virYCallback)' on the typedef's second line
        (97, 1, "virW"),  # was 102:22: the comment right above, another name's, is read as its doc
        (104, 1, "virVFlags"),  # was 108:3
    ]
    assert _places(found, "undocumented-enum")[0] == (32, 1, "virZFlags")


def test_since_missing_defers_to_undocumented_function_wherever_each_points(tmp_path: Path) -> None:
    """Still one finding, not two, matched by name (each once had a place of its own: virZStop's
    undocumented-function was at its name, 95:5); with that rule off, since-missing at the declaration's start."""
    tree = _tree(tmp_path, header=DECLARATIONS)
    found = _found(tree)
    assert _places(found, "undocumented-function") == [
        (90, 1, "virZCallback"),  # was 91:3, '(*virZCallback)' on the typedef's second line
        (93, 1, "virZRun"),  # was 94:1, the name below its return type
        (95, 1, "virZStop"),  # was 95:5, the name on the declaration's first line: its start, as since-missing
    ]
    assert not [p for p in _places(found, "since-missing") if p[2].startswith("virZ") and p[2] != "virZFlags" and p[2] != "virZCount"]
    alone = _places(_found(tree, ["undocumented-function"]), "since-missing")
    assert [p for p in alone if p[2] in ("virZCallback", "virZRun", "virZStop")] == [(90, 1, "virZCallback"), (93, 1, "virZRun"), (95, 1, "virZStop")]


def test_doc_findings_on_a_declarations_inner_line_move_to_its_comment_or_start(tmp_path: Path) -> None:
    found = _found(_tree(tmp_path, header=DECLARATIONS))
    assert _places(found, "undocumented-field") == [(55, 5, "total")]  # was 56:9, the name below its type
    # the callback's doc is there, to complete: its '/**' (a function's point there already)
    assert _places(found, "undocumented-param") == [(80, 1, "n")]  # was 87:3
    assert _places(found, "undocumented-return") == [(80, 1, "virYCallback")]  # was 87:3
    # on the declaration's first line: its start, where since-missing points (was 67:9, the name)
    assert _places(found, "undocumented-macro") == [(67, 1, "VIR_Z_MAX")]
    # the macro's doc is there, to complete, as a function's: its '/**' (was 77:10, the name after '# define')
    assert _places(found, "undocumented-macro-param") == [(69, 1, "b")]


def test_a_since_missing_marker_goes_above_the_doc_comment_and_the_model_keeps_the_name(tmp_path: Path) -> None:
    above = DECLARATIONS.replace("/**\n * virYFlags:", "/* virt-apigen: ignore since-missing */\n/**\n * virYFlags:")
    assert "virYFlags" not in [p[2] for p in _places(_found(_tree(tmp_path / "above", header=above)), "since-missing")]
    # on '} virYFlags;' it is no longer that finding's line
    below = DECLARATIONS.replace("} virYFlags;", "} virYFlags; /* virt-apigen: ignore since-missing */")
    assert (22, 1, "virYFlags") in _places(_found(_tree(tmp_path / "below", header=below)), "since-missing")
    module = load_tree(_tree(tmp_path / "model", header=DECLARATIONS)).api.modules[0]
    assert [(t.location.line, t.location.col) for t in module.typedefs if t.name == "virYCount"] == [(42, 5)]
    assert [(e.location.line, e.location.col) for e in module.enums if e.name == "virYFlags"] == [(30, 3)]


def test_a_brace_in_a_members_comment_does_not_cut_the_enum_short(tmp_path: Path) -> None:
    """The braces closed before '} virVFlags;' are first counted on the raw text, where
    the '{' of VIR_V_C's comment balances them two lines up: the walk over the code then
    finds no '{' there and reads further up."""
    found = _found(_tree(tmp_path, header=DECLARATIONS))
    assert [p for p in _places(found, "since-missing") if p[2] == "virVFlags"] == [(104, 1, "virVFlags")]  # was 108:3
    assert [p for p in _places(found, "undocumented-enum") if p[2] == "virVFlags"] == [(104, 1, "virVFlags")]


# --- a doc comment holding only its tag: the text goes into it ------------------------------

TAG_ONLY = HEADER + """\

/**
 * virAFlags:
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_A_A = 1, /* a (Since: 1.0.0) */
} virAFlags;

typedef enum {
    VIR_B_A = 1, /* a (Since: 1.0.0) */
} virBFlags;

/**
 * virCOld:
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_C_A = 1, /* a (Since: 1.0.0) */
} virCFlags;
"""


def test_an_enum_whose_doc_holds_only_its_tag_points_at_that_doc(tmp_path: Path) -> None:
    """QA: 'has no doc text' (all 83 of libvirt 9.0.0's) pointed at 'typedef enum {', below the
    comment its text goes into, while since-missing points at that comment's '/**'."""
    found = _found(_tree(tmp_path, header=TAG_ONLY))
    assert [(d.location.line, d.location.col, d.message) for d in found if d.rule == "undocumented-enum"] == [
        (22, 1, "enum 'virAFlags' has no doc text"),  # was 27:1
        (31, 1, "enum 'virBFlags' has no doc comment"),  # no comment: 'typedef enum {', as it was
        (35, 1, "enum 'virCFlags' has no doc text"),  # was 40:1: the comment right above, another name's, is read as its doc
    ]


def test_an_enum_whose_doc_holds_only_its_tag_is_suppressed_above_that_doc(tmp_path: Path) -> None:
    above = TAG_ONLY.replace("/**\n * virAFlags:", "/* virt-apigen: ignore undocumented-enum */\n/**\n * virAFlags:")
    assert "virAFlags" not in [d.message.split("'")[1] for d in _found(_tree(tmp_path / "above", header=above)) if d.rule == "undocumented-enum"]
    # on 'typedef enum {' it is no longer that finding's line
    start = TAG_ONLY.replace("*/\ntypedef enum {\n    VIR_A_A", "*/\ntypedef enum { /* virt-apigen: ignore undocumented-enum */\n    VIR_A_A")
    found = _found(_tree(tmp_path / "start", header=start))
    assert (22, 1, "virAFlags") in _places(found, "undocumented-enum")


def test_an_enum_with_a_long_body_still_finds_its_doc(tmp_path: Path) -> None:
    """The block is looked for first in the lines right above the name, then in the whole file."""
    members = "".join(f"    VIR_A_M{n} = {n}, /* m (Since: 1.0.0) */\n" for n in range(2, 400))
    header = TAG_ONLY.replace("    VIR_A_A = 1, /* a (Since: 1.0.0) */\n", "    VIR_A_A = 1, /* a (Since: 1.0.0) */\n" + members)
    assert _places(_found(_tree(tmp_path, header=header)), "undocumented-enum")[0] == (22, 1, "virAFlags")


ONE_LINERS = HEADER + """\

/**
 * VIR_A_CALL:
 * @a: a
 *
 * Calls.
 *
 * Since: 1.0.0
 */
# define VIR_A_CALL(a, b) ((a) + (b))

/**
 * virACallback:
 * @x: the object
 *
 * Called back.
 *
 * Since: 1.0.0
 */
typedef int (*virACallback)(virX *x, int n);

/**
 * virBOld:
 * @x: the object
 *
 * Called back, under another name.
 *
 * Since: 1.0.0
 */
typedef int (*virBCallback)(virX *x, int n);
"""


def test_a_doc_to_complete_is_pointed_at_whatever_line_the_name_is_on(tmp_path: Path) -> None:
    """QA: a macro's undocumented-macro-param (libvirt 9.0.0's five 'cb') and a callback type's
    -param and -return, named on the declaration's first line, stayed at the name while a
    function's point at its doc comment's '/**' and since-missing points there too."""
    found = _found(_tree(tmp_path, header=ONE_LINERS))
    assert _places(found, "undocumented-macro-param") == [(22, 1, "b")]  # was 30:10
    assert _places(found, "undocumented-param") == [(32, 1, "n"), (42, 1, "n")]  # was 40:15, 50:15
    assert _places(found, "undocumented-return") == [(32, 1, "virACallback"), (42, 1, "virBCallback")]  # was 40:15, 50:15


def test_a_doc_to_complete_is_suppressed_above_its_comment(tmp_path: Path) -> None:
    marked = ONE_LINERS.replace("/**\n * VIR_A_CALL:", "/* virt-apigen: ignore undocumented-macro-param */\n/**\n * VIR_A_CALL:")
    assert _places(_found(_tree(tmp_path / "above", header=marked)), "undocumented-macro-param") == []
    # on the '# define' line it is no longer that finding's line
    define = ONE_LINERS.replace("((a) + (b))", "((a) + (b)) /* virt-apigen: ignore undocumented-macro-param */")
    assert _places(_found(_tree(tmp_path / "define", header=define)), "undocumented-macro-param") == [(22, 1, "b")]


MACROS = HEADER + """\

/**
 * VIR_A_MAX:
 *
 * Since: 1.0.0
 */
# define VIR_A_MAX 8

# define VIR_B_MAX 8
"""


def test_a_macro_whose_doc_holds_only_its_tag_points_at_that_doc(tmp_path: Path) -> None:
    """QA: 'has no doc text' (libvirt 9.0.0's three '_vir*Parameter') stayed at the name after
    '# define', below the block its text goes into, as undocumented-enum's did."""
    found = _found(_tree(tmp_path, header=MACROS))
    assert [(d.location.line, d.location.col, d.message) for d in found if d.rule == "undocumented-macro"] == [
        (22, 1, "macro 'VIR_A_MAX' has no doc text"),  # was 27:10
        (29, 1, "macro 'VIR_B_MAX' has no doc comment"),  # no comment: its '# define', as since-missing
    ]
    marked = MACROS.replace("/**\n * VIR_A_MAX:", "/* virt-apigen: ignore undocumented-macro */\n/**\n * VIR_A_MAX:")
    assert _places(_found(_tree(tmp_path / "marked", header=marked)), "undocumented-macro") == [(30, 1, "VIR_B_MAX")]


FIRST_LINES = HEADER + """\

# define VIR_B_MAX 8

typedef int (*virBCallback)(virX *x, int n);

int virBRun(virX *x);

/**
 * virB:
 *
 * A struct.
 *
 * Since: 1.0.0
 */
typedef struct _virB virB;
struct _virB {
    unsigned long long count;
    int a, b;
};

typedef enum {
    VIR_B_A = 1,
    VIR_B_B = 2, VIR_B_C = 4,
} virBFlags;
"""


def test_a_missing_doc_named_on_its_declarations_first_line_points_at_its_start(tmp_path: Path) -> None:
    """QA: the name on that line was kept, while since-missing of the same node points at the
    line's start: two columns for one fix (libvirt 7.0.0's '_virSchedParameter', 4855:1 and 4855:10)."""
    found = _found(_tree(tmp_path, header=FIRST_LINES))
    assert _places(found, "undocumented-macro") == [(22, 1, "VIR_B_MAX")]  # was 22:10
    assert _places(found, "since-missing")[0] == (22, 1, "VIR_B_MAX")
    assert _places(found, "undocumented-function") == [(24, 1, "virBCallback"), (26, 1, "virBRun")]  # were 24:15, 26:5
    assert _places(found, "undocumented-field") == [(37, 5, "count"), (38, 5, "a"), (38, 12, "b")]  # were 37:24, 38:9; 'b' after a ','
    # a member's place is its name, where its comment goes: on its line's start, or after a ','
    # (was a check on VIR_X_A, which is documented: it could never fail)
    assert _places(found, "undocumented-member") == [(42, 5, "VIR_B_A"), (43, 5, "VIR_B_B"), (43, 18, "VIR_B_C")]
    marked = FIRST_LINES.replace("# define VIR_B_MAX 8", "/* virt-apigen: ignore undocumented-macro */\n# define VIR_B_MAX 8")
    assert _places(_found(_tree(tmp_path / "marked", header=marked)), "undocumented-macro") == []


SEVERAL_NAMES = HEADER + """\

typedef struct _virB virB, *virBPtr;

typedef enum {
    VIR_C_X = 0, /* x (Since: 1.0.0) */
} virC, virCAlias;

typedef enum {
    VIR_D_X = 0, /* x (Since: 1.0.0) */
} virD,
  virDAlias;
"""


def test_each_name_of_a_declaration_of_several_points_at_its_start(tmp_path: Path) -> None:
    """QA: a name ending with a ',' was taken for an enum's member, left at its name
    (virB 22:22, virC 27:3), and the walk back stopped at that ',' (virBPtr at its '*', 22:28)."""
    found = _found(_tree(tmp_path, header=SEVERAL_NAMES))
    assert _places(found, "since-missing") == [
        (22, 1, "virB"),
        (22, 1, "virBPtr"),
        (24, 1, "virC"),
        (24, 1, "virCAlias"),
        (28, 1, "virD"),
        (28, 1, "virDAlias"),
    ]
    assert _places(found, "undocumented-enum") == [(24, 1, "virC"), (28, 1, "virD")]
    assert not [p for p in _places(found, "since-missing") if p[2].startswith("VIR_")]  # the members are tagged


COMMENTED_TYPES = HEADER + """\

int /* the result */
virCRun(virX *x);

int virCStop(virX *x); /* stops,
                        * returning 0 */
int virCWait(virX *x);

struct _virX {
    unsigned long long /* bytes */
        total;
};
"""


def test_a_comment_after_a_return_type_does_not_end_the_declaration(tmp_path: Path) -> None:
    """QA: a line ending in '*/' was read as the end of what came before, so a function whose
    return type carries a comment was placed at its name's line (22:1 then 23:1) while the
    docs promise its return type's line.  A comment after a whole declaration still ends it."""
    found = _found(_tree(tmp_path, header=COMMENTED_TYPES))
    assert _places(found, "undocumented-function") == [
        (22, 1, "virCRun"),  # was 23:1
        (25, 1, "virCStop"),
        (27, 1, "virCWait"),  # the comment above ends virCStop's declaration
    ]
    assert _places(found, "undocumented-field") == [(30, 5, "total")]  # was 31:9


DOCS_OF_OTHERS = HEADER + """\

/**
 * virF:
 *
 * A struct.
 *
 * Since: 1.0.0
 */
typedef struct _virF virF, *virFPtr;

/************************************************
 * virP:
 *
 * A banner.
 ************************************************/
typedef enum {
    VIR_P_X = 0, /* x (Since: 1.0.0) */
} virP;

/**
 * virHPtr:
 *
 * A pointer.
 */
typedef struct _virH virH;
typedef virH *virHPtr;
"""


def test_a_doc_wide_finding_points_at_the_doc_the_frontend_reads(tmp_path: Path) -> None:
    """QA: the locator guessed a node's doc by rules of its own.  'virF:' above a typedef of
    two names documents virF only (the builder's _names_own_declaration), a block opened with
    '/***' is never read as a doc (starred_opening), and 'virHPtr:' right above virH's typedef,
    which no block names, is filed under virH (LazyDocs.refile): virFPtr, virP and virHPtr have
    no doc comment, so their findings go to their declarations' starts."""
    found = _found(_tree(tmp_path, header=DOCS_OF_OTHERS))
    assert _places(found, "since-missing") == [
        (29, 1, "virFPtr"),  # was 22:1, virF's block
        (36, 1, "virP"),  # was 31:1, the banner
        (40, 1, "virH"),  # the block right above, read as its doc
        (46, 1, "virHPtr"),  # was 40:1, the block filed under virH
    ]
    assert _places(found, "undocumented-enum") == [(36, 1, "virP")]  # was 31:1
    module = load_tree(_tree(tmp_path / "model", header=DOCS_OF_OTHERS)).api.modules[0]
    # the model agrees: none of the three takes a doc from those blocks
    assert {n.name: n.doc for n in (*module.structs, *module.typedefs, *module.enums) if n.name in ("virFPtr", "virP", "virHPtr")} == {
        "virFPtr": "", "virP": "", "virHPtr": "",
    }
