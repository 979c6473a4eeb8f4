"""``check``'s "did you mean" hints (QA of every finding on libvirt 9.0.0, session 36): a wrong hint
is worse than none.  ``param-ref-unknown``/``param-doc-unknown`` hint at the parameter of the type a
sibling function (one sharing three words of its name) gives the name (a copied doc) before the closest spelling, and at the parameter
whose first word the name is when nothing else fits; ``unknown-symbol`` hints at a ``vir`` name
with one more word of the documented symbol's name, and at the closest name only when it is a near
miss, not another name sharing most of its letters."""

from __future__ import annotations

from pathlib import Path

from check_support import check_findings, write_tree

from generator.diagnostics import Diagnostic
from generator.lint.symbols import SymbolIndex

HEADER = """\
/**
 * virT:
 *
 * An object.
 *
 * Since: 1.0.0
 */
typedef struct _virT virT;
typedef virT *virTPtr;
int virTListAllItems(virTPtr t, virTPtr **items, unsigned int flags);
int virTListAllChildren(virTPtr item, virTPtr **children, unsigned int flags);
int virTAttach(virTPtr t, unsigned int pid_value, unsigned int flags);
int virTRename(virTPtr t, const char *name, int count);
int virUList(int names);
"""

SOURCE = """\
/**
 * virTListAllItems:
 * @t: the object
 * @items: where to store the array
 * @flags: pass 0
 *
 * Lists the objects of @t.
 *
 * Returns how many.
 *
 * Since: 1.0.0
 */
int virTListAllItems(virTPtr t, virTPtr **items, unsigned int flags) { return 0; }

/**
 * virTListAllChildren:
 * @item: the object
 * @children: where to store the array
 * @flags: pass 0
 *
 * Lists the children of @item; when @items is non-NULL it is filled.
 *
 * Returns how many.
 *
 * Since: 1.0.0
 */
int virTListAllChildren(virTPtr item, virTPtr **children, unsigned int flags) { return 0; }

/**
 * virTAttach:
 * @t: the object
 * @pid_value: a process
 * @flags: pass 0
 *
 * Attaches @t to the process identified by @pid.
 *
 * Returns 0 on success.
 *
 * Since: 1.0.0
 */
int virTAttach(virTPtr t, unsigned int pid_value, unsigned int flags) { return 0; }

/**
 * virTRename:
 * @t: the object
 * @name: its new name
 * @count: how many times
 *
 * Renames @t to @names.
 *
 * Returns 0 on success.
 *
 * Since: 1.0.0
 */
int virTRename(virTPtr t, const char *name, int count) { return 0; }

/**
 * virUList:
 * @names: how many names
 *
 * Lists.
 *
 * Returns 0.
 *
 * Since: 1.0.0
 */
int virUList(int names) { return 0; }
"""


def _found(tmp_path: Path, source: str = SOURCE, header: str = HEADER) -> list[Diagnostic]:
    return check_findings(write_tree(tmp_path, header, source, "libvirt-t"))


def _messages(found: list[Diagnostic], rule: str) -> list[str]:
    return [d.message for d in found if d.rule == rule]


def test_a_copied_reference_is_hinted_at_the_parameter_of_its_type(tmp_path: Path) -> None:
    """virDomainCheckpointListAllChildren: "@checkpoints is non-NULL" (virDomainListAllCheckpoints'
    array) was hinted '@checkpoint', the closest spelling; the array is '@children'."""
    assert _messages(_found(tmp_path), "param-ref-unknown")[0] == (
        "'@items' in the doc of virTListAllChildren names no parameter; did you mean '@children'?"
    )


def test_a_copied_entry_is_hinted_at_the_parameter_of_its_type(tmp_path: Path) -> None:
    source = SOURCE.replace(" * @children: where to store the array\n", " * @items: where to store the array\n")
    assert _messages(_found(tmp_path, source), "param-doc-unknown") == [
        "'@items:' documents no parameter of virTListAllChildren; did you mean '@children'?"
    ]


def test_the_type_of_a_function_that_is_no_sibling_does_not_outweigh_the_spelling(tmp_path: Path) -> None:
    """Review, session 36: any function's (name, type) was taken, so a slip such as '@names' in a function
    whose one int is '@count' was hinted '@count' because virUList's 'names' is an int; virUList shares
    no three words with virTRename, so the closest spelling wins."""
    assert "'@names' in the doc of virTRename names no parameter; did you mean '@name'?" in _messages(_found(tmp_path), "param-ref-unknown")


def test_a_name_that_is_the_first_word_of_a_parameter_is_hinted_at_it(tmp_path: Path) -> None:
    """virDomainQemuAttach: "identified by @pid", whose parameter is 'pid_value', had no hint."""
    assert "'@pid' in the doc of virTAttach names no parameter; did you mean '@pid_value'?" in _messages(_found(tmp_path), "param-ref-unknown")


def test_the_closest_name_is_no_hint_when_it_drops_a_word_and_adds_another() -> None:
    index = SymbolIndex(frozenset({"virEventAddHandleFunc", "virEventRemoveHandleFunc", "virFreeCallback"}))
    assert index.suggestion("virEventHandleFreeFunc") is None  # was virEventAddHandleFunc
    index = SymbolIndex(frozenset({"virNWFilterDefineXML", "virNWFilterBindingCreateXML", "virNWFilterGetXMLDesc"}))
    assert index.suggestion("virNWFilterCreateXML") is None  # was virNWFilterDefineXML: another word
    # typos, a case change and a word more or less still are near misses
    index = SymbolIndex(frozenset({"virDomainCheckpointListFlags", "virNetworkEventLifecycleType", "VIR_DOMAIN_PAUSED", "virDomainGetXMLDesc"}))
    assert index.suggestion("virDomainCheckpoinListFlags") == "virDomainCheckpointListFlags"
    assert index.suggestion("virNetworkEventLifeCycleType") == "virNetworkEventLifecycleType"
    assert index.suggestion("VIR_DOMIAN_PAUSED") == "VIR_DOMAIN_PAUSED"
    assert index.suggestion("virDomainGteXMLDesc") == "virDomainGetXMLDesc"


NWFILTER_HEADER = """\
typedef struct _virNWFilter virNWFilter;
typedef struct _virNWFilterBinding virNWFilterBinding;
virNWFilter *virNWFilterDefineXML(const char *xml);
virNWFilterBinding *virNWFilterBindingCreateXML(const char *xml);
char *virNWFilterGetXMLDesc(virNWFilter *nwfilter);
char *virNWFilterBindingGetXMLDesc(virNWFilterBinding *binding);
"""

NWFILTER_SOURCE = """\
/**
 * virNWFilterGetXMLDesc:
 * @nwfilter: a filter
 *
 * Gives XML to use again with virNWFilterCreateXML().
 *
 * Returns the XML.
 *
 * Since: 1.0.0
 */
char *virNWFilterGetXMLDesc(virNWFilter *nwfilter) { return 0; }

/**
 * virNWFilterBindingGetXMLDesc:
 * @binding: a binding
 *
 * Gives XML to use again with virNWFilterCreateXML().
 *
 * Returns the XML.
 *
 * Since: 1.0.0
 */
char *virNWFilterBindingGetXMLDesc(virNWFilterBinding *binding) { return 0; }
"""


def test_a_name_less_a_word_of_the_documented_symbol_is_hinted_at_the_full_one(tmp_path: Path) -> None:
    """virNWFilterBindingGetXMLDesc's doc, copied from virNWFilterGetXMLDesc's, names
    virNWFilterCreateXML: the binding's is virNWFilterBindingCreateXML (hinted virNWFilterDefineXML
    before); in virNWFilterGetXMLDesc's own doc the mention gets no hint."""
    assert _messages(_found(tmp_path, NWFILTER_SOURCE, NWFILTER_HEADER), "unknown-symbol") == [
        "'virNWFilterCreateXML' in the doc of virNWFilterGetXMLDesc (description) is not a symbol of this API",
        "'virNWFilterCreateXML' in the doc of virNWFilterBindingGetXMLDesc (description) is not a symbol of this API;"
        " did you mean 'virNWFilterBindingCreateXML'?",
    ]
