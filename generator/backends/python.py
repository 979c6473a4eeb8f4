"""Backend: a pure-Python (ctypes) binding package for ``libvirt.so.0``.

The output is a pip-installable folder: ``pyproject.toml`` with a build
backend of its own (``_build_backend.py``, standard library only, so an
offline ``pip install`` needs nothing else), the package
``libvirt_ctypes`` (one module, ``py.typed``), ``COPYING`` (the license text) and ``COVERAGE.md``, which lists
every C function of the model and what became of it.  Method names come from
:mod:`generator.naming`; everything else is decided here, by rules on the
model (no per-function table):

Parameters (after the handle that owns the method):

* a handle ``virXxxPtr`` is a ``virXxx`` object (anything else: ``TypeError``);
* ``const char *`` is ``str``; it is ``str | None`` when the docs allow NULL:
  its own doc mentions NULL as a value (not "non-NULL"/"not NULL") or starts
  "(optional)", or a sentence of the description lets it be NULL or calls
  it optional (:mod:`generator.nulldocs`); or, where no doc refuses
  NULL, the code allows it (the model's ``nullable_strings``: the protocol
  sends it as ``remote_string``, and the entry point expects NULL and does
  not refuse it);
* a ``const char *``/``const unsigned char *`` followed by its length (a
  ``size_t``, or an integer documented as its size) is ``bytes``, and the
  length passed is ``len()`` of it: no caller-chosen length can exceed it;
* a ``const unsigned char *x`` with a ``VIR_X_BUFLEN`` macro (``uuid``,
  ``VIR_UUID_BUFLEN``) is ``bytes`` of exactly that length (``ValueError``);
* an unsigned integer named ``flags`` is an ``int`` defaulting to 0, typed as
  accepting the ``IntFlag`` classes of the function's flags enums: the ones
  its doc names (the model's ``flags_enums``: ``DomainModificationImpact |
  TypedParameterFlags | SupportsIndex`` for the eight typed-parameter getters whose
  doc names both), else the enums whose members its doc names, once made
  whole (:func:`_function_docs`: a doc cut at a blank line of the C
  comment, virInterfaceGetXMLDesc's in libvirt's own XML, gets its list
  back from the description);
* another integer parameter whose doc names exactly one enum of the package
  is typed ``EnumClass | SupportsIndex`` too (:func:`_named_enum_class`:
  ``interfaceAddresses``' ``source``, 17 parameters on 9.0.0);
* other integer types and ``double`` are ``int``/``float``, range-checked
  against the C type (``OverflowError``), never truncated; an integer
  documented "(optional)" may default to 0;
* an integer parameter (``flags`` too) takes any object with
  ``__index__`` (numpy's integers), as libvirt-python's
  ``PyArg_ParseTuple`` does: converted by ``operator.index`` then
  range-checked; ``float`` and ``str`` stay ``TypeError``.  Only an object
  that is no ``int`` pays for the conversion (an exact ``int`` is tested
  first, by class), so the common call costs what it did: the check is on
  every call's path;
* ``virXxxPtr **`` in a function returning ``int`` is an output array of
  owned handles: the method returns ``list[virXxx]`` and frees the array;
* a pointer to an integer is an output value when the function returns
  ``int`` and has no integer input besides ``flags`` (an integer input means
  a size or an index, so the pointer may be an array); the method returns
  the value, or a tuple of them; one documented "optional" or "pass NULL"
  is passed as NULL and not returned;
* ``char *``/``unsigned char *`` whose doc names a ``VIR_..._BUFLEN`` macro
  is an output buffer of that size, returned as ``str``/``bytes``;
* ``char **x`` with no count beside it (so no array: :func:`_array_shapes`)
  in a function returning ``int`` is one string libvirt allocates
  (``virDomainQemuMonitorCommand``'s ``result``): returned as ``str``,
  copied then freed;
* a ``char *`` the library writes into, followed by its ``size_t`` size, in
  a function returning how many bytes it wrote (``virStreamRecv(data,
  nbytes)``: :func:`_read_buffers`) is no parameter: the method takes the
  size, allocates the buffer and returns the ``bytes`` written (``b""`` for
  0); the other negative values the return doc gives besides -1 (-2: no
  data yet on a non-blocking stream, -3: a hole) are returned as ``int``,
  as libvirt-python does;
* CPU maps, peeked buffers and a value returned with outputs (the section
  "CPU maps, peeked bytes, values returned with their size" below): an
  ``unsigned char *`` bit map "(IN)" with its ``maplen`` is a sequence of
  bools (``pinVcpu``); one "(OUT)" is sized by the host's CPU count and
  returned as tuples of bools (``vcpuPinInfo``), one libvirt allocates as
  (count, list of bools, outputs) (``getCPUMap``); a ``void *`` of "at least
  @size bytes" after its size is returned as those bytes (``blockPeek``); a
  ``char *`` return with integer outputs is a tuple (``schedulerType``), an
  ``unsigned char *`` return with its ``size_t *`` size bytes (``value``);
* a pointer to a struct of fixed layout that the docs say libvirt fills
  (``virDomainInfoPtr info``) is no parameter: the method returns it as a
  ``NamedTuple`` named after the struct, and a size documented as the
  struct's is ``ctypes.sizeof`` of it (:func:`_filled_struct`, the section
  "structs the caller's memory receives" below); when the return doc gives
  -1, 0 and 1 only and its clause for 1 names the struct ("1 when info was
  found": ``virDomainGetBlockJobInfo``), the return says whether libvirt
  filled it, and the method returns libvirt-python's shape: ``{}`` for 0,
  ``{C field: value}`` for 1 (:data:`_FOUND_CLAUSE`);
* an array of fixed-layout structs the caller sizes and libvirt fills, with
  its count (``virNodeGetCPUStats(params, nparams)``,
  ``virDomainMemoryStats(stats, nr_stats)``), is no parameter: the
  bindings size it (a first call with NULL and 0 where the description
  says so, else ``_NAMES_FIRST`` elements doubled while all are filled),
  free the ``char *`` fields libvirt wrote on every path, and return a
  dict for a (string, integer) or (enum-named integer, integer) pair,
  else a list of the struct's NamedTuple (:func:`_struct_array`, the
  section "arrays of structs the caller sizes" below); a CPU map per
  element after its count (``virDomainGetVcpus(info, maxinfo, cpumaps,
  maplen)``: :func:`_struct_cpumaps`), sized by the host's CPU count,
  makes it a tuple (that list, a tuple of bools per element), as
  libvirt-python's ``vcpus()``;
* an array of struct pointers libvirt allocates, counted by the return
  (``virDomainGetFSInfo(info)``, ``virNetworkGetDHCPLeases(leases)``), is
  no parameter: the method returns a list of the struct's NamedTuple, its
  count + array fields as lists, a CPU map field as a list of bools; each
  struct is freed by the ``Free`` function the docs name (used by the
  bindings, counted with the ``Ref``/``Free`` ones), then the array, on
  every path (:func:`_taken_structs`, the section "arrays of struct
  pointers libvirt allocates" below); an array of the structs themselves
  (no pointer in them) that libvirt allocates and the caller frees with
  free() (``virDomainGetSecurityLabelList(seclabels)``) is a list of the
  struct's NamedTuple, the array freed on every path (:func:`_taken_array`,
  the section "arrays of structs libvirt allocates");
* statistics records (``virConnectGetAllDomainStats(retStats)``: a
  NULL-terminated array of structs holding a handle and typed parameters,
  freed by one list function the docs name) are no parameter: the method
  returns a list of (handle, dict) tuples, libvirt-python's shape, each
  handle a new owned object, the list freed on every path; a NULL-terminated
  input array of handles there (``virDomainListGetStats(doms)``) is a
  sequence of objects, and such a function with no owner is a method of
  ``virConnect`` (:func:`_stats_records`, the section "statistics records"
  below);
* a ``virTypedParameterPtr`` and its count are a dict ``{field: value}``
  (:func:`_typed_shape`): a getter filling the caller's array (sized by a
  first call with NULL and 0, or by the function its ``@nparams`` doc
  names) or one whose array libvirt allocates returns it, strings and
  array freed; an output array the caller sizes per unit, its count per
  unit, a start and a number of units after it, the description giving the
  calling convention (virDomainGetCPUStats: "@params must contain at least
  @nparams * @ncpus entries", the NULL and 0 queries, "If @start_cpu is -1,
  then @ncpus must be 1") returns a list of dicts, one per unit or, given
  ``total``, one of the whole (:func:`_typed_units`); a setter takes it,
  each field typed by the matching getter's answer (:func:`_typed_getter`,
  libvirt-python's way) or, with no getter, by the type its field-name
  macro's doc names (:func:`_typed_field_types`), else by the value's Python type (libvirt-python's rule without hints); a
  ``TypedValue(value, type)`` in the dict overrides either.  The
  ``virTypedParams*`` helpers are not bound: they build and read the C
  arrays that are dicts here.
* arrays of strings and integers (:func:`_array_shapes`): ``char **names``
  with its size after it, and an ``int *`` documented as written, are
  filled into an array the bindings size (``_NAMES_FIRST`` slots, doubled
  until they are more than the list's counting function counts,
  :func:`_list_counter`, and again while the C call fills them all:
  libvirt's docs promise a complete list only when fewer come back) and
  returned as a list, each
  ``char *`` freed; ``char ***keys`` counted by the return is returned as a
  list, strings and array freed; ``const char **`` and an integer array
  documented as no output, with their count, are a sequence parameter whose
  ``len()`` is the count, each element checked as a scalar argument is.

The trailing run of parameters that may default (``flags``, nullable
strings, "(optional)" integers) gets defaults: 0 or None.

Returns: ``int`` and ``long long`` report errors as -1; unsigned integers as
the value their return doc names (``-1`` meaning all bits set, or ``0``);
when libvirt reported no error with that value, it is an answer and is
returned (all bits set as -1, like libvirt-python: ``virDomainGetID`` of an
inactive domain);
``const char *`` is copied and left alone; ``char *`` is copied then freed;
a string whose return doc gives NULL a condition besides an error ("or
when the device has no parent") is ``str | None``: NULL is None, error set
or not (drivers set one for that answer too), unless a handle argument is
closed (:func:`_null_is_an_answer`);
a handle is owned (rule 8 of the naming module: borrowed accessors take a
reference first); a pointer to a public struct (``virErrorPtr``) becomes a
tuple of its non-handle fields, or ``None``, and is released with the free
function its return doc names.  That tuple type has a public name,
``virErrorTuple`` (C name + ``Tuple``), so that callers can annotate what
``virGetLastError()`` returns.  Functions of the ``virterror`` header report
data, not failures: they never raise, and a string they return is
``str | None`` only when the return doc mentions NULL.

Constants: every enum member with a value is a module-level ``VIR_*`` int,
as in libvirt-python, except the ``VIR_*_LAST`` sentinels: they change with
every release, and libvirt-python leaves them out too, but for one that is
an alias of another member (:func:`_constant_views`).

The package's version is the libvirt release read (``LIBVIR_VERSION_NUMBER``),
as libvirt-python's is, not the newest ``.syms`` block (:func:`_library_version`).

Handle classes are not constructed by callers: calling one raises
``TypeError``, and for type checkers (under ``TYPE_CHECKING``) its
``__init__`` takes a positional parameter typed ``Never``, so ``mypy``
rejects ``virConnect()`` too; the bindings make objects with
``object.__new__`` (``_adopt``), which runs no ``__init__``.  A list call
(``T **``) passes the class itself to the runtime's ``_adopt_array``, which
makes every object and sets every pointer in C-level loops (``map`` over
``object.__new__``, then over the class's ``_own``, its slot's setter): no
Python call per handle, ~1.8 µs of a 50-handle list on 3.11.

Every object but a connection keeps the object it was obtained through, its
*parent* (:func:`_parent_classes`: a checkpoint's or snapshot's domain, a
network port's network, else the connection), as libvirt-python's objects
do: set by ``_adopt(pointer, parent)``, and for a list by one more C-level
loop over the class's ``_keep`` (``_adopt_array_with``); where it comes from
is :func:`_parent_source`.  A parent getter (``getDomain``, ``getConnect``,
``getNetwork`` and their aliases ``domain``, ``connect``) returns the kept
object, ``cp.getDomain() is dom`` as in libvirt-python, while it and
``self`` are open; else it asks C as before (:func:`_kept_answer`; a closed
parent is not handed back as libvirt-python does: a new object on C's answer
is usable).  Handles cannot be pickled (``TypeError``); a copy takes its own
reference with the class's ``Ref`` function, and keeps the same parent.  Two
methods of libvirt-python's wrap no C function: ``c_pointer()``, on every
class, is the C pointer as an int (0 once closed, libvirt-python's answer
too); ``connect()`` is rule 6's alias of ``getConnect`` where C has a
``virXxxGetConnect``, and elsewhere (``virNodeDevice``, ``virStream``, ...)
it is the kept connection, found through the parents
(:func:`_connection_keepers`).  ``COVERAGE.md`` lists both, and every bound
C function with its Python name.

A handle's name that cannot change is read from C once per object
(:func:`_name_getter`: ``virXxxGetName`` taking only the handle, returning
a borrowed ``const char *``, and no ``virXxxRename`` in the library) and
kept in a slot; the runtime's ``_ThreadErrors`` decides when the kept name
may be returned without the C call, which would also have reset the
thread's last libvirt error (docs/python-bindings.md says what differs).

Docstrings: :func:`_docstring` (what of the C text is left out, and why).

Event callbacks (:func:`_event_shape`, :func:`_event_callback`): a method
of ``virConnect`` whose last four parameters are an ``int`` event ID, a
function type named ``...GenericCallback`` (G), a ``void *`` opaque and a
function type ``void (void *)`` (``virFreeCallback``), after handles only
(each ``X | None``: NULL is every object), registers a Python callback:
``conn.domainEventRegisterAny(dom, eventID, cb, opaque)`` returns the
callback ID, as libvirt-python's.  The event IDs are the members of the
one enum whose every member's doc names one function type starting as G
does less ``GenericCallback`` (9.0.0's ``VIR_DOMAIN_EVENT_ID_LIFECYCLE``:
"virConnectDomainEventCallback (Since: 0.8.0)"; 7.0.0 and 11.3.0 have the
same shape); no such enum skips the function.  Per event ID, that type's
parameters give a ``CFUNCTYPE`` and what ``cb`` receives: ``virConnectPtr``
the registering connection object; another handle a new object holding
its own reference (its ``Ref`` first: libvirt lends the pointer for the
call only); ``const char *``/``char *`` a ``str`` (None for NULL, copied,
never freed); integers ``int``; ``virTypedParameterPtr`` and its ``int``
count a dict (``_typed_values``; libvirt's, not freed); the last ``void *``
the user's opaque.  An event ID whose callback has another parameter type
(GRAPHICS: struct pointers) raises ``libvirtError`` VIR_ERR_NO_SUPPORT,
and one the package does not know (negative, or at or above the enum's
member count) VIR_ERR_INVALID_ARG in the error domain named after the C
function's ``.c`` module (``VIR_FROM_DOMAIN``: :func:`_error_domain`),
both before any C call: a newer library would take an unknown ID and call
a thunk of a guessed signature.  That refusal is ours, and its message
says so ("eventID 27 is not one of the 27 event IDs of virDomainEventID
these bindings know"), not libvirt's wording, which would claim the ID
invalid for a libvirt.so.0 that may know it.  A closed handle given as the
filter raises the error libvirt's own check gives for a NULL handle of
its class (its ``Ref`` function called with NULL reports it: the filter
class must have one, else the function is skipped), with the registering
function's name in it: NULL would silently be every object.  The package
keeps each registration in a registry keyed by a token that is the C
opaque (the thunk, the callback, the opaque, the connection); the
``freecb`` given to C is one module-level
C function taking the entry out, so a thunk lives exactly until libvirt
will not call it again.  libvirt calls ``freecb`` under its event-state
lock, so it drops nothing of the user's (a finalizer calling the event
API there would deadlock): the entry moves to a graveyard, emptied after
the C call of the matching ``...DeregisterAny`` method (the registering
function's name with ``RegisterAny`` -> ``DeregisterAny``: its
``buries_events``, :func:`_event_views`), after a registration's, after
a dispatch, and by the next bound call (``_pending``).  At exit the
registry keeps only the thunks (made immortal: a loop thread may still
call them during module teardown).  ``importlib.reload()`` of the package
keeps the ``freecb``, the registry, the graveyard and the token counter
(the runtime's ``_kept``): rebound, what libvirt still calls was collected.  A registering function's description
loses what only C callers do (:func:`_event_description`: the
``VIR_..._CALLBACK()`` cast, the paragraph on taking a ``Ref`` of the lent
handle).  An exception of the callback is printed on stderr
("Exception ignored in libvirt event callback"), never raised into C, and
an ``int``-returning callback returns 0 (``sys.unraisablehook`` cannot be
called from Python on 3.11; ctypes' own reporting leaves the C return
undefined); a ``KeyboardInterrupt`` or ``SystemExit`` is raised by the event-loop run that dispatched the
callback instead (:func:`_runs_event_loop`).  ``cb`` is typed as the union of the callbacks' shapes, a public alias
(:func:`_event_alias`: ``DomainEventCallback``), ``opaque`` ``object``.

Close callbacks (:func:`_callback_shape`, :func:`_unregistered_by`, the
section "callbacks libvirt keeps one of per connection" below): a method
of ``virConnect`` whose parameters after the connection are exactly a
function type F (named by no enum member's doc: not an event's), a ``void
*`` opaque and a ``virFreeCallback`` registers a Python callback
(``conn.registerCloseCallback(cb, opaque)``), F's parameters converted as
an event callback's; a method whose one parameter after the connection is
of that F unregisters, with no Python argument
(``conn.unregisterCloseCallback()``).  Every registration passes libvirt
one thunk per registering function, made once and never freed, with a
token into the events' registry as its opaque and the events' ``freecb``;
the unregistering call passes the same thunk, then drops the connection's
entries (the test driver never calls ``freecb``).

Callbacks registered under the id their function returns (:func:`_watch_shape`,
the section "callbacks registered under the id the function returns" below):
a module-level function or a method returning ``int`` whose last three
parameters are a function type F (named by no enum member's doc), a ``void
*`` opaque and a ``virFreeCallback``, with only integers before them (after
the object): ``virEventAddHandle(fd, events, cb, opaque)``,
``virEventAddTimeout(timeout, cb, opaque)``, ``stream.eventAddCallback(events,
cb, opaque)``.  Each registration gets its own thunk in the events' registry
(a parameter of the registering object's type is that object), released by
the events' ``freecb`` when libvirt frees the registration after its removal.
A close or watch registration's ``cb`` is typed from F (:func:`_callback_annotation`:
``Callable[[virStream, int, _T], object]``) and its ``opaque`` ``_T``.

Callbacks libvirt calls only while the call runs (:func:`_during_shape`, the
section "callbacks libvirt calls only while the call runs" below): a
function or method returning ``int`` whose parameters after the object are
function types (no ``virFreeCallback``) and a ``void *`` opaque last:
``stream.recvAll(handler, opaque)``, ``sendAll``, ``sparseRecvAll``.  A thunk
per callback is made for the call; a callback's exception makes libvirt
abort the stream and is raised after the call.

Package metadata (:data:`METADATA`): ``pyproject.toml``'s ``[project]``
table and the build backend's core metadata are written from the same
values.  The license is ``LGPL-2.1-or-later``, libvirt's and
libvirt-python's: the docstrings are libvirt's doc comments (virt-apigen
is under it too).  It is a PEP 639 ``License-Expression``, so the metadata
is version 2.4 (the first with that field; the legacy ``License`` field is
not written, as 2.4 makes the two exclusive); pip only reads the fields it
needs, so pip 23 (Debian 12's) installs it.  ``README.md`` is the long
description (Markdown).  The sdist holds only the files the generator
writes (an allow-list: a ``dist/`` or ``.venv/`` left in the folder never
ends up in it).

Anything else is skipped, with the reason recorded in ``COVERAGE.md``:
other callbacks (an event-loop implementation's, the old domain-event pair, the stream ``...All`` loops),
typed parameters of another shape, other untyped ``void *``, other struct pointers (inputs,
arrays of structs beside another output, or that libvirt allocates with no ``Free`` function named, single structs holding pointers),
other arrays (a pointer to an integer next to an integer input that is no
count of it alone: an index, or a count shared by two arrays:
virNodeGetCellsFreeMemory, virNodeGetFreePages, virNodeAllocPages) and
sized buffers of other shapes (input ones, documented "(IN)", told apart), unsupported
return types; the lifetime functions
(``Ref``/``Free``), and the ``Free`` functions of structs libvirt
allocates in an array, are used by the runtime instead of being methods.
Integer arrays libvirt allocates (``int **``: the file descriptors of
``virDomainLxcOpenNamespace``) are skipped too.

The other libraries (:func:`_binds_library`, :func:`_library_plan`): one
besides ``libvirt`` that declares no handle class of its own (libvirt-qemu,
libvirt-lxc) is a submodule, ``libvirt_ctypes.qemu`` (the library's name less
``libvirt-``), standing in for libvirt-python's ``libvirt_qemu``: every
function module-level, its handle a parameter, named as rule 3 would name the
method (``qemuMonitorCommand``, ``qemuAttach``: libvirt-python's names), bound
or skipped by the rules above, with the main library's structs, handles and
enums known (:func:`_library_context`), and a ``...Deregister`` skipped with
its skipped ``...Register``.  The submodule imports the package's classes,
``libvirtError`` and runtime helpers (the bodies are the same macros,
``functions.py.j2``): exactly the names its code uses, found by writing it
once without them (:func:`_render_library`), so no import is unused.  It
loads its own library when imported, as the package loads ``libvirt.so.0``
(``$LIBVIRT_CTYPES_QEMU_LIBRARY``, then ``libvirt-qemu.so.0``, then
``find_library``), and holds the library's enums and ``VIR_*`` constants.
libvirt-admin declares its own handle classes (``virAdmConnect``), with their
own object model and error calls: it is listed as not generated.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TypedDict

from ..diagnostics import Diagnostic
from ..filters import py_str
from ..model import NOWHERE, Api, Enum_, EnumMember, Field, Function, FuncType, Macro, Module, Ownership, Param, Struct, is_bit_or_zero
from ..naming import (
    LIBVIRT_PYTHON_KEYS,
    PyName,
    handle_classes,
    handle_of,
    is_borrowed_accessor,
    is_lifetime,
    member_name,
    member_names,
    package_names,
    python_names,
    python_parameters,
    safe_identifier,
    with_named_parameters,
)
from ..nulldocs import OPTIONAL_LEAD as _OPTIONAL
from ..nulldocs import PARAM_REF as _PARAM_REF
from ..nulldocs import SENTENCE_END as _SENTENCE_END
from ..nulldocs import doc_allows_null
from ..templating import render as render_template
from ..versions import version_key
from . import source_text
from .python_callables import PACKAGE, PER_CPU_NOTE, TYPES_NOTE, function_doc_with, python_callables_doc
from .python_docs import (
    ARRAY_ALLOCATION_CLAUSE,
    C_MEMORY_NOTE,
    FIELD,
    FREE_SENTENCE,
    NONE_ANNOTATION,
    NOT_NULL,
    NULL_VALUE,
    PARAGRAPH_BREAK,
    PARAMETER_OBJECTS,
    POINTER_LEAD,
    POINTER_TO,
    REF_NOT_TAKEN,
    RETURNED_ALLOCATED_ARRAY,
    SENTENCE_BREAK,
    STRUCTURE_OPENING,
    TYPED_ARRAY,
    a_dict,
    a_list,
    closing_not_freeing,
    description_with_none,
    fields_with_none,
    handle_class_doc,
    item_key,
    laid_out,
    list_field_doc,
    one_paragraph,
    output_doc,
    parameters_by_position,
    record_class_doc,
    records_description,
    refilled,
    split_outside_parentheses,
    stored_value_doc,
    struct_class_doc,
    units_description,
    with_none,
    with_sentence_stops,
    without_allocation_words,
    without_borrow_notes,
    without_buffer_sentences,
    without_c_string_words,
    without_free_advice,
    without_freeing_advice,
    without_notes,
    without_null_self,
    without_output_advice,
    without_own_free_notes,
    without_param_paragraphs,
    without_pointer_words,
    without_release_advice,
    without_returned_not_null,
    without_sentences,
    without_sentences_cut,
    without_sentences_matching,
    without_sentences_naming,
)
from .python_failures import (
    ALL_BITS_FAILURE,
    CLAUSE_BREAK,
    RETURN_SENTENCE_BREAK,
    UNSIGNED_FAILURE,
    UNSTOPPED_PARAGRAPH_END,
    VALUE,
    error_raising_description,
    list_raising_description,
    raising_description,
    without_failure_values,
    without_null_values,
)

DISTRIBUTION = "libvirt-ctypes"
LIBRARY = "libvirt"
CONNECTION = "virConnect"  # the class libvirt-python's connect() returns

# C integer types: ctypes name, smallest and largest value.
_INTEGERS: dict[str, tuple[str, int, int]] = {
    "int": ("ctypes.c_int", -(2**31), 2**31 - 1),
    "unsigned int": ("ctypes.c_uint", 0, 2**32 - 1),
    "long": ("ctypes.c_long", -(2**63), 2**63 - 1),
    "unsigned long": ("ctypes.c_ulong", 0, 2**64 - 1),
    "long long": ("ctypes.c_longlong", -(2**63), 2**63 - 1),
    "unsigned long long": ("ctypes.c_ulonglong", 0, 2**64 - 1),
    "size_t": ("ctypes.c_size_t", 0, 2**64 - 1),
}
_RET_ANNOTATIONS = {
    "ctypes.c_char_p": "bytes | None",
    "_OwnedString": "_OwnedString",
    "ctypes.c_void_p": "int | None",
    "ctypes.c_double": "float",
    **{ctype: "int" for ctype, _, _ in _INTEGERS.values()},
}
_BUFLEN = re.compile(r"\b(VIR_[A-Z0-9_]*BUFLEN)\b")
# C functions whose definitions read a handle before checking it (libvirt
# 9.0.0: virConnectSetIdentity checks nothing, the launch-security pair
# and virDomainFDAssociate start ``conn = domain->conn``, virDomainMigrate3 reads ``dconn->flags``
# where virDomainMigrate and virDomainMigrate2 first check ``dconn``), so a
# NULL handle crashes the process, as it does libvirt-python's.  A method of
# ours given such a handle closed raises before the call, with the error
# the check every other function makes gives (virCheckConnectReturn in
# libvirt-host.c, virCheckDomainReturn, virCheckConnectGoto): (C function,
# parameter) -> what, code, domain.  A table: these are slips in libvirt's
# code, which the declarations and docs do not show; a tree that fixed them
# gets the same error from libvirt itself.
_UNCHECKED_HANDLES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("virConnectSetIdentity", "conn"): ("connection", "VIR_ERR_INVALID_CONN", "VIR_FROM_DOMAIN"),
    ("virDomainGetLaunchSecurityInfo", "domain"): ("domain", "VIR_ERR_INVALID_DOMAIN", "VIR_FROM_DOM"),
    ("virDomainSetLaunchSecurityState", "domain"): ("domain", "VIR_ERR_INVALID_DOMAIN", "VIR_FROM_DOM"),
    ("virDomainMigrate3", "dconn"): ("connection", "VIR_ERR_INVALID_CONN", "VIR_FROM_DOMAIN"),
    ("virDomainFDAssociate", "domain"): ("domain", "VIR_ERR_INVALID_DOMAIN", "VIR_FROM_DOM"),
}
# An output pointer the caller may leave out: "(optional)", "optional ...", "pass NULL".
_OMITTED_OUTPUT = re.compile(r"^\(?optional\b|\bpass\s+NULL\b", re.IGNORECASE)
# The integer after a string that is the length of its buffer: size_t, or a doc such as "size of @data".
_LENGTH_DOC = r"\b(?:size|length|bytes)\b[^.]*@{name}\b"


# --- views handed to the templates -------------------------------------------


@dataclass(frozen=True, slots=True)
class ArgView:
    """One Python parameter."""

    name: str
    # handle | str | optstr | bytes | fixedbytes | flags | int | float | typed (a dict of typed parameters) | strs | ints (input arrays)
    # | handlelist | whole (a bool asking for the whole instead of each unit: :func:`_typed_units`)
    # | auth (libvirt-python's [credential types, callback, opaque] list: :func:`_auth_struct`)
    kind: str
    annotation: str
    default: str | None
    handle: str = ""
    low: int = 0
    high: int = 0
    size: int = 0  # fixedbytes: the length the bytes must have
    element: str = ""  # strs | ints (an input array, :func:`_array_shapes`): the ctypes element type (ints), low/high its range
    count: str = ""  # strs | ints: the Python name of the C count parameter (never a Python parameter: ``len()``)
    most: int = 0  # strs | ints: the largest count the C count parameter takes
    nullable: bool = False  # strs | ints: None is NULL (and a count of 0)
    unchecked: tuple[str, str, str] | None = None  # handle: closed, it raises before C (``_UNCHECKED_HANDLES``)
    release: str = ""  # auth: the C function releasing the handle the function returns (a callback's exception drops it)


@dataclass(frozen=True, slots=True)
class OutView:
    """One C output parameter the method returns."""

    name: str
    kind: str  # handles | scalar | strbuf | bytesbuf | struct (a struct the caller's memory receives; ctype: its name) | strout (a char * libvirt allocates)
    ctype: str = ""  # scalar element type, or the handle class for handles
    size: int = 0
    parent: str = ""  # handles of a class with a parent (:func:`_parent_classes`): the expression giving it

    @property
    def value(self) -> str:
        """The Python expression the method returns for this output, after the C call."""
        if self.kind == "handles":  # the class: its _own (and _keep) set each slot in a C-level loop
            if self.parent:
                return f"_adopt_array_with({self.ctype}, o_{self.name}, c_ret, {self.parent})"
            return f"_adopt_array({self.ctype}, o_{self.name}, c_ret)"
        if self.kind == "struct":
            return f"_{self.ctype}_value(o_{self.name})"
        if self.kind == "strout":  # copied, then freed
            return f"_take_string(o_{self.name})"
        return f"o_{self.name}" + {"scalar": ".value", "strbuf": ".value.decode()"}.get(self.kind, ".raw")


@dataclass(frozen=True, slots=True)
class FunctionView:
    c_name: str
    name: str
    aliases: tuple[str, ...]
    owner: str | None
    args: tuple[ArgView, ...]
    outs: tuple[OutView, ...]
    call: tuple[str, ...]  # C argument expressions, in C order
    argtypes: tuple[str, ...]
    restype: str
    result: str  # none | int | float | str | optstr | nonnullstr | ownedstr | optownedstr | handle | struct | outs
    reports_data: bool  # a virterror function: never raises, never releases queued handles
    ret_annotation: str  # what the ctypes call returns
    error_value: str  # Python expression compared with ``ret`` ("NULL": a false pointer object); "" when nothing signals an error
    unreported: str  # returned instead of raising when ``error_value`` comes with no libvirt error; "" raises anyway
    closed_check: str  # a string return whose NULL is an answer: the condition (a handle argument closed) that still raises
    handle: str  # returned handle class
    take_ref: str  # C function adding a reference to a borrowed returned handle
    struct: str  # returned struct view name
    struct_free: str  # C function releasing a returned struct, "" when borrowed
    annotation: str
    doc: str
    adopt_parent: str = ""  # a returned handle of a class with a parent: the expression giving it (:func:`_parent_source`)
    kept: str = ""  # a parent getter: the kept object answering it before C (:func:`_kept_answer`)
    name_cache: str = ""  # a handle's fixed name: the slot keeping it after the first call (:func:`_name_getter`)
    typed: TypedView | None = None  # a typed-parameter getter or setter (:func:`_typed_shape`)
    unchecked: tuple[str, str, str] | None = None  # a closed handle raises before C (``_UNCHECKED_HANDLES``)
    array: ArrayRead | None = None  # an array returned as a list (:func:`_array_shapes`)
    read: ReadView | None = None  # a buffer the C function writes bytes into, returned as bytes (:func:`_read_buffers`)
    events: EventsView | None = None  # an event-callback registration (:func:`_event_shape`)
    buries_events: bool = False  # a registering function's DeregisterAny: released registrations are dropped after its C call
    structs: StructArrayRead | None = None  # an array of structs the bindings size, returned as a dict or list (:func:`_struct_array`)
    cpumap: CpumapView | None = None  # CPU maps the bindings size or libvirt allocates, returned as bools (:func:`_cpumap_shapes`)
    taken: StructsTake | None = None  # an array of struct pointers libvirt allocates, returned as a list (:func:`_taken_structs`)
    records: RecordsTake | None = None  # statistics records, returned as (handle, dict) tuples (:func:`_stats_records`)
    callback: CallbackView | None = None  # a close-callback registration (:func:`_callback_shape`)
    forgets: str = ""  # a close-callback unregistration: the thunk whose registry entries of the connection go after its C call
    watch: WatchView | None = None  # a callback registered under the id the function returns (:func:`_watch_shape`)
    during: DuringView | None = None  # callbacks libvirt calls only while the call runs (:func:`_during_shape`)
    resets_error: bool = False  # the C function leaves the thread's last error as it was: reset first (:func:`_keeps_last_error`)
    runs_loop: bool = False  # the C function dispatches the event loop's callbacks: a Ctrl-C in one is raised by it (:func:`_runs_event_loop`)
    found_keys: tuple[str, ...] = ()  # a struct filled or not (result "found"): the dict's keys, the C fields (:func:`_filled_struct`)

    @property
    def shown_doc(self) -> str:
        """The docstring as written: :attr:`doc` with its long field lines and notes wrapped (:func:`python_docs.laid_out`);
        :attr:`doc` keeps one line per field, which the rules and the tests read."""
        return laid_out(self.doc)

    @property
    def bind_line(self) -> str:
        """``_bind(...)`` on one line, when it fits: three argtypes at most, and the 160 columns ruff allows; "" else."""
        line = f'_{self.c_name} = _bind("{self.c_name}", {self.restype}, [{", ".join(self.argtypes)}])'
        return line if len(self.argtypes) <= 3 and len(line) <= 160 else ""

    @property
    def found_expression(self) -> str:
        """The dict's keys as a Python tuple expression (result "found")."""
        return _tuple_expression(tuple(py_str(k) for k in self.found_keys))

    @property
    def outs_returned(self) -> str:
        """What a method returning its output parameters returns: one value, or a tuple of them."""
        values = [out.value for out in self.outs]
        return values[0] if len(values) == 1 else f"({', '.join(values)})"


@dataclass(frozen=True, slots=True)
class ReadView:
    """A buffer the C function writes into and counts by its return (``virStreamRecv``'s ``data``): :func:`_read_buffers`."""

    buffer: str  # the C buffer parameter's name: ``o_<buffer>`` holds its address
    size: str  # the Python parameter giving its size (also passed to C as it)
    answers: tuple[int, ...]  # negative returns besides -1 that are answers, returned as int (-2, -3)
    whole: bool = False  # the C function fills all of it and returns no byte count (:func:`_peek_buffers`)

    @property
    def answers_expression(self) -> str:
        return _tuple_expression(tuple(str(a) for a in self.answers))


@dataclass(frozen=True, slots=True)
class TypedRead:
    """How a typed-parameter getter reads its array: the C call and where the count comes from."""

    kind: str  # fill: the caller's array, sized first | take: libvirt allocates it | units: the caller's, per unit (:func:`_typed_units`)
    function: str  # the C getter
    before: tuple[str, ...]  # C argument expressions before ``params``
    after: tuple[str, ...]  # ... and after ``nparams`` (units: after the start and the number of units)
    counter: str = ""  # fill: the C function whose ``nparams`` output sizes the array; "" for a first call with NULL and 0
    count_ctype: str = "ctypes.c_int"  # take: the type ``nparams`` points to
    whole: str = ""  # units: the Python parameter asking for the whole (start -1) instead of each unit
    most: int = 0  # units: the most units one C call asks for (0: all of them)

    def expression(self, convert: str) -> str:
        """The runtime call reading the array and converting it with ``convert`` (``_typed_values`` or ``_typed_types``)."""
        before, after = _tuple_expression(self.before), _tuple_expression(self.after)
        if self.kind == "take":
            return f"_typed_take(_{self.function}, {before}, {after}, {self.count_ctype}, {convert})"
        if self.kind == "units":
            return f"_typed_units(_{self.function}, {before}, {after}, {self.whole}, {self.most}, {convert})"
        return f"_typed_fill(_{self.function}, {before}, {after}, {'_' + self.counter if self.counter else 'None'}, {convert})"


def _tuple_expression(items: tuple[str, ...]) -> str:
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


@dataclass(frozen=True, slots=True)
class ArrayRead:
    """How a method returning an array as a list calls C: the array's place among the C arguments, and who sizes it."""

    # fill: the caller's array, sized by the bindings (its size the argument after it) | take: libvirt allocates it, the count is the
    # return | sized: the caller's array, its size a Python parameter (among ``after``)
    kind: str
    function: str  # the C function
    before: tuple[str, ...]  # C argument expressions before the array ...
    after: tuple[str, ...]  # ... and after it (fill: after its size)
    element: str = "ctypes.c_void_p"  # fill: the element type; c_void_p for strings the caller frees
    most: int = 0  # fill: the largest size the size parameter takes
    counter: str = ""  # fill: the bound C function counting the elements first (:func:`_list_counter`), "" for none
    size: str = ""  # sized: the Python parameter giving the array's size

    @property
    def strings(self) -> bool:
        return self.element == "ctypes.c_void_p"

    def expression(self) -> str:
        """The runtime call that makes the C call and returns the list."""
        before, after = _tuple_expression(self.before), _tuple_expression(self.after)
        if self.kind == "take":
            return f"_strings_take(_{self.function}, {before}, {after})"
        if self.kind == "sized":
            return f"_array_sized(_{self.function}, {before}, {after}, {self.element}, {self.size})"
        counter = f"_{self.counter}" if self.counter else "None"
        return f"_array_fill(_{self.function}, {before}, {after}, {self.element}, {self.most}, {counter})"


@dataclass(frozen=True, slots=True)
class TypedView:
    """A function with a ``virTypedParameterPtr``: a getter returning a dict, or a setter taking one."""

    kind: str  # get | set
    read: TypedRead | None = None  # get: how; set: the getter whose field types type the dict (None: by the values' Python types)
    arg: str = ""  # set: the Python parameter holding the dict
    extras: tuple[str, ...] = ()  # get: other integer outputs, added to the dict under their C names (virDomainGetJobStats' type)


@dataclass(frozen=True, slots=True)
class TypedMember:
    """One member of virTypedParameter's value union: the type code it is read for, and the Python value."""

    code: int
    member: str
    ctype: str
    kind: str  # int | float | bool | str
    low: int = 0
    high: int = 0
    type_name: str = ""  # the <X> of its VIR_TYPED_PARAM_<X> code ("ULLONG"), as its doc names it


@dataclass(frozen=True, slots=True)
class TypedParamsView:
    """virTypedParameter as the runtime lays it out (from the model: field length, union members and their type codes)."""

    field_length: int
    members: tuple[TypedMember, ...]
    counters: tuple[str, ...] = ()  # C functions called only for their nparams output (virDomainGetSchedulerType)
    fields: tuple[tuple[str, int], ...] = ()  # field name -> type code, from the field-name macros' docs (:func:`_typed_field_types`)

    def code(self, kind: str, ctype: str = "") -> int:
        """The type code of the member holding ``kind`` (and ``ctype``): what a dict value's Python type maps to."""
        return next(m.code for m in self.members if m.kind == kind and (not ctype or m.ctype == ctype))


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    slot: str
    release: str  # C function dropping the object's reference
    release_returns_int: bool
    ref: str  # C function adding a reference (copies take one); "" when the library has none
    doc: str
    methods: tuple[FunctionView, ...]
    keeps_connection: bool = False  # no C function gives its connection: connect() is the kept one's (:func:`_connection_keepers`)
    name_cache: str = ""  # the slot of its getName() cache, "" when the name is read from C on every call
    release_since: str = ""  # the release function's since-version, for close()'s docstring
    parent: str = ""  # the class of the object its objects keep, the one they came from (:func:`_parent_classes`)


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    ctype: str
    python: str  # int | str | pointer (pointers stay out of the tuple)


@dataclass(frozen=True, slots=True)
class StructView:
    name: str
    c_name: str
    fields: tuple[FieldView, ...]
    tuple_annotation: str

    @property
    def tuple_name(self) -> str:
        """The public alias of the tuple a copy of the struct is (``virErrorTuple``): return annotations name it, and so can callers."""
        return self.c_name + "Tuple"

    @property
    def tuple_length(self) -> int:
        """How many values the tuple holds (the struct's fields less its handles)."""
        return sum(1 for item in self.fields if item.python != "pointer")


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    c_name: str
    base: str  # IntFlag | IntEnum
    members: tuple[MemberView, ...]
    doc: str


@dataclass(frozen=True, slots=True)
class Skip:
    function: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the templates need for one library."""

    source: str
    classes: tuple[ClassView, ...]
    functions: tuple[FunctionView, ...]
    structs: tuple[StructView, ...]
    enums: tuple[EnumView, ...]
    constants: tuple[MemberView, ...]
    strings: tuple[tuple[str, str], ...]
    skipped: tuple[Skip, ...]
    runtime: tuple[str, ...]  # lifetime functions the runtime uses
    other_libraries: tuple[tuple[str, int], ...]
    version: str
    error_struct: StructView
    struct_releases: tuple[str, ...]  # skipped functions the struct copies still call
    renamed: tuple[PyName, ...] = ()  # naming rule 9: kept off a name the runtime defines
    typed: TypedParamsView | None = None  # the typed-parameter runtime, when some function uses it
    filled_structs: tuple[FilledStruct, ...] = ()  # structs the caller's memory receives, returned as NamedTuples
    element_releases: tuple[str, ...] = ()  # the functions freeing each struct of an array libvirt allocates (counted as used by the bindings)
    internal: tuple[tuple[str, str], ...] = ()  # (C function, what for): called by the runtime, no method of their own (:data:`_RUNTIME_CALLS`)
    record_structs: tuple[RecordStruct, ...] = ()  # the record structs some function returns (:func:`_stats_records`)
    libraries: tuple[LibraryPlan, ...] = ()  # the other libraries bound as submodules (:func:`_library_plan`)

    @property
    def views(self) -> tuple[FunctionView, ...]:
        """Every bound function: the module-level ones, then each class's methods."""
        return (*self.functions, *(m for c in self.classes for m in c.methods))

    @property
    def takes(self) -> bool:
        """Whether some function returns an array of struct pointers libvirt allocates (the runtime's ``_structs_take``)."""
        return any(v.taken is not None or v.records is not None for v in self.views)

    @property
    def struct_arrays(self) -> bool:
        """Whether some function returns an array of structs the bindings size (the runtime's ``_structs_fill``)."""
        return any(v.structs is not None for v in self.views)

    @property
    def arrays(self) -> bool:
        """Whether some function takes or returns an array (the runtime's helpers for them, ``Sequence`` imported)."""
        return any(v.array is not None or any(a.kind in ("strs", "ints", "handlelist", "auth") for a in v.args) for v in self.views)

    @property
    def auth(self) -> bool:
        """Whether some function takes credentials with a callback (the runtime's ``_c_auth``, :func:`_auth_struct`)."""
        return any(a.kind == "auth" for v in self.views for a in v.args)

    @property
    def reads(self) -> bool:
        """Whether some function reads bytes into a buffer the bindings allocate (the runtime's ``_read_buffer``)."""
        return any(v.read is not None for v in self.views)

    @property
    def cpumaps(self) -> bool:
        """Whether some function takes or returns a CPU map (the runtime's helpers for them, ``Sequence`` imported)."""
        return any(
            v.cpumap is not None or any(a.kind == "cpumap" for a in v.args) or (v.taken is not None and v.taken.struct.cpus)
            or (v.structs is not None and v.structs.cpumaps)
            for v in self.views
        )  # fmt: skip

    @property
    def sized_values(self) -> bool:
        """Whether some function returns bytes of a size it stores (the runtime's ``_take_bytes``)."""
        return any(v.result == "sizedbytes" for v in self.views)

    @property
    def events(self) -> tuple[EventsView, ...]:
        """The event-callback registrations (the runtime's registry and thunks, and one table of event IDs each)."""
        return tuple(m.events for c in self.classes for m in c.methods if m.events is not None)

    @property
    def callbacks(self) -> tuple[CallbackView, ...]:
        """The close-callback registrations (the runtime's registry, and one thunk each)."""
        return tuple(m.callback for c in self.classes for m in c.methods if m.callback is not None)

    @property
    def watches(self) -> tuple[WatchView, ...]:
        """The callbacks registered under the id their function returns (the runtime's registry, one spec each)."""
        views = [m.watch for c in self.classes for m in c.methods] + [f.watch for f in self.functions]
        return tuple(v for v in views if v is not None)

    @property
    def durings(self) -> tuple[DuringView, ...]:
        """The calls whose callbacks run only during them (the runtime's ``_during_call``, one spec each)."""
        views = [m.during for c in self.classes for m in c.methods] + [f.during for f in self.functions]
        return tuple(v for v in views if v is not None)

    @property
    def loops(self) -> bool:
        """Whether some function runs the event loop (the runtime's ``_run_loop``)."""
        return any(v.runs_loop for v in self.views)

    @property
    def dispatches(self) -> bool:
        """Whether a thunk per registration is made (the runtime's dispatcher): some event or watch registration."""
        return bool(self.events or self.watches)

    @property
    def registry(self) -> bool:
        """Whether the runtime's registry of callbacks is needed: some event, close-callback or watch registration."""
        return bool(self.events or self.callbacks or self.watches)

    @property
    def keeps_parents(self) -> bool:
        """Whether some class keeps the object its objects came from (the runtime's helpers for it)."""
        return any(cls.parent for cls in self.classes)


@dataclass(frozen=True, slots=True)
class LibraryPlan:
    """A library besides ``libvirt`` that declares no handle class of its own (libvirt-qemu, libvirt-lxc): a submodule
    of module-level functions taking the package's handles (:func:`_library_plan`)."""

    library: str  # the C library: libvirt-qemu
    module: str  # the submodule: qemu (libvirt_ctypes.qemu)
    soname: str  # what the dynamic loader is asked for: libvirt-qemu.so.0
    find_name: str  # ctypes.util.find_library's name for it: virt-qemu
    variable: str  # the environment variable naming another file: LIBVIRT_CTYPES_QEMU_LIBRARY
    python_module: str  # libvirt-python's module for the same library: libvirt_qemu
    source: str
    version: str
    functions: tuple[FunctionView, ...]
    enums: tuple[EnumView, ...]
    constants: tuple[MemberView, ...]
    skipped: tuple[Skip, ...]
    total: int  # the library's C functions

    @property
    def bound_names(self) -> tuple[BoundName, ...]:
        return tuple(sorted((BoundName(f.c_name, f"{self.module}.{f.name}", f.aliases) for f in self.functions), key=lambda n: n.function))

    @property
    def handles(self) -> tuple[str, ...]:
        """The handle classes the functions take first (virConnect, virDomain), for the module docstring."""
        return tuple(sorted({f.args[0].handle for f in self.functions if f.args and f.args[0].kind == "handle"}))


class Unsupported(Exception):
    """A function outside the rules: the message is the reason recorded in COVERAGE.md."""


# --- entry point --------------------------------------------------------------


def diagnostics(api: Api) -> tuple[Diagnostic, ...]:
    """A warning when :func:`render` can write nothing: without libvirt's error
    struct the runtime could not read errors, so no package is made.

    It is placed in a file the input has (a ``--werror`` run fails there):
    from sources the first header of the ``libvirt`` module (else of the first
    module), from API XML that module's XML file, at its ``<api>`` element; and
    it says what to add in the input's terms: ``virterror.h``, or libvirt's
    ``libvirt-api.xml``, whose module declares it."""
    module = api.module(LIBRARY)
    error = next((s for s in module.structs if s.name == "virError" and s.fields is not None), None) if module is not None else None
    if module is not None and error is not None:
        return _error_layout_diagnostics(_stars_together(api))
    subject = module if module is not None else next(iter(api.modules), None)
    from_xml = _read_from_api_xml(api)
    if subject is None:  # no module at all: no input gives that
        where = NOWHERE
    elif from_xml or not subject.headers:
        where = subject.location
    else:
        where = subject.headers[0].location
    if not from_xml:
        advice = "add virterror.h"
    elif module is None:
        advice = "add libvirt-api.xml"
    else:
        advice = "read libvirt's own libvirt-api.xml, which has virterror.h's declarations"
    message = f"no Python bindings: they read libvirt's errors through virErrorPtr, which the input does not declare ({advice})"
    return (Diagnostic(where, "warning", message, "python-no-bindings"),)


def _error_layout_diagnostics(api: Api) -> tuple[Diagnostic, ...]:
    """A warning at the first field of ``virError`` the runtime could not lay out (none when it can)."""
    module = api.module(LIBRARY)
    error = next((s for s in module.structs if s.name == "virError"), None) if module is not None else None
    if module is None or error is None:
        return ()
    typedefs, enums = _type_names(module)
    classes = handle_classes(api)
    unknown = next((f for f in error.fields or () if _field_view(f, classes, typedefs, enums) is None), None)
    if unknown is None:
        return ()
    message = f"no Python bindings: they read libvirt's errors through virError, whose field '{unknown.name}' is of a type of unknown layout ({unknown.type})"
    return (Diagnostic(unknown.location, "warning", message, "python-no-bindings"),)


def _read_from_api_xml(api: Api) -> bool:
    """Whether the model was read from API XML, which keeps no position in a
    header: its headers are located at line 0 (docs/json.md), where sources
    place each at 1:1, and sources always have a header."""
    headers = [h for m in api.modules for h in m.headers]
    return all(h.location.line == 0 for h in headers)


@dataclass(frozen=True, slots=True)
class PackageMetadata:
    """What ``pyproject.toml``'s ``[project]`` table and the build backend's core metadata both say (one source for both)."""

    summary: str
    license: str  # an SPDX expression (PEP 639): Metadata-Version 2.4's License-Expression
    requires_python: str
    readme: str  # the long description, Markdown
    license_file: str  # the license text (PEP 639's License-File; in the wheel under .dist-info/licenses/)
    shipped: tuple[str, ...]  # the files beside the package folder, all the sdist takes from there (an allow-list)


# The package's own files, beside the package folder: template of each.
_TOP_FILES = {
    # the license text the license field names: the LGPL asks that it go with every copy.  The
    # template is a copy of the repository's COPYING (a test keeps them equal), not a symlink: a
    # checkout without symlinks (core.symlinks=false) would have shipped the link's target path.
    "COPYING": "python/COPYING",
    "pyproject.toml": "python/pyproject.toml.j2",
    "_build_backend.py": "python/_build_backend.py.j2",
    "README.md": "python/README.md.j2",
    "COVERAGE.md": "python/COVERAGE.md.j2",
}
METADATA = PackageMetadata(
    summary="libvirt bindings over ctypes for the system libvirt.so.0, generated by virt-apigen",
    # the docstrings are libvirt's doc comments, which are LGPL-2.1-or-later (as libvirt-python is); so is virt-apigen
    license="LGPL-2.1-or-later",
    requires_python=">=3.11",
    readme="README.md",
    license_file="COPYING",
    shipped=tuple(sorted(_TOP_FILES)),
)


def render(api: Api) -> dict[str, str]:
    plan = build_plan(api)
    if plan is None:
        return {}
    context = {"plan": plan, "package": PACKAGE, "distribution": DISTRIBUTION, "error_struct": plan.error_struct, "metadata": METADATA}
    files = {name: render_template(template, **context, coverage=coverage(plan) if name == "COVERAGE.md" else None) for name, template in _TOP_FILES.items()}
    main = render_template("python/module.py.j2", **context)
    files |= {f"{PACKAGE}/__init__.py": _with_exports(main), f"{PACKAGE}/py.typed": ""}
    if plan.libraries:
        defined = _top_level_names(main)
        for library in plan.libraries:
            files[f"{PACKAGE}/{library.module}.py"] = _with_exports(_render_library(library, defined), ("libvirtError",))
    return files


# A name the main module defines at its top level: ``def f``, ``class C``, ``x =`` or ``x: T =`` at column 0.
# Read from the text, not with ``ast`` (~230 ms on 9.0.0's 1.3 MB module): sound on our output only, where a
# line at column 0 is code, every docstring line from C docs being indented and the module's own fixed text;
# tests/test_python_star_import.py checks ``__all__`` against the names the imported module defines.
_TOP_LEVEL_NAME = re.compile(r"^(?:(?:def|class)\s+(\w+)|(\w+)\s*(?::[^=\n]*)?=(?!=))", re.MULTILINE)
# What a submodule may take from typing (imported when its code uses it), in the order of the import.
_SUBMODULE_TYPING = ("Any", "NoReturn", "SupportsIndex")


def _top_level_names(source: str) -> frozenset[str]:
    return frozenset(a or b for a, b in _TOP_LEVEL_NAME.findall(source))


def _with_exports(source: str, reexported: tuple[str, ...] = ()) -> str:
    """``source`` with an ``__all__`` at its end: the names it defines at its top level that do not start with
    ``_``, and ``reexported``.  Without one, ``from libvirt_ctypes import *`` also brought every module and
    typing name the code imports (``os``, ``ctypes``, ``cast``, ``annotations`` ...) into the caller's
    namespace.  Read from the rendered text, so a name a template adds is exported with no list to keep;
    sorted as ruff's isort-style ``RUF022`` sorts, one per line."""
    names = sorted({name for name in _top_level_names(source) if not name.startswith("_")} | set(reexported), key=_all_key)
    listed = "".join(f'    "{name}",\n' for name in names)
    comment = "# the public names, what `from ... import *` brings: all those above not starting with _, none of the imports\n"
    return f"{source.rstrip()}\n\n\n{comment}__all__ = [\n{listed}]\n"


def _all_key(name: str) -> tuple[int, tuple[tuple[int, str | int], ...]]:
    """RUF022's order: SCREAMING_SNAKE_CASE names, then CamelCase, then the rest, each group in natural order (digits by value)."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, tuple((1, int(part)) if part.isdigit() else (0, part) for part in re.split(r"(\d+)", name) if part))


def _render_library(library: LibraryPlan, defined: frozenset[str]) -> str:
    """A submodule, written twice: the first time with nothing imported, to learn the Python names its code uses
    (read with :mod:`tokenize`, so a docstring mentioning ``libvirtError`` imports nothing) that the package defines
    and it does not; the second imports exactly those, as ruff's F401 asks of the generated code, whatever the
    rules made of each function."""
    context = {"library": library, "package": PACKAGE}
    draft = render_template("python/submodule.py.j2", **context, imports=(), typing=_SUBMODULE_TYPING)
    used = _code_names("".join(line for line in draft.splitlines(keepends=True) if not line.startswith("from typing import ")))
    imports = tuple(sorted((used & defined) - _top_level_names(draft) - {"libvirtError"}, key=_isort_key))  # re-exported apart
    typing = tuple(name for name in _SUBMODULE_TYPING if name in used)
    return render_template("python/submodule.py.j2", **context, imports=imports, typing=typing)


def _code_names(source: str) -> set[str]:
    import io
    import tokenize

    return {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME}


def _isort_key(name: str) -> tuple[int, str, str]:
    """The order ruff's isort gives the names of one ``from`` import (order-by-type): constants, classes, then the rest."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, name.lower(), name)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What became of the functions of the generated library."""

    total: int
    bound: int  # methods and module-level functions, release functions included
    runtime: int  # Ref/Free functions the object model calls itself, and the functions freeing each struct of an array libvirt allocates
    skipped: int
    reasons: tuple[tuple[str, int], ...]
    bound_names: tuple[BoundName, ...] = ()  # one per bound function, by C name


@dataclass(frozen=True, slots=True)
class BoundName:
    """A bound C function and where it is in Python: ``virDomain.getName``, also ``name``."""

    function: str
    python: str  # Class.method, or the module-level function
    aliases: tuple[str, ...] = ()


def coverage(plan: Plan) -> Coverage:
    names = bound_names(plan)
    runtime = len(plan.runtime) + len(plan.element_releases) + len(plan.internal)
    return Coverage(len(names) + runtime + len(plan.skipped), len(names), runtime, len(plan.skipped), tuple(reason_counts(plan)), names)


def bound_names(plan: Plan) -> tuple[BoundName, ...]:
    """Methods, module-level functions and the release functions that are ``close()`` (``virConnectClose``), sorted by C name."""
    names = [BoundName(m.c_name, f"{c.name}.{m.name}", m.aliases) for c in plan.classes for m in c.methods]
    names += [BoundName(f.c_name, f.name, f.aliases) for f in plan.functions]
    names += [BoundName(c.release, f"{c.name}.close", ("free",)) for c in plan.classes if c.release not in plan.runtime]
    return tuple(sorted(names, key=lambda n: n.function))


def reason_counts(plan: Plan) -> list[tuple[str, int]]:
    """Skip reasons by kind (the text before the first parenthesis), most frequent first."""
    counts = Counter(skip.reason.split(" (")[0] for skip in plan.skipped)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# The C functions the runtime (runtime.py.j2) calls itself and binds no method for, with what for: they are
# "used inside the bindings" in COVERAGE.md, not skipped (QA, session 33: five were listed as skipped).  A struct
# copy's release (Plan.struct_releases, virFreeError) is added where some function returns such a copy.
_RUNTIME_CALLS = (
    ("virDefaultErrorFunc", "prints an error in libvirt's words after `registerErrorHandler(None, ...)`"),
    ("virSetErrorFunc", "installs the package's quiet C error handler, and takes it back in `registerErrorHandler`"),
)
_TYPED_RUNTIME_CALLS = (
    ("virTypedParamsClear", "frees the strings of a typed-parameter array libvirt filled"),
    ("virTypedParamsFree", "frees a typed-parameter array libvirt allocated"),
)


def _internal_calls(skipped: list[Skip], struct_releases: tuple[str, ...], typed: bool) -> tuple[tuple[str, str], ...]:
    """The skipped functions the runtime calls, by C name (a tree not declaring one has none of it)."""
    calls = dict(_RUNTIME_CALLS + (_TYPED_RUNTIME_CALLS if typed else ()))
    calls |= {name: "frees the copy of a struct a function returns, once read" for name in struct_releases}
    declared = {skip.function for skip in skipped}
    return tuple(sorted((name, why) for name, why in calls.items() if name in declared))


def build_plan(api: Api) -> Plan | None:
    api = _with_stray_since_in_description(_without_empty_since_tags(with_named_parameters(_enums_by_value(_stars_together(api)))))
    module = api.module(LIBRARY)
    if module is None:
        return None
    classes = handle_classes(api)
    context = _Context.of(api, module, classes)
    error_struct = context.structs.get("virErrorPtr")
    if error_struct is None:  # the runtime reads errors through it
        return None
    declared = {f.name for f in module.functions}  # Module.function() is a scan: once per name made this quadratic
    every_name = {n.function: n for n in python_names(api)}
    names = {name: n for name, n in every_name.items() if name in declared}
    context.unbound_releases = _unbound_releases(module, classes, names, context)
    views: list[FunctionView] = []
    skipped: list[Skip] = []
    runtime: list[str] = []
    for function in module.functions:
        if is_lifetime(function, classes):
            runtime.append(function.name)
            continue
        try:
            view = _function_view(function, names[function.name], context)
            views.append(replace(view, resets_error=_keeps_last_error(function), runs_loop=_runs_event_loop(function, view)))
        except Unsupported as reason:
            skipped.append(Skip(function.name, str(reason)))
    views = _counted_by_bound(views)
    used = {v.taken.release for v in views if v.taken is not None and not v.taken.flat} | {v.records.release for v in views if v.records is not None}
    releases = tuple(sorted(used - {v.c_name for v in views}))
    skipped = [skip for skip in skipped if skip.function not in releases]  # used by the bindings: counted with the runtime's
    first_classes = _class_views(module, classes, views)
    keepers, parents = _connection_keepers(first_classes), _parent_classes(first_classes)
    views = _event_views(_with_parents(views, parents), parents)
    others = [m for m in api.modules if m.name != LIBRARY]
    libraries = tuple(_library_plan(m, module, context, every_name, parents) for m in others if _binds_library(m, classes))
    struct_releases = tuple(sorted({v.struct_free for v in views if v.struct_free} - {v.c_name for v in views}))
    typed = _typed_runtime(context.typed, views)
    internal = _internal_calls(skipped, struct_releases, typed is not None)
    skipped = [skip for skip in skipped if skip.function not in dict(internal)]  # used by the bindings, counted with the runtime's
    plan = Plan(
        source=source_text(module),
        classes=_class_views(module, classes, views, keepers, parents),
        functions=tuple(v for v in views if v.owner is None),
        structs=tuple(context.structs[name] for name in sorted(context.used_structs(views) | {"virErrorPtr"})),
        enums=_enum_views(module, {e for f in module.functions for e in _function_docs(f, context).flags_enums}),
        constants=_constant_views(module),
        strings=tuple((m.name, c_string_value(m.string)) for m in module.macros if m.string is not None and m.params is None),
        skipped=tuple(skipped),
        runtime=tuple(runtime),
        other_libraries=tuple((m.name, len(m.functions)) for m in others if not _binds_library(m, classes)),
        version=_library_version(module),
        error_struct=error_struct,
        struct_releases=struct_releases,
        renamed=tuple(names[v.c_name] for v in views if names[v.c_name].reserved),
        typed=typed,
        filled_structs=_used_filled_structs(context, views),
        element_releases=releases,
        internal=internal,
        record_structs=tuple(sorted({v.records.record for v in views if v.records is not None}, key=lambda r: r.name)),
        libraries=libraries,
    )
    return _with_python_callables(_with_struct_class_docs(plan))


# A return annotation giving a struct class's tuples: one (maybe None), or a list of them.
_GIVEN_ANNOTATION = re.compile(r"(?P<list>list\[)?(?P<name>\w+)(?(list)\])(?:\s*\|\s*None)?")


def _structs_given(plan: Plan) -> dict[str, dict[str, str]]:
    """Struct class -> C function -> how it gives the class's tuples (:func:`python_docs.struct_class_doc`): "value"
    where it returns one (``virDomainInfo``, or None), "list" a list of them, "dict" a dict made of an array of them
    (``nodeGetCPUStats``' {field: value}); read off the return annotations in one pass, no table."""
    given: dict[str, dict[str, str]] = {}
    for view in [*plan.views, *(f for lib in plan.libraries for f in lib.functions)]:
        returned = _GIVEN_ANNOTATION.fullmatch(view.annotation)
        if returned is not None:
            given.setdefault(returned.group("name"), {})[view.c_name] = "list" if returned.group("list") else "value"
        elif view.annotation.startswith("dict[") and view.structs is not None:
            given.setdefault(view.structs.struct.name, {})[view.c_name] = "dict"
    return given


def _with_struct_class_docs(plan: Plan) -> Plan:
    """``plan`` with its struct classes' docstrings saying how a program gets one where the C doc says which function
    fills the C struct (:func:`python_docs.struct_class_doc`), and calling the class a record where the C doc calls
    it a structure (:func:`python_docs.record_class_doc`), after an enum has given a struct's doc back
    (:func:`_with_enum_struct_docs`)."""
    plan = _with_enum_struct_docs(plan)
    given = _structs_given(plan) if any("filled" in s.doc for s in plan.filled_structs) else {}
    structs = tuple(replace(s, doc=struct_class_doc(s.doc, s.name, given.get(s.name, {}))) if "filled" in s.doc else s for s in plan.filled_structs)
    return replace(plan, filled_structs=tuple(replace(s, doc=record_class_doc(s.doc, s.name)) for s in structs))


def _with_enum_struct_docs(plan: Plan) -> Plan:
    """``plan`` with an enum's opening paragraph that describes a structure (:data:`python_docs.STRUCTURE_OPENING`:
    virVcpuState's "structure for information about a virtual CPU in a domain.", which 7.0.0's header gives as
    "virVcpuInfo: structure for ...", above the enum) given to the struct class it describes: the one whose field
    takes the enum's values (virVcpuInfo's state, "value from virVcpuState") and whose C doc says nothing.  The enum
    is then headed by its C name, as an enum without a doc is (:func:`_enum_doc`).  An enum such a struct does not
    name, or two structs do, keeps its doc: which struct it meant is not known."""
    structs = list(plan.filled_structs)
    enums: list[EnumView] = []
    for enum in plan.enums:
        head, gap, rest = enum.doc.partition("\n\n") if STRUCTURE_OPENING.match(enum.doc) else ("", "", "")
        named = re.compile(rf"\b{re.escape(enum.c_name)}\b") if gap else None
        holders = [i for i, s in enumerate(structs) if named and not s.doc.strip() and any(named.search(f.doc) for f in s.fields)]
        if len(holders) != 1:
            enums.append(enum)
            continue
        structs[holders[0]] = replace(structs[holders[0]], doc=head)
        enums.append(replace(enum, doc=f"{enum.c_name}{gap}{rest}"))
    return replace(plan, enums=tuple(enums), filled_structs=tuple(structs))


# --- C function names in docstrings: the Python callable instead ---------------------
#
# libvirt's docs name C functions ("The caller should invoke virStreamFinish(st) ...", "see
# virDomainCheckpointGetParent"); a Python reader calls methods.  Once every function is bound or skipped, each
# docstring taken from the C docs (methods and functions, enums, handle classes, the structs returned) names the
# callable the bindings give a bound C function (:func:`_python_callables`, from the views themselves: no table).
# What is left as it is: a function the bindings skip, or that no callable calls (``virXxxRef``: a copy takes a
# reference, nothing else does); a module-level function named as in C (its C name is its Python name, as
# ``VIR_*`` constants are); C examples (:func:`python_docs.c_example_paragraphs`); the bindings' own notes ("In Python: ...",
# written with the names they mean: "the one C function virConnectRegisterCloseCallback was given") and the tail
# ("C function: virXxx").  A handle's C pointer type is said as the object of its class (:data:`python_callables.HANDLE_POINTER`).
# Here, the mapping read off the plan and its use on every docstring; the text rules are in :mod:`.python_callables`.


def _python_callables(plan: Plan) -> dict[str, str]:
    """C function -> how a docstring names what a Python program calls for it: a method with its class
    (``virStream.finish()``: the mention may be in another class's docstring, and a method is called on an
    object), a module-level function renamed with its module (``libvirt_ctypes.open()``: a bare ``open()`` is
    the builtin; ``libvirt_ctypes.qemu.qemuMonitorCommand()``), a handle class's release function its
    ``close()``; an enum type its class (``CheckpointDeleteFlags``, whose docstring ends with the C name).
    ``()`` stands for the C argument list: C's first argument is the object, C's outputs are
    returned, its counts are sized by the bindings, so C's arguments are not the method's."""
    callables: dict[str, str] = {e.c_name: e.name for e in plan.enums}  # the class a program passes ("bitwise-OR of CheckpointDeleteFlags")
    for library in plan.libraries:
        callables.update((e.c_name, f"{PACKAGE}.{library.module}.{e.name}") for e in library.enums)
    for cls in plan.classes:
        callables[cls.release] = f"{cls.name}.close()"
        callables.update((m.c_name, f"{cls.name}.{m.name}()") for m in cls.methods)
    callables.update((f.c_name, f"{PACKAGE}.{f.name}()") for f in plan.functions if f.name != f.c_name)
    for library in plan.libraries:
        callables.update((f.c_name, f"{PACKAGE}.{library.module}.{f.name}()") for f in library.functions)
    return callables


def _struct_getters(plan: Plan, callables: dict[str, str]) -> dict[str, str]:
    """Struct type -> the callable of the one bound function returning it: libvirt's docs call the getter by its struct's
    name ("tracked by virDomainBlockJobInfo()", virDomainGetBlockJobInfo's struct), which would read in Python as
    the NamedTuple's constructor.  A struct two functions return (virStorageVolInfo: ``getInfo``,
    ``getInfoFlags``) names neither, and a name a C function has is that function's, never a struct's."""
    views = [*plan.views, *(f for lib in plan.libraries for f in lib.functions)]
    bound = {view.c_name for view in views}
    returners: dict[str, list[str]] = {}
    for view in views:
        for out in view.outs:
            if out.kind == "struct":
                returners.setdefault(out.ctype, []).append(view.c_name)
    return {
        name: callables[functions[0]] for name, functions in returners.items()
        if len(functions) == 1 and functions[0] in callables and name not in bound and name not in callables
    }  # fmt: skip


def _with_python_callables(plan: Plan) -> Plan:
    """``plan`` with the C function names of its docstrings said as the Python callables (:func:`_python_callables`),
    a struct's name called as a function ("virDomainBlockJobInfo()") the one callable returning it
    (:func:`_struct_getters`), and the pointer types of its handle classes as their objects
    (:data:`python_callables.HANDLE_POINTER`)."""
    callables = _python_callables(plan)
    getters = _struct_getters(plan, callables)
    handles = frozenset(cls.name for cls in plan.classes)
    every = [*plan.functions, *(m for c in plan.classes for m in c.methods), *(f for lib in plan.libraries for f in lib.functions)]
    nullable = {view.c_name: {name.removesuffix("_"): name for name in _nullable_args(list(view.args))} for view in every}  # rule 7's "from_" is C's "from"

    def doc(text: str) -> str:
        return python_callables_doc(text, callables, handles, nullable, getters)

    def views(functions: tuple[FunctionView, ...]) -> tuple[FunctionView, ...]:
        return tuple(replace(f, doc=function_doc_with(f.doc, doc(f.doc))) for f in functions)

    def enums(items: tuple[EnumView, ...]) -> tuple[EnumView, ...]:
        return tuple(replace(e, doc=doc(e.doc)) for e in items)

    return replace(
        plan,
        classes=tuple(replace(c, doc=doc(c.doc), methods=views(c.methods)) for c in plan.classes),
        functions=views(plan.functions),
        enums=enums(plan.enums),
        filled_structs=tuple(
            replace(s, doc=doc(s.doc), fields=tuple(replace(f, doc=doc(f.doc)) for f in s.fields)) for s in plan.filled_structs
        ),
        libraries=tuple(replace(lib, functions=views(lib.functions), enums=enums(lib.enums)) for lib in plan.libraries),
    )


# --- the other libraries: libvirt-qemu, libvirt-lxc ------------------------------


def _binds_library(module: Module, classes: tuple[str, ...]) -> bool:
    """Whether a library besides ``libvirt`` becomes a submodule: one that declares no handle class of its own (its
    functions take and return the package's objects: libvirt-qemu, libvirt-lxc), named so that its submodule is an
    identifier (``libvirt-qemu``: ``qemu``).  libvirt-admin declares its own (virAdmConnect, ...), with an object model
    and error plumbing of their own (virAdmConnectOpen, ...): it stays listed as not generated."""
    own = {s.name for s in module.structs} & set(classes)
    return not own and module.name.startswith(LIBRARY + "-") and _submodule_name(module).isidentifier()


def _submodule_name(module: Module) -> str:
    return module.name.removeprefix(LIBRARY + "-").replace("-", "_")


def _library_context(ctx: _Context, module: Module) -> _Context:
    """The main library's context, with the other library's functions, enums and macros known too (its functions
    use the main library's structs, handles and enums; their flags may name the other library's enums)."""
    classes = ctx.classes
    return replace(
        ctx,
        functions=ctx.functions | {f.name for f in module.functions},
        buffers={**ctx.buffers, **{m.name: n for m in module.macros if (n := _macro_int(m)) is not None}},
        flag_classes={**ctx.flag_classes, **{e.name: enum_class_name(e.name, classes) for e in module.enums}},
        member_enums={**ctx.member_enums, **{m: e.name for e in module.enums for m in e.members}},
        bit_enums=ctx.bit_enums | _bit_enums(module),
        by_name={**ctx.by_name, **{f.name: f for f in module.functions}},
        functype_defs={**ctx.functype_defs, **{f.name: f for f in module.functypes}},
        enums=ctx.enums + module.enums,
        members={**ctx.members, **{m.name: m for m in module.members}},
    )


def _library_plan(module: Module, main: Module, ctx: _Context, names: dict[str, PyName], parents: dict[str, str]) -> LibraryPlan:
    """The submodule of a library that takes the package's handles (:func:`_binds_library`).

    Every function is module-level, its handle a parameter (first, as C has it), named as rule 3 names the method it
    would be (``virDomainQemuMonitorCommand`` → ``qemuMonitorCommand``, ``virDomainQemuAttach`` on the connection →
    ``qemuAttach``): libvirt-python's ``libvirt_qemu``/``libvirt_lxc`` functions.  The main library's rules bind or
    skip each; a ``...Deregister`` whose ``...Register`` is skipped is skipped with it (nothing it could take back was
    registered through these bindings)."""
    context = _library_context(ctx, module)
    views: list[FunctionView] = []
    skipped: list[Skip] = []
    taken: set[str] = set()
    for function in module.functions:
        name = names.get(function.name)
        if name is None:
            skipped.append(Skip(function.name, "lifetime function of a handle class"))
            continue
        python = name.name if name.name not in taken else function.name  # two owners' methods, one module: rule 3's module fallback
        taken.add(python)
        try:
            view = _function_view(function, replace(name, owner=None, name=python, aliases=()), context)
            views.append(replace(view, resets_error=_keeps_last_error(function), runs_loop=_runs_event_loop(function, view)))
        except Unsupported as reason:
            skipped.append(Skip(function.name, str(reason)))
    registrations = {skip.function for skip in skipped if skip.function.endswith("Register")}
    for view in [v for v in views if v.c_name.endswith("Deregister") and v.c_name.removesuffix("Deregister") + "Register" in registrations]:
        views.remove(view)
        skipped.append(Skip(view.c_name, f"callback deregistration (its registration, {view.c_name.removesuffix('Deregister')}Register, is skipped)"))
    views = _with_parents(views, parents)
    flags = {e for f in module.functions for e in _function_docs(f, context).flags_enums}
    soname = module.name + ".so.0"
    return LibraryPlan(
        library=module.name,
        module=_submodule_name(module),
        soname=soname,
        find_name=module.name.removeprefix("lib"),
        variable=f"LIBVIRT_CTYPES_{_submodule_name(module).upper()}_LIBRARY",
        python_module=module.name.replace("-", "_"),
        source=source_text(module),
        version=_library_version(main),
        functions=tuple(views),
        enums=_enum_views(module, flags),
        constants=_constant_views(module),
        skipped=tuple(sorted(skipped, key=lambda s: s.function)),
        total=len(module.functions),
    )


def _counted_by_bound(views: list[FunctionView]) -> list[FunctionView]:
    """``views`` with each list's counting function kept only where the bindings bind it (its ``_bind`` is the one called)."""
    bound = {v.c_name for v in views}
    return [
        replace(v, array=replace(v.array, counter="")) if v.array is not None and v.array.counter and v.array.counter not in bound else v
        for v in views
    ]


# A release or reference function by its name: one ending in "Free" or "Ref" (virDomainFree, virTypedParamsFree,
# virStreamRef), or starting with "Free" after the library's prefix (virFreeError).
_RELEASE_NAME = re.compile(r"(?:Free|Ref)$|^[a-z]+Free(?=[A-Z])")


def _unbound_releases(module: Module, classes: tuple[str, ...], names: dict[str, PyName], ctx: _Context) -> frozenset[str]:
    """The library's release and reference functions (:data:`_RELEASE_NAME`) that the bindings do not bind: a
    handle class's ``Free``/``Ref`` (the object model calls them: ``close()``, the collector, ``copy``), and those
    a rule skips (``virTypedParamsFree``: typed parameters are dicts; the frees of what the bindings copy).  A
    Python program cannot call them, and need not: docstrings drop the sentences advising them
    (:func:`python_docs.without_release_advice`).  Whether one is bound is what :func:`_function_view` makes of it, asked
    here before any docstring is written (a handful of functions)."""
    unbound: set[str] = set()
    for function in module.functions:
        if not _RELEASE_NAME.search(function.name):
            continue
        if is_lifetime(function, classes) or function.name not in names:
            unbound.add(function.name)
            continue
        try:
            _function_view(function, names[function.name], ctx)
        except Unsupported:
            unbound.add(function.name)
    return frozenset(unbound)


# A line of a doc holding a "Since:" tag and no version: the frontend reads no tag there (``scanner.SINCE_RE`` wants
# x.y.z, as apibuild.py's does) and leaves the line in the text, where the docstring's one-paragraph lines joined it to
# the sentence before ("Returns 0 on success.\n\nSince:\n" was ":returns: 0 on success. Since:").
_EMPTY_SINCE_TAG = re.compile(r"(?:^|\n)[ \t]*Since:[ \t]*(?=\n|$)")


def _without_empty_since(text: str) -> str:
    return _EMPTY_SINCE_TAG.sub("", text).rstrip() if "Since:" in text else text


def _without_empty_since_tags(api: Api) -> Api:
    """The API with no empty ``Since:`` tag line (:data:`_EMPTY_SINCE_TAG`) in the docs the docstrings are made of: a
    function's description and return doc, an enum's and its members', a struct's and its fields'.  The docstring's
    tail says no ``Since:`` then, as for a comment with no tag.  The API itself when no doc has one (every tree's of
    7.0.0, 9.0.0 and 11.3.0)."""
    texts = [t for m in api.modules for f in m.functions for t in (f.description, f.return_doc)]
    texts += [d for m in api.modules for d in (*(e.doc for e in m.enums), *(e.doc for e in m.members), *(s.doc for s in m.structs))]
    texts += [f.doc for m in api.modules for s in m.structs for f in _all_fields(s.fields)]
    if not any(_EMPTY_SINCE_TAG.search(t) for t in texts if "Since:" in t):
        return api

    def fields(items: tuple[Field, ...] | None) -> tuple[Field, ...] | None:
        return None if items is None else tuple(replace(f, doc=_without_empty_since(f.doc), union=fields(f.union)) for f in items)

    modules = tuple(
        replace(
            m,
            functions=tuple(replace(f, description=_without_empty_since(f.description), return_doc=_without_empty_since(f.return_doc)) for f in m.functions),
            enums=tuple(replace(e, doc=_without_empty_since(e.doc)) for e in m.enums),
            members=tuple(replace(e, doc=_without_empty_since(e.doc)) for e in m.members),
            structs=tuple(replace(s, doc=_without_empty_since(s.doc), fields=fields(s.fields)) for s in m.structs),
        )
        for m in api.modules
    )
    return replace(api, modules=modules)


# A "Since" tag line the frontend could not read as a version ("Since: 9.0", "Since: soon", "Since: v9.0.0", "Since
# 9.0.0" alone on its line), with the rest of its paragraph: ``scanner.SINCE_RE`` wants "Since: x.y.z" and leaves any
# other in the text (``check`` says ``since-malformed``, or ``since-missing`` when no version is written).
_STRAY_SINCE_PARAGRAPH = re.compile(r"^[ \t]*(?:Since:[ \t]*\S.*|Since[ \t]+v?\d[\w.]*[ \t]*)$(?:\n[ \t]*\S.*)*", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")  # where a paragraph was taken out, one blank line


def _with_stray_since_in_description(api: Api) -> Api:
    """The API with each function's ``Since`` tag the frontend left in its Returns text (:data:`_STRAY_SINCE_PARAGRAPH`)
    moved to the end of its description, a paragraph as written.

    Decided: such a tag is neither dropped (a reader of ``help()`` sees what the C comment says, as for every text
    of it) nor shown as the docstring's ``Since:`` tail line, which is the version the model read: it read none, and
    "Since: 9.0" there would pass for one.  It leaves the return text because the ``:returns:`` line is one paragraph,
    where it was joined to the sentence before (":returns: 0 on success. Since: 9.0"), and every rule reading the
    return values would read it too.  The description is where the frontend leaves such a tag of a comment with no
    Returns text (the tag is the comment's last paragraph, which the Returns text runs to when there is one), and where
    ``check`` places it ("in the doc of virFoo", not of its return value): the two comments' docstrings read the same.
    A description empty but for the tag opens the docstring with it.  The API itself when no Returns text has one
    (7.0.0's, 9.0.0's and 11.3.0's: 7.0.0's two such tags are enums' own docs, kept as their paragraphs)."""
    if not any(_STRAY_SINCE_PARAGRAPH.search(f.return_doc) for m in api.modules for f in m.functions if "Since" in f.return_doc):
        return api

    def moved(function: Function) -> Function:
        if "Since" not in function.return_doc:
            return function
        description, return_doc = _stray_since_moved(function.description, function.return_doc)
        return function if return_doc == function.return_doc else replace(function, description=description, return_doc=return_doc)

    return replace(api, modules=tuple(replace(m, functions=tuple(moved(f) for f in m.functions)) for m in api.modules))


def _stray_since_moved(description: str, return_doc: str) -> tuple[str, str]:
    """(description, return doc) with the return doc's stray ``Since`` paragraphs moved to the description's end."""
    tags = [t.group().strip() for t in _STRAY_SINCE_PARAGRAPH.finditer(return_doc)]
    if not tags:
        return description, return_doc
    rest = _BLANK_LINES.sub("\n\n", _STRAY_SINCE_PARAGRAPH.sub("", return_doc)).strip()
    return "\n\n".join(t for t in (description.strip(), *tags) if t), rest


_STARS_APART_RE = re.compile(r"\*\s+(?=\*)")


def _stars_together(api: Api) -> Api:
    """The API with every C type's pointer stars written together (``char ** *``,
    as libvirt 7.0.0's apibuild.py wrote ``char ***``, read from its XML): the
    rules below match types as libvirt spells them, and a respelled type
    skipped the functions it appears in (two on 7.0.0's XML, three on 9.0.0's
    respelled).  The same API when no type needs it (every tree's headers)."""
    return _with_types(api, lambda c_type: _STARS_APART_RE.sub("*", c_type) if "* " in c_type else c_type)


def _with_types(api: Api, spelled: Callable[[str], str], callables_only: bool = False) -> Api:
    """The API with each C type ``t`` written ``spelled(t)``: the returns and parameters of the functions
    and callback types, and, unless ``callables_only``, the typedefs' targets, the struct fields (unions'
    too) and the variables.  A module none of whose types changes is kept as it is, and so is the API."""

    def params(items: tuple[Param, ...]) -> tuple[Param, ...]:
        return tuple(p if spelled(p.type) == p.type else replace(p, type=spelled(p.type)) for p in items)

    def fields(items: tuple[Field, ...] | None) -> tuple[Field, ...] | None:
        if items is None:
            return None
        return tuple(replace(f, type=spelled(f.type), union=fields(f.union)) for f in items)

    def respelled(module: Module) -> Module:
        module = replace(
            module,
            functions=tuple(replace(f, return_type=spelled(f.return_type), params=params(f.params)) for f in module.functions),
            functypes=tuple(replace(f, return_type=spelled(f.return_type), params=params(f.params)) for f in module.functypes),
        )
        if callables_only:
            return module
        return replace(
            module,
            typedefs=tuple(replace(t, type=spelled(t.type)) for t in module.typedefs),
            structs=tuple(replace(s, fields=fields(s.fields)) for s in module.structs),
            variables=tuple(replace(v, type=spelled(v.type)) for v in module.variables),
        )

    def changes(module: Module) -> bool:
        callables: list[Function | FuncType] = [*module.functions, *module.functypes]
        types = [f.return_type for f in callables] + [p.type for f in callables for p in f.params]
        if not callables_only:
            types += [t.type for t in module.typedefs] + [v.type for v in module.variables]
            types += [f.type for s in module.structs for f in _all_fields(s.fields)]
        return any(spelled(t) != t for t in types)

    modules = tuple(respelled(m) if changes(m) else m for m in api.modules)
    return api if all(new is old for new, old in zip(modules, api.modules, strict=True)) else replace(api, modules=modules)


def _enums_by_value(api: Api) -> Api:
    """The API with each parameter and return that is an enum passed by value (``virFooKind kind``,
    ``enum virFooKind kind``, of a function or a callback type) typed as the integer C passes it:
    ``int``, or ``unsigned int`` when a member is above ``INT_MAX`` and none is negative (gcc's
    choice of the enum's type).  The integer rules then bind it (a range-checked ``SupportsIndex``:
    an ``IntEnum`` member or any int; an ``int`` return's -1 raises); an enum with a value beyond 32
    bits is left as it is, and skipped.  No libvirt release has such a parameter or return (7.0.0 to
    11.3.0): before, a function with one was skipped ("parameter of a type not bound yet")."""
    values: dict[str, list[int]] = {}
    for module in api.modules:
        for member in module.members:
            if member.enum and member.value is not None:
                values.setdefault(member.enum, []).append(member.value)
    tags = {f"enum {t.tag}": t.enum for t in api.enum_tags or () if t.tag}
    passed: dict[str, str] = {}
    for module in api.modules:
        for enum in module.enums:
            found = values.get(enum.name, [])
            if all(-(2**31) <= v < 2**31 for v in found):
                passed[enum.name] = "int"
            elif all(0 <= v < 2**32 for v in found):
                passed[enum.name] = "unsigned int"
    passed |= {tag: passed[enum] for tag, enum in tags.items() if enum in passed}
    passed |= {f"enum {name}": c_type for name, c_type in list(passed.items()) if not name.startswith("enum ")}

    return _with_types(api, lambda c_type: passed.get(" ".join(c_type.split()), c_type), callables_only=True)


def _all_fields(items: tuple[Field, ...] | None) -> list[Field]:
    found: list[Field] = []
    for item in items or ():
        found.append(item)
        found += _all_fields(item.union)
    return found


def _typed_runtime(layout: TypedParamsView | None, views: list[FunctionView]) -> TypedParamsView | None:
    """The typed-parameter runtime the package needs: None when no function uses typed parameters (the sample's package)."""
    reads = [v.typed.read for v in views if v.typed is not None and v.typed.read is not None]
    event_typed = any(a.kind == "typed" for v in views if v.events is not None for c in v.events.callbacks for a in c.args)
    if layout is None or not (event_typed or any(v.typed is not None or v.records is not None for v in views)):
        return None
    bound = {v.c_name for v in views}  # a counter bound as a method too (virDomainGetSchedulerType) is bound once, there
    return replace(layout, counters=tuple(sorted({r.counter for r in reads if r.counter} - bound)))


_C_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]+)|([0-7]{1,3})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_C_SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27}


def c_string_value(text: str) -> str:
    """The value of a C string literal's contents (the model keeps them as written).

    C's escapes are decoded: ``\\n \\t \\r \\a \\b \\f \\v``, ``\\" \\' \\? \\\\``,
    ``\\xHH...`` and octal ``\\ooo`` as bytes (a hex escape keeps only its low
    8 bits, as a ``char`` would), ``\\uXXXX``/``\\UXXXXXXXX`` as the character;
    any other ``\\c`` is ``c`` (what gcc does, with a warning).  The bytes
    are read as UTF-8, an invalid sequence as U+FFFD.
    """
    if "\\" not in text:
        return text
    out = bytearray()
    pos = 0
    for match in _C_ESCAPE.finditer(text):
        out += text[pos : match.start()].encode()
        pos = match.end()
        hexa, octal, short, long, other = match.groups()
        if hexa is not None:
            out.append(int(hexa, 16) & 0xFF)
        elif octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif short or long:
            code = int(short or long, 16)
            out += chr(code).encode(errors="replace") if code <= 0x10FFFF else b"?"
        else:
            out += bytes([_C_SIMPLE_ESCAPES[other]]) if other in _C_SIMPLE_ESCAPES else other.encode()
    out += text[pos:].encode()
    return out.decode(errors="replace")


_PACKED_VERSION = re.compile(r"\(?\s*(\d+)\s*\)?")  # LIBVIR_VERSION_NUMBER's body: 9000000, or (9000000)


def _library_version(module: Module) -> str:
    """The package's version: the libvirt release the model was read from, as
    libvirt-python's version is (``LIBVIR_VERSION_NUMBER``: a tree's meson.build
    configures it, an installed header or exported XML holds it; 11003000 is
    11.3.0).  The newest ``.syms`` block is only the release that last added a
    function (11.2.0 for 11.3.0), so it is the fallback when the model has no
    such macro (explicit files without ``libvirt-common.h``), then 0.0.0."""
    packed = next((m.raw for m in module.macros if m.name == "LIBVIR_VERSION_NUMBER" and m.params is None), "")
    match = _PACKED_VERSION.fullmatch(packed.strip())
    if match and int(match.group(1)) > 0:
        number = int(match.group(1))
        return f"{number // 1000000}.{number // 1000 % 1000}.{number % 1000}"
    versions = [tuple(int(p) for p in f.version.split(".")) for f in module.functions if re.fullmatch(r"\d+\.\d+\.\d+", f.version)]
    return ".".join(str(p) for p in max(versions)) if versions else "0.0.0"


# --- the model, indexed -------------------------------------------------------


@dataclass(slots=True)
class _Context:
    classes: tuple[str, ...]
    functypes: frozenset[str]
    structs: dict[str, StructView]  # by the struct's Ptr typedef
    buffers: dict[str, int]  # VIR_..._BUFLEN macro values
    functions: frozenset[str]
    flag_classes: dict[str, str] = field(default_factory=dict)  # C enum -> Python class
    member_enums: dict[str, str] = field(default_factory=dict)  # enum member -> its C enum
    bit_enums: frozenset[str] = frozenset()  # the enums whose members are all 0 or one bit: a flags doc's list names their bits
    by_name: dict[str, Function] = field(default_factory=dict)
    typed: TypedParamsView | None = None  # virTypedParameter's layout, when the model has all of it
    filled: dict[str, FilledStruct] = field(default_factory=dict)  # structs of fixed layout, by their Ptr typedef
    filled_arrays: dict[str, FilledStruct] = field(default_factory=dict)  # ... and those with char * fields too (array elements)
    owned: dict[str, FilledStruct] = field(default_factory=dict)  # ... and those libvirt allocates, with arrays and CPU maps (:func:`_taken_structs`)
    functype_defs: dict[str, FuncType] = field(default_factory=dict)  # the library's function types, by name
    enums: tuple[Enum_, ...] = ()
    members: dict[str, EnumMember] = field(default_factory=dict)
    records: dict[str, RecordStruct] = field(default_factory=dict)  # statistics record structs, by their Ptr typedef (:func:`_record_structs`)
    host_cpu_counter: str = ""  # the C function counting the host's CPUs, "" for none (:func:`_host_cpu_counter`)
    unbound_releases: frozenset[str] = frozenset()  # the Free/Ref functions not bound: their advice leaves the docstrings (:func:`_unbound_releases`)
    auth: str = ""  # the Ptr typedef of the credentials-callback struct (:func:`_auth_struct`), "" when the library has none
    package: frozenset[str] = frozenset()  # naming rule 7: the API's names, which no parameter may shadow (package_names)
    stopping: str = ""  # the end of a callback docstring's sentence on exceptions (:func:`_stopping_note`)

    @classmethod
    def of(cls, api: Api, module: Module, classes: tuple[str, ...]) -> _Context:
        context = cls(
            classes=classes,
            functypes=frozenset(f.name for m in api.modules for f in m.functypes),
            structs=_struct_views(module, classes),
            buffers={m.name: n for m in module.macros if (n := _macro_int(m)) is not None},
            functions=frozenset(f.name for f in module.functions),
            flag_classes={e.name: enum_class_name(e.name, classes) for e in module.enums},
            member_enums={m: e.name for e in module.enums for m in e.members},
            bit_enums=_bit_enums(module),
            by_name={f.name: f for f in module.functions},
            typed=_typed_layout(module),
            filled=_filled_structs(module, classes),
            filled_arrays=_filled_structs(module, classes, strings=True),
            owned=_filled_structs(module, classes, owned=True),
            functype_defs={f.name: f for f in module.functypes},
            enums=module.enums,
            members={m.name: m for m in module.members},
            records=_record_structs(module, classes),
            auth=_auth_struct(module),
            package=package_names(api),
        )
        context.host_cpu_counter = _host_cpu_counter(context)  # a scan of every function: once, not per CPU-map function
        context.stopping = _stopping_note(context.by_name)  # as the counter: one scan, not one per callback function
        return context

    def used_structs(self, views: list[FunctionView]) -> set[str]:
        return {ptr for ptr, view in self.structs.items() for v in views if v.struct == view.name}


# --- credentials callback: virConnectOpenAuth's ``virConnectAuthPtr`` ------------------
#
# A struct passed by pointer whose fields are, in order, ``int *`` (the
# credential types asked for), ``unsigned int`` (their count), a function
# type ``int (T *creds, unsigned int ncreds, void *data)`` and ``void *``
# (its data), where ``T`` is a struct of ``int``, three ``const char *``, a
# ``char *`` and an ``unsigned int`` (a credential: its type, prompt,
# challenge, default, the answer and its length), takes libvirt-python's
# list ``[types, callback, opaque]``: the callback gets a tuple of
# ``[type, prompt, challenge, defresult, None]`` lists and ``opaque``, puts
# each answer (``str`` or ``bytes``) in the list's last item and returns 0
# (anything else fails the open).  The runtime's ``_c_auth`` (template
# runtime.py.j2) holds that layout; libvirt 7.0.0 to 11.3.0 have it.


def _auth_struct(module: Module) -> str:
    """The Ptr typedef of the one struct of the credentials-callback shape (above), else ""."""
    structs = {s.name: s for s in module.structs}
    functypes = {f.name: f for f in module.functypes}
    pointers = {t.name: " ".join(t.type.split()).removesuffix(" *") for t in module.typedefs if " ".join(t.type.split()).endswith(" *")}

    def types(struct: Struct | None) -> list[str]:
        return [" ".join(f.type.split()) for f in (struct.fields or ())] if struct is not None else []

    found = []
    for ptr, target in sorted(pointers.items()):
        fields = types(structs.get(target))
        callback = functypes.get(fields[2]) if len(fields) == 4 else None
        if fields[:2] != ["int *", "unsigned int"] or fields[3:] != ["void *"] or callback is None or " ".join(callback.return_type.split()) != "int":
            continue
        params = [" ".join(p.type.split()) for p in callback.params]
        credential = structs.get(pointers.get(params[0], params[0].removesuffix(" *"))) if len(params) == 3 else None
        if params[1:] == ["unsigned int", "void *"] and types(credential) == _CREDENTIAL_FIELDS:
            found.append(ptr)
    return found[0] if len(found) == 1 else ""


_CREDENTIAL_FIELDS = ["int", "const char *", "const char *", "const char *", "char *", "unsigned int"]


def _auth_release(function: Function, ctx: _Context) -> str:
    """The C function releasing what a function taking credentials returns (``virConnectClose``)."""
    handle = handle_of(function.return_type, ctx.classes)
    if handle is None:
        raise Unsupported(f"struct pointer parameter ({ctx.auth}: credentials for a function returning no handle)")
    release = _release_function(handle, ctx.functions)
    if not release:
        raise Unsupported(f"struct pointer parameter ({ctx.auth}: credentials for a function returning a handle with no release function)")
    return release


def _macro_int(macro: Macro) -> int | None:
    """An object-like macro's value when its body is digits, parentheses and ``+ - *``;
    ``**`` is no C (``9 * *9``) and Python's power hung the run (``9**9**9**9``: review)."""
    if macro.params is not None or not re.fullmatch(r"[\d\s()+*-]+", macro.raw) or "**" in macro.raw:
        return None
    try:
        value = eval(macro.raw, {"__builtins__": {}})  # digits, parentheses and + - * only (checked above)
    except (SyntaxError, ArithmeticError):
        return None
    return value if isinstance(value, int) else None


_TYPED_MEMBER_DOC = re.compile(r"type is ([A-Z]+)\b")  # virTypedParameter's union: "type is ULLONG" names VIR_TYPED_PARAM_ULLONG


def _typed_layout(module: Module) -> TypedParamsView | None:
    """virTypedParameter from the model: the name field's length and, per union member, its type code and Python kind.

    A member's type code is the ``VIR_TYPED_PARAM_<X>`` its doc names ("type
    is ULLONG"); its kind follows its C type: an integer (range-checked as
    any), ``double``, ``char`` (the BOOLEAN member: a bool), ``char *`` (a
    str).  Without all of that (another layout, or none) nothing with typed
    parameters is bound.
    """
    struct = next((s for s in module.structs if s.name == "virTypedParameter" and s.fields), None)
    if struct is None or [f.name for f in struct.fields or ()] != ["field", "type", "value"]:
        return None
    name, _, value = struct.fields or ()
    codes = {m.name: m.value for m in module.members if m.value is not None}
    length = next((_macro_int(m) for m in module.macros if m.name == name.array_size), None)
    if name.type != "char" or not length or value.union is None:
        return None
    members = []
    for member in value.union:
        c_type = " ".join(member.type.split()).replace("long long int", "long long")
        found = _TYPED_MEMBER_DOC.search(member.doc)
        type_name = found.group(1) if found else ""
        code = codes.get(f"VIR_TYPED_PARAM_{type_name}") if found else None
        if code is None:
            return None
        if c_type in _INTEGERS:
            ctype, low, high = _INTEGERS[c_type]
            members.append(TypedMember(code, member.name, ctype, "int", low, high, type_name=type_name))
        elif c_type in _TYPED_VALUE_TYPES:
            members.append(TypedMember(code, member.name, *_TYPED_VALUE_TYPES[c_type], type_name=type_name))
        else:
            return None
    if {m.kind for m in members} != {"int", "float", "bool", "str"} or not {"ctypes.c_longlong", "ctypes.c_ulonglong"} <= {m.ctype for m in members}:
        return None  # the Python-type rule (bool, int, float, str) needs all of these
    return TypedParamsView(length, tuple(members), fields=_typed_field_types(module, members))


_TYPED_PARAM_NAME = re.compile(r"\bVIR_TYPED_PARAM_([A-Z]+)\b")


def _typed_field_types(module: Module, members: list[TypedMember]) -> tuple[tuple[str, int], ...]:
    """Field name -> type code, for the setters no getter types: what the field-name macros' docs say.

    libvirt documents most field names as a string macro whose doc gives
    the type ("VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS ... As
    VIR_TYPED_PARAM_INT"; also "as a VIR_TYPED_PARAM_UINT", "Type is
    VIR_TYPED_PARAM_INT", "a base64-encoded VIR_TYPED_PARAM_STRING").  A macro
    counts when its doc names exactly one type, by the symbol, whatever the
    wording around it: a type the union does not hold (FIELD_LENGTH,
    STRING_OKAY) is no type.  Docs that give the type in words only ("as an
    unsigned int", "as a uint": virDomainBlockCopy's tunables) are not read:
    free text, where the symbol is exact.  A field name two macros type
    differently is left out (no macro can tell which setter means which);
    libvirt-python's hand-written tables are the other way, and have no rule.
    A name with a printf directive (``cputune.vcpupin%u``) is a pattern for
    names, never a field itself: left out.
    """
    codes = {m.type_name: m.code for m in members}
    found: dict[str, set[int]] = {}
    for macro in module.macros:
        if macro.string is None or macro.params is not None:
            continue
        named = {codes[n] for n in _TYPED_PARAM_NAME.findall(macro.doc) if n in codes}
        field = c_string_value(macro.string)
        if len(named) == 1 and "%" not in field:
            found.setdefault(field, set()).update(named)
    return tuple(sorted((name, types.pop()) for name, types in found.items() if len(types) == 1))


_TYPED_VALUE_TYPES = {"double": ("ctypes.c_double", "float"), "char": ("ctypes.c_byte", "bool"), "char *": ("ctypes.c_char_p", "str")}


def _type_names(module: Module) -> tuple[dict[str, str], set[str]]:
    """The module's typedefs (name -> target, spelled on one line) and enum names: what a field's type is resolved with."""
    return {t.name: " ".join(t.type.split()) for t in module.typedefs}, {e.name for e in module.enums}


def _struct_views(module: Module, classes: tuple[str, ...]) -> dict[str, StructView]:
    """The structs functions may return a pointer to, by their ``Ptr`` typedef."""
    typedefs, enums = _type_names(module)
    return {s.name + "Ptr": v for s in module.structs if (v := _struct_view(s, classes, typedefs, enums)) is not None}


def _struct_view(struct: Struct, classes: tuple[str, ...], typedefs: dict[str, str], enums: set[str]) -> StructView | None:
    """A struct a function returns a pointer to (``virErrorPtr``), copied field by field; None if a field's layout is unknown."""
    if not struct.fields:
        return None
    fields: list[FieldView] = []
    for f in struct.fields:
        view = _field_view(f, classes, typedefs, enums)
        if view is None:
            return None
        fields.append(view)
    values = [f for f in fields if f.python != "pointer"]
    annotation = "tuple[" + ", ".join("str | None" if f.python == "str" else "int" for f in values) + "]"
    return StructView("_" + struct.name, struct.name, tuple(fields), annotation)


def _field_view(f: Field, classes: tuple[str, ...], typedefs: dict[str, str], enums: set[str]) -> FieldView | None:
    """One field of a returned struct, None when its layout is unknown (an array, a union, a type not declared).

    A field's type is resolved through the typedefs first: a ``vir`` name is
    no proof of an enum (a ``virQaCursor`` may be ``unsigned long long``,
    which read as a ``c_int`` would shift every later field), so only an
    enum the module declares is read as C's ``int``.  Pointers other than
    ``char *`` are kept out of the tuple; a ``...Ptr`` name the model does
    not declare (explicit files leaving out the header of ``virError``'s
    ``virNetworkPtr``) is one by libvirt's naming rule, the one guess made."""
    if f.array_size is not None or f.union is not None:
        return None
    c_type = _resolved(f.type, typedefs)
    if c_type == "char *":
        return FieldView(f.name, "ctypes.c_char_p", "str")
    if c_type in _FIELD_INTEGERS:
        return FieldView(f.name, _FIELD_INTEGERS[c_type], "int")
    if c_type.removeprefix("enum ") in enums:  # C passes an enum as int
        return FieldView(f.name, "ctypes.c_int", "int")
    if c_type.endswith("*") or handle_of(f.type, classes) is not None or (c_type not in typedefs and c_type.endswith("Ptr")):
        return FieldView(f.name, "ctypes.c_void_p", "pointer")
    return None


def enum_class_name(c_name: str, classes: tuple[str, ...]) -> str:
    """``virDomainCheckpointListFlags`` → ``CheckpointListFlags``.

    Drop ``vir``; for an enum of a handle class nested in another one
    (``virDomainCheckpoint`` in ``virDomain``), drop the outer class too.
    """
    rest = c_name[len("vir") :] if c_name.startswith("vir") else c_name
    nested = [c for c in classes if c_name.startswith(c) and any(c.startswith(o) and o != c for o in classes)]
    if nested:
        cls = max(nested, key=len)
        outer = max((o for o in classes if cls.startswith(o) and o != cls), key=len)
        rest = c_name[len(outer) :]
    return safe_identifier(rest)


# --- functions ------------------------------------------------------------------


def _function_view(function: Function, name: PyName, ctx: _Context) -> FunctionView:
    name = _records_owner(function, name, ctx)
    own, params = _self_and_params(function, name, ctx)
    registration = _registration_view(function, name, own, params, ctx)
    if registration is not None:
        return registration
    shapes = _parameter_shapes(function, params, ctx)
    pnames = python_parameters(function, own is not None, ctx.package)
    docs = _function_docs(function, ctx)
    if own is None and _is_loop_runner(function):
        docs = replace(docs, description=docs.description.rstrip() + "\n\n" + _LOOP_RUNNER_NOTE)
    parts = _call_parts(function, own, params, shapes, pnames, docs, ctx)
    args = _with_defaults(_records_defaults(function, parts.args) if shapes.records is not None else parts.args)
    outs = parts.outs
    reads = _read_views(function, name.owner, shapes, args, parts, pnames, ctx)
    result = _with_closed_check(_shaped_result(function, outs, reads, shapes.filled, ctx), function, own, args)
    found = shapes.filled if shapes.filled is not None and shapes.filled.found else None
    array = next((a for a in shapes.arrays if a.kind != "in"), None)
    return FunctionView(
        c_name=function.name,
        name=name.name,
        aliases=name.aliases,
        owner=name.owner,
        args=tuple(args),
        outs=tuple(outs),
        call=tuple(parts.call),
        argtypes=tuple(parts.argtypes),
        annotation=_annotation(result, outs),
        reports_data=function.header == "virterror",
        ret_annotation=_RET_ANNOTATIONS.get(result.restype, "Any"),
        doc=_docstring(
            function, docs, args, outs, result, pnames, reads.typed, array, reads.read,
            structs=reads.structs, cpumap=reads.cpumap, taken=reads.taken, records=reads.records, releases=ctx.unbound_releases,
            found=found.struct if found is not None else None,
            failures=_failure_constants(function, ctx) if result.error_value == "-1" else frozenset(),
        ),
        typed=reads.typed,
        structs=reads.structs,
        taken=reads.taken,
        records=reads.records,
        array=reads.array,
        read=reads.read,
        cpumap=reads.cpumap,
        unchecked=_UNCHECKED_HANDLES.get((function.name, own.name)) if own is not None else None,
        events=None,
        buries_events=False,
        callback=None,
        found_keys=tuple(f.c_name for f in found.struct.tuple_fields) if found is not None else (),
        **result.fields(),
    )


def _self_and_params(function: Function, name: PyName, ctx: _Context) -> tuple[Param | None, list[Param]]:
    """The C parameter a method's ``self`` stands for (None for a module-level function, and for a method no C
    parameter of which is its object), and the C parameters after it."""
    params = list(function.params)
    selfless = name.owner is not None and handle_of(params[0].type, ctx.classes) != name.owner  # no C parameter is self
    own = params.pop(0) if name.owner is not None and not selfless else None
    return own, params


def _registration_view(function: Function, name: PyName, own: Param | None, params: list[Param], ctx: _Context) -> FunctionView | None:
    """The view of a function registering or unregistering a Python callback (an event's, a close callback, a watch,
    callbacks run during the call), each shape tried in turn; None for any other function."""
    events = _event_shape(function, params, ctx) if own is not None else None
    if events is not None:
        return _event_function_view(function, name, params, events, ctx)
    callback = _callback_shape(function, params, ctx) if own is not None else None
    if callback is not None:
        return _callback_function_view(function, name, callback, ctx)
    registering = _unregistered_by(function, params, ctx) if own is not None else None
    if registering is not None:
        return _uncallback_function_view(function, name, registering, ctx)
    watch = _watch_shape(function, params, own, ctx)
    if watch is not None:
        return _watch_function_view(function, name, own, params, watch, ctx)
    during = _during_shape(function, params, own, ctx)
    if during is not None:
        return _during_function_view(function, name, own, during, ctx)
    return None


@dataclass(frozen=True, slots=True)
class _ParameterShapes:
    """What the rules made of a function's C parameters (self aside) before any is bound: each shape the bindings
    read or fill, and the C parameters it takes up (``..._names``), which no other rule binds."""

    typed: _TypedShape | None  # typed parameters (:func:`_typed_shape`)
    typed_names: set[str]
    structs: _StructArray | None  # an array of structs the bindings size (:func:`_struct_array`)
    taken: _Taken | None  # an array of struct pointers libvirt allocates (:func:`_taken_structs`)
    records: _Records | None  # statistics records (:func:`_stats_records`)
    taken_names: set[str]
    filled: _Filled | None  # a struct the caller's memory receives (:func:`_filled_struct`)
    filled_names: set[str]  # ... or an array of structs' (and its CPU maps)
    cpumaps: tuple[_CpumapShape, ...]  # CPU maps (:func:`_cpumap_shapes`), less those of an array of structs
    cpumap_names: set[str]
    arrays: tuple[_ArrayShape, ...]  # arrays of strings and integers (:func:`_array_shapes`)
    array_names: set[str]
    reads: dict[str, str]  # buffers the bindings allocate (:func:`_read_buffers`, :func:`_peek_buffers`): size -> buffer
    auth_names: set[str]  # the credentials-callback struct (:func:`_auth_struct`)
    handle_lists: dict[str, str]  # NULL-terminated input arrays of handles: parameter -> class (:func:`_handle_lists`)
    int_inputs: bool  # an integer input besides flags and the counts above: a pointer to an integer may be an array


def _parameter_shapes(function: Function, params: list[Param], ctx: _Context) -> _ParameterShapes:
    """The shapes of ``params`` (a function's C parameters after self), each rule asked in turn, and the function
    refused (:class:`Unsupported`) for a parameter no rule binds (:func:`_reject_unsupported`)."""
    shape = _typed_shape(function, params, ctx)
    typed_names = shape.names if shape is not None else set()
    structs = _struct_array(function, params, ctx)
    taken = _taken_structs(function, params, ctx) if structs is None else None
    records = _stats_records(function, params, ctx) if taken is None else None
    taken_names = {taken.param} if taken is not None else {records.param} if records is not None else set()
    filled = _filled_struct(function, params, ctx.filled) if structs is None else None
    filled_names = {filled.param, filled.size} if filled is not None else {structs.param, structs.count} if structs is not None else set()
    cpumaps = _cpumap_shapes(function, params)
    if structs is not None and structs.cpumap:  # the array's CPU maps: read with it (_struct_cpumaps)
        cpumaps = tuple(c for c in cpumaps if c.map != structs.cpumap)
        filled_names |= {structs.cpumap, structs.maplen}
    cpumap_names = {name for c in cpumaps for name in (c.map, c.size, c.count) if name}
    arrays = _array_shapes(function, params, typed_names | filled_names | cpumap_names | taken_names)
    array_names = {name for a in arrays for name in (a.array, a.count if a.kind != "sized" else "") if name}  # a sized one's count: an int
    reads = _read_buffers(function, params) or _peek_buffers(function, params)
    auth_names = {p.name for p in params if ctx.auth and " ".join(p.type.split()) == ctx.auth}
    # filled_names: an array of structs' too
    _reject_unsupported(function, [p for p in params if p.name not in typed_names | filled_names | auth_names], ctx, set(reads.values()))
    handle_lists = _handle_lists(function, params, ctx)
    used = typed_names | array_names | filled_names | cpumap_names | taken_names | set(handle_lists)
    int_inputs = [p for p in params if p.type in _INTEGERS and p.name != "flags" and p.name not in used]
    return _ParameterShapes(
        typed=shape,
        typed_names=typed_names,
        structs=structs,
        taken=taken,
        records=records,
        taken_names=taken_names,
        filled=filled,
        filled_names=filled_names,
        cpumaps=cpumaps,
        cpumap_names=cpumap_names,
        arrays=arrays,
        array_names=array_names,
        reads=reads,
        auth_names=auth_names,
        handle_lists=handle_lists,
        int_inputs=bool(int_inputs),
    )


@dataclass(frozen=True, slots=True)
class _CallParts:
    """A bound function's Python parameters and outputs, and the C call: its argument expressions and their ctypes
    argtypes, in C order (the rules binding each parameter append to them)."""

    args: list[ArgView] = field(default_factory=list)
    outs: list[OutView] = field(default_factory=list)
    call: list[str] = field(default_factory=list)
    argtypes: list[str] = field(default_factory=list)


def _call_parts(
    function: Function, own: Param | None, params: list[Param], shapes: _ParameterShapes, pnames: dict[str, str], docs: _Docs, ctx: _Context
) -> _CallParts:
    """The Python parameters, the outputs and the C call of a function: self's pointer first, then each C parameter
    bound by its shape (:func:`_bind_shaped`) or as a value of its own (:func:`_bind_plain`)."""
    parts = _CallParts()
    if own is not None:
        parts.call.append("c_self")
        parts.argtypes.append("ctypes.c_void_p")
    lengths = _buffer_lengths(params)
    for param in params:
        if not _bind_shaped(function, param, shapes, pnames, ctx, parts):
            _bind_plain(function, param, shapes, lengths, pnames, docs, ctx, parts)
    return parts


def _bind_shaped(function: Function, param: Param, shapes: _ParameterShapes, pnames: dict[str, str], ctx: _Context, parts: _CallParts) -> bool:
    """Bind ``param`` as the part of a shape it is (a struct array's, a buffer's, typed parameters' ...) into
    ``parts``; False when it is part of none."""
    args, outs, call, argtypes = parts.args, parts.outs, parts.call, parts.argtypes
    if param.name in shapes.taken_names:  # the runtime's reader passes the address it stores the array at
        call.append("@taken" if shapes.taken is not None else "@records")
        argtypes.append("ctypes.c_void_p")
    elif param.name in shapes.handle_lists:
        handle = shapes.handle_lists[param.name]
        args.append(ArgView(pnames[param.name], "handlelist", f"Sequence[{handle}]", None, handle=handle))
        call.append("c_" + pnames[param.name])
        argtypes.append("ctypes.c_void_p")
    elif param.name in shapes.reads.values():  # the bindings' own buffer, its size the Python parameter after it
        call.append("o_" + param.name)
        argtypes.append("ctypes.c_void_p")
    elif param.name in shapes.auth_names:
        args.append(ArgView(pnames[param.name], "auth", "Sequence[Any] | None", None, release=_auth_release(function, ctx)))
        call.append("c_" + pnames[param.name])
        argtypes.append("ctypes.c_void_p")
    elif shapes.typed is not None and param.name in shapes.typed_names:
        arg = _typed_parameter(param, pnames[param.name], shapes.typed, call, argtypes)
        args += [arg] if arg is not None else []
    elif param.name in shapes.array_names:
        arg = _array_parameter(param, pnames, shapes.arrays, call, argtypes)
        args += [arg] if arg is not None else []
    elif param.name in shapes.cpumap_names:
        arg = _cpumap_parameter(param, pnames, shapes.cpumaps, call, argtypes)
        args += [arg] if arg is not None else []
    elif shapes.filled is not None and param.name in shapes.filled_names:
        _filled_argument(param, shapes.filled, outs, call, argtypes)
    elif shapes.structs is not None and param.name in shapes.filled_names:
        _struct_array_argument(param, shapes.structs, call, argtypes)
    else:
        return False
    return True


def _bind_plain(
    function: Function,
    param: Param,
    shapes: _ParameterShapes,
    lengths: dict[str, str],
    pnames: dict[str, str],
    docs: _Docs,
    ctx: _Context,
    parts: _CallParts,
) -> None:
    """Bind ``param``, part of no shape, into ``parts``: a buffer with its length (:func:`_buffer_lengths`), an
    output C callers may omit (passed NULL), else an argument or an output of its own (:func:`_param_kind`)."""
    args, outs, call, argtypes = parts.args, parts.outs, parts.call, parts.argtypes
    if param.name in lengths.values():
        args.append(ArgView(pnames[param.name], "bytes", "bytes | str", None))
        call.append("c_" + pnames[param.name])
        argtypes.append("ctypes.c_char_p")
        return
    if param.name in lengths:  # never a Python parameter: it cannot then exceed the buffer
        call.append("len(c_" + pnames[lengths[param.name]] + ")")
        argtypes.append(_argtype(param))
        return
    if _is_omitted_output(param) and not any(c.kind == "take" for c in shapes.cpumaps):  # a taken map's outputs describe it
        call.append("None")
        argtypes.append("ctypes.c_void_p")
        return
    kind = _param_kind(function, param, pnames[param.name], ctx, shapes.int_inputs, docs.flags_enums)
    if isinstance(kind, OutView):
        outs.append(kind)
        call.append("ctypes.byref(o_" + kind.name + ")" if kind.kind in ("handles", "scalar", "strout") else "o_" + kind.name)
        argtypes.append("ctypes.c_void_p")
    else:
        args.append(kind)
        call.append(_call_expression(kind))
        argtypes.append(_argtype(param))


@dataclass(frozen=True, slots=True)
class _ReadViews:
    """How the bindings read what a function gives back besides its return, each None when it has none of it."""

    typed: TypedView | None
    array: ArrayRead | None
    read: ReadView | None
    structs: StructArrayRead | None
    cpumap: CpumapView | None
    taken: StructsTake | None
    records: RecordsTake | None


def _read_views(
    function: Function,
    owner: str | None,
    shapes: _ParameterShapes,
    args: list[ArgView],
    parts: _CallParts,
    pnames: dict[str, str],
    ctx: _Context,
) -> _ReadViews:
    """The views reading each shape's output, a function with two of them refused (:class:`Unsupported`): one
    method returns one of them, or its scalar outputs, never both."""
    outs, call = parts.outs, parts.call
    typed = _typed_view(function, shapes.typed, args, outs, call, ctx) if shapes.typed is not None else None
    array = _array_read(function, shapes.arrays, call, ctx, pnames)
    read = _read_view(function, shapes.reads, pnames, outs) if shapes.reads else None
    structs = _struct_array_read(function, shapes.structs, call, ctx, owner) if shapes.structs is not None else None
    if structs is not None and (outs or typed is not None or array is not None):
        raise Unsupported(f"struct pointer parameter ({shapes.structs.param if shapes.structs else ''}: an array of structs with other outputs)")
    cpumap = _cpumap_view(function, owner, shapes.cpumaps, call, ctx)
    take = _structs_take_view(function, owner, shapes.taken, call, ctx) if shapes.taken is not None else None
    records = _records_view(function, shapes.records, call) if shapes.records is not None else None
    if records is not None and (outs or typed is not None or array is not None or read is not None or cpumap is not None):
        raise Unsupported(f"struct pointer parameter ({records.param}: statistics records, with other outputs)")
    if take is not None and (outs or typed is not None or array is not None or read is not None or cpumap is not None):
        raise Unsupported(f"struct pointer parameter ({take.param}: an array of structs libvirt allocates, with other outputs)")
    if cpumap is not None and (array is not None or typed is not None or read is not None or (outs and cpumap.kind != "take")):
        raise Unsupported(f"sized buffer ({next(c.map for c in shapes.cpumaps if c.kind != 'in')}) with other outputs")
    if array is not None and (outs or typed is not None):
        raise Unsupported(f"array parameter ({next(a.array for a in shapes.arrays if a.kind != 'in')}) with other outputs")
    return _ReadViews(typed, array, read, structs, cpumap, take, records)


def _shaped_result(function: Function, outs: list[OutView], reads: _ReadViews, filled: _Filled | None, ctx: _Context) -> _Result:
    """What the method returns: the shape it reads (the C return is then its count or its status), else the C
    return itself (:func:`_result`)."""
    if reads.typed is not None and reads.typed.kind == "get":
        units = reads.typed.read is not None and reads.typed.read.kind == "units"
        return _Result("typed", "ctypes.c_int", "-1", annotation=f"list[{_TYPED_RETURN}]" if units else _TYPED_RETURN)
    if reads.array is not None:
        return _Result("array", "ctypes.c_int", "-1", annotation="list[str]" if reads.array.strings else "list[int]")
    if reads.read is not None:
        return _Result("read", "ctypes.c_int", "-1", annotation="bytes | int" if reads.read.answers else "bytes")
    if reads.structs is not None:
        return _Result("structs", "ctypes.c_int", "-1", annotation=reads.structs.annotation)
    if reads.cpumap is not None:
        return _Result("cpumap", "ctypes.c_int", "-1", annotation=_cpumap_annotation(reads.cpumap, outs))
    if reads.taken is not None:
        return _Result("taken", "ctypes.c_int", "-1", annotation=reads.taken.annotation)
    if reads.records is not None:
        return _Result("records", "ctypes.c_int", "-1", annotation=reads.records.annotation)
    if filled is not None and filled.found:  # {} when C returns 0, the struct's fields when 1
        return _Result("found", "ctypes.c_int", "-1", annotation=_found_annotation(filled.struct))
    return _result(function, ctx, outs)


def _with_closed_check(result: _Result, function: Function, own: Param | None, args: list[ArgView]) -> _Result:
    """``result``, and for a string whose NULL is an answer, the condition that still raises: a handle argument
    (self too) closed."""
    if result.result in ("optstr", "optownedstr") and function.header != "virterror":
        handles = (["c_self"] if own is not None else []) + ["c_" + a.name for a in args if a.kind == "handle"]
        return _Result(result.result, result.restype, closed_check=" or ".join(h + " is None" for h in handles))
    return result


@dataclass(frozen=True, slots=True)
class _Docs:
    """A function's doc texts as the bindings use them: a parameter doc cut short by the C comment made whole."""

    description: str
    params: dict[str, str]  # C parameter name -> its doc
    flags_enums: tuple[str, ...]  # the enums typing ``flags``


_MEMBER_NAME = re.compile(r"\bVIR_[A-Z0-9_]+\b")


def _function_docs(function: Function, ctx: _Context) -> _Docs:
    """The description, parameter docs and flags enum, with a cut parameter doc made whole.

    A ``@param:`` text ends at the first blank line of the C comment, so a
    parameter doc that announces a list ("Current valid bits:") and leaves
    the list after a blank line (virInterfaceGetXMLDesc's ``@flags``) reaches
    the model as a doc ending in ":" and a description opening with the
    list.  When the last documented parameter's doc ends with ":" and the
    description opens with paragraphs that each start with an enum member's
    name, those paragraphs are that parameter's: they move to its doc.  The
    frontend's ``flags_enums`` (the enums the ``@flags`` text names, else
    those of the members it names) cannot see them; a ``flags`` without one
    is typed with the enums its doc's member names belong to, in the order
    the doc names them.
    """
    params = {p.name: p.doc for p in function.params}
    description = function.description
    last = next((p for p in reversed(function.params) if p.doc.strip()), None)
    if last is not None and last.doc.rstrip().endswith(":"):
        paragraphs = PARAGRAPH_BREAK.split(description.strip())
        lead = 0
        while lead < len(paragraphs) and (m := _MEMBER_NAME.match(paragraphs[lead].lstrip())) and m.group() in ctx.member_enums:
            lead += 1
        if lead:
            params[last.name] = last.doc.rstrip() + "\n" + "\n".join(paragraphs[:lead])
            description = "\n\n".join(paragraphs[lead:])
    flags_enums = function.flags_enums
    if not flags_enums and "flags" in params:
        listed = (ctx.member_enums[m] for m in _MEMBER_NAME.findall(params["flags"]) if m in ctx.member_enums)
        flags_enums = tuple(dict.fromkeys(enum for enum in listed if enum in ctx.bit_enums))
    return _Docs(description, params, flags_enums)


def _bit_enums(module: Module) -> frozenset[str]:
    """The enums whose members are all 0 or one bit, the ones a ``flags`` doc's list of
    members can type (the frontend's rule, ``rules.bit_enum_members``)."""
    not_bits = {m.enum for m in module.members if not is_bit_or_zero(m.value)}
    return frozenset(e.name for e in module.enums if e.name not in not_bits)


def _reject_unsupported(function: Function, params: list[Param], ctx: _Context, buffers: set[str]) -> None:
    for param in function.params:
        base = param.type.replace("const ", "").replace("*", "").strip()
        if base in ctx.functypes:
            raise Unsupported(f"callback parameter ({param.type} {param.name})")
        if base == "void" and param.name not in buffers:  # a buffer the bindings allocate (:func:`_peek_buffers`)
            raise Unsupported(f"untyped pointer ({param.type} {param.name})")
    for param in params:
        c_type = param.type.strip()
        if c_type.endswith("Ptr") and handle_of(c_type, ctx.classes) is None:
            raise Unsupported(f"struct pointer parameter ({c_type} {param.name})")
        if c_type.endswith("**") and c_type[:-2].strip() in _INTEGERS:  # virDomainLxcOpenNamespace's file descriptors
            raise Unsupported(f"integer array libvirt allocates ({c_type} {param.name}): not bound yet")


# --- typed parameters -------------------------------------------------------------

# A virTypedParameterPtr that the function fills, even with an input count: virDomainGetCPUStats' "array to populate on output".
_TYPED_OUTPUT_DOC = re.compile(r"\b(?:on\s+output|return\s+value|populate|filled|where\s+to\s+store)\b", re.IGNORECASE)
# A setter takes any mapping (a TypedDict of the program's own too); a getter's values are typed Any: a field's type
# depends on its name, which no annotation sees, and a union (int | float | bool | str) would make every use of a
# value need a check (typeshed's rule: no union returns).  The docs give each field's type.
_TYPED_DICT = "Mapping[str, Any]"
_TYPED_RETURN = "dict[str, Any]"


@dataclass(frozen=True, slots=True)
class _TypedShape:
    """Where a function's typed parameters are and what it does with them (:func:`_typed_shape`)."""

    kind: str  # fill | take | set | units
    params: str  # the C parameter names of the array ...
    count: str  # ... and of its count
    nullable: bool = False  # set: the docs let the array be NULL (the dict may be None)
    counter: str = ""  # fill: the C function whose nparams output gives the size ("" for a first call with NULL and 0)
    count_ctype: str = "ctypes.c_int"
    start: str = ""  # units: the C parameters of the first unit ...
    units: str = ""  # ... and of how many units
    unit: str = ""  # units: what one is, in the count's doc ("number of parameters per cpu": "cpu")
    most: int = 0  # units: the most units one call asks for, from the description ("a limit of 128 @ncpus"); 0: no limit

    @property
    def names(self) -> set[str]:
        """The C parameters the shape takes over: no Python parameter of their own (the units' start is ``total``)."""
        return {self.params, self.count} | ({self.start, self.units} if self.kind == "units" else set())


def _is_typed(c_type: str) -> bool:
    return c_type.replace("const ", "").replace("*", "").strip() == "virTypedParameterPtr"


def _typed_shape(function: Function, params: list[Param], ctx: _Context) -> _TypedShape | None:
    """The typed-parameter shape of a function, None when it has no ``virTypedParameterPtr``; ``Unsupported`` for other shapes.

    * ``virTypedParameterPtr params, int *nparams``: a getter filling the
      caller's array (fill), sized by a first call with NULL and 0 when the
      description says so ("calling with @params as NULL and @nparams as
      0"), else by the ``nparams`` output of the function the ``@nparams``
      doc names ("nparams of virDomainGetSchedulerType()", which takes the
      handle and an ``int *`` and returns a string);
    * ``virTypedParameterPtr *params, int *nparams``: a getter whose array
      libvirt allocates (take);
    * ``virTypedParameterPtr params, int nparams``: a setter (set), unless
      the ``@params`` doc calls it an output (virDomainGetCPUStats: "array
      to populate on output"): then an array sized per unit when the
      description gives that calling convention (units, :func:`_typed_units`),
      else skipped.

    The ``virTypedParams*`` functions, whose first parameter is the array
    itself, build and read C arrays: here typed parameters are dicts.
    """
    typed = [i for i, p in enumerate(params) if _is_typed(p.type)]
    if not typed:
        return None
    first = function.params[0]
    if _is_typed(first.type):
        raise Unsupported(f"typed parameter list helper ({first.type} {first.name}): typed parameters are dicts here")
    param = params[typed[0]]
    where = f"{param.type} {param.name}"
    if ctx.typed is None:
        raise Unsupported(f"typed parameters ({where}): the input does not declare virTypedParameter's layout")
    count = params[typed[0] + 1] if typed[0] + 1 < len(params) else None
    count_type = " ".join(count.type.split()) if count is not None else ""
    if len(typed) > 1 or count is None or count_type.rstrip(" *") not in ("int", "unsigned int"):
        raise Unsupported(f"typed parameters ({where}: no count after it)")
    c_type = " ".join(param.type.split())
    pointed = _INTEGERS[count_type.rstrip(" *")][0]
    if c_type == "virTypedParameterPtr *" and count_type.endswith("*"):
        return _TypedShape("take", param.name, count.name, count_ctype=pointed)
    if c_type == "virTypedParameterPtr" and count_type.endswith("*"):
        return _TypedShape("fill", param.name, count.name, counter=_typed_counter(function, param, count, ctx), count_ctype=pointed)
    if c_type == "virTypedParameterPtr" and not _TYPED_OUTPUT_DOC.search(param.doc):
        return _TypedShape("set", param.name, count.name, nullable=_is_nullable(param, function))
    units = _typed_units(function, params[typed[0] :]) if c_type == "virTypedParameterPtr" else None
    if units is not None:
        return units
    raise Unsupported(f"typed parameters ({where}: an output array the caller sizes with {count.type} {count.name})")


# The calling convention of an output array sized per unit, as virDomainGetCPUStats' description gives it (one
# function on 7.0.0, 9.0.0 and 11.3.0; what matches is bound, nothing is looked up by name):
# "@params must contain at least @nparams * @ncpus entries": @nparams parameters per unit, @ncpus units
_PER_UNIT = r"@{params}\s+must\s+contain\s+at\s+least\s+@{count}\s*\*\s*@{units}\s+entries\b"
# "if @params is NULL and @nparams is 0 and @ncpus is 1": the count per unit is returned; "... is 0": the units
_UNIT_QUERY = r"@{params}\s+is\s+NULL\s+and\s+@{count}\s+is\s+0\s+and\s+@{units}\s+is\s+{value}\b"
# "If @start_cpu is -1, then @ncpus must be 1": -1 asks for the whole ("the entire domain"), as one unit
_WHOLE_START = r"\bIf\s+@{start}\s+is\s+-1,?\s+then\s+@{units}\s+must\s+be\s+1\b"
# "The remote driver imposes a limit of 128 @ncpus": the most units one call asks for
_UNIT_LIMIT = r"\blimit\s+of\s+(\d+)\s+@{units}\b"
# "number of parameters per cpu": what a unit is, for the docstring
_PER_WHAT = re.compile(r"\bper\s+(\w+)")
# The Python parameter asking for the whole: libvirt-python's name for it (getCPUStats(total, flags=0)); no word
# of the C docs gives it ("-1 for summary"), and a program written for libvirt-python may pass it by keyword
_WHOLE_PARAMETER = "total"


def _typed_units(function: Function, params: list[Param]) -> _TypedShape | None:
    """An output array sized per unit (units), None when the description does not give that calling convention.

    ``virTypedParameterPtr params, unsigned int nparams, int start_cpu,
    unsigned int ncpus``: the four in that order, the description saying
    the array holds ``@nparams * @ncpus`` entries, that NULL and 0 with
    ``@ncpus`` 1 return the count per unit and with ``@ncpus`` 0 the
    number of units, and that a start of -1 (with one unit) is the whole.
    The method takes ``total`` (:data:`_WHOLE_PARAMETER`) instead of the
    start and the units and returns a list of dicts: one of the whole, or
    one per unit from 0, at most the limit the description gives asked
    for per call (libvirt-python's loop).
    """
    if len(params) < 4:
        return None
    param, count, start, units = params[:4]
    if " ".join(start.type.split()) != "int" or any(" ".join(p.type.split()) not in ("int", "unsigned int") for p in (count, units)):
        return None
    text = " ".join(function.description.split())
    names = {"params": re.escape(param.name), "count": re.escape(count.name), "start": re.escape(start.name), "units": re.escape(units.name)}
    patterns = [_PER_UNIT.format(**names), _WHOLE_START.format(**names), *(_UNIT_QUERY.format(**names, value=v) for v in "01")]
    if not all(re.search(pattern, text) for pattern in patterns):
        return None
    limit = re.search(_UNIT_LIMIT.format(**names), text)
    unit = _PER_WHAT.search(" ".join(count.doc.split()))
    return _TypedShape(
        "units", param.name, count.name, start=start.name, units=units.name, unit=unit.group(1) if unit else "unit",
        most=int(limit.group(1)) if limit else 0,
    )  # fmt: skip


def _typed_counter(function: Function, params: Param, count: Param, ctx: _Context) -> str:
    """How a fill getter learns its array's size: "" (a first call with NULL and 0), or the C function giving it."""
    description = " ".join(function.description.split())
    if re.search(rf"@{re.escape(params.name)}\s+as\s+NULL\s+and\s+@{re.escape(count.name)}\s+as\s+0\b", description):
        return ""
    named = re.search(rf"\b{re.escape(count.name)}\s+of\s+(vir\w+)\(\)", " ".join(count.doc.split()))
    counter = ctx.by_name.get(named.group(1)) if named else None
    handle = " ".join(function.params[0].type.split())
    if counter is not None and counter.return_type.strip() == "char *" and [" ".join(p.type.split()) for p in counter.params] == [handle, "int *"]:
        return counter.name
    raise Unsupported(f"typed parameters ({params.type} {params.name}: no rule gives the array's size)")


def _typed_parameter(param: Param, pname: str, shape: _TypedShape, call: list[str], argtypes: list[str]) -> ArgView | None:
    """The C arguments of the array and its count; for a setter the dict parameter that gives them."""
    if shape.kind == "units":  # placeholders: the runtime's reader passes the array, the count, the start and the units
        call.append({shape.params: "@params", shape.count: "@count", shape.start: "@start"}.get(param.name, "@units"))
        argtypes.append("ctypes.c_void_p" if param.name == shape.params else _argtype(param))
        return ArgView(_WHOLE_PARAMETER, "whole", "bool | SupportsIndex", None) if param.name == shape.start else None
    if shape.kind != "set":  # placeholders: the runtime's reader passes the array and the count
        call.append("@params" if param.name == shape.params else "@count")
        argtypes.append("ctypes.c_void_p")
        return None
    if param.name == shape.count:
        call.append("c__ntyped")
        argtypes.append(_argtype(param))
        return None
    call.append("c__typed")
    argtypes.append("ctypes.c_void_p")
    if shape.nullable:
        return ArgView(pname, "typed", _TYPED_DICT + " | None", "None")
    return ArgView(pname, "typed", _TYPED_DICT, None)


def _typed_view(function: Function, shape: _TypedShape, args: list[ArgView], outs: list[OutView], call: list[str], ctx: _Context) -> TypedView:
    if shape.kind == "set":
        arg = next(a.name for a in args if a.kind == "typed")
        return TypedView("set", _typed_getter(function, call, ctx), arg=arg)
    if any(o.kind != "scalar" for o in outs):
        raise Unsupported(f"typed parameters ({shape.params}) with other outputs")
    return TypedView("get", _typed_read(function.name, shape, call), extras=tuple(o.name for o in outs))


def _typed_read(c_name: str, shape: _TypedShape, call: list[str]) -> TypedRead:
    first, last = call.index("@params"), call.index("@count")
    if last != first + 1:
        raise Unsupported(f"typed parameters ({shape.params}: its count is not next to it)")
    if shape.kind == "units":  # _typed_units took the four in a row
        return TypedRead("units", c_name, tuple(call[:first]), tuple(call[last + 3 :]), whole=_WHOLE_PARAMETER, most=shape.most)
    return TypedRead(shape.kind, c_name, tuple(call[:first]), tuple(call[last + 1 :]), shape.counter, shape.count_ctype)


def _typed_getter(function: Function, call: list[str], ctx: _Context) -> TypedRead | None:
    """The getter whose fields type a setter's dict, as libvirt-python does: None when there is none.

    It is the function named as the setter with ``Get`` for ``Set``, a fill or
    take getter of the same handle whose other parameters all are the
    setter's (same name and type: ``disk``, ``device``, ``flags``); it is
    called with the setter's arguments.
    """
    name = function.name.replace("Set", "Get", 1)
    getter = ctx.by_name.get(name) if "Set" in function.name else None
    if getter is None or not getter.params or getter.params[0].type != function.params[0].type or call[0] != "c_self":
        return None
    try:
        shape = _typed_shape(getter, list(getter.params[1:]), ctx)
    except Unsupported:
        return None
    if shape is None or shape.kind not in ("fill", "take"):  # a dict of a setter's fields: one getter call, one dict
        return None
    mine = {p.name: (p.type, expression) for p, expression in zip(function.params, call, strict=True)}
    expressions = ["c_self"]  # the same handle, whatever the getter calls it
    for param in getter.params[1:]:
        if param.name in (shape.params, shape.count):
            expressions.append("@params" if param.name == shape.params else "@count")
        elif mine.get(param.name, ("", ""))[0] == param.type:
            expressions.append(mine[param.name][1])
        else:
            return None
    return _typed_read(name, shape, expressions)


# --- arrays ------------------------------------------------------------------------

# An integer array that libvirt writes into: its doc, its count's, or a sentence of the description naming it, says so.
_OUTPUT_WORDS = re.compile(r"\b(?:collect\w*|stor(?:e|es|ed|ing)|fill\w*|return\w*|output|populat\w*|receiv\w*)\b|\(OUT\)", re.IGNORECASE)
# The integer after an array that is its size: "size of @names", "number of keys in @keys array", "maximum ...".
_COUNT_DOC = re.compile(r"\b(?:size|number|count|length|max\w*)\b", re.IGNORECASE)
# Strings of an output array that are not the caller's: a doc saying so overrules the element type.
_NOT_FREED = re.compile(r"\b(?:must|should)\s+not\s+(?:be\s+)?free|\bdo\s+not\s+free|\bborrowed\b", re.IGNORECASE)
_STRINGS_FILLED = ("char **", "char ** const")


@dataclass(frozen=True, slots=True)
class _ArrayShape:
    """One array parameter of a function and its count (:func:`_array_shapes`)."""

    # in: the caller's values | fill: filled into the caller's array | take: an array libvirt allocates
    # | sized: filled into an array of the size the caller gives (the count stays a Python parameter)
    kind: str
    array: str  # the C parameter names of the array ...
    count: str  # ... and of its count ("" for take: the count is the return value)
    element: str  # ctypes element type: c_char_p (input strings), c_void_p (strings the caller frees), an integer type
    low: int = 0  # integer elements: their C type's range
    high: int = 0
    most: int = 0  # the largest value the count parameter takes
    nullable: bool = False  # in: the docs let the array be NULL
    doc: str = ""  # the array parameter's doc


def _array_shapes(function: Function, params: list[Param], taken: set[str]) -> tuple[_ArrayShape, ...]:
    """The arrays a function takes or returns, by rule on the C types and docs (no per-function table).

    * ``char **names``/``char ** const names`` with its size right after it
      (an integer documented as a size or number: ``int maxnames``), in a
      function returning ``int``: the function fills the caller's array
      (fill).  The elements are ``char *``, so the strings are the
      caller's to ``free()`` (the model's rule for ``char *``,
      frontend/rules.py); a doc saying they must not be freed skips it;
    * ``char ***keys`` in a function returning ``int`` whose return doc names
      ``@keys`` (the count): libvirt allocates the array (take), the strings
      and the array the caller's to ``free()`` by the same rule;
    * ``const char **xs`` with its count: an input (in);
    * a pointer to an integer with its count: filled (fill, the count after
      it, as for names) when its doc, its count's doc or a sentence of the
      description naming it says it is written ("collect", "store",
      "filled", "returned", "output", "(OUT)", ...), else an input (in);
    * a pointer to an integer with no count next to it, written (as above),
      in a function returning ``int`` whose return doc names it, and a later
      integer (not ``flags``) documented as the "maximum number" of what it
      receives (``virNodeGetCellsFreeMemory(freeMems, startCell,
      maxCells)``): the caller's count, kept as a Python parameter as
      libvirt-python keeps it (``getCellsFreeMemory(startCell, maxCells)``),
      and the list is the array's first elements, as many as the return
      says (sized).

    The count of an array is the integer (not ``flags``) right after it
    documented as a size or number, else the integer right before it named
    ``n`` + the array's name or documenting ``@array`` (``nfiles`` before
    ``files``); a count whose doc names another pointer parameter too
    (virNodeAllocPages' ``npages`` for ``@pageSizes`` and ``@pageCounts``)
    belongs to no one array: those stay skipped, as does an array with no
    count.
    """
    shapes: list[_ArrayShape] = []
    for index, param in enumerate(params):
        if param.name in taken:
            continue
        c_type = " ".join(param.type.split())
        base = c_type[:-1].strip() if c_type.endswith("*") else ""
        shape: _ArrayShape | None = None
        if c_type == "char ***":
            shape = _taken_strings(function, param)
        elif c_type in _STRINGS_FILLED:
            count = _array_count(params, index)
            shape = _filled(function, param, params, count, "ctypes.c_void_p", 0, 0) if count is not None else None
        elif c_type == "const char **":
            count = _array_count(params, index)
            shape = _input_array(function, param, count, "ctypes.c_char_p", 0, 0) if count is not None else None
        elif base in _INTEGERS:
            count = _array_count(params, index)
            ctype, low, high = _INTEGERS[base]
            if count is not None:
                written = _is_written(function, param, count)
                shape = _filled(function, param, params, count, ctype, low, high) if written else _input_array(function, param, count, ctype, low, high)
            else:
                shape = _caller_sized(function, params, index, ctype)
        if shape is not None:
            shapes.append(shape)
    if sum(s.kind != "in" for s in shapes) > 1:
        raise Unsupported(f"array parameter ({', '.join(s.array for s in shapes if s.kind != 'in')}: more than one output array)")
    return tuple(shapes)


_MAXIMUM_DOC = re.compile(r"\bmaximum\s+number\b", re.IGNORECASE)


def _caller_sized(function: Function, params: list[Param], index: int, element: str) -> _ArrayShape | None:
    """An integer array the caller sizes with a later count (:func:`_array_shapes`, sized), else None."""
    array = params[index]
    counts = [p for p in params[index + 2 :] if _is_count(p) and _MAXIMUM_DOC.search(p.doc)]
    named = re.search(rf"\b{re.escape(array.name)}\b", function.return_doc) is not None
    if len(counts) != 1 or function.return_type.strip() != "int" or not named or not _is_written(function, array, counts[0]):
        return None
    return _ArrayShape("sized", array.name, counts[0].name, element, doc=array.doc)


def _is_count(param: Param | None) -> bool:
    return param is not None and " ".join(param.type.split()) in _INTEGERS and param.name != "flags"


def _array_count(params: list[Param], index: int) -> Param | None:
    """The count of the array ``params[index]`` (:func:`_array_shapes`), None when no parameter is its alone."""
    array = params[index]
    after = params[index + 1] if index + 1 < len(params) else None
    before = params[index - 1] if index > 0 else None
    pointers = {p.name for p in params if p.type.strip().endswith("*") and p.name != array.name}
    found: Param | None = None
    if after is not None and _is_count(after) and _COUNT_DOC.search(after.doc):
        found = after
    elif before is not None and _is_count(before) and _names_array(before, array):
        found = before
    if found is None or pointers & set(_PARAM_REF.findall(found.doc)):
        return None
    return found


def _names_array(count: Param, array: Param) -> bool:
    """A count before its array says whose it is: named ``n`` + the array's name (``nfiles``), or its doc names ``@array``."""
    return count.name.lower() == "n" + array.name.lower() or re.search(rf"@{re.escape(array.name)}\b", count.doc) is not None


def _is_written(function: Function, param: Param, count: Param) -> bool:
    """Whether libvirt writes into an integer array: its doc, its count's, or a description sentence naming it says so."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(function.description.split())) if re.search(rf"@{re.escape(param.name)}\b", s)]
    return any(_OUTPUT_WORDS.search(text) for text in (param.doc, count.doc, *sentences))


def _filled(function: Function, param: Param, params: list[Param], count: Param, element: str, low: int, high: int) -> _ArrayShape | None:
    """An array the function fills, when it is a list the bindings can size: the size right after it, an ``int`` return."""
    if function.return_type.strip() != "int" or params.index(count) != params.index(param) + 1:
        return None
    if element == "ctypes.c_void_p":
        _check_strings_are_the_callers(function, param)
    most = _INTEGERS[" ".join(count.type.split())][2]
    return _ArrayShape("fill", param.name, count.name, element, low, high, most=most, doc=param.doc)


def _taken_strings(function: Function, param: Param) -> _ArrayShape | None:
    """``char ***x`` whose count is the return value (the return doc names ``@x``): an array libvirt allocates."""
    if function.return_type.strip() != "int" or not re.search(rf"@{re.escape(param.name)}\b", function.return_doc):
        return None
    _check_strings_are_the_callers(function, param)
    return _ArrayShape("take", param.name, "", "ctypes.c_void_p", doc=param.doc)


def _check_strings_are_the_callers(function: Function, param: Param) -> None:
    if any(_NOT_FREED.search(" ".join(text.split())) for text in (param.doc, function.return_doc, function.description)):
        raise Unsupported(f"array parameter ({param.type} {param.name}: the docs say its strings are not the caller's to free)")


def _input_array(function: Function, param: Param, count: Param, element: str, low: int, high: int) -> _ArrayShape:
    most = _INTEGERS[" ".join(count.type.split())][2]
    return _ArrayShape("in", param.name, count.name, element, low, high, most, _is_nullable(param, function), param.doc)


def _array_parameter(param: Param, pnames: dict[str, str], shapes: tuple[_ArrayShape, ...], call: list[str], argtypes: list[str]) -> ArgView | None:
    """The C arguments of an array and its count; for an input array the Python parameter (a sequence) giving both."""
    shape = next(s for s in shapes if param.name in (s.array, s.count))
    if param.name == shape.count:
        call.append("c_" + pnames[param.name] if shape.kind == "in" else "@size")  # the runtime's reader passes the size it chose
        argtypes.append(_argtype(param))
        return None
    argtypes.append("ctypes.c_void_p")
    if shape.kind != "in":
        call.append("@array")
        return None
    pname = pnames[param.name]
    call.append("c_" + pname)
    strings = shape.element == "ctypes.c_char_p"
    annotation = ("Sequence[str]" if strings else "Sequence[SupportsIndex]") + (" | None" if shape.nullable else "")
    return ArgView(
        pname, "strs" if strings else "ints", annotation, "None" if shape.nullable else None,
        low=shape.low, high=shape.high, element=shape.element, count=pnames[shape.count], most=shape.most, nullable=shape.nullable,
    )  # fmt: skip


def _array_read(function: Function, shapes: tuple[_ArrayShape, ...], call: list[str], ctx: _Context, pnames: dict[str, str]) -> ArrayRead | None:
    shape = next((s for s in shapes if s.kind != "in"), None)
    if shape is None:
        return None
    first = call.index("@array")
    if shape.kind == "take":
        return ArrayRead("take", function.name, tuple(call[:first]), tuple(call[first + 1 :]))
    if shape.kind == "sized":
        return ArrayRead("sized", function.name, tuple(call[:first]), tuple(call[first + 1 :]), shape.element, size=pnames[shape.count])
    counter = _list_counter(function, shape, ctx)
    return ArrayRead("fill", function.name, tuple(call[:first]), tuple(call[first + 2 :]), shape.element, shape.most, counter)


# A list filling the caller's array and the function counting what it lists: "List" (and a trailing "Names")
# dropped, "NumOf" or "Num" in its place (virConnectListDefinedDomains: virConnectNumOfDefinedDomains;
# virDomainSnapshotListChildrenNames: virDomainSnapshotNumChildren).
_COUNTED_LIST = re.compile(r"(?P<owner>\w+?)List(?P<what>\w*?)(?:Names)?")


def _list_counter(function: Function, shape: _ArrayShape, ctx: _Context) -> str:
    """The C function giving how many elements ``function`` would fill into its array, "" for none.

    Decided: a list filled into the caller's array is sized by its counting
    function first, as libvirt-python sizes it, where a rule names one
    (:data:`_COUNTED_LIST`) taking the list's other parameters, of the same
    types in the same order, and returning ``int``.  Sizing by doubling from
    a fixed first size alone trusted every driver to return at most the size
    it was given; libvirt 9.0.0's snapshot lists return the full count
    instead (``virDomainMomentObjListGetNames``), and libvirtd then encodes
    that many names from the shorter array: a domain with more than 64
    snapshots made the daemon fail or crash on ``snapshotListNames()``.  The
    array gets the first size of the doubling from ``_NAMES_FIRST`` above
    the count (room for what appears between the two calls, never a size
    the remote protocol's limit refuses where the count is below it), and
    a call that still fills them all is made again, larger, as before.
    """
    match = _COUNTED_LIST.fullmatch(function.name)
    if match is None:
        return ""
    others = [" ".join(p.type.split()) for p in function.params if p.name not in (shape.array, shape.count)]
    for name in (f"{match['owner']}NumOf{match['what']}", f"{match['owner']}Num{match['what']}"):
        counter = ctx.by_name.get(name)
        if counter is not None and counter.return_type.strip() == "int" and [" ".join(p.type.split()) for p in counter.params] == others:
            return name
    return ""


def _array_arg_doc(arg: ArgView) -> str:
    if arg.kind == "handlelist":
        return f" (a sequence of {arg.handle} objects)"
    if arg.kind not in ("strs", "ints"):
        return ""
    return f" (a sequence of {'str' if arg.kind == 'strs' else 'integers'}{', or None' if arg.nullable else ''}; its length is passed as {arg.count})"


# A sentence of an output array's doc meant for a C caller: freeing it, passing NULL to learn the count only.
_C_CALLER_SENTENCE = re.compile(r"\bfree(?:d|ing)?\b|\bpass\s+NULL\b", re.IGNORECASE)


def _array_returns_doc(array: _ArrayShape, docs: _Docs, annotation: str) -> str:
    """What a method returning an array returns: the values the C function stores, with the array parameter's doc
    less what it tells a C caller (freeing it, passing NULL), which the method does or cannot do."""
    doc = one_paragraph(docs.params.get(array.array, array.doc))
    kept = " ".join(s for _, s in split_outside_parentheses(doc, SENTENCE_BREAK) if s and not _C_CALLER_SENTENCE.search(s))
    stored = stored_value_doc(kept)  # "(pointer to an array to store the names)": "(the names)"
    # "pointer to the array of unsigned long long" names only the C type, which the annotation replaces
    # "(allocated by caller)": the bindings allocate
    kept = "" if re.sub(r"^(?:the|an?)\s+", "", stored) in _INTEGERS else stored or C_MEMORY_NOTE.sub("", kept)
    what = "strings" if annotation == "list[str]" else "integers"
    return f"the {what} the C function stores in @{array.array}, as a {annotation}" + (f" ({kept.rstrip('.')})" if kept else "")


def _param_kind(function: Function, param: Param, pname: str, ctx: _Context, has_int_inputs: bool, flags_enums: tuple[str, ...]) -> ArgView | OutView:
    c_type = param.type.strip()
    handle = handle_of(c_type, ctx.classes)
    if handle is not None:
        return ArgView(pname, "handle", handle, None, handle=handle, unchecked=_UNCHECKED_HANDLES.get((function.name, param.name)))
    if c_type == "const unsigned char *" and f"VIR_{param.name.upper()}_BUFLEN" in ctx.buffers:
        # a fixed-size input, its length the macro named after it: VIR_UUID_BUFLEN for ``uuid``
        size = ctx.buffers[f"VIR_{param.name.upper()}_BUFLEN"]
        return ArgView(pname, "fixedbytes", "bytes", None, size=size)
    if c_type == "const char *":
        if _is_nullable(param, function):
            return ArgView(pname, "optstr", "str | None", "None")
        return ArgView(pname, "str", "str", None)
    if c_type.startswith("unsigned ") and c_type in _INTEGERS and param.name == "flags":  # virDomainMigrate's is unsigned long
        classes = [ctx.flag_classes[enum] for enum in flags_enums if enum in ctx.flag_classes]
        return ArgView(pname, "flags", " | ".join([*classes, "SupportsIndex"]), "0", low=0, high=_INTEGERS[c_type][2])
    if c_type in _INTEGERS:
        _, low, high = _INTEGERS[c_type]
        annotation = " | ".join([*_named_enum_class(param.doc, ctx), "SupportsIndex"])
        return ArgView(pname, "int", annotation, "0" if _OPTIONAL.search(param.doc.strip()) else None, low=low, high=high)
    if c_type == "double":
        return ArgView(pname, "float", "float", None)
    return _out_kind(function, param, ctx, has_int_inputs)


# An enum's C name in a parameter's doc: "one of the virDomainInterfaceAddressesSource constants", "from virKeycodeSet".
_ENUM_NAME = re.compile(r"\bvir[A-Z]\w*")


def _named_enum_class(doc: str, ctx: _Context) -> list[str]:
    """The enum class typing an integer parameter other than ``flags`` (as a ``flags``'s enums type it), as a list of
    none or one: the package's class of the one enum the parameter's doc names, none when it names two (or none).  Such
    a doc names the enum whose values the parameter takes; the class is only a hint to a type checker, the call
    taking any integer as before."""
    named = {name for name in _ENUM_NAME.findall(doc) if name in ctx.flag_classes}
    if len(named) != 1:
        return []
    enum = named.pop()
    listed = [m for m in next((e.members for e in ctx.enums if e.name == enum), ()) if m in ctx.members]
    # a class exists for an enum with a member of known value that is not a sentinel (:func:`_enum_views`)
    if not any(not ctx.members[m].sentinel and ctx.members[m].value is not None for m in listed):
        return []
    return [ctx.flag_classes[enum]]


def _out_kind(function: Function, param: Param, ctx: _Context, has_int_inputs: bool) -> OutView:
    c_type = param.type.strip()
    if c_type.endswith("**") and handle_of(c_type[:-2], ctx.classes) is not None:
        if function.return_type != "int":
            raise Unsupported(f"handle array without a count ({c_type} {param.name})")
        return OutView(param.name, "handles", handle_of(c_type[:-2], ctx.classes) or "")
    if c_type.endswith("*") and c_type[:-1].strip() in _INTEGERS:
        if has_int_inputs:  # an integer input is a count or an index: the pointer is an array (input or output)
            raise Unsupported(f"array parameter ({c_type} {param.name})")
        if function.return_type != "int" and not _value_with_outputs(function):
            raise Unsupported(f"output parameter with a value return ({c_type} {param.name})")
        return OutView(param.name, "scalar", _INTEGERS[c_type[:-1].strip()][0])
    if c_type == "double *" and not has_int_inputs and function.return_type == "int":
        return OutView(param.name, "scalar", "ctypes.c_double")
    if c_type == "char **" and function.return_type == "int":  # no count beside it (_array_shapes): one string libvirt allocates
        return OutView(param.name, "strout", "_OwnedString")
    if c_type in ("char *", "unsigned char *"):
        found = _BUFLEN.search(param.doc)
        if found and found.group(1) in ctx.buffers and function.return_type == "int":
            return OutView(param.name, "strbuf" if c_type == "char *" else "bytesbuf", size=ctx.buffers[found.group(1)])
        if re.search(r"\(IN\)", param.doc):  # virDomainPinVcpu's cpumap: an input, despite the missing const
            raise Unsupported(f"sized input buffer ({c_type} {param.name})")
        raise Unsupported(f"sized buffer ({c_type} {param.name})")
    if not c_type.endswith("*"):  # an enum or a struct passed by value: no array (QA: its reason said so)
        raise Unsupported(f"parameter of a type not bound yet ({c_type} {param.name})")
    raise Unsupported(f"array parameter ({c_type} {param.name})")


def _buffer_lengths(params: list[Param]) -> dict[str, str]:
    """Input buffers and their lengths: length parameter name → buffer parameter name.

    A ``const char *``/``const unsigned char *`` followed by an integer that
    is its length (a ``size_t``, or documented as the size, length or bytes
    of ``@buffer``) is a sized buffer, not a C string: the method takes
    ``bytes`` and passes ``len(data)`` itself, so no length can exceed the
    buffer.  Any other pointer followed by a length is skipped as an array.
    """
    lengths: dict[str, str] = {}
    for buffer, length in pairwise(params):
        if buffer.type.strip() not in ("const char *", "const unsigned char *") or length.name == "flags":
            continue
        if length.type.strip() == "size_t" or (
            length.type.strip() in _INTEGERS and re.search(_LENGTH_DOC.format(name=re.escape(buffer.name)), length.doc, re.IGNORECASE)
        ):
            lengths[length.name] = buffer.name
    return lengths


# A buffer's doc saying the library writes into it: "buffer to read into from stream", "to store", "(OUT)".
_WRITTEN_BUFFER = re.compile(r"\b(?:read\s+into|write\s+(?:in)?to|written|stor(?:e|es|ed)|fill\w*|receiv\w*)\b|\(OUT\)", re.IGNORECASE)
# A return doc giving the count of bytes written: "the number of bytes read", or "0 when the end of the stream is reached".
_BYTE_COUNT = re.compile(r"\bnumber\s+of\s+bytes\b|^(?:Returns\s+)?0\s+(?:when|at|on|if)\s+(?:the\s+)?end\s+of\b", re.IGNORECASE)
# Other negative returns the return doc gives ("Returns -2 if there is no data pending ..."): answers, not failures.
_ANSWER_VALUE = re.compile(r"(?:^|\bReturns\s+)(-(?:[2-9]|\d{2,}))\b")


def _read_buffers(function: Function, params: list[Param]) -> dict[str, str]:
    """Buffers the library writes bytes into: size parameter name → buffer parameter name.

    A ``char *`` documented as written ("buffer to read into from stream"),
    followed by its ``size_t`` size, in a function returning ``int`` whose
    return doc counts the bytes ("the number of bytes read", or "0 when the
    end of the stream is reached": virStreamRecvFlags' doc gives only that)
    is not the caller's memory: the method takes the size, the bindings
    allocate the buffer and return the bytes written, so no size can exceed
    the buffer.  Only one per function (a second would need a second count).
    The ``cpumap`` outputs of virDomainGetVcpuPinInfo and
    virDomainGetEmulatorPinInfo are sized by an ``int`` and return no byte
    count (a number of vCPUs, 1/0): CPU maps (:func:`_cpumap_shapes`).
    """
    if function.return_type.strip() != "int" or not _BYTE_COUNT.search(" ".join(function.return_doc.split())):
        return {}
    found = {
        size.name: buffer.name
        for buffer, size in pairwise(params)
        if buffer.type.strip() == "char *" and size.type.strip() == "size_t" and _WRITTEN_BUFFER.search(buffer.doc)
    }
    return found if len(found) == 1 else {}


def _read_view(function: Function, reads: dict[str, str], pnames: dict[str, str], outs: list[OutView]) -> ReadView:
    if outs:
        raise Unsupported(f"sized buffer ({next(iter(reads.values()))}) with other outputs")
    size, buffer = next(iter(reads.items()))
    if not _BYTE_COUNT.search(" ".join(function.return_doc.split())):  # a peek (:func:`_peek_buffers`): 0 or -1, all of it filled
        return ReadView(buffer, pnames[size], (), whole=True)
    answers = sorted({int(v) for v in _ANSWER_VALUE.findall(" ".join(function.return_doc.split()))}, reverse=True)
    return ReadView(buffer, pnames[size], tuple(answers))


def _is_omitted_output(param: Param) -> bool:
    """An integer output the doc lets the caller leave out ("optional", "pass NULL"): passed as NULL, not returned."""
    c_type = param.type.strip()
    return c_type.endswith("*") and c_type[:-1].strip() in _INTEGERS and bool(_OMITTED_OUTPUT.search(" ".join(param.doc.split())))


def _call_expression(arg: ArgView) -> str:
    if arg.kind in ("handle", "str", "optstr", "fixedbytes"):
        return "c_" + arg.name
    return arg.name


def _argtype(param: Param) -> str:
    c_type = param.type.strip()
    if c_type in ("const char *", "const unsigned char *"):
        return "ctypes.c_char_p"
    if c_type in _INTEGERS:
        return _INTEGERS[c_type][0]
    if c_type == "double":
        return "ctypes.c_double"
    return "ctypes.c_void_p"


def _with_defaults(args: list[ArgView]) -> list[ArgView]:
    """Only the trailing run of parameters that may default keeps its defaults.

    A parameter may default when it is ``flags`` (0), a nullable string
    (None) or an integer documented "(optional)" (0, libvirt-python's rule);
    one after a required parameter cannot in Python, so it stays required.
    """
    result = list(args)
    trailing = True
    for index in range(len(result) - 1, -1, -1):
        arg = result[index]
        trailing = trailing and arg.default is not None
        if not trailing and arg.default is not None:
            result[index] = replace(arg, default=None)
    return result


def _is_nullable(param: Param, function: Function) -> bool:
    """A ``const char *`` the docs or the code allow to be NULL: what the docs say
    (:func:`generator.nulldocs.doc_allows_null`); where they say nothing, the model's
    ``nullable_strings`` (the protocol carries NULL, the entry point expects it and
    lets it through: ``getDomainCapabilities``' four strings, whose docs say
    nothing of NULL, a program's way to ask for the host's defaults)."""
    said = doc_allows_null(param.name, param.doc, function.description, tuple(p.name for p in function.params))
    return param.name in function.nullable_strings if said is None else said


class _ResultFields(TypedDict):
    """The keyword arguments of :class:`FunctionView` a :class:`_Result` gives (typed, so
    that a view made with ``**result.fields()`` may leave the optional fields to their defaults)."""

    closed_check: str
    result: str
    restype: str
    error_value: str
    unreported: str
    handle: str
    take_ref: str
    struct: str
    struct_free: str


@dataclass(frozen=True, slots=True)
class _Result:
    result: str
    restype: str
    error_value: str = ""
    unreported: str = ""
    handle: str = ""
    take_ref: str = ""
    struct: str = ""
    struct_free: str = ""
    annotation: str = ""
    closed_check: str = ""

    def fields(self) -> _ResultFields:
        return {
            "closed_check": self.closed_check,
            "result": self.result,
            "restype": self.restype,
            "error_value": self.error_value,
            "unreported": self.unreported,
            "handle": self.handle,
            "take_ref": self.take_ref,
            "struct": self.struct,
            "struct_free": self.struct_free,
        }


def _result(function: Function, ctx: _Context, outs: list[OutView]) -> _Result:
    c_type = function.return_type.strip()
    reports_data = function.header == "virterror"
    handle = handle_of(c_type, ctx.classes)
    if c_type == "void":
        return _Result("none", "None")
    if c_type == "int" and outs:
        return _Result("outs", "ctypes.c_int", "-1")
    if outs and _value_with_outputs(function) == "str":  # virDomainGetSchedulerType: (the string, the outputs)
        return _Result("strouts", "_OwnedString", "NULL")
    if outs and _value_with_outputs(function) == "bytes":  # virSecretGetValue: bytes of the size output
        return _Result("sizedbytes", "ctypes.c_void_p", "None")
    if c_type in ("int", "long", "long long"):
        # -1 of a signed return is never an answer: raised even without libvirt's error, as libvirt-python does
        return _Result("int", _INTEGERS[c_type][0], "" if reports_data else "-1")
    if c_type in _INTEGERS:
        error = "" if reports_data else _unsigned_error(function, c_type)
        # all bits set comes back as -1, as libvirt-python (which returns C's int) gives it
        return _Result("int", _INTEGERS[c_type][0], error, unreported="-1" if error not in ("", "0") else "c_ret")
    if c_type == "double":
        return _Result("float", "ctypes.c_double", "" if reports_data else "-1")
    if c_type in ("const char *", "char *") and not reports_data and _null_is_an_answer(function.return_doc):
        # "NULL if an error occurred or when the device has no parent": None, not an error (libvirt-python's answer too)
        return _Result("optstr" if c_type == "const char *" else "optownedstr", "ctypes.c_char_p" if c_type == "const char *" else "_OwnedString")
    if c_type == "const char *":
        if not reports_data:
            return _Result("str", "ctypes.c_char_p", "None")
        # a virterror function cannot fail: its string is None only when its doc says it may be NULL
        never_null = NOT_NULL.search(function.return_doc) or not NULL_VALUE.search(function.return_doc)
        return _Result("nonnullstr" if never_null else "optstr", "ctypes.c_char_p")
    if c_type == "char *":
        return _Result("optownedstr" if reports_data else "ownedstr", "_OwnedString", "" if reports_data else "NULL")
    if handle is not None:
        take_ref = handle + "Ref" if is_borrowed_accessor(function, ctx.classes) else ""
        if take_ref and take_ref not in ctx.functions:
            raise Unsupported(f"borrowed handle without a Ref function ({c_type})")
        return _Result("handle", "ctypes.c_void_p", "None", handle=handle, take_ref=take_ref)
    if c_type in ctx.structs:
        view = ctx.structs[c_type]
        free = function.releaser if function.ownership is Ownership.CALLER_RELEASES else ""  # the model's rule (frontend/rules.py)
        return _Result("struct", "ctypes.c_void_p", struct=view.name, struct_free=free, annotation=view.tuple_name + " | None")
    raise Unsupported(f"unsupported return type ({c_type})")


_NULL_WHEN = re.compile(r"\bNULL\s+(?:if|when|in\s+case)\b([^.;]*)", re.IGNORECASE)
_ERROR_WORD = re.compile(r"\b(?:error|fail\w*)\b", re.IGNORECASE)


def _null_is_an_answer(return_doc: str) -> bool:
    """A string return doc that gives NULL a condition besides an error: "NULL if an error occurred or when the device has no parent"."""
    for match in _NULL_WHEN.finditer(" ".join(return_doc.split())):
        if any(not _ERROR_WORD.search(part) for part in re.split(r",?\s+or\s+(?=(?:if|when)\b)", match.group(1)) if part.strip()):
            return True
    return False


def _unsigned_error(function: Function, c_type: str) -> str:
    doc = function.return_doc
    if "-1" in doc:
        return str(_INTEGERS[c_type][2])
    if re.search(r"\b0\b[^.]*\b(?:error|fail)", doc) or re.search(r"(?:error|fail)[^.]*\b0\b", doc):
        return "0"
    return ""


def _annotation(result: _Result, outs: list[OutView]) -> str:
    if result.result == "outs":
        kinds = [_out_annotation(o) for o in outs]
        return kinds[0] if len(kinds) == 1 else "tuple[" + ", ".join(kinds) + "]"
    return {
        "none": "None",
        "int": "int",
        "float": "float",
        "str": "str",
        "optstr": "str | None",
        "nonnullstr": "str",
        "ownedstr": "str",
        "optownedstr": "str | None",
        "handle": result.handle,
        "struct": result.annotation,
        "typed": result.annotation,
        "array": result.annotation,
        "read": result.annotation,
        "structs": result.annotation,
        "cpumap": result.annotation,
        "taken": result.annotation,
        "records": result.annotation,
        "strouts": "tuple[" + ", ".join(["str", *(_out_annotation(o) for o in outs)]) + "]",
        "sizedbytes": "bytes",
        "found": result.annotation,
    }[result.result]


def _out_annotation(out: OutView) -> str:
    if out.kind == "struct":
        return out.ctype
    scalar = "float" if out.ctype == "ctypes.c_double" else "int"
    return {"handles": f"list[{out.ctype}]", "scalar": scalar, "strbuf": "str", "bytesbuf": "bytes", "strout": "str"}[out.kind]


# ", or NULL to learn only how many": what a C caller passes for a T ** output, not what Python returns.
_NULL_CLAUSE = re.compile(r",?\s+or\s+NULL\b[^.;,]*")
# The result kinds whose method raises where C returns NULL (the template's ``if not c_ret`` / ``is None``): their
# return doc's NULL clauses are C's failure value.  None is an answer of ``optstr``/``optownedstr`` (a doc giving NULL
# another meaning, :func:`_null_is_an_answer`, or a virterror function) and of a returned struct: their NULL stays.
_RAISES_ON_NULL = frozenset({"str", "ownedstr", "handle"})


def _argument_doc(doc: str, arg: ArgView) -> str:
    """A Python parameter's one-paragraph doc without the C pointer it opens with (:data:`python_docs.POINTER_LEAD`): "pointer
    to the domain" is "the domain"; a dict of typed parameters holds the parameters, not C's "parameter objects"
    ("pointer to memory parameter objects" is "memory parameters")."""
    if not POINTER_LEAD.match(doc):
        return doc
    doc = POINTER_LEAD.sub("", doc)
    return PARAMETER_OBJECTS.sub("parameters", doc) if arg.kind == "typed" else doc


def _returned_fields(struct: FilledStruct | None) -> dict[str, str]:
    """The Python annotation of each field of the struct a method returns (in a list, alone, in a dict), by the
    item keys (:func:`python_docs.item_key`) of its name and of its C doc ("Client ID or DUID")."""
    fields: dict[str, str] = {}
    for f in struct.tuple_fields if struct is not None else ():
        for key in (item_key(f.doc), item_key(f.c_name)):
            if key:
                fields.setdefault(key, f.python)
    return fields


def _nullable_args(args: list[ArgView]) -> set[str]:
    """The Python parameters whose annotation admits None (:data:`python_docs.NONE_ANNOTATION`)."""
    return {a.name for a in args if NONE_ANNOTATION.fullmatch(a.annotation)}


# A read's C return doc, group by group (:func:`_read_returns_doc`): the count of bytes ("the number of bytes read")
# is the bytes the method returns, 0 ("Returns 0 when the end of the stream is reached") is b'', and each answer
# value (-2, -3) comes back as an int.
_BYTE_COUNT_WORDS = re.compile(r"\bthe\s+number\s+of\s+bytes\b", re.IGNORECASE)


def _read_returns_doc(text: str, read: ReadView) -> str:
    """What a read (:func:`_read_buffers`) returns, in the C return doc's words (``text``, its -1 already out) with
    each value the method's own: the C count of bytes is the bytes, 0 is ``b''``, an answer (-2) "(an int)"."""
    sentences: list[str] = []
    counted = False
    for _, sentence in split_outside_parentheses(text, RETURN_SENTENCE_BREAK):
        pieces: list[str] = []
        for before, clause in split_outside_parentheses(sentence, CLAUSE_BREAK):
            value = VALUE.match(clause)
            number = re.search(r"-?\d+", value.group()) if value is not None else None
            if value is not None and number is not None and int(number.group()) == 0:
                clause = clause[: number.start()] + "b''" + clause[number.end() :]
            elif value is not None and number is not None and int(number.group()) in read.answers:
                clause = clause[: number.end()] + " (an int)" + clause[number.end() :]
            elif value is None and _BYTE_COUNT_WORDS.search(clause):
                clause, counted = _BYTE_COUNT_WORDS.sub("the bytes", clause), True
            pieces.append(before + clause)
        sentences.append("".join(pieces))
    rewritten = " ".join(sentences)
    if counted or not rewritten:
        return rewritten or f"the bytes the C function writes into @{read.buffer}"
    return f"the bytes the C function writes into @{read.buffer}; {rewritten}"


def _docstring(
    function: Function,
    docs: _Docs,
    args: list[ArgView],
    outs: list[OutView],
    result: _Result,
    pnames: dict[str, str],
    typed: TypedView | None = None,
    array: _ArrayShape | None = None,
    read: ReadView | None = None,
    structs: StructArrayRead | None = None,
    cpumap: CpumapView | None = None,
    taken: StructsTake | None = None,
    records: RecordsTake | None = None,
    releases: frozenset[str] = frozenset(),
    found: FilledStruct | None = None,
    failures: frozenset[str] = frozenset(),
) -> str:
    """The C docs, with the C-only parts of ``:returns:`` left out where a rule can tell them.

    The method raises where C returns -1, so a clause giving -1 goes
    (:func:`python_failures.without_failure_values`); what it says besides "on error" ("-1
    if it could not be started") becomes a ``:raises libvirtError:`` line;
    so do the NULL clauses of a string or handle the method raises on
    instead of returning None (:func:`python_failures.without_null_values`).
    A returned ``char *`` or struct the binding copies and frees, or a
    handle it owns, loses the advice to free it (:func:`python_docs.without_free_advice`);
    any value it copies or references loses what C says of the memory's owner
    (:func:`python_docs.without_borrow_notes`; a borrowed handle's getter, "The reference
    counter ... is not increased"), a returned output "(OUT)" and "it is
    allowed to be NULL" (:data:`_RETURNED_OUTPUT_NOTE`).  An output array is a
    returned list, so its doc loses "or NULL ..."; an output buffer's doc
    describes the buffer, so the line says what is returned, as does a
    buffer the bindings read into (:func:`_read_buffers`), before the C text.
    Advice to call a release or reference function the bindings do not bind
    (``releases``: "virDomainFree should be used to free the resources after
    the domain object is no longer needed.") goes from the description and
    the return doc (:func:`python_docs.without_release_advice`): the objects release
    themselves (``close()``, or the collector).  So does advice to free,
    initialize or allocate a C parameter the method does not take, an output
    it returns ("Caller is responsible for freeing @params."), and what a
    typed or struct array getter's description says of the count the
    bindings size it with (:func:`python_docs.without_output_advice`); a getter filling an array per unit has
    what its C parameters mean said of ``total``, its calling convention gone (:func:`python_docs.units_description`).
    A description
    saying the call returns -1 (or an enum constant of that value, ``failures``) says the raise, in ``:returns:``
    too (:func:`python_failures.raising_description`), a list method's "0 or an error" the empty list and
    the raise (:func:`python_failures.list_raising_description`), the call's own "will return an error" the raise
    (:func:`python_failures.error_raising_description`),
    a stream read's return line gives the method's values, not C's
    (:func:`_read_returns_doc`), no line speaks of a string's terminator or
    encoding (:func:`python_docs.without_c_string_words`), a parameter doc gets back
    the stop its C comment's line break stood for (:func:`python_docs.with_sentence_stops`),
    a method's description loses what C does when its object is NULL
    (:func:`python_docs.without_null_self`: ``self`` is never None) and that the call does not free its object
    (:func:`python_docs.without_own_free_notes`), a returned handle's "before free'ing" is "before closing it"
    (:func:`python_docs.closing_not_freeing`),
    the description says None for the NULL of a parameter taking None
    (:func:`python_docs.description_with_none`) and drops the "non-NULL" of a value returned that is never None
    (:func:`python_docs.without_returned_not_null`), a method returning a handle or a struct says the object where
    C says its pointer (:func:`python_docs.without_pointer_words`), and a records method's description
    says the list of tuples it returns for C's array of structures
    (:func:`python_docs.records_description`); an item naming a field of the structs it returns
    that is None for NULL says None (:func:`python_docs.fields_with_none`).  A line one of these rules made longer than
    the C description's lines is wrapped (:func:`python_docs.refilled`).
    """
    without_c = _description_without_c_advice(function, docs, args, outs, result, pnames, typed, array, read, structs, taken, records, releases, failures)
    description = _description_in_python_terms(function, without_c, docs, args, outs, result, pnames, structs, taken, records, found)
    docs = _Docs(docs.description, {name: with_sentence_stops(doc) for name, doc in docs.params.items()}, docs.flags_enums)
    parts = [description or function.name]
    lines = _param_lines(function, docs, args, pnames, typed, read)
    lines += _returns_lines(function, docs, outs, result, typed, array, read, structs, cpumap, taken, records, releases, found, failures)
    lines = _lines_in_python_terms(lines, args, outs, result)
    if lines:
        parts.append("\n".join(lines))
    parts.append(_docstring_tail(function))
    return "\n\n".join(parts)


def _description_without_c_advice(
    function: Function,
    docs: _Docs,
    args: list[ArgView],
    outs: list[OutView],
    result: _Result,
    pnames: dict[str, str],
    typed: TypedView | None,
    array: _ArrayShape | None,
    read: ReadView | None,
    structs: StructArrayRead | None,
    taken: StructsTake | None,
    records: RecordsTake | None,
    releases: frozenset[str],
    failures: frozenset[str],
) -> str:
    """The description less what only a C caller needs (:func:`_docstring`'s rules on the description, up to
    the ones saying C's values the Python way)."""
    description = without_release_advice(docs.description.strip(), releases)
    if result.error_value == "-1":  # "this call will return -1 and an error message ...": the method raises
        description = raising_description(description, failures)
    if result.error_value == "-1" and _annotation(result, outs).startswith("list["):  # "may return either 0 or an error"
        description = list_raising_description(description)
    if result.error_value:  # "Will return an error if the domain is not active.": the method raises it
        description = error_raising_description(description, function.name)
    if result.take_ref:  # "The reference counter on the connection is not increased by this call.": the bindings take one
        description = without_sentences_matching(description, REF_NOT_TAKEN)
    if function.params and function.params[0].name not in pnames:  # a method: its first C parameter is self
        description = without_null_self(description, function.params[0].name)
        # "This does not free the associated virDomainPtr object.": no call frees a Python object
        description = without_own_free_notes(description, function.params[0].type.strip().removesuffix("Ptr"))
    if result.result == "handle":  # "must call virStreamFinish or virStreamAbort before free'ing to": close() releases it
        description = closing_not_freeing(description)
    if any(o.kind == "handles" for o in outs):  # "Collect the list of networks, and allocate an array to store those objects."
        description = RETURNED_ALLOCATED_ARRAY.sub(a_list, ARRAY_ALLOCATION_CLAUSE.sub("", description))
    if typed is not None and typed.read is not None and typed.read.kind == "units":  # "If @start_cpu is -1, then @ncpus must be 1"
        shape = _units_shape(function)
        description = units_description(description, function.name, (shape.params, shape.count, shape.start, shape.units), shape.unit, _WHOLE_PARAMETER)
    # the C parameters the method takes over (outputs it returns, their counts, buffers it allocates): no advice on their memory
    python_args = {a.name for a in args}
    description = without_output_advice(description, {c for c, p in pnames.items() if p not in python_args}, _sized_counts(function, typed, structs))
    if read is not None and read.whole:
        description = without_buffer_sentences(description, read.buffer)
    if array is not None and array.kind != "in":
        description = _without_array_advice(description, array)
    if structs is not None:  # the advice to free the strings the bindings free
        description = _without_array_advice(description, _ArrayShape("take", structs.param, "", ""))
    if structs is not None and structs.cpumaps:  # "store it in info array and also in cpumaps if this pointer isn't NULL"
        description = _without_stored_maps(description, structs)
    if taken is not None:  # the C example and the advice to free what the bindings free
        description = without_freeing_advice(description, taken.release)
    if records is not None:
        description = without_freeing_advice(description, records.release)
    return description


def _description_in_python_terms(
    function: Function,
    description: str,
    docs: _Docs,
    args: list[ArgView],
    outs: list[OutView],
    result: _Result,
    pnames: dict[str, str],
    structs: StructArrayRead | None,
    taken: StructsTake | None,
    records: RecordsTake | None,
    found: FilledStruct | None,
) -> str:
    """The description (C advice gone: :func:`_description_without_c_advice`) with C's arrays and NULLs said as the
    Python values are, a parameter C names by its place named, and the lines that made longer than the C
    description's refilled."""
    if records is not None or _annotation(result, outs) == _TYPED_RETURN:  # "returned as an array of typed parameters"
        description = TYPED_ARRAY.sub(a_dict, description)
    if records is not None:  # "returned as an array of structures for each queried domain"
        description = records_description(description, records.record.handle)
    # "If @dom is NULL, then events will be monitored for any domain": the method takes None
    description = description_with_none(description, {c for c, p in pnames.items() if p in _nullable_args(args)})
    # "the driver will return a non-NULL URI": the method's str is never None
    description = without_returned_not_null(description, _annotation(result, outs))
    if result.result in ("handle", "struct"):  # "Provides the connection pointer associated with a domain": the object
        description = without_pointer_words(description, result.handle or result.struct.removeprefix("_"))  # "_virError": virError
    # "- Hostname (can be NULL)" of the structs returned: the field is None there
    element = taken.struct if taken is not None else structs.struct if structs is not None and not structs.key else found
    description = fields_with_none(description, _returned_fields(element))
    # "specified in the second argument": C's places are not the method's (no object, no outputs), its names are
    python_args = {a.name for a in args}
    passed = {c for c, p in pnames.items() if p in python_args}
    description = parameters_by_position(description, tuple(p.name for p in function.params), passed, function.name)
    return refilled(description, docs.description)


def _param_lines(function: Function, docs: _Docs, args: list[ArgView], pnames: dict[str, str], typed: TypedView | None, read: ReadView | None) -> list[str]:
    """The ``:param:`` lines, one per Python parameter, from the C parameter docs (``pnames``: C name -> Python name)."""
    by_name = {pnames.get(name, name): doc for name, doc in docs.params.items()}
    lines = [f":param {a.name}: {_argument_doc(one_paragraph(by_name.get(a.name, '')), a)}{_typed_arg_doc(a, typed)}{_array_arg_doc(a)}" for a in args]
    lines = [f":param {a.name}: {_CPUMAP_ARG_DOC}" if a.kind == "cpumap" else line for a, line in zip(args, lines, strict=True)]
    lines = [f":param {a.name}: {_whole_arg_doc(function, docs)}" if a.kind == "whole" else line for a, line in zip(args, lines, strict=True)]
    if read is not None:
        size_line = f":param {read.size}:"
        note = f" (the bindings allocate @{read.buffer}: {'this many bytes come back' if read.whole else 'at most this many bytes come back'})"
        lines = [line + note if line.startswith(size_line) else line for line in lines]
    return lines


def _returns_lines(
    function: Function,
    docs: _Docs,
    outs: list[OutView],
    result: _Result,
    typed: TypedView | None,
    array: _ArrayShape | None,
    read: ReadView | None,
    structs: StructArrayRead | None,
    cpumap: CpumapView | None,
    taken: StructsTake | None,
    records: RecordsTake | None,
    releases: frozenset[str],
    found: FilledStruct | None,
    failures: frozenset[str],
) -> list[str]:
    """The ``:returns:`` line (none when nothing is documented) and the ``:raises libvirtError:`` line, by what the
    method returns: a shape the bindings read has its own line, anything else C's return doc (:func:`_c_returns_lines`)."""
    if structs is not None:
        return [":returns: " + _struct_array_returns_doc(function, structs, docs)]
    if taken is not None:
        return [":returns: " + _structs_take_returns_doc(function, taken, docs)]
    if records is not None:
        return [":returns: " + _records_returns_doc(records)]
    if typed is not None and typed.kind == "get":
        return [":returns: " + _typed_returns_doc(function, typed, docs)]
    if array is not None:
        return [":returns: " + _array_returns_doc(array, docs, result.annotation)]
    if cpumap is not None:
        return [":returns: " + _cpumap_returns_doc(function, cpumap, outs, docs)]
    if result.result in ("strouts", "sizedbytes"):
        return [":returns: " + _value_returns_doc(function, result, outs, docs)]
    if found is not None:
        return [":returns: " + _found_returns_doc(function, outs[0].name, found)]
    if outs:
        out_docs = {name: one_paragraph(doc) for name, doc in docs.params.items()}
        return [":returns: " + "; ".join(_out_doc(o, out_docs.get(o.name, "")) for o in outs)]
    if function.return_doc.strip():
        return _c_returns_lines(function, result, read, releases, failures)
    return []


def _c_returns_lines(function: Function, result: _Result, read: ReadView | None, releases: frozenset[str], failures: frozenset[str]) -> list[str]:
    """The ``:returns:`` and ``:raises libvirtError:`` lines made of C's return doc: its failure values and what only
    a C caller does with the value left out, what the failure clauses said besides "on error" raised."""
    text, raises = one_paragraph(UNSTOPPED_PARAGRAPH_END.sub(".", function.return_doc.strip())), ""
    if result.error_value == "-1":
        text, raises = without_failure_values(text)
        text = raising_description(text, failures)  # "this function will return VIR_CPU_COMPARE_ERROR (instead of ...)"
    elif result.result == "int" and result.error_value:
        # unsigned: the value is also an answer when libvirt reports no error, so "on error" goes and says so
        kept, _ = without_failure_values(text, UNSIGNED_FAILURE.get(result.error_value, ALL_BITS_FAILURE), keep_conditions=True)
        if kept != text:
            value = "0" if result.error_value == "0" else "-1"
            text = f"{kept.rstrip('.')}; {value} when the C function returns it without reporting an error (one it reports raises)"
    if result.result in ("ownedstr", "optownedstr", "handle") or result.struct_free:
        text = without_free_advice(text)
    if result.result in _COPIED_RESULTS:
        text = without_borrow_notes(text)
    if result.result in _RAISES_ON_NULL:
        text, raises = without_null_values(text)  # no -1 rule ran: these kinds fail with NULL alone
    if result.result in _COPIED_RESULTS:
        text = POINTER_TO.sub("", text)
    text, raises = without_release_advice(text, releases), without_release_advice(raises, releases)
    if read is not None and read.whole:
        text = f"the {read.size} bytes the C function writes into @{read.buffer}"
    elif read is not None:
        text = _read_returns_doc(text, read)
    return ([f":returns: {text}"] if text else []) + ([f":raises libvirtError: {raises}"] if raises else [])


def _lines_in_python_terms(lines: list[str], args: list[ArgView], outs: list[OutView], result: _Result) -> list[str]:
    """The field lines without C's string words, a returned str's, bytes' or list's "newly allocated", with NULL said
    as None for a value whose annotation admits None."""
    lines = [without_c_string_words(line) for line in lines]
    returned = _annotation(result, outs)
    lines = [without_allocation_words(line, returned) if line.startswith(":returns:") else line for line in lines]
    annotations = {f":param {a.name}:": a.annotation for a in args} | {":returns:": returned}
    return [with_none(line, annotations.get(key.group() if (key := FIELD.match(line)) else "", "")) for line in lines]


# An enum constant named for the failure ("VIR_CPU_COMPARE_ERROR"): of value -1, it is the -1 a method raises on.
_ERROR_CONSTANT = re.compile(r"_ERROR$")
_C_ENUM_NAME = re.compile(r"\bvir[A-Z]\w*")


def _failure_constants(function: Function, ctx: _Context) -> frozenset[str]:
    """The enum constants of value -1 a method raising on -1 has its docs name as the failure: those of the enum its
    return doc names ("comparison result according to enum virCPUCompareResult": VIR_CPU_COMPARE_ERROR) and any named
    ``*_ERROR``.  Other constants of that value are answers or inputs (VIR_NODE_CPU_STATS_ALL_CPUS,
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_DEFAULT): their enums are no return doc's, their names no error's."""
    named = set(_C_ENUM_NAME.findall(function.return_doc))
    # the constants the docs name, few: not a scan of every member for every function
    mentioned = set(_MEMBER_NAME.findall(function.return_doc)) | set(_MEMBER_NAME.findall(function.description))
    return frozenset(
        name for name in mentioned
        if (member := ctx.members.get(name)) is not None and member.value == -1
        and (ctx.member_enums.get(name) in named or _ERROR_CONSTANT.search(name))
    )  # fmt: skip


def _docstring_tail(function: Function) -> str:
    """The docstring's last paragraph: the C function bound, and the release that added it."""
    tail = [f"C function: {function.name}"]
    if function.since:
        tail.append(f"Since: {function.since}")
    return "\n".join(tail)


def _without_stored_maps(description: str, structs: StructArrayRead) -> str:
    """A description without the clause saying where C stores the structs and the maps (", store it in info
    array and also in cpumaps if this pointer isn't NULL"): the method returns both, a NULL map is C's option."""
    names = "|".join(re.escape(name) for name in (structs.param, structs.cpumaps))
    clause = re.compile(rf",?\s+(?:and\s+)?stor(?:e|es|ing)\s+it\b[^.;]*?\b(?:{names})\b[^.;]*", re.IGNORECASE)
    return clause.sub("", description)


def _struct_array_returns_doc(function: Function, structs: StructArrayRead, docs: _Docs) -> str:
    """What a method returning an array of structs returns: its shape, then the array parameter's C doc."""
    doc = one_paragraph(docs.params.get(structs.param, ""))
    doc = output_doc(doc) if structs.cpumaps else doc  # "pointer to an array of virVcpuInfo structures (OUT)"
    if structs.key:
        what = f"a dict {{{structs.key}: {structs.value}}} of the {structs.struct.name} structs the C function fills"
    else:
        what = f"a list of {structs.struct.name}, the structs the C function fills"
    what += f" (C: {doc.rstrip('.')})" if doc else ""
    if structs.cpumaps:  # the maps' C doc is all about their memory: the bindings' own
        per_cpu = PER_CPU_NOTE.replace("{function}", structs.counter)
        return f"a tuple: {what}; and the CPU maps the C function stores, a list with a tuple for each of those structs: {per_cpu}"
    return what


def _typed_arg_doc(arg: ArgView, typed: TypedView | None) -> str:
    if arg.kind != "typed" or typed is None:
        return ""
    if typed.read is not None:
        return TYPES_NOTE.replace("{function}", typed.read.function)
    return (
        " (a dict {field: value}; a field's type is a TypedValue's, else the one its libvirt macro documents, else its value's"
        " Python type's: bool, int, float, str, or a list of them for a repeated field)"
    )


def _units_shape(function: Function) -> _TypedShape:
    """The units shape of a function :func:`_typed_units` matched (its parameters after the handle)."""
    params = list(function.params)
    shape = _typed_units(function, params[next(i for i, p in enumerate(params) if _is_typed(p.type)) :])
    assert shape is not None  # only asked for a function whose view reads units
    return shape


def _whole_arg_doc(function: Function, docs: _Docs) -> str:
    """The ``total`` parameter of an array sized per unit: what True and False ask C for."""
    shape = _units_shape(function)
    start = one_paragraph(docs.params.get(shape.start, "")).rstrip(".")
    return (
        f"True: the whole, @{shape.start} -1 (C: {start}), one dict; False: one dict per {shape.unit}, from @{shape.start} 0,"
        f" as many as the C function counts (@{shape.units} 0)"
    )


def _typed_returns_doc(function: Function, typed: TypedView, docs: _Docs) -> str:
    """What a typed getter returns: what its parameters' doc says is stored, as a dict, and the other outputs it holds.

    The ``@params`` doc describes the C caller's pointer ("pointer to pointer
    of interface parameter objects", "where to store SEV information",
    "pointer to memory parameter object (return value, allocated by the
    caller)"): the line gives what is stored there (:func:`python_docs.stored_value_doc`:
    "the interface parameters", "the SEV information"), or "the typed
    parameters" when the doc says more of C than a rule can take out.
    """
    params = next(p for p in function.params if _is_typed(p.type))
    doc = one_paragraph(docs.params.get(params.name, ""))
    if typed.read is not None and typed.read.kind == "units":
        unit = _units_shape(function).unit
        return f"a list of dicts {{field: value}}: one of the whole with total, else one per {unit} (C: {doc.rstrip('.') or 'the typed parameters'})"
    text = stored_value_doc(doc) or "the typed parameters"
    extras = "".join(f"; its {name!r} item: {stored_value_doc(one_paragraph(docs.params.get(name, ''))) or 'the value C stores'}" for name in typed.extras)
    return f"{text}, as a dict {{field: value}}{extras}"


def _without_array_advice(description: str, array: _ArrayShape) -> str:
    """A description without what only a C caller of an output array needs: the
    sentences telling it to free the array (the binding frees it) or naming
    the size parameter, which the method does not take ("The value to use for
    @nameslen can be determined by ...")."""
    size = re.compile(rf"@?\b{re.escape(array.count)}\b") if array.count else None

    def advice(sentence: str) -> bool:
        return bool(FREE_SENTENCE.search(one_paragraph(sentence))) or (size is not None and bool(size.search(sentence)))

    return without_sentences_cut(_without_array_clauses(description, array), advice, SENTENCE_BREAK)


# What a C caller is told of an output array's memory right after naming it ("store them into @keys array which is
# allocated upon successful return and is NULL terminated"): the method returns a list, which has neither.
_ARRAY_MEMORY_TAIL = r"(?:\s+array)?(?:,?\s+(?:which|that)\s+(?:is|are|will\s+be|gets?)\b[^.;]*?\b(?:allocated|terminated)\b[^.;]*)?"


def _without_array_clauses(description: str, array: _ArrayShape) -> str:
    """A description without the clauses that say where the C function
    stores what it lists, or up to which count (", and store their names in
    @names", ", limiting to at most maxnames", " up to maxnames"), with
    what they say of the array's memory (" and store them into @keys array
    which is allocated upon successful return and is NULL terminated",
    :data:`_ARRAY_MEMORY_TAIL`): the method returns the whole list, in no
    array of the caller's, whether it fills one (fill) or libvirt allocates
    it (take)."""
    if array.kind not in ("fill", "take"):
        return description
    named = "|".join(re.escape(name) for name in (array.array, array.count) if name)
    clause = re.compile(
        rf",?\s+(?:and\s+)?(?:stores?|storing|limiting)\b[^.;]*?@?\b(?:{named})\b{_ARRAY_MEMORY_TAIL}(?=\s*[.;]|\s*\n\s*\n|\s*\Z)"
        rf"|\s+up\s+to\s+@?(?:{named})\b"
    )
    return clause.sub("", description)


def _sized_counts(function: Function, typed: TypedView | None, structs: StructArrayRead | None) -> set[str]:
    """The counts of a typed getter's array (fill or take) and of an array of structs the bindings size: the method
    takes none, so what the description says of them ("On input, @nparams gives the size of the @params array", "calling
    with @params as NULL and @nparams as 0") is the C caller's calling convention, which the bindings follow."""
    counts = {structs.count} if structs is not None else set()
    if typed is not None and typed.kind == "get" and typed.read is not None and typed.read.kind in ("fill", "take"):
        index = next(i for i, p in enumerate(function.params) if _is_typed(p.type))
        counts.add(function.params[index + 1].name)
    return counts


# The results the bindings copy (a string, a struct) or hold a reference of their own to (a handle): what the C doc says
# of the memory behind the returned pointer (:func:`python_docs.without_borrow_notes`) is not of the Python value.
_COPIED_RESULTS = frozenset({"str", "nonnullstr", "optstr", "ownedstr", "optownedstr", "struct", "handle"})


def _value_returns_doc(function: Function, result: _Result, outs: list[OutView], docs: _Docs) -> str:
    """What a function returning a value and outputs returns (:func:`_value_with_outputs`): the C return's doc, without the
    advice to free it (the binding does), and the outputs returned with it."""
    text = without_free_advice(one_paragraph(function.return_doc)).strip()
    text = re.sub(r",?\s*(?:or\s+)?NULL\s+(?:in\s+case\s+of|on)\s+(?:an?\s+)?(?:error|failure)", "", text).strip()
    if result.result == "sizedbytes":
        return f"{text.rstrip('.')}, as bytes ({', '.join(o.name for o in outs)} of them)"
    extra = "".join(f", {o.name}: {output_doc(docs.params.get(o.name, ''))}" for o in outs)
    return f"a tuple ({text.rstrip('.') or 'the string the C function returns'}{extra})"


# What a returned output's doc tells a C caller only: "(OUT)", and that it may pass NULL ("; it is allowed to be NULL",
# ", can be NULL"): the method returns the output (one a C caller may omit, :func:`_is_omitted_output`, is no output of it).
_RETURNED_OUTPUT_NOTE = re.compile(r"\s*\(OUT(?:PUT)?\)|[,;]?\s*(?:it\s+)?(?:is\s+allowed\s+to|can|may)\s+be\s+NULL\b(?=\s*[.;]?$)", re.IGNORECASE)


def _out_doc(out: OutView, doc: str) -> str:
    if out.kind == "handles":  # "Pointer to a variable to store the array containing domain objects.": "the domain objects"
        listed = _NULL_CLAUSE.sub("", doc)
        return f"{out.name}: {stored_value_doc(listed) or listed} (a list)"
    if out.kind in ("strbuf", "bytesbuf"):
        return f"{out.name}: the {_out_annotation(out)} the C function writes into @{out.name}"
    if out.kind == "struct":
        return f"a {out.ctype}, the struct the C function fills in @{out.name}"
    # "location in which to store autostart flag": the method returns the flag (:func:`python_docs.stored_value_doc`)
    noted = without_notes(_RETURNED_OUTPUT_NOTE, doc)
    return f"{out.name}: {stored_value_doc(noted) or noted}"


# --- classes and enums ----------------------------------------------------------


def _class_views(
    module: Module, classes: tuple[str, ...], views: list[FunctionView], keepers: frozenset[str] = frozenset(), parents: dict[str, str] | None = None,
) -> tuple[ClassView, ...]:
    result = []
    since = {f.name: f.since for f in module.functions}
    names = set(since)
    structs = {s.name: s for s in module.structs}
    for cls in classes:
        release = _release_function(cls, names)
        if not release:
            continue
        methods = tuple(v for v in views if v.owner == cls and v.c_name != release)
        getter = _name_getter(cls, methods, names)
        cache = f"_name_{cls}" if getter else ""
        methods = tuple(replace(m, name_cache=cache) if m.c_name == getter else m for m in methods)
        doc = handle_class_doc(structs[cls].doc.strip(), cls) if cls in structs else ""
        ref = cls + "Ref" if cls + "Ref" in names else ""
        handle = ClassView(
            cls, "_h_" + cls, release, release.endswith("Close"), ref, doc or f"A {cls} handle.", methods, cls in keepers, cache, since[release] or "",
            (parents or {}).get(cls, ""),
        )
        result.append(handle)
    return tuple(result)


def _release_function(cls: str, names: Collection[str]) -> str:
    """The C function dropping a handle class's reference: ``virXxxFree``, else ``virXxxClose`` (``virConnectClose``); "" for none."""
    return cls + "Free" if cls + "Free" in names else cls + "Close" if cls + "Close" in names else ""


def _name_getter(cls: str, methods: tuple[FunctionView, ...], names: set[str]) -> str:
    """``virXxxGetName`` when its answer can be kept in the object: the handle's own, fixed name; else "".

    The rule: the method takes nothing but the handle and returns a borrowed
    ``const char *`` (libvirt's ``GetName`` functions all return the name
    the handle was made with), and the library has no ``virXxxRename``: the
    only public call that changes a handle's name (``virDomainRename``
    rewrites the domain handle's).
    """
    getter = cls + "GetName"
    if cls + "Rename" in names:
        return ""
    method = next((m for m in methods if m.c_name == getter), None)
    if method is None or method.result != "str" or method.args or method.outs:
        return ""
    return getter


# --- connect(): the connection an object came from ---------------------------------


def _connect_method(methods: tuple[FunctionView, ...]) -> FunctionView | None:
    """The method (or alias) called ``connect`` among ``methods``: a C function such as virDomainGetConnect."""
    return next((m for m in methods if "connect" in (m.name, *m.aliases)), None)


def _connection_keepers(classes: tuple[ClassView, ...]) -> frozenset[str]:
    """The classes with no C-backed ``connect``: their ``connect()`` is the object model's (the kept one).

    libvirt-python's objects all have ``connect()``; C gives the connection of
    most (``virDomainGetConnect``: rule 6 makes ``connect`` its alias) but not
    of ``virNodeDevice``, ``virStream``, ``virNWFilter``,
    ``virNWFilterBinding``, ``virNetworkPort``.  Nothing is one when the
    library has no ``virConnect`` class.
    """
    if not any(c.name == CONNECTION for c in classes):
        return frozenset()
    return frozenset(c.name for c in classes if c.name != CONNECTION and _connect_method(c.methods) is None)


def _parent_classes(classes: tuple[ClassView, ...]) -> dict[str, str]:
    """Each class's *parent*: the class of the object its objects keep, the one they were obtained through.

    libvirt-python makes every object with the one it came from and hands
    that object back (``dom.connect() is conn``, ``cp.getDomain() is dom``,
    ``port.network()``).  The parent is what a borrowed getter of the class gives:
    a method named ``<class>Get...`` taking only the handle and returning
    another class's handle (``virDomainCheckpointGetDomain``,
    ``virNetworkPortGetNetwork``, ``virDomainGetConnect``); of several, the
    nearest, the one none of the others' getters reach (a checkpoint's
    domain, not its connection, which the domain keeps).  A class with no
    such getter has the connection (``virNodeDevice``, ``virStream``), when
    the library has a ``virConnect`` class; the connection has no parent.
    """
    getters = {c.name: {m.handle for m in c.methods if _is_parent_getter(m, c.name)} for c in classes}
    has_connection = CONNECTION in getters
    parents: dict[str, str] = {}
    for cls, candidates in getters.items():
        nearest = sorted(c for c in candidates if not any(c in getters.get(other, set()) for other in candidates if other != c))
        if nearest:
            parents[cls] = nearest[0]
        elif has_connection and cls != CONNECTION:
            parents[cls] = CONNECTION
    return parents


def _is_parent_getter(view: FunctionView, cls: str) -> bool:
    """Whether ``view`` is a borrowed getter of ``cls`` giving another class's handle (see :func:`_parent_classes`)."""
    returns_other = view.result == "handle" and view.handle not in ("", cls) and bool(view.take_ref)
    return returns_other and view.owner == cls and not view.args and not view.outs and view.c_name.startswith(cls + "Get")


def _ancestors(cls: str, parents: dict[str, str]) -> list[str]:
    """``cls``'s parent, its parent's, and so on (the parents' graph has no cycle: a class is no getter of its own getter's)."""
    found: list[str] = []
    while cls in parents and parents[cls] not in found:
        cls = parents[cls]
        found.append(cls)
    return found


def _with_parents(views: list[FunctionView], parents: dict[str, str]) -> list[FunctionView]:
    """The views told where the handles they return find their parent (:func:`_parent_source`), and the
    parent getters told which kept object answers them before C does (:func:`_kept_answer`)."""
    if not parents:
        return views
    result = []
    for view in views:
        returned = view.handle if view.result == "handle" else ""
        outs = tuple(replace(o, parent=_parent_source(view, parents[o.ctype], parents)) if o.kind == "handles" and o.ctype in parents else o for o in view.outs)
        adopted = _parent_source(view, parents[returned], parents) if returned in parents else ""
        records = view.records
        if records is not None and records.record.handle in parents:
            records = replace(records, parent=_parent_source(view, parents[records.record.handle], parents))
        result.append(replace(view, outs=outs, adopt_parent=adopted, records=records, kept=_kept_answer(view, parents)))
    return result


def _parent_source(view: FunctionView, wanted: str, parents: dict[str, str]) -> str:
    """The expression giving the parent (of class ``wanted``) of the handles a call returns.

    Among the owner (``self``) and the handle arguments, in that order: one
    of that class (``conn.lookupByName``; an argument too, since a handle
    made on another connection lives on that one, as virDomainMigrate's
    ``dconn`` shows); else the kept object of that class of one whose
    parents lead to it (``pool.storageVolLookupByName``: the pool's
    connection; ``cp.getParent()``: the checkpoint's domain), found when the
    call is made (``_kin``: None where one of them kept none).  Else ``None``,
    which no libvirt function comes to: ``connect()`` then asks C where it
    can, and says the connection is unknown where it cannot.
    """
    sources = ([("self", view.owner)] if view.owner is not None else []) + [(a.name, a.handle) for a in view.args if a.kind == "handle"]
    for name, cls in sources:
        if cls == wanted:
            return name
    for name, cls in sources:
        if cls is not None and parents.get(cls) == wanted:
            return f"{name}._parent"
    for name, cls in sources:
        if cls is not None and wanted in _ancestors(cls, parents):
            return f"_kin({name}, {wanted})"
    return "None"


def _kept_answer(view: FunctionView, parents: dict[str, str]) -> str:
    """For a parent getter (``cp.getDomain()``, ``dom.getConnect()``, a getter of a farther ancestor too:
    ``cp.getConnect()``), the kept object that answers it while neither it nor ``self`` is closed; else ""."""
    if view.owner is None or not _is_parent_getter(view, view.owner) or view.handle not in _ancestors(view.owner, parents):
        return ""
    return "self._parent" if parents[view.owner] == view.handle else f"_kin(self, {view.handle})"


def _enum_views(module: Module, flags: set[str]) -> tuple[EnumView, ...]:
    """One class per enum with members; ``flags``: the enums typing some ``flags`` parameter (:func:`_function_docs`)."""
    members = {m.name: m for m in module.members}
    classes = handle_classes(Api((module,)))
    views = []
    for enum in module.enums:
        listed = [members[n] for n in enum.members if n in members and not members[n].sentinel and members[n].value is not None]
        if not listed:
            continue
        is_flags = enum.name in flags or enum.name.endswith("Flags") or _written_as_bits(listed)
        base = "IntFlag" if is_flags and all((m.value or 0) >= 0 for m in listed) else "IntEnum"
        short = _short_members(listed, enum.name)  # the first len(listed) are the members' own names, in order; aliases after
        views.append(EnumView(enum_class_name(enum.name, classes), enum.name, base, short, _enum_doc(enum, listed, [v.name for v in short])))
    return tuple(views)


_BIT = re.compile(r"\(?\s*1U?\s*<<\s*\d+\s*\)?|0")


def _written_as_bits(members: list[EnumMember]) -> bool:
    """Whether every member is written as one bit (``1 << n``, or ``0``): a
    bitmask typing no ``flags`` parameter (virDomainGuestInfoTypes, ORed
    into ``getGuestInfo``'s ``types``; virStreamEventType) is an
    ``IntFlag`` too, so that an OR of its members is one of its values."""
    return any(m.expression.strip() != "0" for m in members) and all(_BIT.fullmatch(m.expression.strip()) for m in members)


def _constant_views(module: Module) -> tuple[MemberView, ...]:
    """The module-level ``VIR_*`` ints: every enum member with a value but the ``VIR_*_LAST`` sentinels.

    A sentinel (inside ``#ifdef VIR_ENUM_SENTINELS``) counts the members of
    the release read and grows with every release: a program comparing with
    it would silently change meaning on an upgrade.  libvirt-python 9.0.0
    exports none but the one written as another member's name
    (``VIR_DOMAIN_MEMORY_STAT_LAST = VIR_DOMAIN_MEMORY_STAT_NR``), and so
    do we; our enum classes leave out all of them (:func:`_enum_views`).
    """
    return tuple(MemberView(m.name, m.value) for m in module.members if m.value is not None and (not m.sentinel or m.alias_of is not None))


def _short_members(members: list[EnumMember], enum_name: str) -> tuple[MemberView, ...]:
    """Member names without the words their C names share, stable across libvirt releases.

    The words dropped are those the members of the enum's earliest releases
    share, taken together until they are two at least (:func:`_earliest`), so a member
    added later with a shorter prefix (9.x's
    ``VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE`` beside 0.10.2's
    ``..._CAP_SYSTEM``) renames none of them: ``SYSTEM`` stays ``SYSTEM``.  A
    member that does not start with those words loses the words every member
    shares.  The only member of an enum shares its words with nothing: it
    drops the words that spell the start of its enum's name
    (:func:`_words_of_enum_name`).  Names that would not be identifiers, or
    not distinct, are the C names.

    Aliases keep programs written against other packages running: the names
    the package of every earlier release would have given (the same rule on
    the members up to that release), the names without the words every member
    shares (the rule of a tree whose members carry no ``Since:``, 7.0.0's, and
    of packages made before the first-release rule: ``CAP_SYSTEM``,
    ``ErrorNumber.ERR_OK`` beside ``OK``), in such a tree the names without
    the words nine in ten of the members share (:func:`_most_shared_words`),
    and a lone member's last word (packages made before the enum-name rule:
    ``TypedParameterFlags.OKAY``).
    """
    words = [m.name.split("_") for m in members]
    ranks = _release_ranks(members)
    every = _every_shared(words, enum_name)
    plain = ["_".join(w[every:]) for w in words]
    names = _rule_names(words, ranks, enum_name)
    if not _usable(names):
        names = plain if _usable(plain) else [m.name for m in members]
    views = [MemberView(name, m.value or 0) for name, m in zip(member_names(names), members, strict=True)]
    taken = {view.name for view in views}
    for indices, aliases in _alias_names(words, ranks, enum_name, plain):
        if _usable(aliases):
            # an alias taken by a name (or by another alias once escaped: class, class_) is dropped
            for i, name in zip(indices, aliases, strict=True):
                if (alias := member_name(name)) not in taken:
                    views.append(MemberView(alias, members[i].value or 0))
                    taken.add(alias)
    return tuple(views)


def _alias_names(words: list[list[str]], ranks: list[int] | None, enum_name: str, plain: list[str]) -> Iterator[tuple[list[int], list[str]]]:
    """The other names of :func:`_short_members`, as (member indices, their names)."""
    everyone = list(range(len(words)))
    if ranks is not None:
        for release in sorted(set(ranks))[:-1]:  # the latest release's names are the primary ones
            upto = [i for i, rank in enumerate(ranks) if rank <= release]
            yield upto, _rule_names([words[i] for i in upto], [ranks[i] for i in upto], enum_name)
            if len(upto) == 1:  # that release's package had the lone member's last word too (below)
                yield upto, [words[upto[0]][-1]]
    yield everyone, plain
    if ranks is None and len(words) > 1:
        count, sample = _most_shared_words(words)
        yield everyone, _less_prefix(words, count, sample, _shared_words(words))
    if len(words) == 1:
        yield everyone, [words[0][-1]]


def _rule_names(words: list[list[str]], ranks: list[int] | None, enum_name: str) -> list[str]:
    """The primary rule: each name less the words the earliest releases' members share, else less the words all share."""
    every = _every_shared(words, enum_name)
    together = _earliest(ranks, len(words))
    if len(together) < 2:
        return ["_".join(w[every:]) for w in words]
    return _less_prefix(words, _shared_words([words[i] for i in together]), words[together[0]], every)


def _every_shared(words: list[list[str]], enum_name: str) -> int:
    """The leading words every name shares; for a lone name, those spelling its enum's name."""
    return _shared_words(words) if len(words) > 1 else _words_of_enum_name(words[0], enum_name)


def _release_ranks(members: list[EnumMember]) -> list[int] | None:
    """Each member's release, 0 for the oldest ``Since:``; None when a member has none (the releases are unknown)."""
    if not members or any(not m.since for m in members):
        return None
    order = sorted({version_key(m.since) for m in members})
    return [order.index(version_key(m.since)) for m in members]


def _earliest(ranks: list[int] | None, count: int) -> list[int]:
    """Indices of the members of the earliest releases, taken together until they are two at
    least (all of them when the releases are unknown): a first release of one member says
    nothing of what the enum's members share, its first two members do."""
    if ranks is None:
        return list(range(count))
    for release in sorted(set(ranks)):
        upto = [i for i, rank in enumerate(ranks) if rank <= release]
        if len(upto) >= 2:
            return upto
    return list(range(count))


def _less_prefix(words: list[list[str]], count: int, prefix: list[str], fallback: int) -> list[str]:
    """Each name less its first ``count`` words when they are those of ``prefix``, else less ``fallback`` words."""
    return ["_".join(w[count:] if w[:count] == prefix[:count] else w[fallback:]) for w in words]


def _most_shared_words(words: list[list[str]]) -> tuple[int, list[str]]:
    """How many leading words nine in ten of the names share (the most such words), and a name
    that has them: the first release's prefix when the releases are unknown and a few members
    stand apart.  7.0.0's enums carry no ``Since:``; in its ``virErrorNumber`` six ``VIR_WAR_``
    members of 110 leave every member only ``VIR_``, so its names are ``ERR_OK``, where a later
    tree's package, knowing the first release's ``VIR_ERR_``, says ``OK``: ``OK`` is an alias
    there, and a program written against the later package runs on it.  Nine in ten, a bound
    set on libvirt's enums: ``virErrorNumber`` is at 94%; the ``START_`` of five of
    ``virDomainCreateFlags``'s six members (83%) is no first release's (its first is
    ``VIR_DOMAIN_NONE`` alone), and an alias ``PAUSED`` would be a name later packages lack.
    :func:`_shared_words` when no longer prefix is that common."""
    count, sample = _shared_words(words), words[0]
    while True:
        groups: dict[tuple[str, ...], list[list[str]]] = {}
        for name in words:
            if len(name) > count + 1:
                groups.setdefault(tuple(name[: count + 1]), []).append(name)
        largest = max(groups.values(), key=len, default=[])
        if 10 * len(largest) < 9 * len(words):
            return count, sample
        count, sample = count + 1, largest[0]


def _words_of_enum_name(words: list[str], enum_name: str) -> int:
    """How many leading words of an enum's only member spell, run together,
    the start of the enum's name (leaving the member one word at least).

    ``VIR_TYPED_PARAM`` of ``VIR_TYPED_PARAM_STRING_OKAY`` starts
    ``virTypedParameterFlags`` (an abbreviated word matches: ``PARAM``), so the
    member is ``TypedParameterFlags.STRING_OKAY``; ``VIR_DOMAIN_PMSUSPENDED_DISK``
    starts ``virDomainPMSuspendedDiskReason`` (``UNKNOWN``).  A member's last
    word alone (the rule before) made ``OKAY``, ``STREAM`` of
    ``VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM``, ``HOLE`` of
    ``VIR_STREAM_RECV_STOP_AT_HOLE``; and a second member added in a later
    release, sharing the enum's words, keeps this name where it would have
    renamed that one.
    """
    letters = enum_name.upper()
    spelled = ""
    count = 0
    while count < len(words) - 1 and letters.startswith(spelled + words[count]):
        spelled += words[count]
        count += 1
    return count


def _usable(names: list[str]) -> bool:
    """Whether the names can all be members of one Python enum class."""
    return all(n.isidentifier() and not n[0].isdigit() for n in names) and len(set(names)) == len(names)


def _shared_words(words: list[list[str]]) -> int:
    """How many leading ``_`` words the names share, leaving each at least one (a lone name keeps its last)."""
    common = 0
    while all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1:
        common += 1
    if len(words) == 1:
        common = min(common, len(words[0]) - 1)
    return common


def _enum_doc(enum: Enum_, members: list[EnumMember], names: list[str]) -> str:
    """The class docstring: each member by the name a program writes (``ROOTS``), its C constant in brackets."""
    named = [f"{name} ({m.name})" for name, m in zip(names, members, strict=False)]
    lines = [f"{label}: {one_paragraph(m.doc)}" if m.doc.strip() else label for label, m in zip(named, members, strict=True)]
    head = enum.doc.strip() or enum.name
    return head + "\n\n" + "\n".join(lines) + f"\n\nC enum: {enum.name}" + (f"\nSince: {enum.since}" if enum.since else "")


# --- structs the caller's memory receives ----------------------------------------------
#
# ``int virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)``: the
# caller passes its own memory, libvirt fills it.  The method takes no such
# parameter and returns the struct as a ``typing.NamedTuple`` named after it
# (``virDomainInfo(state, maxMem, memory, nrVirtCpu, cpuTime)``): indexing and
# unpacking work as on libvirt-python's lists and tuples, and the fields have
# names and types for mypy.  Rules (no per-function table):
#
# * the one struct pointer parameter (not a handle, not a typed parameter) is
#   an output when its doc says so ("(returned)", "(OUT)", "at which to store",
#   "to receive", "allocated by the user", "filled"), or a sentence of the
#   description says of @it that it is initialized, filled, updated or stored
#   (virDomainGetSecurityLabel: "The 'label' field in the @seclabel argument
#   will be initialized ...");
# * its struct has a fixed layout the model gives whole: integers (typedefs
#   of integers and enums resolved), and ``char x[N]`` with N a number or a
#   macro the model has a value for (a str, cut at the NUL); a pointer field
#   (virError's strings, virDomainDiskError's ``char *disk``) would be memory
#   the caller frees: such structs stay skipped;
# * an integer parameter documented as the size of the struct ("size of stats
#   structure": virDomainBlockStats) is ``ctypes.sizeof`` of it, not a Python
#   parameter; any other integer input or integer pointer (a count: maxinfo,
#   nr_stats, nparams) or a doc saying "array" makes it an array of structs:
#   skipped, with that reason;
# * the function returns ``int`` and its return doc gives no value but 0 and
#   -1 (virDomainGetBlockJobInfo's "1 when info was found" is another shape).

_FILLED_PARAM_DOC = re.compile(
    r"\((?:returned|OUT)\)|\bat\s+which\s+to\s+store\b|\bto\s+receive\b|\ballocated\s+by\s+the\s+(?:user|caller)\b|\bfilled\b", re.IGNORECASE
)
_FILLED_WORDS = re.compile(r"\b(?:initiali[sz]ed|filled|updated|stored)\b", re.IGNORECASE)
_STRUCT_SIZE_DOC = re.compile(r"\bsize\s+of\b[^.]*\bstruct(?:ure)?\b", re.IGNORECASE)
_ARRAY_WORD = re.compile(r"\barray\b", re.IGNORECASE)
_RETURN_VALUES = re.compile(r"(?<![\w.])-?\d+\b")
# the return doc's clause giving 1 names the struct parameter: it says whether the struct was filled (virDomainGetBlockJobInfo:
# "-1 in case of failure, 0 when nothing found, 1 when info was found")
_FOUND_CLAUSE = r"(?<![\w.-])1\s+(?:when|if)\b[^,.;]*@?\b{name}\b"
# struct field C types beyond the parameters' integers: ctypes type
_FIELD_INTEGERS: dict[str, str] = {
    **{c_type: ctype for c_type, (ctype, _, _) in _INTEGERS.items()},
    "signed char": "ctypes.c_byte",
    "unsigned char": "ctypes.c_ubyte",
    "short": "ctypes.c_short",
    "unsigned short": "ctypes.c_ushort",
}


@dataclass(frozen=True, slots=True)
class FilledField:
    """One field of a struct the caller's memory receives."""

    name: str  # the NamedTuple's field (:func:`_tuple_field`: a keyword or a tuple method's name escaped)
    c_name: str  # the C field, the ctypes Structure's
    ctype: str  # ctypes type expression (``ctypes.c_char * 257`` for a char array)
    python: str  # int | str | str | None; list[str], list[<struct>], list[bool] (kind strings, structs, cpumap)
    doc: str = ""
    kind: str = "value"  # value | count (a count or length another field uses: in the Structure, not the tuple) | strings | structs | cpumap
    count: str = ""  # strings, structs: the C field counting the array; cpumap: the one giving its length in bytes
    element: str = ""  # structs: the element struct's name (its Structure and value function)

    @property
    def value(self) -> str:
        """The Python value read from the ctypes Structure ``value``: a char array is its bytes before the NUL, decoded.
        A C name that is a Python keyword (``from``) is read with ``getattr``: ``value.from`` does not compile."""
        read = f"value.{self.c_name}" if self.name == self.c_name else f"getattr(value, {self.c_name!r})"
        if self.kind == "strings":
            return f"_c_text_list({read}, value.{self.count})"
        if self.kind == "structs":
            return f"_c_struct_list({read}, value.{self.count}, _c_{self.element}, _{self.element}_value)"
        if self.kind == "cpumap":
            return f"_c_cpumap_field({read}, value.{self.count}, cpus)"
        if self.python == "str | None":
            return f"_c_text({read})"
        if self.python == "str":
            return f'{read}.decode(errors="replace")'
        return read


# tuple's own public methods (the same on every Python 3; written here, not read from the running
# interpreter, as naming.HARD_KEYWORDS): a NamedTuple field of that name would replace one
_TUPLE_METHODS = frozenset({"count", "index"})


def _tuple_field(c_name: str) -> str:
    """A NamedTuple field name for a C field: rule 7's keyword escape, and ``count``/``index`` get a ``_`` too."""
    name = safe_identifier(c_name)
    return name + "_" if name in _TUPLE_METHODS else name


@dataclass(frozen=True, slots=True)
class FilledStruct:
    """A struct with a fixed layout: the ctypes Structure the call fills, and the NamedTuple the method returns."""

    name: str  # the C struct name, the public NamedTuple's (virDomainInfo)
    fields: tuple[FilledField, ...]  # all of C's, in order: the ctypes Structure's
    doc: str
    elements: tuple[FilledStruct, ...] = ()  # the element structs of its arrays of structs (written with it)

    @property
    def ctypes_name(self) -> str:
        return f"_c_{self.name}"

    @property
    def tuple_fields(self) -> tuple[FilledField, ...]:
        """The NamedTuple's fields: all but the counts and lengths of other fields (their lists say how many)."""
        return tuple(f for f in self.fields if f.kind != "count")

    @property
    def cpus(self) -> bool:
        """Whether a field is a CPU map: the value function then takes the host's CPU count (a bool per CPU)."""
        return any(f.kind == "cpumap" for f in self.fields)

    @property
    def has_chars(self) -> bool:
        """Whether a field is a ``char`` array (the docstring then says how it is read)."""
        return any(f.ctype.startswith("ctypes.c_char *") for f in self.tuple_fields)

    @property
    def fields_doc(self) -> str:
        """One line per field for the NamedTuple's docstring: name, Python type, the C field's doc."""
        return "\n".join(f"{f.name} ({f.python}): {_field_doc(f)}" if f.doc or f.kind == "cpumap" else f"{f.name} ({f.python})" for f in self.tuple_fields)


_C_MAP_WORDS = re.compile(r"\s*\b(?:A\s+)?pointer\s+to\s+an?\s+(?:array|bit\s*map)\s+of\s+real\s+CPUs\s*\(in\s+8-bit\s+bytes\)\.?", re.IGNORECASE)


def _field_doc(field: FilledField) -> str:
    """A field's doc in the NamedTuple's docstring: a CPU map's says what the list holds, not C's bytes; C's NULL
    is None where the field's annotation admits None, as in a :returns: line (:func:`python_docs.with_none`:
    virDomainInterface's "hardware address, may be None"); a list field's opening "array of" is "list of"
    (:func:`python_docs.list_field_doc`)."""
    if field.kind != "cpumap":
        return with_none(list_field_doc(field.doc) if field.kind in ("strings", "structs") else field.doc, field.python)
    doc = _C_MAP_WORDS.sub("", field.doc).strip()
    return (doc + " " if doc else "") + "One bool per host CPU, True where the map sets it."


@dataclass(frozen=True, slots=True)
class _Filled:
    """Where a function's filled struct is: its parameter, the struct, and the parameter giving its size ("" for none)."""

    param: str
    struct: FilledStruct
    size: str = ""
    found: bool = False  # the return says whether it was filled: 1 yes, 0 no (:data:`_FOUND_CLAUSE`)


def _filled_structs(module: Module, classes: tuple[str, ...], strings: bool = False, owned: bool = False) -> dict[str, FilledStruct]:
    """The structs of fixed layout, by their ``Ptr`` typedef (``virDomainBlockStatsPtr`` → ``virDomainBlockStatsStruct``).

    With ``strings``, a ``char *`` field is allowed too (a ``str | None``
    copied from it: an element of an array of structs, whose strings the
    bindings free, :func:`_struct_array`).  With ``owned`` (structs libvirt
    allocates and a function of its frees, :func:`_taken_structs`), also the
    arrays it holds with their count and the CPU maps with their length
    (:func:`_owned_pairs`)."""
    structs = {s.name: s for s in module.structs if s.fields and s.name not in classes}
    typedefs, enums = _type_names(module)
    macros = {m.name: n for m in module.macros if (n := _macro_int(m)) is not None}
    found: dict[str, FilledStruct] = {}
    for name, target in typedefs.items():
        struct = structs.get(target.removesuffix(" *")) if target.endswith(" *") else None
        view = _filled_layout(struct, typedefs, enums, macros, strings or owned, structs if owned else None) if struct is not None else None
        if view is not None:
            found[name] = view
    return found


def _resolved(c_type: str, typedefs: dict[str, str]) -> str:
    """A field's C type with typedefs of typedefs resolved (virDomainBlockJobCursor is unsigned long long), spelled as _FIELD_INTEGERS does."""
    c_type = " ".join(c_type.split())
    for _ in range(8):
        if c_type not in typedefs:
            break
        c_type = typedefs[c_type]
    return c_type.replace("long long int", "long long").replace("long int", "long")


def _filled_layout(
    struct: Struct,
    typedefs: dict[str, str],
    enums: set[str],
    macros: dict[str, int],
    strings: bool = False,
    owned: dict[str, Struct] | None = None,
) -> FilledStruct | None:
    pairs = _owned_pairs(struct, typedefs, owned) if owned is not None else {}
    counts = {count: array for array, (_, count) in pairs.items()}
    fields: list[FilledField] = []
    elements: list[FilledStruct] = []
    for f in struct.fields or ():
        c_type = _resolved(f.type, typedefs)
        if f.union is not None or f.name.startswith("_") or not f.name.isidentifier():
            return None  # a NamedTuple field cannot start with "_"
        doc = one_paragraph(f.doc)
        if f.name in pairs and owned is not None:
            kind, count = pairs[f.name]
            if kind == "structs":
                element = _filled_layout(owned[c_type.removesuffix(" *")], typedefs, enums, macros, strings=True)
                if element is None:
                    return None
                elements.append(element)
                fields.append(FilledField(_tuple_field(f.name), f.name, "ctypes.c_void_p", f"list[{element.name}]", doc, kind, count, element.name))
            else:
                python = "list[str]" if kind == "strings" else "list[bool]"
                fields.append(FilledField(_tuple_field(f.name), f.name, "ctypes.c_void_p", python, doc, kind, count))
        elif f.name in counts and f.array_size is None and c_type in _FIELD_INTEGERS:
            fields.append(FilledField(_tuple_field(f.name), f.name, _FIELD_INTEGERS[c_type], "int", doc, "count"))
        elif f.array_size is not None:
            size = int(f.array_size) if f.array_size.isdigit() else macros.get(f.array_size)
            if c_type != "char" or not size:
                return None
            fields.append(FilledField(_tuple_field(f.name), f.name, f"ctypes.c_char * {size}", "str", doc))
        elif c_type in _FIELD_INTEGERS:
            fields.append(FilledField(_tuple_field(f.name), f.name, _FIELD_INTEGERS[c_type], "int", doc))
        elif c_type in enums:  # C passes an enum as int
            fields.append(FilledField(_tuple_field(f.name), f.name, "ctypes.c_int", "int", doc))
        elif strings and c_type == "char *":  # c_void_p, not c_char_p: ctypes would copy the bytes and lose the pointer to free
            fields.append(FilledField(_tuple_field(f.name), f.name, "ctypes.c_void_p", "str | None", doc))
        else:
            return None  # a pointer (memory the caller would free), a nested struct, a plain char ...
    if not fields:
        return None
    return FilledStruct(struct.name, tuple(fields), one_paragraph(struct.doc), tuple(elements))


_OWNED_CPUMAP_DOC = re.compile(r"\b(?:CPU|bit)\s*map\b", re.IGNORECASE)
_LENGTH_WORDS = re.compile(r"\b(?:size|length|bytes)\b", re.IGNORECASE)


def _integer_field(f: Field, typedefs: dict[str, str]) -> bool:
    return f.array_size is None and _resolved(f.type, typedefs) in _FIELD_INTEGERS


def _counts_field(count: Field, array: Field) -> bool:
    """An integer field before an array says it counts it: named ``n`` + its name, or documenting it."""
    return count.name.lower() == "n" + array.name.lower() or re.search(rf"@?\b{re.escape(array.name)}\b", count.doc) is not None


def _measures_field(length: Field, cpumap: Field, typedefs: dict[str, str]) -> bool:
    """An integer field after a CPU map says it is its length: named its name + ``len``, or documenting its size, length or bytes."""
    if not _integer_field(length, typedefs):
        return False
    documented = re.search(rf"\b{re.escape(cpumap.name)}\b", length.doc) is not None and _LENGTH_WORDS.search(length.doc) is not None
    return length.name == cpumap.name + "len" or documented


def _owned_pairs(struct: Struct, typedefs: dict[str, str], owned: dict[str, Struct]) -> dict[str, tuple[str, str]]:
    """A struct's pointer fields that are arrays with their count, or CPU maps with their length: field -> (kind, the other field).

    * ``char **x`` (strings) or ``T *x`` with ``T`` a struct (structs), right
      after an integer field that counts it: named ``n`` + its name
      (``ndevAlias``) or documenting it (``naddrs``: "number of items in
      @addrs");
    * ``unsigned char *x`` documented as a CPU (or bit) map (cpumap), right
      before an integer field giving its length: named its name + ``len``
      (``cpumaplen``) or documenting its size, length or bytes.
    """
    found: dict[str, tuple[str, str]] = {}
    fields = list(struct.fields or ())
    for index, f in enumerate(fields):
        c_type = _resolved(f.type, typedefs)
        before = fields[index - 1] if index > 0 else None
        after = fields[index + 1] if index + 1 < len(fields) else None
        is_array = c_type == "char **" or (c_type.endswith(" *") and c_type.removesuffix(" *") in owned)
        if is_array and before is not None and _integer_field(before, typedefs) and _counts_field(before, f):
            found[f.name] = ("strings" if c_type == "char **" else "structs", before.name)
        elif c_type == "unsigned char *" and _OWNED_CPUMAP_DOC.search(f.doc) and after is not None and _measures_field(after, f, typedefs):
            found[f.name] = ("cpumap", after.name)
    return found


def _filled_struct(function: Function, params: list[Param], filled: dict[str, FilledStruct]) -> _Filled | None:
    """The struct the caller's memory receives, None when the function has none; ``Unsupported`` for an array of them.

    None too (the function stays skipped as a struct pointer parameter)
    when the direction is not documented, the struct has no fixed layout,
    or the return gives values besides 0 and -1, but for -1, 0 and 1 with
    the clause of 1 naming the struct (:data:`_FOUND_CLAUSE`): then the
    return says whether it was filled (``found``).
    """
    pointers = [p for p in params if " ".join(p.type.split()) in filled]
    if len(pointers) != 1:
        return None
    param = pointers[0]
    if not _is_filled(param, function):
        return None
    sizes = [p for p in params if p.type.strip() in _INTEGERS and p.name != "flags" and _STRUCT_SIZE_DOC.search(" ".join(p.doc.split()))]
    size = sizes[0].name if len(sizes) == 1 else ""
    counts = [p for p in params if p.name not in ("flags", size) and p.type.strip().rstrip(" *") in _INTEGERS]
    where = f"{param.type.strip()} {param.name}"
    if counts or _ARRAY_WORD.search(param.doc):
        beside = f" next to {', '.join(p.name for p in counts)}" if counts else ""
        raise Unsupported(f"struct pointer parameter ({where}: an array of structs{beside})")
    if function.return_type.strip() != "int":
        return None
    values = set(_RETURN_VALUES.findall(function.return_doc))
    found = values == {"-1", "0", "1"} and re.search(_FOUND_CLAUSE.format(name=re.escape(param.name)), " ".join(function.return_doc.split()))
    if not values <= {"0", "-1"} and not found:
        raise Unsupported(f"struct pointer parameter ({where}: the return value ({', '.join(sorted(values))}) says whether it was filled)")
    return _Filled(param.name, filled[" ".join(param.type.split())], size, found=bool(found))


def _found_annotation(struct: FilledStruct) -> str:
    """A filled-or-not struct's dict: ``dict[str, int]``, or the union of its fields' Python types."""
    kinds = dict.fromkeys(f.python for f in struct.tuple_fields)
    return f"dict[str, {' | '.join(kinds)}]"


def _found_returns_doc(function: Function, param: str, struct: FilledStruct) -> str:
    """The returns line of a filled-or-not struct: the dict, and the C return doc without its failure clause."""
    text, _ = without_failure_values(one_paragraph(function.return_doc))
    keys = ", ".join(f.c_name for f in struct.tuple_fields)
    return f"@{param} as a dict ({keys}) when the C function returns 1, {{}} when it returns 0. C: {text}"


def _is_filled(param: Param, function: Function) -> bool:
    """Whether the docs say libvirt fills the struct: its own doc, or a description sentence about @it."""
    if _FILLED_PARAM_DOC.search(" ".join(param.doc.split())):
        return True
    mention = re.compile(rf"@{re.escape(param.name)}\b")
    return any(mention.search(s) and _FILLED_WORDS.search(s) for s in _SENTENCE_END.split(" ".join(function.description.split())))


def _filled_argument(param: Param, filled: _Filled, outs: list[OutView], call: list[str], argtypes: list[str]) -> None:
    """The C arguments of a filled struct: the caller's memory (a ctypes Structure) and, when the C function takes it, its size."""
    if param.name == filled.size:
        call.append(f"ctypes.sizeof(o_{filled.param})")
        argtypes.append(_argtype(param))
        return
    outs.append(OutView(filled.param, "struct", filled.struct.name))
    # a POINTER argtype takes the Structure itself (ctypes passes its address): no byref() object per call
    call.append(f"o_{filled.param}")
    argtypes.append(f"ctypes.POINTER({filled.struct.ctypes_name})")


def _used_filled_structs(ctx: _Context, views: list[FunctionView]) -> tuple[FilledStruct, ...]:
    """The structs some bound function returns, by name: each one's Structure and NamedTuple are written once."""
    used = {o.ctype for v in views for o in v.outs if o.kind == "struct"} | {v.structs.struct.name for v in views if v.structs is not None}
    known = [*ctx.filled.values(), *ctx.filled_arrays.values()]
    found = {s.name: s for s in known if s.name in used}
    for owned in (v.taken.struct for v in views if v.taken is not None):  # its Structure, and its elements' (no name shared with another kind)
        for struct in (owned, *owned.elements):
            if found.setdefault(struct.name, struct) != struct:
                raise AssertionError(f"{struct.name} is laid out two ways")
    return tuple(sorted(found.values(), key=lambda s: s.name))


# --- arrays of structs the caller sizes --------------------------------------------------
#
# ``int virNodeGetCPUStats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr
# params, int *nparams, unsigned int flags)``: the caller passes an array of
# structs and its size, libvirt fills it.  The method takes neither: the
# bindings size the array, make the call and return what was filled
# (:func:`_struct_array`; docs/python-bindings.md).  Rules (no per-function table):
#
# * the one struct pointer parameter whose struct has a fixed layout, ``char *``
#   fields allowed (libvirt allocates them, the caller frees them: the model's
#   rule for ``char *``), followed by its count (an ``int``/``unsigned int``, or
#   a pointer to one, documented as a size or number), in a function returning
#   ``int``; its doc or a description sentence about it says libvirt writes it
#   ("(returned)", "(OUT)", "filled", "populate");
# * the size: a first call with NULL and 0 when the description says so
#   ("@errors is NULL and @maxerrors is 0", "@nparams to 0 and @params as
#   NULL"); else, for a count libvirt takes by value (and returns how many it
#   filled), ``_NAMES_FIRST`` elements, doubled while the call fills them all
#   (virDomainMemoryStats: "Up to 'nr_stats' elements"); a count behind a
#   pointer with no such sentence has no rule: skipped;
# * a CPU map per element beside it (:func:`_struct_cpumaps`: virDomainGetVcpus'
#   ``cpumaps`` and ``maplen`` right after ``maxinfo``) is read with it: sized by
#   the host's CPU count (:func:`_host_cpu_counter`, libvirt-python's way) and
#   by the array's size, returned as a tuple (the list, a tuple of bools per
#   element: libvirt-python's vcpus() shape); any other output pointer beside
#   it is not bound: skipped, with that reason;
# * what comes back: a struct of two fields, a string (``char field[N]``,
#   ``char *``) then an integer, is a dict ``{string: integer}``
#   (libvirt-python's shape for node CPU/memory stats and disk errors); an
#   integer then an integer, where the description names members of one enum
#   only, is a dict keyed by the member's name less the enum's common prefix,
#   lowercased ("VIR_DOMAIN_MEMORY_STAT_SWAP_IN" → "swap_in"; libvirt-python's
#   own spelling where it has one, naming rule 10: "actual"; a value no member
#   has: its number as a str); other structs are a list of the NamedTuple named
#   after the struct.

_ARRAY_WRITTEN = re.compile(r"\bpopulat\w*|\bon\s+output\b|\(OUT\)|\(returned\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StructArrayRead:
    """How a method returning an array of structs the bindings size calls C, and the Python value it makes of it."""

    function: str  # the C function
    param: str  # the C array parameter ...
    count: str  # ... and its count
    before: tuple[str, ...]  # C argument expressions before the array ...
    after: tuple[str, ...]  # ... and after its count
    struct: FilledStruct
    first: bool  # sized by a first call with NULL and 0 (else: _NAMES_FIRST elements, doubled while all are filled)
    count_ctype: str  # the type the count points to; "" for a count passed by value (the return says how many were filled)
    most: int  # the largest count the C count parameter takes
    key: str = ""  # a dict: the C field of its keys ("" for a list of NamedTuples) ...
    value: str = ""  # ... and of its values
    key_kind: str = ""  # chars (char field[N]) | string (char *) | tag (an integer named by ``names``)
    names: tuple[tuple[int, str], ...] = ()  # tag: value -> name
    cpumaps: str = ""  # the C parameter of a CPU map per element after the count (:func:`_struct_cpumaps`), returned beside the list ...
    counter: str = ""  # ... sized by the host's CPU count this C function gives ...
    connection: str = ""  # ... called on this connection expression

    @property
    def strings(self) -> tuple[str, ...]:
        """The ``char *`` fields: each element's are freed once copied."""
        return tuple(f.c_name for f in self.struct.fields if f.python == "str | None")

    @property
    def annotation(self) -> str:
        if self.cpumaps:
            return f"tuple[list[{self.struct.name}], list[tuple[bool, ...]]]"
        return "dict[str, int]" if self.key else f"list[{self.struct.name}]"

    @property
    def runtime(self) -> str:
        """The runtime function making the call: ``_structs_fill``, or ``_structs_fill_cpumaps`` with CPU maps."""
        return "_structs_fill_cpumaps" if self.cpumaps else "_structs_fill"

    def host_cpus(self) -> str:
        """With CPU maps: the runtime call counting the host's CPUs into ``c__cpus``, as :class:`CpumapView`'s."""
        return CpumapView("one", self.function, (), (), self.counter, self.connection).host_cpus()

    @property
    def names_table(self) -> str:
        return f"_{self.function}_names"

    def arguments(self) -> tuple[str, ...]:
        """The arguments of the runtime's ``_structs_fill``, which sizes the array, makes the C call and converts what it filled."""
        if self.key:
            names = self.names_table if self.names else "None"
            convert = f"_struct_pairs({py_str(self.key)}, {py_str(self.value)}, {py_str(self.key_kind)}, {names})"
        else:
            convert = f"_struct_list(_{self.struct.name}_value)"
        strings = _tuple_expression(tuple(map(py_str, self.strings)))
        if self.cpumaps:
            before, after = _tuple_expression(self.before), _tuple_expression(self.after)
            return (f"_{self.function}", before, after, self.struct.ctypes_name, str(self.most), strings, convert, "c__cpus")
        return (f"_{self.function}", _tuple_expression(self.before), _tuple_expression(self.after), self.struct.ctypes_name,
                self.count_ctype or "None", str(self.first), str(self.most), strings, convert)


@dataclass(frozen=True, slots=True)
class _StructArray:
    """Where a function's array of structs is (:func:`_struct_array`)."""

    param: str
    count: str
    struct: FilledStruct
    first: bool
    count_ctype: str
    most: int
    cpumap: str = ""  # a CPU map per element (:func:`_struct_cpumaps`): the C parameter of the maps ...
    maplen: str = ""  # ... and of one map's length in bytes


def _struct_array(function: Function, params: list[Param], ctx: _Context) -> _StructArray | None:
    """The array of structs the caller sizes and libvirt fills, None when the function has none; ``Unsupported`` for one beside another output."""
    found = [(i, p) for i, p in enumerate(params) if " ".join(p.type.split()) in ctx.filled_arrays]
    if len(found) != 1 or function.return_type.strip() != "int":
        return None
    index, param = found[0]
    count = params[index + 1] if index + 1 < len(params) else None
    count_type = " ".join(count.type.split()) if count is not None else ""
    if count is None or count.name == "flags" or count_type.rstrip(" *") not in ("int", "unsigned int") or not _COUNT_DOC.search(count.doc):
        return None
    if not (_is_filled(param, function) or _ARRAY_WRITTEN.search(" ".join(param.doc.split()))):
        return None
    where = f"{param.type.strip()} {param.name}"
    others = [p.name for p in params if p not in (param, count) and p.type.strip().endswith("*") and p.type.strip() != "const char *"]
    cpumap, maplen = _struct_cpumaps(params, index, count_type)
    if others and others != [cpumap]:
        raise Unsupported(f"struct pointer parameter ({where}: an array of structs beside another output, {', '.join(others)})")
    description = " ".join(function.description.split())
    a, n = re.escape(param.name), re.escape(count.name)
    first = re.search(rf"@{a}\s+(?:is|as)\s+NULL\s+and\s+@{n}\s+(?:is|as)\s+0\b|@{n}\s+to\s+0\s+and\s+@{a}\s+as\s+NULL\b", description) is not None
    pointed = count_type.endswith("*")
    if pointed and not first:
        raise Unsupported(f"struct pointer parameter ({where}: an array of structs no rule sizes)")
    ctype, _, high = _INTEGERS[count_type.rstrip(" *")]
    if cpumap and first:
        raise Unsupported(f"struct pointer parameter ({where}: an array of structs sized by a first call, beside its CPU maps)")
    return _StructArray(param.name, count.name, ctx.filled_arrays[" ".join(param.type.split())], first, ctype if pointed else "", high, cpumap, maplen)


def _struct_cpumaps(params: list[Param], index: int, count_type: str) -> tuple[str, str]:
    """The CPU maps beside an array of structs (its index in ``params``), one per element: the names of the
    map parameter and of one map's length, or ("", "").  The parameters right after the array's count
    (an ``int`` passed by value): an ``unsigned char *`` documented as a bit map "(OUT)" whose doc names the
    count (virDomainGetVcpus' "there is <maxinfo> cpumap in cpumaps array"), then the ``int`` giving its bytes."""
    if count_type not in ("int", "unsigned int") or len(params) < index + 4:
        return "", ""
    count, cpumap, maplen = params[index + 1 : index + 4]
    is_map = " ".join(cpumap.type.split()) == "unsigned char *" and _CPUMAP_DOC.search(cpumap.doc) and _OUTPUT_MARK.search(cpumap.doc)
    names_count = re.search(rf"\b{re.escape(count.name)}\b", cpumap.doc) is not None
    if is_map and names_count and _is_count(maplen) and _MAP_BYTES_DOC.search(maplen.doc):
        return cpumap.name, maplen.name
    return "", ""


def _struct_array_argument(param: Param, shape: _StructArray, call: list[str], argtypes: list[str]) -> None:
    """Placeholders for the array and its count: the runtime's reader passes them."""
    placeholders = {shape.param: "@structs", shape.count: "@count", shape.cpumap: "@cpumaps", shape.maplen: "@maplen"}
    call.append(placeholders[param.name])
    argtypes.append("ctypes.c_void_p" if param.name in (shape.param, shape.cpumap) or (param.name == shape.count and shape.count_ctype) else _argtype(param))


def _struct_array_read(function: Function, shape: _StructArray, call: list[str], ctx: _Context, owner: str | None = None) -> StructArrayRead:
    first, last = call.index("@structs"), call.index("@count")
    if last != first + 1:
        raise Unsupported(f"struct pointer parameter ({shape.param}: its count is not next to it)")
    counter = connection = ""
    if shape.cpumap:  # the maps and their length follow the count (_struct_cpumaps); the length is the host's CPUs'
        last = call.index("@maplen")
        if call[first : last + 1] != ["@structs", "@count", "@cpumaps", "@maplen"]:
            raise Unsupported(f"struct pointer parameter ({shape.param}: its CPU maps are not next to it)")
        counter, connection = _cpumap_counter(owner, ctx)
        if not counter or not connection:
            raise Unsupported(f"struct pointer parameter ({shape.param}: CPU maps beside it, and no function counts the host's CPUs for them)")
    fields = shape.struct.fields
    key = value = kind = ""
    names: tuple[tuple[int, str], ...] = ()
    if len(fields) == 2 and fields[1].python == "int":
        if fields[0].python in ("str", "str | None"):
            key, value, kind = fields[0].c_name, fields[1].c_name, "chars" if fields[0].python == "str" else "string"
        elif fields[0].python == "int" and (names := _tag_names(function, ctx)):
            key, value, kind = fields[0].c_name, fields[1].c_name, "tag"
    before, after = tuple(call[:first]), tuple(call[last + 1 :])
    return StructArrayRead(
        function.name, shape.param, shape.count, before, after, shape.struct, shape.first, shape.count_ctype, shape.most, key, value, kind, names,
        shape.cpumap, counter, connection,
    )


def _cpumap_counter(owner: str | None, ctx: _Context) -> tuple[str, str]:
    """The C function counting the host's CPUs and the expression giving the connection to call it on, as
    :func:`_cpumap_view` finds them ("" for either when there is none)."""
    if owner == CONNECTION:
        connection = "c_self"
    elif owner is not None and owner + "GetConnect" in ctx.functions:
        connection = f"_{owner}GetConnect(c_self)"
    else:
        connection = ""
    return ctx.host_cpu_counter, connection


def _common_prefix(names: list[str]) -> str:
    """The longest run of ``_``-separated words all ``names`` start with, its ``_`` kept (``VIR_DOMAIN_MEMORY_STAT_``)."""
    words = [name.split("_") for name in names]
    common: list[str] = []
    for column in zip(*words, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return "".join(word + "_" for word in common[: min(len(w) for w in words) - 1]) if words else ""


def _tag_names(function: Function, ctx: _Context) -> tuple[tuple[int, str], ...]:
    """An integer key's names: the members of the one enum whose members the description names, less their common prefix, lowercased."""
    named = [m for m in _MEMBER_NAME.findall(function.description) if m in ctx.member_enums]
    enums = {ctx.member_enums[m] for m in named}
    if len(enums) != 1:
        return ()
    wanted = enums.pop()
    enum = next(e for e in ctx.enums if e.name == wanted)
    members = [ctx.members[m] for m in enum.members if m in ctx.members and ctx.members[m].value is not None]
    prefix = _common_prefix([m.name for m in members])
    table: dict[int, str] = {}
    for member in members:
        if member.value is not None and member.value not in table and not member.name.endswith(("_LAST", "_NR")):
            table[member.value] = LIBVIRT_PYTHON_KEYS.get(member.name) or member.name[len(prefix) :].lower()
    return tuple(sorted(table.items()))


# --- arrays of struct pointers libvirt allocates -----------------------------------------------
#
# ``int virDomainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info,
# unsigned int flags)``: libvirt allocates an array of pointers to structs it
# allocates too, returns how many; the caller frees each element with the
# function the docs name, then the array with free().  The method takes no
# such parameter and returns a list of the struct's NamedTuple
# (:func:`_taken_structs`; docs/python-bindings.md).  Rules (no per-function table):
#
# * a ``T **`` parameter, ``T`` the ``Ptr`` typedef of a struct, in a function
#   returning ``int`` (the count, or -1), with no other output;
# * the description or the return doc names a ``vir...Free()`` function of
#   the library returning ``void`` whose one parameter is a ``T``: it frees
#   each element ("The caller is responsible for calling
#   virDomainFSInfoFree() on each array element"; virDomainInterfaceAddresses'
#   example calls virDomainInterfaceFree); none named: skipped, nothing
#   would say how to free them;
# * the struct's fields: integers (enums too), ``char *`` (a ``str | None``),
#   ``char **x`` or ``U *x`` (``U`` a struct of those fields) right after the
#   integer counting it (a ``list[str]``, a list of ``U``'s NamedTuple; the
#   count is no field of the tuple), an ``unsigned char *`` documented as a CPU
#   map right before its length in bytes (a list of bools, one per host CPU as
#   :func:`_cpumap_shapes`' maps, counted by the same function, CPUs past its
#   length False; a list, as the map libvirt allocates for getCPUMap() is, and
#   libvirt-python's ioThreadInfo() gives): :func:`_owned_pairs`;
# * everything is copied before anything is freed; each element is freed by
#   that function and the array by free() on every path (success, a
#   conversion failure, a Ctrl-C as the call returns: the count is stored
#   by ctypes before any Python code runs, see the runtime's ``_structs_take``).


@dataclass(frozen=True, slots=True)
class StructsTake:
    """How a method returning an array of struct pointers libvirt allocates calls C, and frees it."""

    function: str  # the C function
    param: str  # the C array parameter (``virDomainFSInfoPtr **info``)
    before: tuple[str, ...]  # C argument expressions before the array ...
    after: tuple[str, ...]  # ... and after it
    struct: FilledStruct  # the element struct
    release: str  # the C function freeing one element
    counter: str = ""  # a CPU map field: the C function counting the host's CPUs ...
    connection: str = ""  # ... and the expression giving the connection it is called on
    flat: bool = False  # an array of the structs themselves, freed by free() (:func:`_taken_array`): ``release`` is "free()"

    @property
    def annotation(self) -> str:
        return f"list[{self.struct.name}]"

    @property
    def runtime(self) -> str:
        """The runtime function making the call: ``_structs_take``, or ``_structs_take_flat`` for an array of structs."""
        return "_structs_take_flat" if self.flat else "_structs_take"

    def arguments(self) -> tuple[str, ...]:
        """The arguments of the runtime's ``_structs_take``, which makes the C call, converts the elements and frees them."""
        before, after = _tuple_expression(self.before), _tuple_expression(self.after)
        if self.flat:
            return (f"_{self.function}", before, after, self.struct.ctypes_name, f"_{self.struct.name}_value")
        cpus = "c__cpus" if self.struct.cpus else "None"
        return (f"_{self.function}", before, after, self.struct.ctypes_name, f"_{self.struct.name}_value", f"_{self.release}", cpus)

    def host_cpus(self) -> str:
        """The runtime call counting the host's CPUs into ``c__cpus`` (a CPU map field), as :class:`CpumapView`'s."""
        return CpumapView("one", self.function, (), (), self.counter, self.connection).host_cpus()


@dataclass(frozen=True, slots=True)
class _Taken:
    param: str
    struct: FilledStruct
    release: str
    flat: bool = False


_FREE_FUNCTION = re.compile(r"\b(vir\w*Free)\s*\(")


def _taken_structs(function: Function, params: list[Param], ctx: _Context) -> _Taken | None:
    """The array of struct pointers libvirt allocates (the rules above), None when the function has none."""
    found = [p for p in params if " ".join(p.type.split()).endswith(" **") and " ".join(p.type.split())[:-3] in ctx.owned]
    if not found:
        return _taken_array(function, params, ctx)
    if len(found) != 1 or function.return_type.strip() != "int":
        return None
    param = found[0]
    element = " ".join(param.type.split())[:-3]
    where = f"{param.type.strip()} {param.name}"
    named = dict.fromkeys(_FREE_FUNCTION.findall(function.description + "\n" + function.return_doc))
    releases = [
        name for name in named
        if (f := ctx.by_name.get(name)) is not None and f.return_type.strip() == "void" and [" ".join(p.type.split()) for p in f.params] == [element]
    ]  # fmt: skip
    if len(releases) != 1:
        raise Unsupported(f"struct pointer parameter ({where}: an array of structs libvirt allocates, its docs name no function freeing one)")
    return _Taken(param.name, ctx.owned[element], releases[0])


def _structs_take_view(function: Function, owner: str | None, taken: _Taken, call: list[str], ctx: _Context) -> StructsTake:
    first = call.index("@taken")
    counter = connection = ""
    if taken.struct.cpus:
        counter = ctx.host_cpu_counter
        if owner is not None and owner + "GetConnect" in ctx.functions:
            connection = f"_{owner}GetConnect(c_self)"
        elif owner == CONNECTION:
            connection = "c_self"
        if not counter or not connection:
            raise Unsupported(f"struct pointer parameter ({taken.param}: a CPU map field, and no function counts the host's CPUs for it)")
    before, after = tuple(call[:first]), tuple(call[first + 1 :])
    return StructsTake(function.name, taken.param, before, after, taken.struct, taken.release, counter, connection, taken.flat)


# --- arrays of structs libvirt allocates ---------------------------------------------------
#
# ``int virDomainGetSecurityLabelList(virDomainPtr domain, virSecurityLabelPtr
# *seclabels)``: libvirt allocates an array of the structs themselves (not of
# pointers to them), returns how many; the caller frees it with free().  The
# method returns a list of the struct's NamedTuple (:func:`_taken_array`;
# docs/python-bindings.md).  Rules (no per-function table):
#
# * a ``T *`` parameter, ``T`` the ``Ptr`` typedef of a struct of fixed layout
#   holding no pointer (:func:`_filled_structs`: integers and char arrays, so
#   nothing inside an element is the caller's to free), in a function
#   returning ``int`` whose return doc gives the number of elements of it;
# * its doc says libvirt allocates it ("auto-allocated") and the caller frees
#   it, naming no ``vir...Free()`` function (plain free(), the model's rule for
#   memory the caller frees);
# * everything is copied before the array is freed, on every path (a
#   conversion failure, a Ctrl-C as the call returns: the array is stored
#   through the bindings' pointer, see the runtime's ``_structs_take_flat``).

_ALLOCATED_DOC = re.compile(r"\ballocat", re.IGNORECASE)
_ELEMENTS_DOC = r"\b(?:number|count)\s+of\s+(?:elements|items|entries)?\s*(?:in|of)\s+@{name}\b"
_ALLOCATION_WORDS = re.compile(r"\b(?:auto-)?allocated\s+and\s+", re.IGNORECASE)


def _taken_array(function: Function, params: list[Param], ctx: _Context) -> _Taken | None:
    """The array of structs libvirt allocates (the rules above), None when the function has none."""
    found = [p for p in params if (t := " ".join(p.type.split())).endswith(" *") and t[:-2] in ctx.filled]
    if len(found) != 1 or function.return_type.strip() != "int":
        return None
    param = found[0]
    doc = " ".join(param.doc.split())
    counted = re.search(_ELEMENTS_DOC.format(name=re.escape(param.name)), " ".join(function.return_doc.split()), re.IGNORECASE)
    if not (counted and _ALLOCATED_DOC.search(doc) and _FREE_DOC.search(doc)) or _FREE_FUNCTION.search(doc):
        return None
    return _Taken(param.name, ctx.filled[" ".join(param.type.split())[:-2]], "free()", flat=True)


_OR_NULL = re.compile(r",?\s+or\s+NULL\b.*", re.DOTALL)  # "..., or NULL if the list is not required (...)": no NULL here


def _structs_take_returns_doc(function: Function, view: StructsTake, docs: _Docs) -> str:
    doc = _OR_NULL.sub("", output_doc(docs.params.get(view.param, "")))
    if view.flat:  # "will be auto-allocated and filled with ... Caller must free memory on return.": the bindings free it
        pieces = [piece for _, piece in split_outside_parentheses(one_paragraph(doc), SENTENCE_BREAK)]
        doc = " ".join(_ALLOCATION_WORDS.sub("", piece) for piece in pieces if not _FREE_DOC.search(piece))
    return f"a list of {view.struct.name}, one per struct the C function stores in @{view.param}" + (f" (C: {doc.rstrip('.')})" if doc else "")


# --- CPU maps, peeked bytes, values returned with their size --------------------------------
#
# Rules (no per-function table), each from the C types and the doc comments:
#
# * CPU maps (:func:`_cpumap_shapes`): an ``unsigned char *`` documented as a
#   "bit map" followed by the ``int`` giving its bytes (``maplen``) is a map
#   of host CPUs, CPU n being bit n % 8 of byte n / 8 (``VIR_USE_CPU``).
#   Documented "(IN)" (virDomainPinVcpu's ``cpumap``) it is a parameter taking
#   a sequence of bools (or the ints 0 and 1), item n for CPU n: the bindings
#   build the map up to the last CPU set (at least one byte) and pass its
#   length, which the ``maplen`` doc allows ("If maplen < size, missing bytes
#   are set to zero"), so no count of the host's CPUs is asked first.
#   Documented "(OUT)", the bindings size it: one map per host CPU count
#   (:func:`_host_cpu_counter`: the function giving it, called with NULL
#   outputs), and the method returns it as a tuple of bools, one per host
#   CPU; with an ``int`` count before it named after it (``ncpumaps``), the
#   bindings choose the count as they size a list with no counting function
#   (``_CPUMAPS_FIRST`` maps, doubled while the C call fills them all) and the method returns a list of
#   tuples, one per map the call returns.  An ``unsigned char **`` bit map
#   "(OUT)" in a function whose return doc gives the "number of CPUs" is a map
#   libvirt allocates, that many bits long: the method returns (that number,
#   the map as a list of bools, the function's integer outputs, optional ones
#   included: they describe the map), libvirt-python's getCPUMap() shape; the
#   map is freed on every path (it is stored through a pointer, so a Ctrl-C
#   raised as the call returns still finds it).
# * Peeked bytes (:func:`_peek_buffers`): a ``void *`` documented as a buffer
#   of "at least @size bytes", right after its ``size_t`` size, in a
#   function returning ``int`` whose return doc gives no value but 0 and -1:
#   the method takes the size, the bindings allocate the buffer and return
#   all ``size`` bytes (virDomainBlockPeek); the stream reads' shape
#   (:func:`_read_buffers`) without a byte count.
# * A value returned with outputs (:func:`_value_with_outputs`): a function
#   returning a ``char *`` the caller frees with integer outputs returns the
#   string and the outputs as a tuple (virDomainGetSchedulerType: ("fair",
#   1)); one returning an ``unsigned char *`` whose return doc says to free it,
#   with one ``size_t *`` output documented as its size, returns those bytes
#   (virSecretGetValue), the memory overwritten with zeros before it is freed
#   (it holds a secret; libvirt-python frees it as it is).

_CPUMAP_DOC = re.compile(r"\bbit\s*map\b", re.IGNORECASE)
_MAP_BYTES_DOC = re.compile(r"\bbytes\b", re.IGNORECASE)
_CPU_COUNT_DOC = re.compile(r"\bnumber\s+of\s+CPUs\b", re.IGNORECASE)
_INPUT_MARK = re.compile(r"\(IN\)")
_OUTPUT_MARK = re.compile(r"\(OUT\)")
# A buffer of the size before it: "return buffer (must be at least size bytes)".
_AT_LEAST_DOC = r"\bbuffer\b[^.]*\bat\s+least\s+'?@?{name}'?\s+bytes\b"
_FREE_DOC = re.compile(r"\bfree\b", re.IGNORECASE)
_SIZE_DOC = re.compile(r"\bsize\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CpumapShape:
    """One CPU map parameter (:func:`_cpumap_shapes`)."""

    kind: str  # in | one (one map the bindings size) | each (a map per item, their count the bindings'), | take (libvirt allocates it)
    map: str  # the C parameter names of the map ...
    size: str = ""  # ... of its length in bytes ("" for take) ...
    count: str = ""  # ... and, for each, of the number of maps


@dataclass(frozen=True, slots=True)
class CpumapView:
    """How a method reading CPU maps calls C: the map's place among the C arguments, and what sizes it."""

    kind: str  # one | each | take
    function: str
    before: tuple[str, ...]  # C argument expressions before the map (each: before its count) ...
    after: tuple[str, ...]  # ... and after it (one, each: after its size)
    counter: str = ""  # one, each: the C function counting the host's CPUs
    connection: str = ""  # one, each: the expression giving the connection pointer it is called with
    most: int = 0  # each: the largest count the count parameter takes

    def expression(self) -> str:
        """The runtime call that makes the C call and returns the map(s)."""
        before, after = _tuple_expression(self.before), _tuple_expression(self.after)
        if self.kind == "take":
            return f"_cpumap_take(_{self.function}, {before}, {after})"
        if self.kind == "each":
            return f"_cpumaps_fill(_{self.function}, {before}, {after}, c__cpus, {self.most})"
        return f"_cpumap_one(_{self.function}, {before}, {after}, c__cpus)"

    def host_cpus(self) -> str:
        """one, each: the runtime call counting the host's CPUs (into ``c__cpus``, which :meth:`expression` passes on)."""
        source = f'"{self.connection.removeprefix("_").split("(")[0]}"' if self.connection != "c_self" else '""'
        return f"_host_cpus(_{self.counter}, {self.connection}, {source})"


def _cpumap_shapes(function: Function, params: list[Param]) -> tuple[_CpumapShape, ...]:
    """The CPU maps a function takes or returns (the rules above the section); ``Unsupported`` for two outputs."""
    shapes: list[_CpumapShape] = []
    for index, param in enumerate(params):
        c_type = " ".join(param.type.split())
        if not _CPUMAP_DOC.search(param.doc):
            continue
        after = params[index + 1] if index + 1 < len(params) else None
        before = params[index - 1] if index > 0 else None
        if c_type == "unsigned char *" and after is not None and _is_count(after) and _MAP_BYTES_DOC.search(after.doc):
            if _INPUT_MARK.search(param.doc):
                shapes.append(_CpumapShape("in", param.name, after.name))
            elif _OUTPUT_MARK.search(param.doc) and function.return_type.strip() == "int":
                counted = before is not None and _is_count(before) and _names_array(before, param)
                shapes.append(_CpumapShape("each" if counted else "one", param.name, after.name, before.name if counted and before else ""))
        elif c_type == "unsigned char **" and _OUTPUT_MARK.search(param.doc) and _returns_cpu_count(function):
            shapes.append(_CpumapShape("take", param.name))
    if sum(s.kind != "in" for s in shapes) > 1:
        raise Unsupported(f"sized buffer ({', '.join(s.map for s in shapes if s.kind != 'in')}: more than one CPU map output)")
    return tuple(shapes)


def _returns_cpu_count(function: Function) -> bool:
    return function.return_type.strip() == "int" and _CPU_COUNT_DOC.search(" ".join(function.return_doc.split())) is not None


def _host_cpu_counter(ctx: _Context) -> str:
    """The C function counting the host's CPUs, "" when the library has none: the one taking a connection
    whose CPU map libvirt allocates (its return the number of CPUs), every other parameter ``flags`` or a
    pointer documented optional, so that it can be called with NULLs and 0 (virNodeGetCPUMap)."""
    found = []
    for candidate in ctx.by_name.values():
        params = list(candidate.params)
        if not params or " ".join(params[0].type.split()) != CONNECTION + "Ptr":
            continue
        try:
            shapes = _cpumap_shapes(candidate, params[1:])
        except Unsupported:
            continue
        rest = params[1:]
        optional = all(p.name == "flags" or (p.type.strip().endswith("*") and _OPTIONAL.search(p.doc.strip())) for p in rest)
        if [s.kind for s in shapes] == ["take"] and optional and rest and rest[-1].name == "flags":
            found.append(candidate.name)
    return found[0] if len(found) == 1 else ""


def _cpumap_parameter(param: Param, pnames: dict[str, str], shapes: tuple[_CpumapShape, ...], call: list[str], argtypes: list[str]) -> ArgView | None:
    """The C arguments of a CPU map and its size (and count); for an input map the Python parameter giving both."""
    shape = next(s for s in shapes if param.name in (s.map, s.size, s.count))
    if shape.kind == "in":
        if param.name == shape.size:
            call.append("c_" + pnames[shape.size])
            argtypes.append(_argtype(param))
            return None
        call.append("c_" + pnames[param.name])
        argtypes.append("ctypes.c_char_p")
        most = _INTEGERS["int"][2]
        return ArgView(pnames[param.name], "cpumap", "Sequence[bool | SupportsIndex]", None, count=pnames[shape.size], most=most)
    placeholder = {shape.map: "@map", shape.size: "@size", shape.count: "@count"}[param.name]
    call.append(placeholder)
    argtypes.append(_argtype(param) if placeholder in ("@size", "@count") else "ctypes.c_void_p")
    return None


def _cpumap_view(function: Function, owner: str | None, shapes: tuple[_CpumapShape, ...], call: list[str], ctx: _Context) -> CpumapView | None:
    shape = next((s for s in shapes if s.kind != "in"), None)
    if shape is None:
        return None
    where = f"sized buffer ({shape.map}"
    if shape.kind == "take":
        first = call.index("@map")
        return CpumapView("take", function.name, tuple(call[:first]), tuple(call[first + 1 :]))
    counter = ctx.host_cpu_counter
    if not counter:
        raise Unsupported(f"{where}: no function of the library counts the host's CPUs)")
    if owner == CONNECTION:
        connection = "c_self"
    elif owner is not None and owner + "GetConnect" in ctx.functions:
        connection = f"_{owner}GetConnect(c_self)"
    else:
        raise Unsupported(f"{where}: no connection to count the host's CPUs on)")
    first = call.index("@count") if shape.kind == "each" else call.index("@map")
    last = call.index("@size")
    if last != call.index("@map") + 1 or (shape.kind == "each" and call.index("@map") != first + 1):
        raise Unsupported(f"{where}: its size is not next to it)")
    count = next((p for p in function.params if p.name == shape.count), None)
    most = _INTEGERS[" ".join(count.type.split())][2] if count is not None else 0
    return CpumapView(shape.kind, function.name, tuple(call[:first]), tuple(call[last + 1 :]), counter, connection, most)


def _cpumap_annotation(view: CpumapView, outs: list[OutView]) -> str:
    if view.kind == "one":
        return "tuple[bool, ...]"
    if view.kind == "each":
        return "list[tuple[bool, ...]]"
    return "tuple[" + ", ".join(["int", "list[bool]", *(_out_annotation(o) for o in outs)]) + "]"


_CPUMAP_ARG_DOC = "the host CPUs it may use: a sequence of bools (or 0 and 1), item N for host CPU N, True for usable; CPUs past its end are unusable"


def _cpumap_returns_doc(function: Function, view: CpumapView, outs: list[OutView], docs: _Docs) -> str:
    returned, _ = without_failure_values(one_paragraph(function.return_doc))
    c_return = f" (C returns {returned.rstrip('.')})" if returned else ""
    if view.kind == "take":
        extra = "".join(f", {o.name}: {output_doc(docs.params.get(o.name, ''))}" for o in outs)
        return f"a tuple (the C return: {returned.rstrip('.')}, the CPU map as a list of that many bools, True for a CPU whose bit is set{extra})"
    per_cpu = PER_CPU_NOTE.replace("{function}", view.counter)
    if view.kind == "each":
        return f"the CPU maps the C function stores, as a list with a tuple for each map it returns{c_return}: {per_cpu}"
    return f"the CPU map the C function stores, as a tuple of {per_cpu}{c_return}"


def _peek_buffers(function: Function, params: list[Param]) -> dict[str, str]:
    """Untyped buffers the library fills whole: size parameter name → buffer parameter name (the rules above the section)."""
    if function.return_type.strip() != "int" or not set(_RETURN_VALUES.findall(function.return_doc)) <= {"0", "-1"}:
        return {}
    found = {
        size.name: buffer.name
        for size, buffer in pairwise(params)
        if " ".join(buffer.type.split()) == "void *"
        and size.type.strip() == "size_t"
        and re.search(_AT_LEAST_DOC.format(name=re.escape(size.name)), " ".join(buffer.doc.split()), re.IGNORECASE)
    }
    return found if len(found) == 1 else {}


def _value_with_outputs(function: Function) -> str:
    """What a function returning a value besides its outputs returns: "str", "bytes" or "" (the rules above the section)."""
    c_type = " ".join(function.return_type.split())
    if function.header == "virterror":
        return ""
    if c_type == "char *":
        return "str"
    sizes = [p for p in function.params if " ".join(p.type.split()) == "size_t *"]
    outputs = [p for p in function.params if p.type.strip().endswith("*") and p is not function.params[0]]
    if c_type == "unsigned char *" and _FREE_DOC.search(function.return_doc) and len(sizes) == 1 and outputs == sizes and _SIZE_DOC.search(sizes[0].doc):
        return "bytes"
    return ""


# --- event callbacks ---------------------------------------------------------------------
#
# ``int virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom,
# int eventID, virConnectDomainEventGenericCallback cb, void *opaque,
# virFreeCallback freecb)``: libvirt calls ``cb`` cast to the function type
# the event ID's enum member names.  The rules (:func:`_event_shape`,
# :func:`_event_callback`) and what the package does with them are in the
# module docstring's section on event callbacks.

_GENERIC_CALLBACK = "GenericCallback"
_EVENT_ID_TYPE = "int"


@dataclass(frozen=True, slots=True)
class EventArg:
    """One parameter of an event's C callback: its ctypes type and the Python value the user's callback gets for it."""

    kind: str  # conn | handle | str | int | typed | count (typed's, no value of its own) | opaque; during a call also bytes | fill | out
    ctype: str
    handle: str = ""  # handle: the class
    keeps: bool = False  # handle: the class's parent is the connection (``_adopt(pointer, conn)``)
    element: str = ""  # out: the C integer type the pointer points to

    @property
    def expression(self) -> str:
        """The runtime's spec of this argument: a kind's name, or (class, its Ref function, the connection is its parent),
        or ("out", the ctypes integer, its lowest and highest value)."""
        if self.kind == "handle":
            return f"({self.handle}, _{self.handle}Ref, {self.keeps})"
        if self.kind == "out":
            ctype, low, high = _INTEGERS[self.element]
            return f'("out", {ctype}, {low}, {high})'
        return f'"{self.kind}"'


@dataclass(frozen=True, slots=True)
class EventCallback:
    """One event ID of a registering function: the C function type libvirt calls for it, and its arguments."""

    event_id: int
    member: str  # the enum member: VIR_DOMAIN_EVENT_ID_LIFECYCLE
    functype: str  # the function type its doc names: virConnectDomainEventCallback
    restype: str  # "None" or the ctypes integer the callback returns
    args: tuple[EventArg, ...] = ()
    unsupported: str = ""  # the parameter the bindings cannot convert ("" when none): the event ID raises VIR_ERR_NO_SUPPORT

    @property
    def returned(self) -> str:
        """What the thunk returns to libvirt: 0 for an integer-returning callback (libvirt-python's), else None."""
        return "None" if self.restype == "None" else "0"

    @property
    def spec(self) -> tuple[str, ...]:
        """The lines of the runtime's entry for this event ID (a parenthesized expression): (CFUNCTYPE, argument
        specs, returned), or the reason it is unsupported (a str: raised as VIR_ERR_NO_SUPPORT)."""
        if self.unsupported:
            return (
                py_str(f"event ID {self.event_id} ({self.member}) is not supported by these bindings:"),
                py_str(f" its callback {self.functype} takes {self.unsupported}, which they do not convert"),
            )
        return (_cfunctype(self.restype, self.args) + ",", _tuple_expression(tuple(a.expression for a in self.args)) + ",", self.returned + ",")


@dataclass(frozen=True, slots=True)
class EventsView:
    """A function registering an event callback: its event IDs, and how libvirt reports an argument error for it."""

    function: str  # the C function
    enum: str  # the event-ID enum whose member docs name the callbacks
    error_domain: str  # the VIR_FROM_* constant of libvirt's errors for the function, or "0"
    callbacks: tuple[EventCallback, ...]
    before: tuple[str, ...]  # C argument expressions before the event ID (``c_self``, ``c_dom``)
    event_id: str  # the Python parameter names: event ID, callback, opaque
    callback: str
    opaque: str
    filters: tuple[tuple[str, str], ...] = ()  # each filtering handle's Python parameter and its class's Ref function
    alias: str = ""  # the public type alias of the callbacks it takes: DomainEventCallback

    @property
    def shapes(self) -> tuple[str, ...]:
        """The Python types of the callbacks of its supported event IDs, each once, in event-ID order (the alias's union)."""
        found = [_event_annotation(c.args) for c in self.callbacks if not c.unsupported]
        return tuple(dict.fromkeys(found))

    @property
    def known(self) -> int:
        """The event IDs the package knows are 0 .. known-1 (another ID: VIR_ERR_INVALID_ARG, our refusal before any C call)."""
        return max((c.event_id for c in self.callbacks), default=-1) + 1

    @property
    def table(self) -> str:
        """The name of the module-level table of this function's event IDs."""
        return f"_EVENTS_{self.function}"

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(c.member for c in self.callbacks if c.unsupported)


@dataclass(frozen=True, slots=True)
class _EventShape:
    """Where a registering function's parts are (:func:`_event_shape`)."""

    objects: tuple[Param, ...]  # the handles filtering the events (``dom``), each may be NULL
    event_id: Param
    callback: Param
    opaque: Param
    free: Param
    enum: Enum_


def _event_shape(function: Function, params: list[Param], ctx: _Context) -> _EventShape | None:
    """The event-callback registration shape, None for any other function; ``Unsupported`` when its event IDs cannot be found.

    A method of ``virConnect`` whose last four parameters are an ``int``
    (the event ID), a function type named ``...GenericCallback`` (G), a
    ``void *`` (opaque) and a function type taking one ``void *`` and
    returning ``void`` (``virFreeCallback``), after handles only (the
    object filtering the events, NULL for all).  The event IDs are the
    members of the one enum whose members' docs each name one function
    type starting as G does less ``GenericCallback``
    (``VIR_DOMAIN_EVENT_ID_LIFECYCLE``: "virConnectDomainEventCallback");
    the sentinel (``..._LAST``) is no event ID.
    """
    if len(params) < 4 or " ".join(function.params[0].type.split()) != CONNECTION + "Ptr":
        return None
    *objects, event_id, callback, opaque, free = params
    callback_type = " ".join(callback.type.split())
    free_type = ctx.functype_defs.get(" ".join(free.type.split()))
    if (
        not callback_type.endswith(_GENERIC_CALLBACK)
        or callback_type not in ctx.functype_defs
        or " ".join(event_id.type.split()) != _EVENT_ID_TYPE
        or " ".join(opaque.type.split()) != "void *"
        or free_type is None
        or free_type.return_type.strip() != "void"
        or [" ".join(p.type.split()) for p in free_type.params] != ["void *"]
        or any(handle_of(p.type.strip(), ctx.classes) is None for p in objects)
    ):
        return None
    for p in objects:
        if (handle_of(p.type.strip(), ctx.classes) or "") + "Ref" not in ctx.functions:
            raise Unsupported(f"filter parameter ({p.type} {p.name}: its class has no Ref function to report a closed one as libvirt does)")
    enum = _event_enum(callback_type.removesuffix(_GENERIC_CALLBACK), ctx)
    if enum is None:
        raise Unsupported(f"callback parameter ({callback.type} {callback.name}: no enum's members name the callbacks of its event IDs)")
    return _EventShape(tuple(objects), event_id, callback, opaque, free, enum)


def _event_members(enum: Enum_, ctx: _Context) -> list[EnumMember]:
    return [m for n in enum.members if (m := ctx.members.get(n)) is not None and not m.sentinel and m.value is not None]


def _named_functype(member: EnumMember, prefix: str, ctx: _Context) -> str | None:
    """The one function type starting with ``prefix`` that the member's doc names, None when it names none or several."""
    named = {word for word in re.findall(r"\b\w+\b", member.doc) if word.startswith(prefix) and word in ctx.functype_defs}
    return named.pop() if len(named) == 1 else None


def _event_enum(prefix: str, ctx: _Context) -> Enum_ | None:
    """The one enum whose every member's doc names a function type starting with ``prefix``; None when none or several do."""
    found = [e for e in ctx.enums if (members := _event_members(e, ctx)) and all(_named_functype(m, prefix, ctx) for m in members)]
    return found[0] if len(found) == 1 else None


def _event_callback(member: EnumMember, functype: FuncType, ctx: _Context) -> EventCallback:
    """An event ID's callback: each C parameter's conversion (:func:`_callback_args`), or the first one the bindings cannot convert."""
    value = member.value or 0
    restype, args, unsupported = _callback_args(functype, ctx)
    if unsupported:
        return EventCallback(value, member.name, functype.name, "None", unsupported=unsupported)
    return EventCallback(value, member.name, functype.name, restype, args)


def _callback_args(
    functype: FuncType, ctx: _Context, registering: str | None = CONNECTION + "Ptr", buffers: bool = False
) -> tuple[str, tuple[EventArg, ...], str]:
    """What a C callback type's parameters are in Python: (its ctypes return type, each parameter's conversion, "")
    or ("None", (), what the bindings cannot convert).

    ``virConnectPtr`` (``registering``: the C type of the object whose
    method registers, a ``virStreamPtr`` for a stream's) is the registering
    object; another handle
    a new object holding its own reference (the pointer is libvirt's only
    during the call: its Ref function is called first); ``const char *``
    and ``char *`` a ``str`` (None for NULL, copied, never freed); an
    integer an ``int``; ``virTypedParameterPtr`` followed by an ``int``
    count a dict (libvirt's array: read, not freed); the last ``void *``
    the user's opaque.  The callback returns ``void`` or an integer.
    With ``buffers`` (a callback called only during the call,
    :func:`_during_shape`), a ``const char *`` followed by a ``size_t`` is
    ``bytes`` (libvirt's data, copied; the size gives no value of its own),
    a ``char *`` followed by a ``size_t`` the buffer the callback's return
    fills (no value; the size an ``int``), a pointer to an integer an
    output, which the callback returns (no value).
    """
    returns = " ".join(functype.return_type.split())
    if returns != "void" and returns not in _INTEGERS:
        return "None", (), f"a return type {returns}"
    args: list[EventArg] = []
    params = functype.params
    for index, param in enumerate(params):
        c_type = " ".join(param.type.split())
        handle = handle_of(c_type, ctx.classes)
        if args and args[-1].kind in ("bytes", "fill"):
            args.append(EventArg("count" if args[-1].kind == "bytes" else "int", _INTEGERS["size_t"][0]))
        elif buffers and c_type in ("const char *", "char *") and index + 1 < len(params) and " ".join(params[index + 1].type.split()) == "size_t":
            args.append(EventArg("bytes" if c_type == "const char *" else "fill", "ctypes.c_void_p"))
        elif buffers and c_type.endswith(" *") and c_type[:-2] in _INTEGERS:
            args.append(EventArg("out", "ctypes.c_void_p", element=c_type[:-2]))
        elif args and args[-1].kind == "typed":
            if c_type not in ("int", "unsigned int"):
                typed = params[index - 1]
                return "None", (), f"{typed.type} {typed.name} without a count"
            args.append(EventArg("count", _INTEGERS[c_type][0]))
        elif c_type == "void *" and index == len(params) - 1:
            args.append(EventArg("opaque", "ctypes.c_void_p"))
        elif c_type == registering:
            args.append(EventArg("conn", "ctypes.c_void_p"))
        elif handle is not None and handle + "Ref" in ctx.functions:
            args.append(EventArg("handle", "ctypes.c_void_p", handle))
        elif c_type in ("const char *", "char *"):
            args.append(EventArg("str", "ctypes.c_char_p"))
        elif c_type in _INTEGERS:
            args.append(EventArg("int", _INTEGERS[c_type][0]))
        elif c_type == "virTypedParameterPtr" and ctx.typed is not None:
            args.append(EventArg("typed", "ctypes.c_void_p"))
        else:
            return "None", (), f"{param.type} {param.name}"
    if not args or args[-1].kind != "opaque":
        return "None", (), "no opaque pointer last"
    return ("None" if returns == "void" else _INTEGERS[returns][0]), tuple(args), ""


def _error_domain(function: Function, ctx: _Context) -> str:
    """The error domain libvirt reports argument errors of ``function`` in: ``VIR_FROM_`` + the name of the
    ``.c`` module defining it (libvirt-domain.c's ``VIR_FROM_THIS`` is ``VIR_FROM_DOMAIN``; -network,
    -storage, -nodedev, -secret the same way); "0" (VIR_FROM_NONE) when the enum has no such member."""
    name = "VIR_FROM_" + function.module.removeprefix("libvirt-").replace("-", "_").upper()
    return name if name in ctx.members and ctx.members[name].value is not None else "0"


_EVENT_TYPES = {"str": "Any", "int": "int", "typed": _TYPED_DICT.replace("Mapping", "dict"), "opaque": "Any"}


def _event_annotation(args: tuple[EventArg, ...]) -> str:
    """One event callback's Python type: ``Callable[[virConnect, virDomain, int, int, Any], object]``.  Its strings
    and opaque are ``Any``: which strings may be NULL depends on the event, and the opaque's type cannot be tied to
    the ``opaque`` argument across a union (mypy checks the arity, the handles and the integers)."""
    types = [CONNECTION if a.kind == "conn" else a.handle or _EVENT_TYPES[a.kind] for a in args if a.kind != "count"]
    return f"Callable[[{', '.join(types)}], object]"


def _event_alias(enum: Enum_, ctx: _Context) -> str:
    """The public type alias of a registering function's callbacks, named after its event-ID enum's class:
    ``DomainEventID`` -> ``DomainEventCallback``."""
    return enum_class_name(enum.name, ctx.classes).removesuffix("ID") + "Callback"


def _event_function_view(function: Function, name: PyName, params: list[Param], shape: _EventShape, ctx: _Context) -> FunctionView:
    pnames = python_parameters(function, True, ctx.package)
    prefix = " ".join(shape.callback.type.split()).removesuffix(_GENERIC_CALLBACK)
    callbacks = []
    for member in _event_members(shape.enum, ctx):
        functype = ctx.functype_defs[_named_functype(member, prefix, ctx) or ""]
        callbacks.append(_event_callback(member, functype, ctx))
    handles = [(p, handle_of(p.type.strip(), ctx.classes) or "") for p in shape.objects]
    args = [ArgView(pnames[p.name], "opthandle", f"{handle} | None", None, handle=handle) for p, handle in handles]
    low, high = _INTEGERS[_EVENT_ID_TYPE][1:]
    args.append(ArgView(pnames[shape.event_id.name], "int", "SupportsIndex", None, low=low, high=high))
    alias = _event_alias(shape.enum, ctx)
    args.append(ArgView(pnames[shape.callback.name], "callback", alias, None))
    args.append(ArgView(pnames[shape.opaque.name], "opaque", "object", None))
    events = EventsView(
        function.name,
        shape.enum.name,
        _error_domain(function, ctx),
        tuple(sorted(callbacks, key=lambda c: c.event_id)),
        ("c_self", *("c_" + pnames[p.name] for p in shape.objects)),
        event_id=pnames[shape.event_id.name],
        callback=pnames[shape.callback.name],
        opaque=pnames[shape.opaque.name],
        filters=tuple((pnames[p.name], handle + "Ref") for p, handle in handles),
        alias=alias,
    )
    docs = _function_docs(function, ctx)
    description = _event_description(docs.description, ctx)
    docs = replace(docs, description=description.rstrip() + "\n\n" + _event_doc(events, args[0] if shape.objects else None, ctx.stopping))
    call = (*events.before, events.event_id, events.callback, events.opaque, "_event_free")
    argtypes = ("ctypes.c_void_p",) * len(events.before) + ("ctypes.c_int", "ctypes.c_void_p", "ctypes.c_void_p", "ctypes.c_void_p")
    return replace(_status_view(function, name, ctx, docs, args, call, argtypes), events=events)


def _event_doc(events: EventsView, target: ArgView | None, stopping: str) -> str:
    """What the C description cannot say: the Python values the callback gets, and which event IDs raise."""
    what = f"{target.name} (a new {target.handle}, yours to keep), " if target is not None else ""
    closed = ""
    if target is not None:
        closed = f" None for {target.name} means every object; a closed one raises libvirtError (the error libvirt gives for a NULL {target.handle})."
    text = (
        f"In Python: {events.callback} is called from the thread running the event loop as"
        f" {events.callback}(conn, {what}the other arguments of the event ID's C callback..., {events.opaque}),"
        " conn being this connection object; a string is a str (None for NULL), an integer an int, typed parameters"
        f" a dict. What it returns is ignored, and an exception it raises is printed on stderr, never passed to libvirt{stopping}."
        f"{closed} The event ID must be one of {events.enum}'s (others raise libvirtError, VIR_ERR_INVALID_ARG)"
    )
    if events.unsupported:
        unsupported = ", ".join(events.unsupported)
        return text + f"; these raise libvirtError (VIR_ERR_NO_SUPPORT), their callbacks taking values the bindings do not convert: {unsupported}."
    return text + "."


def _event_views(views: list[FunctionView], parents: dict[str, str]) -> list[FunctionView]:
    """Event callbacks' handle arguments of a class whose parent is the connection get the registering one, and the
    DeregisterAny function of each registering one (its name with ``RegisterAny`` -> ``DeregisterAny``, bound)
    drops the registrations libvirt released in its call (``buries_events``)."""
    deregisters = {v.c_name.replace("RegisterAny", "DeregisterAny") for v in views if v.events is not None}
    result = []
    for view in views:
        if view.c_name in deregisters:
            view = replace(view, buries_events=True)
        if view.events is not None:
            callbacks = tuple(replace(c, args=tuple(replace(a, keeps=parents.get(a.handle) == CONNECTION) for a in c.args)) for c in view.events.callbacks)
            view = replace(view, events=replace(view.events, callbacks=callbacks))
        result.append(view)
    return result


_CAST_MACRO = re.compile(r"\bVIR_\w+_CALLBACK\(\)")  # VIR_DOMAIN_EVENT_CALLBACK(): C's cast of the callback


def _event_description(description: str, ctx: _Context) -> str:
    """The C description less what only a C caller does, which the Python note contradicts: a sentence naming a
    ``VIR_..._CALLBACK()`` cast macro, and a paragraph naming a handle class's Ref function (the lent handle valid
    only during the callback, to be kept by Ref and released by Free: in Python the object is the callback's to
    keep).  The whole paragraph, not the sentence: left alone, the one before says the handle dies with the call,
    and the one after releases "the reference"."""
    refs = {c + "Ref" for c in ctx.classes}
    kept = []
    for paragraph in PARAGRAPH_BREAK.split(description.strip()):
        if refs.intersection(re.findall(r"\b\w+\b", paragraph)):
            continue
        text = without_sentences(paragraph, _CAST_MACRO)
        if text:
            kept.append(text)
    return "\n\n".join(kept)


# --- callbacks libvirt keeps one of per connection: close callbacks ---------------------------------
#
# ``int virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc
# cb, void *opaque, virFreeCallback freecb)`` and ``int
# virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc
# cb)``: no event ID, no callback ID; the unregistering call names the
# registration by the C function pointer.  Rules (:func:`_callback_shape`,
# :func:`_unregistered_by`, no per-function table):
#
# * registering: a method of ``virConnect`` whose parameters after the
#   connection are exactly a function type F, a ``void *`` opaque and a
#   function type ``void (void *)`` (``virFreeCallback``), F returning
#   ``void`` or an integer with parameters the event callbacks' conversions
#   cover (:func:`_callback_args`) and named by no enum member's doc (an
#   event-ID enum's members name their callbacks: those are registered by
#   event ID, ``...RegisterAny``; the old ``virConnectDomainEventRegister``
#   pair keeps several callbacks per connection told apart by their C
#   function, which one C function for all cannot do, so it stays skipped);
# * unregistering: a method of ``virConnect`` whose one parameter after the
#   connection is of a registering function's F: it takes no Python
#   argument;
# * every registration passes libvirt the same C function, one thunk per
#   registering function made once per process (never freed, as libvirt
#   may hold its address until exit), with a token as the C opaque keying
#   the events' registry (the user's callback, opaque and the connection),
#   and the events' ``freecb``; so the unregistering call passes that
#   thunk, as libvirt-python passes its one C dispatcher.  After it
#   succeeds, libvirt holds no registration of this connection (its drivers
#   keep one at most, and a driver with no close callbacks, the test
#   driver, keeps none and never calls ``freecb``): the registry's entries
#   of the connection go then (the runtime's ``_callback_forget``), which
#   is safe because the thunk lives on and tokens are never reused.


def _cfunctype(restype: str, args: tuple[EventArg, ...]) -> str:
    """The ``ctypes.CFUNCTYPE(...)`` expression of a C callback returning ``restype`` and taking ``args``."""
    return f"ctypes.CFUNCTYPE({', '.join([restype, *(a.ctype for a in args)])})"


@dataclass(frozen=True, slots=True)
class RegisteredCallback:
    """A registration's C callback: its type, its arguments' conversions, and the Python parameters giving it."""

    function: str  # the registering C function
    functype: str  # the C callback type: virConnectCloseFunc
    restype: str  # "None" or the ctypes integer the callback returns
    args: tuple[EventArg, ...]
    callback: str  # the Python parameters: callback, opaque
    opaque: str

    @property
    def functype_expression(self) -> str:
        return _cfunctype(self.restype, self.args)

    @property
    def kinds(self) -> str:
        return _tuple_expression(tuple(a.expression for a in self.args))

    @property
    def returned(self) -> str:
        return "None" if self.restype == "None" else "0"


@dataclass(frozen=True, slots=True)
class CallbackView(RegisteredCallback):
    """A close-callback registration: the one thunk of the function."""

    @property
    def thunk(self) -> str:
        """The module-level name of the one C function every registration passes libvirt."""
        return f"_thunk_{self.function}"


@dataclass(frozen=True, slots=True)
class _CallbackShape:
    """Where a close-callback registration's parts are (:func:`_callback_shape`)."""

    callback: Param
    opaque: Param
    free: Param
    functype: FuncType
    restype: str
    args: tuple[EventArg, ...]


def _is_free_callback(param: Param, ctx: _Context) -> bool:
    """A parameter of a function type ``void (void *)``: libvirt's ``virFreeCallback``."""
    free_type = ctx.functype_defs.get(" ".join(param.type.split()))
    return free_type is not None and free_type.return_type.strip() == "void" and [" ".join(p.type.split()) for p in free_type.params] == ["void *"]


def _event_functypes(ctx: _Context) -> frozenset[str]:
    """The function types an enum member's doc names: the event callbacks (``VIR_DOMAIN_EVENT_ID_LIFECYCLE``:
    "virConnectDomainEventCallback"), registered by event ID."""
    return frozenset(w for m in ctx.members.values() for w in re.findall(r"\b\w+\b", m.doc) if w in ctx.functype_defs)


def _callback_shape(function: Function, params: list[Param], ctx: _Context) -> _CallbackShape | None:
    """The close-callback registration shape (the rules above), None for any other function; ``Unsupported`` when
    its callback takes what the bindings do not convert."""
    if len(params) != 3 or " ".join(function.params[0].type.split()) != CONNECTION + "Ptr":
        return None
    callback, opaque, free = params
    functype = ctx.functype_defs.get(" ".join(callback.type.split()))
    if functype is None or " ".join(opaque.type.split()) != "void *" or not _is_free_callback(free, ctx) or functype.name in _event_functypes(ctx):
        return None
    restype, args, unsupported = _callback_args(functype, ctx)
    if unsupported:
        raise Unsupported(f"callback parameter ({callback.type} {callback.name}: it takes {unsupported}, which the bindings do not convert)")
    return _CallbackShape(callback, opaque, free, functype, restype, args)


def _unregistered_by(function: Function, params: list[Param], ctx: _Context) -> str | None:
    """The registering function whose callback ``function`` unregisters (the rules above), None for any other
    function; ``Unsupported`` when that function is not bound (or several would fit)."""
    if len(params) != 1 or " ".join(function.params[0].type.split()) != CONNECTION + "Ptr":
        return None
    c_type = " ".join(params[0].type.split())
    if c_type not in ctx.functype_defs:
        return None
    found: list[str] = []
    for other in ctx.by_name.values():
        if len(other.params) == 4 and other is not function and [" ".join(p.type.split()) for p in other.params[:2]] == [CONNECTION + "Ptr", c_type]:
            try:
                shape = _callback_shape(other, list(other.params[1:]), ctx)
            except Unsupported as reason:
                raise Unsupported(f"callback parameter ({params[0].type} {params[0].name}: its registering function {other.name} is skipped)") from reason
            found += [other.name] if shape is not None else []
    if len(found) > 1:
        raise Unsupported(f"callback parameter ({params[0].type} {params[0].name}: registered by {' and '.join(found)})")
    return found[0] if found else None


def _callback_function_view(function: Function, name: PyName, shape: _CallbackShape, ctx: _Context) -> FunctionView:
    pnames = python_parameters(function, True, ctx.package)
    view = CallbackView(
        function.name, shape.functype.name, shape.restype, shape.args, callback=pnames[shape.callback.name], opaque=pnames[shape.opaque.name]
    )
    annotation = _callback_annotation(view.args, CONNECTION)
    args = [ArgView(view.callback, "callback", annotation, None), ArgView(view.opaque, "opaque", "_T", None)]
    docs = _function_docs(function, ctx)
    description = without_param_paragraphs(docs.description, shape.free.name)
    docs = replace(docs, description=description + "\n\n" + _callback_doc(view, shape.functype, ctx.stopping))
    status = _status_view(function, name, ctx, docs, args, ("c_self", view.thunk, "token", "_event_free"), ("ctypes.c_void_p",) * 4)
    return replace(status, callback=view)


_CALLBACK_VALUES = {"conn": "this connection object", "str": "a str (None for NULL)", "int": "an int", "typed": "a dict", "bytes": "bytes"}
_CALLBACK_TYPES = {"str": "str | None", "int": "int", "typed": _TYPED_DICT, "opaque": "_T", "bytes": "bytes"}


def _callback_annotation(args: tuple[EventArg, ...], registering: str) -> str:
    """The Python type of a registered callback, from what the bindings pass it (``registering``: the class of
    the registering object, a ``conn`` argument's): ``Callable[[virConnect, int, _T], object]``, ``_T`` being
    the type of the method's ``opaque``, so mypy checks a callback's arity and argument types, and lets its
    last parameter be typed as what the program passes as opaque (an event registration's ``cb`` is the union of
    its event IDs' callbacks instead, :func:`_event_annotation`)."""
    named = {"conn": registering}
    outs = sum(a.kind == "out" for a in args)
    returns = "bytes | str | None" if any(a.kind == "fill" for a in args) else "object"
    if outs:
        returns = f"tuple[{', '.join(['int'] * outs)}] | list[int]"
    types = [named.get(a.kind) or a.handle or _CALLBACK_TYPES[a.kind] for a in args if a.kind not in ("count", "fill", "out")]
    return f"Callable[[{', '.join(types)}], {returns}]"


def _called_as(view: RegisteredCallback, functype: FuncType, registering: str) -> str:
    """How the Python callback is called: "cb is called as cb(conn, reason, opaque), conn ``registering``, reason
    an int and opaque the one given here" (``registering``: what the registering object is called)."""
    names = [p.name for p in functype.params]
    names[-1] = view.opaque
    described = {**_CALLBACK_VALUES, "conn": registering}
    silent = ("opaque", "count", "fill", "out")
    values = [f"{n} {described.get(a.kind, f'a new {a.handle}')}" for n, a in zip(names, view.args, strict=True) if a.kind not in silent]
    values.append(f"{view.opaque} the one given here")
    called = f"{view.callback}({', '.join(n for n, a in zip(names, view.args, strict=True) if a.kind not in silent[1:])})"
    listed = f"{', '.join(values[:-1])} and {values[-1]}" if len(values) > 1 else values[0]
    return f"{view.callback} is called as {called}, {listed}"


def _callback_doc(view: CallbackView, functype: FuncType, stopping: str) -> str:
    """What the C description cannot say: how the Python callback is called, and what the bindings pass libvirt."""
    return (
        f"In Python: {_called_as(view, functype, _CALLBACK_VALUES['conn'])}, from the thread in"
        " which libvirt notices the close (the event loop's, when one runs). What it returns is ignored, and an"
        f" exception it raises is printed on stderr, never passed to libvirt{stopping}. libvirt calls it holding a lock on this"
        " registration: registering or unregistering from it would wait forever. Every registration passes libvirt"
        " the same C function of the bindings, so the unregistering method takes no callback."
    )


def _uncallback_function_view(function: Function, name: PyName, registering: str, ctx: _Context) -> FunctionView:
    """The unregistering method: no Python parameter; its description less the sentences naming the registering
    function's free-callback type ("If a virFreeCallback was provided at time of registration, it will be
    invoked"): the bindings give that callback, not the program."""
    thunk = f"_thunk_{registering}"
    docs = _function_docs(function, ctx)
    free_type = " ".join(ctx.by_name[registering].params[-1].type.split())
    description = without_sentences_naming(docs.description, free_type)
    note = (
        f"In Python: no callback is given: the bindings pass the one C function {registering} was given for every"
        " registration. The callback, its opaque and this connection are dropped once the call succeeds."
    )
    docs = replace(docs, description=description + "\n\n" + note)
    return replace(_status_view(function, name, ctx, docs, [], ("c_self", thunk), ("ctypes.c_void_p", "ctypes.c_void_p")), forgets=thunk)


def _keeps_last_error(function: Function) -> bool:
    """Whether ``function`` may fail leaving the thread's last error as an earlier call left it: a function
    documented outside libvirt's entry-point modules (``src/libvirt*.c``), whose functions reset it on entry;
    the event-loop ones (``src/util/virevent.c``: ``virEventAddTimeout`` returns -1 with no loop registered,
    ``virEventRemoveHandle`` for an unknown watch, setting no error).  The bindings reset it before the call,
    so the error raised for such a failure is none (``libvirtError`` without a code), never one an earlier
    call left.  ``virterror.h``'s functions are the error record's own readers and never raise."""
    return not function.module.startswith("libvirt") and function.header != "virterror"


def _stopping_note(by_name: dict[str, Function]) -> str:
    """The end of a callback docstring's sentence on exceptions: which call raises a ``KeyboardInterrupt`` or
    ``SystemExit`` of the callback (:func:`_runs_event_loop`); nothing when the library has no such call."""
    runners = sorted(n for n, f in by_name.items() if _is_loop_runner(f))
    if not runners:
        return ""
    return f", except KeyboardInterrupt and SystemExit, which {runners[0]}() raises when it is the call running the callback"


def _runs_event_loop(function: Function, view: FunctionView) -> bool:
    """Whether ``function`` is a run of libvirt's default event loop (``virEventRunDefaultImpl``), the call during
    which libvirt dispatches the callbacks registered with it: a module-level function of the event-loop header
    named ``virEventRun...``.  By name: nothing in the C declaration or its docs marks the one function that
    runs the callbacks others registered (``virEventRegisterDefaultImpl`` has the very same signature).

    Such a call is made as asyncio runs its loop: a ``KeyboardInterrupt`` or ``SystemExit`` raised in a
    callback it dispatches, and whatever a signal handler raised as a callback was entered, is raised by the
    call once libvirt's iteration returns, instead of being printed and lost (runtime: ``_run_loop``)."""
    return view.owner is None and _is_loop_runner(function)


def _is_loop_runner(function: Function) -> bool:
    return function.header == "libvirt-event" and function.name.startswith("virEventRun")


_LOOP_RUNNER_NOTE = (
    "In Python: a KeyboardInterrupt or SystemExit raised in a callback this call runs (a Ctrl-C too, landing as the"
    " callback is entered) is raised by it once libvirt's iteration returns, as asyncio's loop raises them; the"
    " other callbacks due in that iteration still run.  Other exceptions of callbacks are printed on stderr."
)


# --- callbacks registered under the id the function returns: the event loop's handles and timeouts, a stream's ---
#
# ``int virEventAddHandle(int fd, int events, virEventHandleCallback cb, void
# *opaque, virFreeCallback ff)``, ``int virEventAddTimeout(int timeout, ...)``,
# ``int virStreamEventAddCallback(virStreamPtr stream, int events, ...)``: the
# registration is named afterwards by what the call returns (a watch or
# timer id; the stream itself) and removed by another bound function
# (``virEventRemoveHandle(watch)``, ``stream.eventRemoveCallback()``), after
# which libvirt calls ``ff``.  Rules (:func:`_watch_shape`, no per-function
# table):
#
# * a module-level function or a method returning ``int`` whose last three
#   parameters are a function type F, a ``void *`` opaque and a function type
#   ``void (void *)`` (``virFreeCallback``), with only integers between the
#   object (for a method) and them; F named by no enum member's doc (an
#   event's, registered by event ID), returning ``void`` or an integer with
#   parameters the event callbacks' conversions cover (:func:`_callback_args`),
#   a parameter of the registering object's own type being that object, as
#   libvirt-python passes it (``cb(stream, events, opaque)``);
# * the method takes the integers, then the callback and the opaque
#   (libvirt-python's ``virEventAddHandle(fd, events, cb, opaque)``,
#   ``stream.eventAddCallback(events, cb, opaque)``) and returns what C does;
#   -1 raises (``libvirtError``; libvirt sets no error when no event loop
#   implementation is registered: the bindings' "<function>() failed" then);
# * each registration gets its own thunk, kept with the callback, the opaque
#   and the registering object in the events' registry under a token that
#   is the C opaque, and the events' ``freecb`` as ``ff``: the entry goes when
#   libvirt frees the registration (the default loop does it in a later
#   iteration of ``virEventRunDefaultImpl``), never while C may still call the
#   thunk.  A refused registration is dropped at once.


@dataclass(frozen=True, slots=True)
class WatchView(RegisteredCallback):
    """A callback registered under the id its function returns: what it passes before the callback."""

    before: tuple[str, ...]  # the C arguments before the callback: c_self for a method, then the integers
    method: bool  # a method: the object is the registering one the callback may get

    @property
    def spec(self) -> str:
        """The module-level name of the (CFUNCTYPE, argument specs, returned to C) the runtime makes each thunk from."""
        return f"_watch_{self.function}"


def _watch_shape(function: Function, params: list[Param], own: Param | None, ctx: _Context) -> _CallbackShape | None:
    """The shape of a registration named by what it returns (the rules above), None for any other function;
    ``Unsupported`` when its callback takes what the bindings do not convert."""
    if len(params) < 3 or " ".join(function.return_type.split()) != "int":
        return None
    *before, callback, opaque, free = params
    functype = ctx.functype_defs.get(" ".join(callback.type.split()))
    if functype is None or " ".join(opaque.type.split()) != "void *" or not _is_free_callback(free, ctx) or functype.name in _event_functypes(ctx):
        return None
    if any(" ".join(p.type.split()) not in _INTEGERS for p in before):
        return None
    registering = " ".join(own.type.split()) if own is not None else None
    restype, args, unsupported = _callback_args(functype, ctx, registering)
    if unsupported:
        raise Unsupported(f"callback parameter ({callback.type} {callback.name}: it takes {unsupported}, which the bindings do not convert)")
    return _CallbackShape(callback, opaque, free, functype, restype, args)


def _watch_function_view(function: Function, name: PyName, own: Param | None, params: list[Param], shape: _CallbackShape, ctx: _Context) -> FunctionView:
    pnames = python_parameters(function, own is not None, ctx.package)
    docs = _function_docs(function, ctx)
    integers = params[:-3]
    has_int_inputs = any(p.name != "flags" for p in integers)
    args: list[ArgView] = []
    before = ["c_self"] if own is not None else []
    argtypes = ["ctypes.c_void_p"] if own is not None else []
    for param in integers:
        kind = _param_kind(function, param, pnames[param.name], ctx, has_int_inputs, docs.flags_enums)
        if not isinstance(kind, ArgView):
            raise Unsupported(f"array parameter ({param.type} {param.name})")
        args.append(kind)
        before.append(_call_expression(kind))
        argtypes.append(_argtype(param))
    view = WatchView(
        function.name,
        shape.functype.name,
        shape.restype,
        shape.args,
        callback=pnames[shape.callback.name],
        opaque=pnames[shape.opaque.name],
        before=tuple(before),
        method=own is not None,
    )
    owner = handle_of(" ".join(own.type.split()), ctx.classes) if own is not None else None
    annotation = _callback_annotation(view.args, owner or "")
    args += [ArgView(view.callback, "callback", annotation, None), ArgView(view.opaque, "opaque", "_T", None)]
    description = without_param_paragraphs(docs.description, shape.free.name)
    docs = replace(docs, description=description + "\n\n" + _watch_doc(view, shape.functype, owner, ctx.stopping))
    call = (*view.before, "thunk", "token", "_event_free")
    argtypes += ["ctypes.c_void_p"] * 3
    status = _status_view(function, name, ctx, docs, args, call, tuple(argtypes), method=own is not None)
    return replace(status, watch=view)


def _watch_doc(view: WatchView, functype: FuncType, owner: str | None, stopping: str) -> str:
    """What the C description cannot say: how the Python callback is called, and when its objects are dropped."""
    called = _called_as(view, functype, f"this {owner} object" if owner is not None else "")
    if owner is not None:
        where = f"from the thread running the event loop, or from the thread of a call ending this {owner} (an error event)."
        kept = (
            " The callback and the opaque are kept until libvirt frees the registration when it is removed: remove it before"
            f" ending the {owner}, as libvirt never frees one still registered then (they are kept until exit)."
        )
    else:
        where = "from the thread running the event loop."
        kept = (
            " The callback and the opaque are kept until libvirt frees the registration after its removal: the default event"
            " loop does so in a later iteration, once no other source is ready (a timeout of 0 re-armed in every iteration"
            " delays it)."
        )
    return (
        f"In Python: {called}, {where}"
        f" What it returns is ignored, and an exception it raises is printed on stderr, never passed to libvirt{stopping}."
        + kept
    )


# --- callbacks libvirt calls only while the call runs: a stream's receive and send loops ---
#
# ``int virStreamRecvAll(virStreamPtr stream, virStreamSinkFunc handler, void
# *opaque)``, ``virStreamSendAll`` (a ``virStreamSourceFunc``),
# ``virStreamSparseRecvAll(stream, handler, holeHandler, opaque)``,
# ``virStreamSparseSendAll(stream, handler, holeHandler, skipHandler,
# opaque)``: libvirt calls the callbacks from inside the call, in the
# calling thread, and never after it returns; nothing frees the opaque, so
# there is no ``virFreeCallback``.  Rules (:func:`_during_shape`, no
# per-function table):
#
# * a module-level function or a method returning ``int`` whose parameters
#   after the object are one or more function types (none a ``void (void
#   *)`` free callback, none an event's) and a ``void *`` opaque last;
# * each callback's parameters convert as the other callbacks' (a parameter
#   of the registering object's type is that object) and, in these callbacks
#   only, a ``const char *`` followed by a ``size_t`` is ``bytes`` (the sink's
#   data) and a ``char *`` followed by a ``size_t`` is the buffer the callback
#   fills (the source's): it gets the size and returns ``bytes`` or ``str``
#   (``send()``'s types), None or empty at the end, as libvirt-python's
#   ``sendAll`` takes; what does not fit the buffer is given at the next call
#   when the source is the call's only callback, else (a hole callback
#   deciding between pieces) it is ``ValueError``; a pointer to an integer is
#   an output the callback returns (``holeHandler`` -> ``(inData, length)``,
#   a tuple or list, each range-checked);
# * libvirt-python's hand-written loops over ``recv()``/``send()`` have the
#   same names and arguments (``stream.recvAll(handler, opaque)``): each
#   callback's return is ignored but a negative ``int``, which is a
#   ``RuntimeError("recvAll handler returned -1")`` as there; a callback's
#   exception (or that error) makes the thunk return -1, so libvirt aborts
#   the stream and fails, and the exception is raised instead of libvirt's
#   error, as libvirt-python aborts and re-raises;
# * the thunks are made for the call and dropped after it (the runtime's
#   ``_during_call``): no registry; the C opaque is NULL, the Python one is
#   the thunks' own.  The call holds a reference of its own to the object
#   (its ``Ref``, then its release function), so a callback closing it does
#   not free what libvirt's loop uses; the named signals' Python handlers are
#   deferred into the callbacks' ``try`` while it runs in the main thread
#   (Python would run them on entering the thunk, where ctypes would lose
#   what they raise and give libvirt an undefined return).


@dataclass(frozen=True, slots=True)
class DuringCallback(RegisteredCallback):
    """One callback of a call that calls it only while it runs; ``label`` names it in errors: "recvAll handler"."""

    label: str


@dataclass(frozen=True, slots=True)
class DuringView:
    """A call whose callbacks libvirt calls only while it runs (:func:`_during_shape`)."""

    function: str
    callbacks: tuple[DuringCallback, ...]
    opaque: str  # the Python parameter
    before: tuple[str, ...]  # the C arguments before the callbacks: c_self for a method
    method: bool
    keep: str = "None"  # a method's (Ref, Free) functions: the C object's reference held during the call

    @property
    def spec(self) -> str:
        """The module-level name of the callbacks' (CFUNCTYPE, argument specs, label) the runtime makes thunks from."""
        return f"_during_{self.function}"

    @property
    def arguments(self) -> str:
        """The Python callbacks, in C order, as a tuple expression."""
        return _tuple_expression(tuple(c.callback for c in self.callbacks))


@dataclass(frozen=True, slots=True)
class _DuringShape:
    """Where a during-the-call shape's parts are (:func:`_during_shape`): each callback with its type and conversions."""

    callbacks: tuple[tuple[Param, FuncType, str, tuple[EventArg, ...]], ...]  # (parameter, type, ctypes return, args)
    opaque: Param


_DURING_KINDS = frozenset({"conn", "int", "str", "bytes", "count", "fill", "out", "opaque"})


def _during_shape(function: Function, params: list[Param], own: Param | None, ctx: _Context) -> _DuringShape | None:
    """The shape of a call whose callbacks run only during it (the rules above), None for any other function;
    ``Unsupported`` when one of its callbacks takes what the bindings do not convert."""
    if len(params) < 2 or " ".join(function.return_type.split()) != "int" or " ".join(params[-1].type.split()) != "void *":
        return None
    functypes = [ctx.functype_defs.get(" ".join(p.type.split())) for p in params[:-1]]
    events = _event_functypes(ctx)
    if any(f is None or f.name in events for f in functypes) or any(_is_free_callback(p, ctx) for p in params[:-1]):
        return None
    registering = " ".join(own.type.split()) if own is not None else None
    callbacks = []
    for param, functype in zip(params[:-1], functypes, strict=True):
        assert functype is not None
        restype, args, unsupported = _callback_args(functype, ctx, registering, buffers=True)
        if not unsupported and restype == "None":
            unsupported = "a return type void"  # the callback's -1 is how libvirt is told to stop
        if not unsupported and (other := next((a for a in args if a.kind not in _DURING_KINDS), None)) is not None:
            unsupported = f"a {other.kind} argument"
        if unsupported:
            raise Unsupported(f"callback parameter ({param.type} {param.name}: it takes {unsupported}, which the bindings do not convert)")
        callbacks.append((param, functype, restype, args))
    return _DuringShape(tuple(callbacks), params[-1])


def _during_function_view(function: Function, name: PyName, own: Param | None, shape: _DuringShape, ctx: _Context) -> FunctionView:
    pnames = python_parameters(function, own is not None, ctx.package)
    owner = handle_of(" ".join(own.type.split()), ctx.classes) if own is not None else None
    opaque = pnames[shape.opaque.name]
    callbacks = tuple(
        DuringCallback(function.name, functype.name, restype, args, callback=pnames[param.name], opaque=opaque, label=f"{name.name} {pnames[param.name]}")
        for param, functype, restype, args in shape.callbacks
    )
    release = _release_function(owner, ctx.functions) if owner is not None else ""
    keep = f"(_{owner}Ref, _{release})" if owner is not None and release and owner + "Ref" in ctx.functions else "None"
    view = DuringView(function.name, callbacks, opaque, ("c_self",) if own is not None else (), own is not None, keep)
    args = [ArgView(c.callback, "callback", _callback_annotation(c.args, owner or ""), None) for c in callbacks]
    args.append(ArgView(opaque, "opaque", "_T", None))
    docs = _function_docs(function, ctx)
    registering = f"this {owner} object" if owner is not None else ""
    notes = [_called_as(c, functype, registering) for c, (_, functype, _, _) in zip(callbacks, shape.callbacks, strict=True)]
    docs = replace(docs, description=docs.description.rstrip() + "\n\n" + _during_doc(view, notes, [f for _, f, _, _ in shape.callbacks]))
    call = (*view.before, *("thunk",) * len(callbacks), "None")
    argtypes = ("ctypes.c_void_p",) * (len(view.before) + len(callbacks) + 1)
    return replace(_status_view(function, name, ctx, docs, args, call, argtypes, method=own is not None), during=view)


def _during_doc(view: DuringView, notes: list[str], functypes: list[FuncType]) -> str:
    """What the C description cannot say: how each Python callback is called and what its return does."""
    fills = []
    returns = []
    for callback, functype in zip(view.callbacks, functypes, strict=True):
        kinds = [a.kind for a in callback.args]
        if "fill" in kinds:
            size = functype.params[kinds.index("fill") + 1].name
            rest = "what does not fit is given at the next call" if len(view.callbacks) == 1 else f"more than {size} is ValueError"
            returns.append(f"{callback.callback} returns the bytes (or a str, sent as UTF-8) to send, None or empty at the end; {rest}")
            fills.append(callback.callback)
    outputs = {}
    for callback, functype in zip(view.callbacks, functypes, strict=True):
        names = [p.name for p, a in zip(functype.params, callback.args, strict=True) if a.kind == "out"]
        if names:
            outputs[callback.callback] = names
            returns.append(f"{callback.callback} returns ({', '.join(names)}), a tuple or list of ints, or a negative int, which raises RuntimeError")
    others = [c.callback for c in view.callbacks if c.callback not in fills and c.callback not in outputs]
    if others:
        returns.append(
            f"what {' and '.join(others)} {'returns is' if len(others) == 1 else 'return is'} ignored, but a negative int,"
            " which raises RuntimeError"
        )
    said = "; ".join(returns)
    return (
        f"In Python: {'; '.join(notes)}, in the calling thread, only while this call runs. {said[:1].upper()}{said[1:]}."
        " An exception a callback raises makes libvirt abort the stream and is raised here, instead of libvirt's error."
    )


def _status_view(
    function: Function,
    name: PyName,
    ctx: _Context,
    docs: _Docs,
    args: list[ArgView],
    call: tuple[str, ...],
    argtypes: tuple[str, ...],
    method: bool = True,
) -> FunctionView:
    """A method whose C function returns an int status (-1: an error) and nothing else, with the C arguments
    ``call`` the bindings build themselves: the callback registrations and their unregistration."""
    result = _Result("int", "ctypes.c_int", "-1")
    return FunctionView(
        c_name=function.name,
        name=name.name,
        aliases=name.aliases,
        owner=name.owner,
        args=tuple(args),
        outs=(),
        call=call,
        argtypes=argtypes,
        annotation="int",
        reports_data=False,
        ret_annotation="int",
        doc=_docstring(function, docs, args, [], result, python_parameters(function, method, ctx.package), releases=ctx.unbound_releases),
        **result.fields(),
    )


# --- statistics records: arrays of structs holding a handle and typed parameters ----------------
#
# ``virConnectGetAllDomainStats(conn, stats, virDomainStatsRecordPtr **retStats,
# flags)``: libvirt allocates a NULL-terminated array of records, each a
# handle and a typed-parameter array with its count, and returns how many;
# one function frees the whole list (records, parameters, handle
# references, array).  Rules (no per-function table; :func:`_stats_records`):
#
# * the record struct: exactly a handle field (``virXxxPtr``, ``virXxx`` a
#   handle class), a ``virTypedParameterPtr`` field and an ``int`` field
#   (its count), in any order (:func:`_record_structs`);
# * a ``T **`` parameter, ``T`` the record's ``Ptr`` typedef, in a function
#   returning ``int``, whose description or return doc names a ``vir...Free``
#   function returning ``void`` whose one parameter is ``T *`` (the list:
#   "See virDomainStatsRecordListFree.", parentheses or not);
# * the method returns a list of ``(handle, dict)`` tuples, libvirt-python's
#   shape: each handle a new object holding its own reference (the class's
#   ``Ref`` first: the list free drops libvirt's), each dict the runtime's
#   ``_typed_values`` copy; then the list is freed, on every path (the
#   runtime's ``_records_take``: the array address is stored by C, the free
#   is one C call).


@dataclass(frozen=True, slots=True)
class RecordStruct:
    """A record struct: a handle and typed parameters (``virDomainStatsRecord``)."""

    name: str  # the C struct (its ctypes Structure is ``_c_`` + name)
    fields: tuple[tuple[str, str], ...]  # (C field, ctypes type), in C order
    handle: str  # the handle class of the handle field
    handle_field: str
    params: str  # the typed-parameter field ...
    count: str  # ... and its count

    @property
    def ctypes_name(self) -> str:
        return f"_c_{self.name}"


@dataclass(frozen=True, slots=True)
class RecordsTake:
    """How a method returning statistics records calls C, and frees them (the runtime's ``_records_take``)."""

    function: str
    param: str  # the C array parameter (``retStats``)
    before: tuple[str, ...]
    after: tuple[str, ...]
    record: RecordStruct
    release: str  # the function freeing the list
    parent: str = "None"  # the expression giving the handles' parent (:func:`_parent_source`)

    @property
    def annotation(self) -> str:
        return f"list[tuple[{self.record.handle}, {_TYPED_RETURN}]]"

    def arguments(self) -> tuple[str, ...]:
        return (
            f"_{self.function}", _tuple_expression(self.before), _tuple_expression(self.after), self.record.ctypes_name,
            py_str(self.record.handle_field), py_str(self.record.params), py_str(self.record.count), self.record.handle,
            f"_{self.record.handle}Ref", f"_{self.release}", self.parent,
        )  # fmt: skip


def _record_structs(module: Module, classes: tuple[str, ...]) -> dict[str, RecordStruct]:
    """The record structs (the rules above), by their ``Ptr`` typedef."""
    structs = {s.name: s for s in module.structs if s.fields and s.name not in classes}
    found: dict[str, RecordStruct] = {}
    for typedef in module.typedefs:
        target = " ".join(typedef.type.split())
        struct = structs.get(target.removesuffix(" *")) if target.endswith(" *") else None
        record = _record_struct(struct, classes) if struct is not None else None
        if record is not None:
            found[typedef.name] = record
    return found


def _record_struct(struct: Struct, classes: tuple[str, ...]) -> RecordStruct | None:
    kinds: dict[str, str] = {}
    fields: list[tuple[str, str]] = []
    for f in struct.fields or ():
        c_type = " ".join(f.type.split())
        kind = "handle" if c_type.endswith("Ptr") and c_type[:-3] in classes else "params" if _is_typed(c_type) else "count" if c_type == "int" else ""
        if not kind or kind in kinds or f.array_size is not None:
            return None
        kinds[kind] = f.name
        fields.append((f.name, "ctypes.c_int" if kind == "count" else "ctypes.c_void_p"))
    if len(kinds) != 3:
        return None
    handle = next(" ".join(f.type.split())[:-3] for f in struct.fields or () if f.name == kinds["handle"])
    return RecordStruct(struct.name, tuple(fields), handle, kinds["handle"], kinds["params"], kinds["count"])


_NAMED_FREE = re.compile(r"\b(vir\w*Free)\b")


@dataclass(frozen=True, slots=True)
class _Records:
    param: str
    record: RecordStruct
    release: str


def _stats_records(function: Function, params: list[Param], ctx: _Context) -> _Records | None:
    """The statistics records a function stores (the rules above), None when it has none."""
    found = [p for p in params if " ".join(p.type.split()).endswith(" **") and " ".join(p.type.split())[:-3] in ctx.records]
    if len(found) != 1 or function.return_type.strip() != "int":
        return None
    element = " ".join(found[0].type.split())[:-3]
    named = dict.fromkeys(_NAMED_FREE.findall(function.description + "\n" + function.return_doc))
    releases = [
        name for name in named
        if (f := ctx.by_name.get(name)) is not None and f.return_type.strip() == "void" and [" ".join(p.type.split()) for p in f.params] == [element + " *"]
    ]  # fmt: skip
    record = ctx.records[element]
    if ctx.typed is None:  # the dicts are read with the typed-parameter runtime
        raise Unsupported(f"struct pointer parameter ({found[0].type.strip()} {found[0].name}: records of typed parameters, whose layout the model lacks)")
    if len(releases) != 1 or record.handle + "Ref" not in ctx.functions:
        raise Unsupported(f"struct pointer parameter ({found[0].type.strip()} {found[0].name}: records whose docs name no function freeing the list)")
    return _Records(found[0].name, record, releases[0])


def _records_view(function: Function, records: _Records, call: list[str]) -> RecordsTake:
    first = call.index("@records")
    return RecordsTake(function.name, records.param, tuple(call[:first]), tuple(call[first + 1 :]), records.record, records.release)


def _records_returns_doc(view: RecordsTake) -> str:
    return (
        f"a list of ({view.record.handle}, dict) tuples, one per record the C function stores in @{view.param}: "
        f"the record's {view.record.handle_field} and its typed parameters {{field: value}}"
    )


_ZERO_FOR = re.compile(r"\bUsing\s+0\s+for\s+@(\w+)\s+returns\s+all\b")


def _records_defaults(function: Function, args: list[ArgView]) -> list[ArgView]:
    """An integer of a records function the description gives 0 a meaning ("Using 0 for @stats returns all stats
    groups") defaults to 0, as libvirt-python's ``stats=0``.  Only here: virDomainGetGuestInfo's ``types`` has the
    same wording and stays required (changing a bound signature is another task's)."""
    zero = set(_ZERO_FOR.findall(function.description))
    return [replace(a, default="0") if a.kind == "int" and a.name in zero else a for a in args]


_NULL_TERMINATED = re.compile(r"\bNULL[- ]terminated\s+array\b", re.IGNORECASE)


def _handle_lists(function: Function, params: list[Param], ctx: _Context) -> dict[str, str]:
    """NULL-terminated input arrays of handles (``virDomainPtr *doms``: "NULL terminated array of domains") in a
    records function: C parameter -> handle class.  A Python sequence of that class's objects (``TypeError`` for
    anything else; a closed one raises the error libvirt's check gives for a NULL handle of its class)."""
    if _stats_records(function, params, ctx) is None:
        return {}
    found: dict[str, str] = {}
    for param in params:
        c_type = " ".join(param.type.split())
        cls = handle_of(c_type.removesuffix(" *"), ctx.classes) if c_type.endswith(" *") else None
        if cls is not None and _NULL_TERMINATED.search(param.doc) and cls + "Ref" in ctx.functions:
            found[param.name] = cls
    return found


def _records_owner(function: Function, name: PyName, ctx: _Context) -> PyName:
    """A records function with no handle first whose first parameter is a NULL-terminated array of handles
    (virDomainListGetStats(doms, ...)) is a method of the connection class, as libvirt-python's
    ``conn.domainListGetStats(doms)``: C name less ``vir``, first letter lowercased.  The method passes no
    connection to C (libvirt reads it from the handles, as libvirt-python does)."""
    if name.owner is not None or not function.params or CONNECTION not in ctx.classes:
        return name
    if function.params[0].name not in _handle_lists(function, list(function.params), ctx):
        return name
    method = function.name[len("vir") :]
    return PyName(function.name, CONNECTION, safe_identifier(method[:1].lower() + method[1:]), ())
