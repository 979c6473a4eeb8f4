"""``virt-apigen check``: lint rules over the API model.

Every rule is a pure function ``(Context) -> Iterator[Diagnostic]`` (the
context is the model plus its doc texts and known names, derived once); nothing here
prints or reads files.  :func:`lint` runs the enabled rules and merges the
frontend's own findings (``.syms`` problems, ``since-mismatch``,
``syms-missing``) under the same rule names, so one finding is reported once
(a ``since-mismatch`` that is only a malformed tag is left to
``since-malformed``: see :mod:`.since`).

The rule names, their default severity and what they catch are in
:data:`RULES` (``virt-apigen check --list-rules`` prints them); the rule
functions are in :mod:`.checks`, imported only when :func:`lint` runs, so
that checking ``--disable`` names costs nothing before the parser starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..model import Api
    from .words import TextFacts

# rule name -> (severity, one-line description); the order is the documentation order
RULES: dict[str, tuple[str, str]] = {
    "unknown-symbol": ("warning", "a doc text mentions a vir*/VIR_* symbol that the API does not have"),
    "param-doc-unknown": ("warning", "an '@name:' doc entry names no parameter (or differs in case)"),
    "param-ref-unknown": ("warning", "an '@name' in a function's doc text names no parameter (or differs in case)"),
    "doc-name-mismatch": (
        "warning",
        "a .c doc comment names another function than the definition after it, no symbol, or a function documented elsewhere; "
        "or its NAME lacks its ':', goes on after it, or is not written '* NAME:' right after a '/**' line (text before it: not read); "
        "or a '/***' block, never read, names an undocumented symbol right above it (reported by the frontend)",
    ),
    "definition-mismatch": ("warning", "a .c definition's parameters differ in number or order from the header's (reported by the frontend)"),
    "undocumented-function": ("warning", "a function or callback type without a doc comment (a callback type's holding no text too)"),
    "undocumented-param": ("warning", "a function's or callback's parameter without an '@name:' entry"),
    "undocumented-macro-param": ("warning", "a function-like macro's parameter without an '@name:' entry"),
    "null-undocumented": (
        "warning",
        "a string parameter the code lets be NULL (remote_string in the protocol, NULLSTR and no refusal at the entry point) whose docs say nothing of NULL",
    ),
    "undocumented-return": ("warning", "a non-void function or callback without a 'Returns' text"),
    "undocumented-description": ("warning", "a function whose doc comment has entries, Returns or Since: but no description"),
    "undocumented-enum": ("warning", "an enum type without doc text (no doc comment, or one holding only its title or a 'Since:' tag)"),
    "undocumented-member": ("warning", "an enum member without doc text (no comment, or one holding nothing)"),
    "undocumented-field": ("warning", "a public struct field without doc text (no comment, or one holding nothing)"),
    "undocumented-macro": ("warning", "a public macro without doc text (no doc comment, or one holding only its title or a 'Since:' tag)"),
    "flags-enum": ("warning", "a 'flags' parameter whose doc names no existing enum nor a member of one (and does not say flags are unused)"),
    "flag-undocumented": (
        "warning",
        "a flags enum member that no doc of the functions taking the enum names, where one of them describes its other members one by one",
    ),
    "since-missing": ("warning", "a symbol without a 'Since:' tag"),
    "since-malformed": (
        "warning",
        "a 'Since:' tag that is not 'Since: X.Y.Z', or one where no tag is read (a struct field, a second tag, a header's top comment)",
    ),
    "since-mismatch": ("warning", "a function's 'Since:' tag disagrees with its .syms block (reported by the frontend)"),
    "since-member-older": ("note", "an enum member claims to be older than its enum (right for a macro later made a member)"),
    "syms-undeclared": ("error", "a .syms file exports a symbol that no header of its module declares (the frontend too, for a whole tree)"),
    "syms-missing": ("error", "a function is declared but not exported (reported by the frontend)"),
    "syms-order": ("warning", "a .syms version block comes after a newer one (reported by the frontend)"),
    "syms-chain": ("warning", "a .syms block does not inherit from the block before it (reported by the frontend)"),
    "syms-duplicate": ("warning", "a symbol is exported twice (reported by the frontend)"),
    "syms-syntax": ("error", "a .syms line that is not a version script (reported by the frontend)"),
    "syms-file": ("error", "a tree's module has headers but no .syms version script (reported by the frontend)"),
    "enum-duplicate-value": ("warning", "two members of one enum share a value without being a documented alias (a note when documented)"),
    "enum-value-unknown": (
        "warning",
        "an enum member with no value: an initializer that cannot be evaluated, or an implicit one overflowing the type before it (reported by the frontend)",
    ),
    "long-type": (
        "error",
        "a function's or callback's return or parameter, or a public struct field, of type long (or unsigned long), beyond libvirt's legacy uses",
    ),
    "doubled-word": ("warning", "a doc text repeats a word ('the the')"),
    "unbalanced-parens": ("warning", "a doc text opens more '(' than it closes, or the reverse"),
    "xml-character": ("error", "a doc text holds a character XML 1.0 cannot carry (a control character): the API XML cannot be written"),
    "protocol-acl": (
        "warning",
        "a remote procedure without '@acl', or with 'none' beside other rules (an error when the procedure enum is cut short; reported by the frontend)",
    ),
    "apixml-unknown": ("warning", "an element or attribute the API XML schema does not have (reported by the frontend)"),
    "apixml-duplicate": ("warning", "a symbol listed twice in an API XML file (reported by the frontend)"),
    "apixml-order": ("warning", "an API XML member without a value whose number depends on document order (reported by the frontend)"),
    "apixml-input": ("warning", "an API XML entry read only in part: a required attribute missing, a file not listed (reported by the frontend)"),
    "input": ("warning", "any other frontend finding about the input"),
}


# A rule split off another keeps answering to the other's name in --disable and in suppression markers, so
# what silenced its findings before the split still does (undocumented-macro-param was undocumented-param's
# until session 27); --only names each alone.
PARENT_RULES = {"undocumented-macro-param": "undocumented-param"}


def rules_off(disable: Iterable[str], only: Iterable[str] = ()) -> frozenset[str]:
    """The rules a run leaves off: those ``--disable`` names, with the rules split off them
    (:data:`PARENT_RULES`: the old name still disables them), and, with ``--only``, every rule it
    does not name.  ``--only`` names each alone: a rule split off another stays on when that other
    is left out (``--only undocumented-macro-param`` reported nothing, its parent being off)."""
    disable, only = frozenset(disable), frozenset(only)
    off = disable | {rule for rule, parent in PARENT_RULES.items() if parent in disable}
    return off | {rule for rule in RULES if rule not in only} if only else off


def answers_to(rule: str) -> tuple[str, ...]:
    """The names that disable or silence ``rule``: its own, and the one it was split off."""
    parent = PARENT_RULES.get(rule)
    return (rule,) if parent is None else (rule, parent)


# The rules that read per-text facts (``Context.facts``); lint() runs them last.
TEXT_RULES = ("unknown-symbol", "param-ref-unknown", "doubled-word", "unbalanced-parens", "flag-undocumented")


def frontend_rule(diagnostic: Diagnostic) -> str:
    """The rule a frontend diagnostic is reported under."""
    if diagnostic.rule:
        return diagnostic.rule
    if diagnostic.location.file.endswith(".syms"):
        return "syms-syntax"
    return "input"


def lint(
    api: Api,
    frontend: Iterable[Diagnostic] = (),
    disabled: Iterable[str] = (),
    facts: TextFacts | None = None,
    facts_ready: Callable[[], object] | None = None,
) -> list[Diagnostic]:
    """Every finding of the enabled rules, sorted, without duplicates.  ``disabled``:
    the rules off, as :func:`rules_off` works them out from the options.  ``facts``:
    per-text results already computed (see :mod:`.words`); they change only the
    time taken.  ``facts_ready`` is called before the text rules run, the others
    having run already: a caller whose ``facts`` are still being completed
    elsewhere waits there (see cli_check.py)."""
    from ..diagnostics import Diagnostic, ordered
    from .checks import CHECKS
    from .since import defers_to_malformed, malformed_mismatches
    from .texts import Context

    off = frozenset(disabled)
    found: set[Diagnostic] = set()
    # a mismatch that is only a malformed tag is since-malformed's to report
    malformed_tags = malformed_mismatches(api) if "since-malformed" not in off else frozenset()
    for diagnostic in frontend:
        rule = frontend_rule(diagnostic)
        if rule not in off and not defers_to_malformed(diagnostic, malformed_tags):
            found.add(Diagnostic(diagnostic.location, diagnostic.severity, diagnostic.message, rule, other=diagnostic.other))
    context = Context.of(api, facts, off)
    for name, check in CHECKS.items():
        if name not in off and name not in TEXT_RULES:
            found.update(check(context))
    if facts_ready is not None:
        facts_ready()
    for name in TEXT_RULES:
        if name not in off:
            found.update(CHECKS[name](context))
    return ordered(found)


def unknown_rules(names: Iterable[str]) -> list[str]:
    return sorted(name for name in names if name not in RULES)
