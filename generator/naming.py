"""Python names for C functions: one rule set shared by every Python-facing backend.

The ctypes bindings and the pure-Python RPC client expose the same classes
and method names, so a program can switch between them; both ask this module.
Rules 1-9 give the names libvirt-python users know for nearly every
function, with no table of per-function exceptions; rule 10 adds, as aliases
only, libvirt-python's irregular spellings of the rest:

1. **Handle classes.** An opaque struct ``virXxx`` with a ``virXxxPtr``
   typedef is a class ``virXxx`` (``virConnect``, ``virDomain``,
   ``virDomainCheckpoint``).
2. **Owner.** A function whose first parameter is a handle belongs to that
   handle's class; any other function is module-level.
3. **Method name.** Drop the owner's prefix when the C name starts with it
   (``virDomainCheckpointGetName`` on ``virDomainCheckpoint`` → ``GetName``,
   ``virDomainCheckpointCreateXML`` on ``virDomain`` → ``CheckpointCreateXML``);
   otherwise drop the prefix of the handle class the function returns
   (``virDomainLookupByName`` on ``virConnect`` → ``LookupByName``); otherwise
   that of the (longest) handle class the C name starts with
   (``virDomainRestore`` on ``virConnect`` → ``Restore``,
   ``virInterfaceChangeBegin`` → ``ChangeBegin``); otherwise drop ``vir``.
   Then lower the first letter unless it starts an acronym
   (``UUIDString`` stays).  When two functions of one class and one library
   would get the same name, the one that dropped its owner's prefix keeps
   it; else the one whose dropped class has the shortest name, then the
   first in alphabetical order (``virDomainCreateXML``, ``virNetworkCreateXML``
   on ``virConnect``: ``createXML``); the others only drop ``vir``
   (``networkCreateXML``, as in libvirt-python).  A class that loses such a
   clash on an owner class loses its prefix there for *every* function that
   returns it, clash or not: ``virNetworkCreateXMLFlags`` on ``virConnect`` is
   ``networkCreateXMLFlags``, never a ``createXMLFlags`` next to the domain's
   ``createXML`` (likewise ``interfaceLookupByMACString``,
   ``storagePoolLookupByTargetPath``, ``secretLookupByUsage``,
   ``nodeDeviceLookupSCSIHostByWWN``, as in libvirt-python).
   Last, two functions that still get one name in one namespace (a class
   or the module), as ``virDomainCheckpointFrom`` and
   ``virDomainCheckpointFrom_`` (both ``from_``) or ``virDomainCheckpointGetName``
   and ``virDomainCheckpointgetName`` would: the one whose C name is
   spelled as the Python name (no keyword ``_`` added, the letter lowered
   upper case in C), then the first C name in alphabetical order, keeps it;
   each other takes its C name without ``vir``, first letter lowered
   (``domainCheckpointFrom``, ``domainCheckpointgetName``; a module-level
   function its C name), ``_`` added while that is taken too.  An alias
   (rules 6, 10) another name or an earlier alias takes is dropped.
   :func:`python_names` applies the clash rules.
4. **Constructors.** A module-level function named after the handle class it
   returns drops that prefix too (``virConnectOpen`` → ``open``); other
   module-level functions keep their C name (``virGetLastError``).
5. **Lifetime functions** ``virXxxRef`` and ``virXxxFree`` are not methods:
   the object model owns references (``close()``/``free()``, ``with``).
6. **Aliases.** A method ``getXxx`` also answers to ``xxx``, the spelling
   libvirt-python's older classes use (``getConnect``/``connect``,
   ``getDomain``/``domain``, ``getName``/``name``, ``getXMLDesc``/``XMLDesc``),
   unless the class already has a method called ``xxx`` (:func:`python_names`
   drops such an alias; :func:`python_name` alone cannot see the class).
7. **Parameters and keywords.** A method, function or enum member name that
   is a Python *hard* keyword (:data:`HARD_KEYWORDS`: ``class``, ``lambda``,
   ``from``) gets a trailing ``_`` (:func:`safe_identifier`).  A *parameter*
   name gets a trailing ``_`` when it could mean something else inside the
   generated body (:func:`parameter_names`): a hard keyword, ``self``, a name
   starting with ``_`` (every helper, handle slot and module-level binding
   the generated code defines starts with one), a name starting with ``c_``
   or ``o_`` (the converted arguments and output buffers of a ctypes body,
   ``c_self``, ``c_ret``), ``ret`` (its converted local would be ``c_ret``,
   the body's result; the body's other locals are ``c__`` names,
   ``c__dict``, ``c__cpus``, ``c__kept``, which no converted parameter
   ``c_`` + name can be: a name starting with ``_`` ends with ``_`` once
   renamed; a renamed name also passes by the locals made from another
   parameter's name, an output buffer's ``o_`` + its C name and a handle
   list's ``_kept_`` + its name: ``o_y`` beside an output ``y_`` is
   ``o_y__``), one of :data:`BODY_GLOBALS`, the few
   builtins and modules the bodies look up (``isinstance``, ``int``,
   ``len``, ``ctypes``, ``AttributeError``), or a name the API declares
   (:func:`package_names`: a function, type, struct, enum, enum member,
   macro: the packages' classes and constants are named after them and the
   bodies use them, ``virDomainCheckpoint._adopt(...)``,
   ``VIR_ERR_INVALID_CONN``); then one more ``_`` at a time
   until it differs from the function's other parameters.  Other builtins
   (``str``, ``id``, ``type``) stay: the bodies never use them, and
   libvirt-python callers pass ``type=`` by keyword.

   An *enum member* name (:func:`member_names`) gets a trailing ``_``,
   one more at a time, while the enum class could not have it as a member
   of its own: a hard keyword, a sunder or dunder name (``_order_``,
   ``_ignore_``, ``__init__``), a name the class body mangles (``__x``), or
   an attribute of ``int``, ``IntEnum`` or ``IntFlag`` (:data:`ENUM_ATTRIBUTES`:
   ``real``, ``name``, ``value``, ``bit_length``, ``mro``), which the
   member would replace or be refused for; and, as for parameters, while
   another member has that name: ``class``, ``class_`` → ``class__``,
   ``class_``.  libvirt's members are upper case and never clash; the
   module-level ``VIR_*`` constants keep the C names.

   Soft keywords (``match``, ``case``, ``_``, and ``type`` from Python 3.12)
   are never renamed for being keywords (a parameter ``_`` still becomes
   ``__`` by the ``_`` rule above): they are keywords only inside a
   ``match`` statement or a ``type X = ...`` alias, and valid names
   everywhere else, on every Python version, so ``def getMaxVcpus(self, type)`` compiles on all of
   them; libvirt-python keeps C's names too.  Renaming them made the output
   depend on the interpreter running the generator (3.12 and later wrote
   ``virGetVersion(type_=...)``, breaking callers' ``type=``).  For the same
   reason the hard keywords are a fixed set written here (Python 3.11's
   ``keyword.kwlist``, unchanged in 3.12 and 3.13), not the running
   interpreter's :mod:`keyword` module: the same input gives the same bytes
   whichever Python runs the generator.  A future Python that makes another
   word a hard keyword gets it added here, in one reviewed change of the
   output.

   A parameter the input leaves unnamed (libvirt's headers declare
   ``virStreamRecvHole(virStreamPtr, ...)``; read without the ``.c`` file whose
   definition names it, or from an XML export of such a read, its name is
   empty) is called ``argN``, N its place in the C call counted from 1, with
   one more ``_`` at a time while another parameter of the function has that
   name (:func:`with_named_parameters`): every backend that writes
   parameter names as code (the bindings, the RPC client and C stubs) then
   writes code that compiles.
8. **Borrowed accessors.** A method ``getXxx`` whose only parameter is the
   handle and that returns another handle (``getConnect``, ``getDomain``)
   hands back a pointer the C library does not add a reference to: a binding
   must take its own reference before owning it (:func:`is_borrowed_accessor`).
9. **Reserved method names.** The object model defines some methods itself
   (:data:`RUNTIME_METHODS`: ``close``, ``free``, ``c_pointer``) and every name starting
   with ``_`` (``_adopt``, ``__enter__``, ``__exit__``, ``__copy__``,
   ``__reduce_ex__``, the handle slot, ...).  A function whose rule-3/4 name
   is one of them never replaces it: it takes its C name without ``vir``,
   first letter lowered (``virDomainCheckpointClose`` → ``domainCheckpointClose``),
   the same fallback rule 3 uses for clashes, and ``PyName.reserved`` keeps the
   name not taken, for the backends' notes.  The one exception is the release function a
   class has instead of ``virXxxFree`` (``virConnectClose``): it *is* the
   runtime's ``close()``.  An alias (rule 6) that is reserved is dropped.
   ``connect`` is not reserved: the ctypes object model defines its own
   ``connect()`` only on a class with no C method or alias of that name
   (``virNodeDevice``: C has no ``virNodeDeviceGetConnect``).
   Likewise a module-level function (rule 4) never takes a name starting
   with ``_`` or one of :data:`BODY_GLOBALS` (it would shadow the helper or
   builtin for every generated body): it keeps its C name.
10. **libvirt-python's spellings.** Where libvirt-python's generator names a
   method by one of its own special cases rather than by a rule (it drops
   ``virNode`` on the connection, spells ``NWFilter`` as ``nwfilter``, lowers
   only the first letter of ``FSTrim``, keeps ``storageVol`` in a lookup),
   the method also answers to libvirt-python's name, so a program written
   for libvirt-python runs unchanged: :data:`LIBVIRT_PYTHON_SPELLINGS`, the
   one table of this module (decided: the rules above stay the names, the
   table only adds aliases; no rule derives these spellings, which come from
   libvirt-python's per-prefix cases).  An entry is there only when
   libvirt-python's method has the same owner and the same arguments and
   result as ours; ``virGetVersion`` (another result),
   ``virNodeGetInfo`` (libvirt-python's ``getInfo()`` gives the memory in
   MiB, the C struct in KiB: an alias would be off by 1024 silently) and
   ``virDomainRevertToSnapshot`` (a method of the domain there, of the
   snapshot here) are not, and docs/python-bindings.md lists them.  Like any
   alias, one that another method's name already takes is dropped.  The same
   holds for a dict key libvirt-python spells by its own case: the key an
   enum member names in a result (``dom.memoryStats()``'s, the member's name
   less the prefix, lowercased) is libvirt-python's where it differs
   (:data:`LIBVIRT_PYTHON_KEYS`: ``VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON`` is
   ``"actual"``, the key monitoring scripts read).  A key has no alias: the
   table names it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from .model import Api, Function, FuncType, Module, Param

_LIFETIME_SUFFIXES = ("Ref", "Free")


@dataclass(frozen=True, slots=True)
class PyName:
    """Where a C function lives in Python."""

    function: str  # the C name
    owner: str | None  # class name, None for a module-level function
    name: str  # method or function name
    aliases: tuple[str, ...]
    reserved: str = ""  # rule 9: the runtime's method name this function did not take


# Rule 10: C function -> the method name libvirt-python 9.0.0 gives it, on the same class, where it is not ours.
LIBVIRT_PYTHON_SPELLINGS: Mapping[str, str] = MappingProxyType({
    "virConnGetLastError": "virConnGetLastError",
    "virConnResetLastError": "virConnResetLastError",
    "virConnectListAllNodeDevices": "listAllDevices",
    "virConnectListDomains": "listDomainsID",
    "virDomainFSFreeze": "fsFreeze",
    "virDomainGetFSInfo": "fsInfo",
    "virDomainGetIOThreadInfo": "ioThreadInfo",
    "virDomainFSThaw": "fsThaw",
    "virDomainFSTrim": "fSTrim",
    "virDomainPMSuspendForDuration": "pMSuspendForDuration",
    "virDomainPMWakeup": "pMWakeup",
    "virNWFilterBindingCreateXML": "nwfilterBindingCreateXML",
    "virNWFilterBindingLookupByPortDev": "nwfilterBindingLookupByPortDev",
    "virNWFilterDefineXML": "nwfilterDefineXML",
    "virNWFilterDefineXMLFlags": "nwfilterDefineXMLFlags",
    "virNWFilterLookupByName": "nwfilterLookupByName",
    "virNWFilterLookupByUUID": "nwfilterLookupByUUID",
    "virNWFilterLookupByUUIDString": "nwfilterLookupByUUIDString",
    "virNodeGetCPUMap": "getCPUMap",
    "virNodeGetCPUStats": "getCPUStats",
    "virNodeGetCellsFreeMemory": "getCellsFreeMemory",
    "virNodeGetFreeMemory": "getFreeMemory",
    "virNodeGetMemoryParameters": "getMemoryParameters",
    "virNodeGetMemoryStats": "getMemoryStats",
    "virNodeGetSEVInfo": "getSEVInfo",
    "virNodeGetSecurityModel": "getSecurityModel",
    "virNodeListDevices": "listDevices",
    "virNodeNumOfDevices": "numOfDevices",
    "virNodeSetMemoryParameters": "setMemoryParameters",
    "virNodeSuspendForDuration": "suspendForDuration",
    "virStoragePoolLookupByVolume": "storagePoolLookupByVolume",
    "virStorageVolLookupByKey": "storageVolLookupByKey",
    "virStorageVolLookupByName": "storageVolLookupByName",
    "virStorageVolLookupByPath": "storageVolLookupByPath",
    "virStreamNew": "newStream",
})  # fmt: skip

# Rule 10, for dict keys: enum member -> the key libvirt-python 9.0.0 gives its value in a result, where it is not ours.
LIBVIRT_PYTHON_KEYS: Mapping[str, str] = MappingProxyType({
    "VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON": "actual",
})  # fmt: skip


def handle_classes(api: Api) -> tuple[str, ...]:
    """Names of the opaque handle structs that have a ``...Ptr`` typedef."""
    pointer_targets = {t.name for m in api.modules for t in m.typedefs if t.name.endswith("Ptr")}
    opaque = {s.name for m in api.modules for s in m.structs if s.fields is None}
    return tuple(sorted(name for name in opaque if name + "Ptr" in pointer_targets))


def handle_of(c_type: str, classes: tuple[str, ...]) -> str | None:
    """The class a C type is a handle of (``virDomainPtr`` → ``virDomain``)."""
    base = c_type.strip()
    if base.endswith("Ptr") and base[: -len("Ptr")] in classes:
        return base[: -len("Ptr")]
    return None


def is_lifetime(function: Function, classes: tuple[str, ...]) -> bool:
    name = function.name
    # the suffix test first: nearly every function fails it, without building a name per class
    return name.endswith(_LIFETIME_SUFFIXES) and any(name == cls + suffix for cls in classes for suffix in _LIFETIME_SUFFIXES)


def is_borrowed_accessor(function: Function, classes: tuple[str, ...]) -> bool:
    """Rule 8: a one-parameter ``getXxx`` that returns a handle it does not reference."""
    if len(function.params) != 1 or handle_of(function.return_type, classes) is None:
        return False
    owner = handle_of(function.params[0].type, classes)
    return owner is not None and function.name.startswith(owner + "Get")


# Rule 7: Python 3.11's keyword.kwlist (the same in 3.12 and 3.13), fixed here so the
# output does not depend on the interpreter; soft keywords are valid names and stay.
HARD_KEYWORDS = frozenset({
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
})  # fmt: skip


def safe_identifier(name: str) -> str:
    """Rule 7, for names that are not parameters."""
    return name + "_" if name in HARD_KEYWORDS else name


# Rule 7: the attributes a generated enum class's members have from int, IntEnum and IntFlag, and
# the class from type (mro), on Python 3.11 to 3.13 (is_integer is 3.12's); fixed here, as HARD_KEYWORDS,
# so the output does not depend on the interpreter.  A member of such a name would replace the
# int's (ROOTS.real) or the enum's (name, value), or be refused (mro).
ENUM_ATTRIBUTES = frozenset({
    "as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
    "is_integer", "mro", "name", "numerator", "real", "to_bytes", "value",
})  # fmt: skip


def _is_enum_special(name: str) -> bool:
    """Whether an enum class body would not make ``name`` a member of its own: enum's sunder names
    (``_order_``, ``_ignore_``), dunder names (``__init__``), a private name the class body mangles
    (``__x``), or one of :data:`ENUM_ATTRIBUTES`; the tests are the enum module's own."""
    sunder = len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"
    dunder = len(name) > 4 and name[:2] == name[-2:] == "__" and name[2] != "_" and name[-3] != "_"
    private = name.startswith("__") and not name.endswith("__")
    return sunder or dunder or private or name in ENUM_ATTRIBUTES or name in HARD_KEYWORDS


def member_names(names: Sequence[str]) -> tuple[str, ...]:
    """Rule 7 for the members of one enum class, in order: a name the class cannot have
    (:func:`_is_enum_special`, keywords) gets one more ``_`` at a time until it is none of those
    and differs from the other members' names (``class``, ``class_`` → ``class__``, ``class_``)."""
    result: list[str] = []
    taken = set(names)
    for name in names:
        renamed = name
        while _is_enum_special(renamed) or (renamed != name and renamed in taken | set(result)):
            renamed += "_"
        result.append(renamed)
    return tuple(result)


def member_name(name: str) -> str:
    """Rule 7 for one enum member name, without looking at its siblings (an alias's: a taken one is dropped)."""
    while _is_enum_special(name):
        name += "_"
    return name


# Rule 7: the builtins and modules a generated method body looks up by name.
BODY_GLOBALS = frozenset({"AttributeError", "ctypes", "int", "isinstance", "len"})
# Rule 9: methods every generated handle class defines itself (besides names starting with "_").
RUNTIME_METHODS = frozenset({"close", "free", "c_pointer"})


# Rule 7: parameters whose C-side local (c_self, c_ret) would be one the body has of its own.
_BODY_LOCAL_STEMS = frozenset({"self", "ret"})


def _is_body_name(name: str, package: Collection[str]) -> bool:
    return (
        name in HARD_KEYWORDS
        or name in _BODY_LOCAL_STEMS
        or name.startswith(("_", "c_", "o_"))
        or name in BODY_GLOBALS
        or name in package
    )


def package_names(api: Api) -> frozenset[str]:
    """Rule 7: the names the API declares (functions, types, structs, enums, enum members, macros,
    variables): the generated packages' classes and constants are named after them, and the bodies
    use them (``virDomainCheckpoint._adopt(c_ret, self)``, ``_not_a("self", self, virDomain)``,
    ``VIR_ERR_INVALID_CONN``), so a parameter of such a name would shadow them."""
    return frozenset(symbol.name for module in api.modules for symbol in module.symbols())


def parameter_name(name: str, package: Collection[str] = ()) -> str:
    """Rule 7 for one parameter, without looking at its siblings; ``package`` is :func:`package_names`."""
    return name + "_" if _is_body_name(name, package) else name


def free_name(name: str, taken: Collection[str]) -> str:
    """``name``, one more ``_`` at a time while ``taken`` holds it (rule 7's way to keep names distinct)."""
    while name in taken:
        name += "_"
    return name


def parameter_names(names: Sequence[str], package: Collection[str] = ()) -> tuple[str, ...]:
    """Rule 7 for the parameters of one function, in order: distinct, and none a name of the body
    (``package`` is :func:`package_names`)."""
    result: list[str] = []
    taken = set(names)
    # the body's locals made from another parameter's name: an output buffer is "o_" + its C name,
    # a handle list's kept objects "_kept_" + its name, which a name renamed with a trailing "_"
    # could be ("o_y" renamed "o_y_" beside an output "y_"; review, session 25)
    locals_made = {"o_" + name for name in names} | {"_kept_" + name for name in names}
    for name in names:
        renamed = parameter_name(name, package)
        if renamed != name:
            renamed = free_name(renamed, taken | set(result) | locals_made | {"_kept_" + r for r in result})
        result.append(renamed)
    return tuple(result)


def python_parameters(function: Function, method: bool, package: Collection[str]) -> dict[str, str]:
    """C parameter name → Python parameter name (rule 7); a method's first parameter is ``self``, left out.

    Every Python-facing backend asks this, with the same ``package`` (:func:`package_names` of the
    API), so the ctypes bindings and the RPC client take the same keyword arguments.
    """
    params = function.params[1:] if method else function.params
    return dict(zip((p.name for p in params), parameter_names([p.name for p in params], package), strict=True))


def with_named_parameters(api: Api) -> Api:
    """Rule 7's names for unnamed parameters: the same API where no parameter is unnamed (usually ``api`` itself)."""

    def named(params: tuple[Param, ...]) -> tuple[Param, ...]:
        if all(p.name for p in params):
            return params
        taken = {p.name for p in params}
        result = []
        for place, param in enumerate(params, 1):
            if not param.name:
                name = free_name(f"arg{place}", taken)
                taken.add(name)
                param = replace(param, name=name)
            result.append(param)
        return tuple(result)

    def module_named(module: Module) -> Module:
        callables: list[Function | FuncType] = [*module.functions, *module.functypes]
        if all(p.name for f in callables for p in f.params):
            return module
        return replace(
            module,
            functions=tuple(replace(f, params=named(f.params)) for f in module.functions),
            functypes=tuple(replace(f, params=named(f.params)) for f in module.functypes),
        )

    modules = tuple(module_named(m) for m in api.modules)
    return api if all(a is b for a, b in zip(modules, api.modules, strict=True)) else replace(api, modules=modules)


def is_reserved_method(name: str) -> bool:
    """Rule 9: a name the object model defines on every handle class."""
    return name in RUNTIME_METHODS or name.startswith("_")


def _fallback_name(c_name: str) -> str:
    """Rule 3's fallback name of a method: its C name without ``vir``, first letter lowered
    (``virDomainCheckpointClose`` → ``domainCheckpointClose``)."""
    return safe_identifier(_lower_first(c_name[len("vir") :]))


def _lower_first(rest: str) -> str:
    if len(rest) > 1 and rest[0].isupper() and rest[1].isupper():
        return rest
    return rest[:1].lower() + rest[1:]


def python_name(function: Function, classes: tuple[str, ...]) -> PyName | None:
    """Rules 2-7 for one function; None for lifetime functions (rule 5)."""
    if is_lifetime(function, classes):
        return None
    owner = handle_of(function.params[0].type, classes) if function.params else None
    returned = handle_of(function.return_type, classes)
    if owner is not None:
        dropped = _dropped_prefix(function, owner, returned, classes)
        name = _lower_first(function.name[len(dropped) :])
        aliases: tuple[str, ...] = ()
        if name.startswith("get") and len(name) > 3 and name[3].isupper():
            aliases = (safe_identifier(_lower_first(name[3:])),)
        return PyName(function.name, owner, safe_identifier(name), aliases)
    if returned is not None and function.name.startswith(returned) and len(function.name) > len(returned):
        return PyName(function.name, None, safe_identifier(_lower_first(function.name[len(returned) :])), ())
    return PyName(function.name, None, function.name, ())


def _dropped_prefix(function: Function, owner: str, returned: str | None, classes: tuple[str, ...]) -> str:
    """Rule 3: the prefix a method name drops: the owner's, the returned class's, a class the C name starts with, or ``vir``."""
    if function.name.startswith(owner):
        return owner
    if returned is not None and function.name.startswith(returned):
        return returned
    named = [c for c in classes if function.name.startswith(c) and len(function.name) > len(c)]
    return max(named, key=len) if named else "vir"


def python_names(api: Api) -> tuple[PyName, ...]:
    """Every bound function of the API, in model order, with clashes resolved (rules 3, 6 and 9)."""
    classes = handle_classes(api)
    names: list[PyName] = []
    for module in api.modules:
        names.extend(_module_names(module.functions, classes))
    return tuple(names)


def _claim(function: Function, owner: str | None, classes: tuple[str, ...]) -> str:
    """Rule 3: the class whose prefix a method name dropped, ``""`` for its owner's (which always keeps its name)."""
    returned = handle_of(function.return_type, classes)
    if owner is None:  # rule 4: a constructor dropped its class's prefix
        return returned if returned is not None and function.name.startswith(returned) else ""
    dropped = _dropped_prefix(function, owner, returned, classes)
    return "" if dropped == owner else dropped


def _module_names(functions: tuple[Function, ...], classes: tuple[str, ...]) -> list[PyName]:
    named = [(f, n, _claim(f, n.owner, classes)) for f in functions if (n := python_name(f, classes)) is not None]
    claimants: dict[tuple[str | None, str], list[str]] = {}
    for _function, name, claim in named:
        claimants.setdefault((name.owner, name.name), []).append(claim)
    # a class that loses a clash on an owner loses its prefix there for every function returning it
    losers: set[tuple[str | None, str]] = set()
    for _function, name, claim in named:
        rivals = claimants[(name.owner, name.name)]
        if len(rivals) > 1 and claim != min(rivals, key=lambda cls: (len(cls), cls)):
            losers.add((name.owner, claim))
    resolved: list[PyName] = []
    for function, name, claim in named:
        returned = handle_of(function.return_type, classes)
        if (name.owner, claim) in losers and (claim == returned or len(claimants[(name.owner, name.name)]) > 1):
            name = replace(name, name=_fallback_name(function.name))
        if name.owner is None and (name.name.startswith("_") or name.name in BODY_GLOBALS):
            name = replace(name, name=function.name, reserved=name.name)
        elif name.owner is not None and is_reserved_method(name.name) and not _is_release(function, name, functions):
            name = replace(name, name=_fallback_name(function.name), reserved=name.name)
        resolved.append(name)
    resolved = _distinct(resolved)
    taken = {(n.owner, n.name) for n in resolved}
    result: list[PyName] = []
    for n in resolved:
        aliases = tuple(a for a in _with_spelling(n) if (n.owner, a) not in taken and not is_reserved_method(a))
        taken.update((n.owner, a) for a in aliases)  # an alias is one function's: the first to claim it keeps it
        result.append(replace(n, aliases=aliases))
    return result


def _spelled_as_c(name: PyName) -> tuple[bool, bool]:
    """How far a Python name is from its C name's spelling (rule 3's last clash rule): whether the C name ends
    otherwise (a keyword's ``_`` added: ``From`` → ``from_``), and whether the letter rule 3 lowered is not
    upper case in C (``getName`` of ``virDomainCheckpointgetName``, against libvirt's ``GetName``)."""
    start = len(name.function) - len(name.name)
    if start < 0 or not name.function.endswith(name.name[1:]):
        return (True, True)
    return (False, not name.function[start].isupper())


def _distinct(names: list[PyName]) -> list[PyName]:
    """Rule 3's last clash rule: of functions still given one name in one namespace, the one spelled as in C
    (:func:`_spelled_as_c`, then the first C name) keeps it, the others take rule 3's fallback."""
    claimants: dict[tuple[str | None, str], list[int]] = {}
    for index, name in enumerate(names):
        claimants.setdefault((name.owner, name.name), []).append(index)
    taken = set(claimants)
    result = list(names)
    for indices in claimants.values():
        if len(indices) < 2:
            continue
        keeper = min(indices, key=lambda i: (_spelled_as_c(names[i]), names[i].function))
        for index in indices:
            if index != keeper:
                name = names[index]
                fallback = name.function if name.owner is None else _fallback_name(name.function)
                free = free_name(fallback, {n for owner, n in taken if owner == name.owner})
                taken.add((name.owner, free))
                result[index] = replace(name, name=free)
    return result


def _with_spelling(name: PyName) -> tuple[str, ...]:
    """Rule 10: the aliases of a method, libvirt-python's spelling of it last when it is another name."""
    spelling = LIBVIRT_PYTHON_SPELLINGS.get(name.function)
    if name.owner is None or spelling is None or spelling == name.name or spelling in name.aliases:
        return name.aliases
    return (*name.aliases, spelling)


def _is_release(function: Function, name: PyName, functions: tuple[Function, ...]) -> bool:
    """Rule 9's exception: ``virXxxClose`` of a class with no ``virXxxFree`` is its ``close()``."""
    if name.owner is None or name.name != "close" or function.name != name.owner + "Close":
        return False
    return all(f.name != name.owner + "Free" for f in functions)
