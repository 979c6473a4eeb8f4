"""An enum body written in a struct member's type declares its constants in
the file's scope (C): they are an anonymous enum's members in the model and
every output, as apibuild.py exports them (differential QA, session 27: they
were lost, silently)."""

from __future__ import annotations

from pathlib import Path

from frontend_support import sample_with

ADDED = """/**
 * virQaKinds:
 *
 * Since: 5.6.0
 */
typedef struct _virQaKinds virQaKinds;
struct _virQaKinds {
    enum { VIR_QA_KIND_X = 2, VIR_QA_KIND_Y } kind; /* kind */
    union {
        enum virQaTagged { VIR_QA_TAGGED_A = VIR_QA_KIND_Y + 1 } *p; /* p */
        int q; /* q */
    } u; /* u */
};

enum { VIR_QA_AFTER = VIR_QA_TAGGED_A + 1 };

"""


def test_constants_of_an_enum_written_in_a_member_are_modelled(tmp_path: Path) -> None:
    from generator.frontend import load_tree

    tree = sample_with(tmp_path / "tree", ADDED)
    result = load_tree(tree)
    module = result.api.modules[0]
    members = {m.name: (m.enum, m.value) for m in module.members if m.name.startswith("VIR_QA_")}
    assert members == {
        "VIR_QA_KIND_X": ("", 2),
        "VIR_QA_KIND_Y": ("", 3),
        "VIR_QA_TAGGED_A": ("virQaTagged", 4),
        "VIR_QA_AFTER": ("", 5),
    }
    struct = next(s for s in module.structs if s.name == "virQaKinds")
    assert struct.fields is not None
    assert [(f.name, f.type) for f in struct.fields] == [("kind", "enum"), ("u", "union")]
    assert [e.name for e in module.enums if e.name == "virQaTagged"] == ["virQaTagged"]
    assert not [d for d in result.diagnostics if d.severity == "error"]


MORE = """typedef struct {
    enum { VIR_QA_TWO_NAMES = 1 } kind; /* kind */
} virQaOne, virQaOther;

struct _virQaDeclarators {
    enum { VIR_QA_DECL_A = 4 } first, second; /* two declarators, one body */
    enum { VIR_QA_CB_RET = 6 } (*cb)(void); /* a callback member's return type */
};

enum virQaRet { VIR_QA_RET_A = 8 } virQaReturning(void);
extern enum { VIR_QA_VAR_A = 9 } virQaVariable;
typedef enum { VIR_QA_PTR_A = 10 } *virQaEnumPtr;
int virQaParams(enum { VIR_QA_PARAM_A = 11 } p);

"""


def test_every_enum_body_written_in_a_declarator_is_added_once(tmp_path: Path) -> None:
    """Review, session 27: a struct read under two typedef names, or a member
    with two declarators, added the body twice (an error: "redeclaration of
    enumerator"), and a body in a function's return type, a variable's type,
    a pointer typedef or a callback member's return type was still lost.
    One in a parameter list is the prototype's own (C's scope): not the API's."""
    from generator.frontend import load_tree

    tree = sample_with(tmp_path / "tree", MORE)
    syms = tree / "src" / "libvirt_public.syms"
    exported = "        virDomainListAllCheckpoints;\n"
    syms.write_text(syms.read_text(encoding="utf-8").replace(exported, exported + "        virQaReturning;\n        virQaVariable;\n        virQaParams;\n"))
    result = load_tree(tree)
    assert not [str(d) for d in result.diagnostics if d.severity == "error"]
    members = {m.name: (m.enum, m.value) for m in result.api.modules[0].members if m.name.startswith("VIR_QA_")}
    assert members == {
        "VIR_QA_TWO_NAMES": ("", 1),
        "VIR_QA_DECL_A": ("", 4),
        "VIR_QA_CB_RET": ("", 6),
        "VIR_QA_RET_A": ("virQaRet", 8),
        "VIR_QA_VAR_A": ("", 9),
        "VIR_QA_PTR_A": ("", 10),
    }


TYPEDEFS = """typedef enum { VIR_QA_U_A = 1 } virQaU, *virQaUPtr;
typedef enum virQaT { VIR_QA_T_A = 2 } virQaT, *virQaTPtr;
typedef enum { VIR_QA_P_A = 3 } *virQaPPtr, virQaP;
typedef enum { VIR_QA_R_A = 4 } virQaArr, virQaArr2[2];
typedef enum { VIR_QA_B_A = 5 } virQaB1, virQaB2;

"""


def test_an_enum_typedef_with_more_declarators_adds_its_body_once(tmp_path: Path) -> None:
    """Review: ``typedef enum {...} A, *APtr;`` (and the other orders) stopped the run with "redeclaration
    of enumerator": the body was added for the name, then again for the pointer."""
    from generator.frontend import load_tree

    tree = sample_with(tmp_path / "tree", TYPEDEFS)
    result = load_tree(tree)
    assert not [str(d) for d in result.diagnostics if d.severity == "error"]
    module = result.api.modules[0]
    members = {m.name: m.enum for m in module.members if m.name.startswith("VIR_QA_")}
    assert members == {"VIR_QA_U_A": "virQaU", "VIR_QA_T_A": "virQaT", "VIR_QA_P_A": "virQaP", "VIR_QA_R_A": "virQaArr", "VIR_QA_B_A": "virQaB1"}
    typedefs = {t.name: t.type for t in module.typedefs if t.name.startswith("virQa")}
    assert typedefs == {"virQaUPtr": "enum *", "virQaTPtr": "enum virQaT *", "virQaPPtr": "enum *", "virQaArr2": "enum[2]", "virQaB2": "virQaB1"}


def test_a_tagged_struct_with_two_typedef_names_is_read_once(tmp_path: Path) -> None:
    """Review 3: ``typedef struct _virQaTS {...} virQaTS, virQaTS2;`` stopped the run ("redefinition of 'struct
    _virQaTS' at this same place: is the header read twice"): its body was read once per name."""
    from generator.frontend import load_tree

    result = load_tree(sample_with(tmp_path / "tree", "typedef struct _virQaTS { int a; /* a */ } virQaTS, virQaTS2;\n"))
    assert not [str(d) for d in result.diagnostics if d.severity == "error"]
    structs = {s.name: (s.tag, [f.name for f in s.fields or ()]) for s in result.api.modules[0].structs if s.name.startswith("virQaTS")}
    assert structs == {"virQaTS": ("_virQaTS", ["a"]), "virQaTS2": ("_virQaTS", ["a"])}
