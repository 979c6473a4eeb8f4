"""A method's docstring says nothing of freeing its own object: no call frees a Python object.

libvirt 9.0.0's destroy, destroyFlags, virInterface.destroy and undefine, virNWFilter.undefine,
virNWFilterBinding.delete, virNetwork.destroy, virNetworkPort.delete, virSecret.undefine and virStoragePool's delete
and destroy say "This does not free the associated virDomainPtr object." or "The virStoragePoolPtr object itself is
not free'd.": the object is released by close() or the collector, whatever the call.  The sentence goes (or the
clause an "and" appends); virStreamNew's "before free'ing" (the stream it returns) is "before closing it".  "free"
of anything else stays: free memory, free-form text, "frees the restore point".
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Destroy it. This\ndoes not free the associated virDomainPtr object.\nThis may need privileges.", "Destroy it.\nThis may need privileges."),
        ("Delete it. The virDomainPtr object\nitself is not free'd.", "Delete it."),
        ("This does not remove it from the config, and\ndoes not free the associated virDomainPtr object.", "This does not remove it from the config."),
        ("Delete the port. This does not free the\nassociated virDomainPtr object. It is the caller's duty.", "Delete the port. It is the caller's duty."),
        # another class's object, another object of the verb, free as no verb
        ("This does not free the associated virNetworkPtr object.", "This does not free the associated virNetworkPtr object."),
        ("This frees the restore point.", "This frees the restore point."),
        ("The free memory and free-form text.", "The free memory and free-form text."),
    ],
)  # fmt: skip
def test_a_note_on_freeing_the_methods_object_goes(text: str, said: str) -> None:
    assert python_docs.without_own_free_notes(text, "virDomain") == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("call virStreamAbort before free'ing to, in order to", "call virStreamAbort before closing it, in order to"),
        ("call virStreamAbort before freeing it.", "call virStreamAbort before closing it."),
        ("Example:\n\n    abort(st); /* before free'ing to, */", "Example:\n\n    abort(st); /* before free'ing to, */"),
    ],
)  # fmt: skip
def test_before_freeing_is_before_closing(text: str, said: str) -> None:
    assert python_docs.closing_not_freeing(text) == said


def test_9_0_0_methods_say_nothing_of_freeing_their_object() -> None:
    plan = whole_tree_plan()
    docs = {v.c_name: " ".join(v.doc.split()) for v in plan.views}
    freed = [name for name, doc in docs.items() if "does not free the associated" in doc or "is not free'd" in doc or "free'ing" in doc]
    assert freed == []
    assert "deactivate an interface (ie call \"ifdown\") This does not remove the interface from the config. If" in docs["virInterfaceDestroy"]
    assert "Delete the binding object. This API may be used" in docs["virNWFilterBindingDelete"]
    assert "Delete the underlying pool resources. This is a non-recoverable operation. :param" in docs["virStoragePoolDelete"]
    assert "virStream.abort() before closing it, in order to notify the driver of termination." in docs["virStreamNew"]
    assert "which frees the restore point" in docs["virInterfaceChangeBegin"]
