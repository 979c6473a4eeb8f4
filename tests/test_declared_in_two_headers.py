"""A function (or typedef, variable) declared in two headers: C allows the
repeat, the API lists the symbol under the header of the declaration kept,
and the repeat is reported (apibuild.py fails the build on it when both
headers are of one module; across modules the finding says so); a header
holding only such a repeat declares something (differential QA round 2,
session 27: no word, and "the header declares nothing" for a valid header)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

REPEAT = "int virDomainCheckpointFree(virDomainCheckpointPtr checkpoint);\n"


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    return tree


def test_a_repeat_in_another_header_is_reported_at_it(tmp_path: Path) -> None:
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    network = tree / "include" / "libvirt" / "libvirt-network.h"
    text = network.read_text(encoding="utf-8")
    guard_end = text.rindex("#endif")
    network.write_text(text[:guard_end] + REPEAT + text[guard_end:], encoding="utf-8")
    line = network.read_text(encoding="utf-8").splitlines().index(REPEAT.rstrip()) + 1
    result = load_tree(tree)
    found = [(d.location.file, d.location.line, d.location.col, d.severity) for d in result.diagnostics if "declared again" in d.message]
    assert found == [("include/libvirt/libvirt-network.h", line, 5, "warning")]
    free = next(f for m in result.api.modules for f in m.functions if f.name == "virDomainCheckpointFree")
    assert free.header == "libvirt-domain-checkpoint"


def test_a_header_holding_only_a_repeat_declares_something(tmp_path: Path) -> None:
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-again.h").write_text(REPEAT, encoding="utf-8")
    umbrella = tree / "include" / "libvirt" / "libvirt.h"
    text = umbrella.read_text(encoding="utf-8")
    umbrella.write_text(text.replace("# include <libvirt/virterror.h>\n", "# include <libvirt/virterror.h>\n# include <libvirt/libvirt-again.h>\n"))
    result = load_tree(tree)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    assert [d.location.file for d in result.diagnostics if "declared again" in d.message] == ["include/libvirt/libvirt-again.h"]


def test_a_repeat_of_what_only_a_context_header_declares_is_no_declaration(tmp_path: Path) -> None:
    """Review: a header named alone that repeats a typedef of a header it includes (read only as
    context, so the API has neither) gave an empty API, exit 0, and "the API lists it under" a header
    the API does not have; it declares nothing of the API, an error as before."""
    from generator.frontend import load_files

    tree = _tree(tmp_path)
    named = tree / "include" / "libvirt" / "libvirt-qarep.h"
    named.write_text(
        "#ifndef QA_REP_H\n# define QA_REP_H\n# include <libvirt/libvirt-domain-checkpoint.h>\n"
        "typedef virDomainCheckpoint *virDomainCheckpointPtr;\n#endif\n",
        encoding="utf-8",
    )
    result = load_files([str(named)])
    assert [(d.severity, d.message.split(":")[0]) for d in result.diagnostics if d.severity == "error" or "again" in d.message] == [
        ("error", "the header declares nothing")
    ]


def test_the_first_declaration_is_the_findings_second_place(tmp_path: Path) -> None:
    """Review: the first place was written tree-relative with a character column; as ``other`` the CLI
    words it as the finding's own place (a path from the current folder, gcc's column)."""
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    network = tree / "include" / "libvirt" / "libvirt-network.h"
    text = network.read_text(encoding="utf-8")
    guard_end = text.rindex("#endif")
    network.write_text(text[:guard_end] + REPEAT + text[guard_end:], encoding="utf-8")
    [found] = [d for d in load_tree(tree).diagnostics if "declared again" in d.message]
    assert found.other is not None and found.other.file == "include/libvirt/libvirt-domain-checkpoint.h"
    assert f"first at {found.other.file}:{found.other.line}:{found.other.col};" in found.message


def test_a_header_holding_only_a_struct_body_declares_something(tmp_path: Path) -> None:
    """Review 3: the struct's symbol is its typedef's, in another header: "declares nothing", no output."""
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    checkpoint = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = checkpoint.read_text(encoding="utf-8")
    guard_end = "#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"
    checkpoint.write_text(text.replace(guard_end, "typedef struct _virQaBody virQaBody;\n" + guard_end))
    (tree / "include" / "libvirt" / "libvirt-body.h").write_text("#ifndef QA_BODY_H\n# define QA_BODY_H\nstruct _virQaBody {\n    int a; /* a */\n};\n#endif\n")
    umbrella = tree / "include" / "libvirt" / "libvirt.h"
    text = umbrella.read_text(encoding="utf-8")
    umbrella.write_text(text.replace("# include <libvirt/virterror.h>\n", "# include <libvirt/virterror.h>\n# include <libvirt/libvirt-body.h>\n"))
    assert [str(d) for d in load_tree(tree).diagnostics if d.severity == "error"] == []


QEMU_HEADER = (
    "#ifndef LIBVIRT_QEMU_H\n# define LIBVIRT_QEMU_H\n# include <libvirt/libvirt.h>\n"
    "int virDomainQemuPing(virDomainPtr domain);\n" + REPEAT + "#endif\n"
)
QEMU_SYMS = "LIBVIRT_QEMU_1.0.0 {\n    global:\n        virDomainQemuPing;\n};\n"
QEMU_SOURCE = (
    "/**\n * virDomainQemuPing:\n * @domain: a domain\n *\n * Pings.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"
    "int\nvirDomainQemuPing(virDomainPtr domain)\n{\n    return 0;\n}\n"
)


def test_a_repeat_in_another_module_s_header_says_so_and_that_c_allows_it(tmp_path: Path) -> None:
    """QA, session 28: a libvirt function declared again in ``libvirt-qemu.h`` was said to fail apibuild.py's
    build ("redeclared"), which reads each module alone and never compares the two; it is valid C, and
    what the finding is about is where the API lists the symbol."""
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(QEMU_HEADER, encoding="utf-8")
    (tree / "src" / "libvirt_qemu.syms").write_text(QEMU_SYMS, encoding="utf-8")
    (tree / "src" / "libvirt-qemu.c").write_text(QEMU_SOURCE, encoding="utf-8")
    result = load_tree(tree)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    [found] = [d for d in result.diagnostics if "declared again" in d.message]
    assert (found.location.file, found.location.line, found.location.col) == ("include/libvirt/libvirt-qemu.h", 5, 5)
    assert found.other is not None
    first = f"{found.other.file}:{found.other.line}:{found.other.col}"
    assert found.message == (
        f"'virDomainCheckpointFree' is declared again, first at {first}, a header of another module (libvirt): C allows the repeat,"
        " but the API lists it under libvirt-domain-checkpoint only, so libvirt-qemu's outputs lack it"
        " (apibuild.py, which reads each module alone, stops on the run of the module whose symbol file does not list it:"
        " 'Missing symbol file entry')"
    )
    functions = {m.name: [f.name for f in m.functions] for m in result.api.modules}
    assert functions["libvirt-qemu"] == ["virDomainQemuPing"] and "virDomainCheckpointFree" in functions["libvirt"]


def test_a_type_repeated_in_another_module_s_header_is_listed_in_both_by_apibuild(tmp_path: Path) -> None:
    """Review, session 28: apibuild.py writes a type (or a variable) into both
    modules' files, but stops on a function that the other module's symbol
    file does not list; the message said "both modules' files" of each."""
    from generator.frontend import load_tree

    tree = _tree(tmp_path)
    repeat = "typedef virDomainCheckpoint *virDomainCheckpointPtr;\n"
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(QEMU_HEADER.replace(REPEAT, repeat), encoding="utf-8")
    (tree / "src" / "libvirt_qemu.syms").write_text(QEMU_SYMS, encoding="utf-8")
    (tree / "src" / "libvirt-qemu.c").write_text(QEMU_SOURCE, encoding="utf-8")
    result = load_tree(tree)
    [found] = [d for d in result.diagnostics if "declared again" in d.message]
    assert found.message.endswith(
        " but the API lists it under libvirt-domain-checkpoint only, so libvirt-qemu's outputs lack it"
        " (apibuild.py, which reads each module alone, lists it in both modules' files)"
    )
