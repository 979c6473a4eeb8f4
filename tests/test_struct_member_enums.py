"""An enum body written in a struct member's type declares its constants in
the file's scope (C): they are an anonymous enum's members in the model and
every output, as apibuild.py exports them (differential QA, session 27: they
were lost, silently)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

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

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace("#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */", ADDED + "#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"), encoding="utf-8")
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
