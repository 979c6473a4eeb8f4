"""Python names for C functions: one rule set shared by every Python-facing backend.

The ctypes bindings and the pure-Python RPC client expose the same classes
and method names, so a program can switch between them; both ask this module.
The rules reproduce the names libvirt-python users know, without a table of
per-function exceptions:

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
   drop ``vir``.  Then lower the first letter unless it starts an acronym
   (``UUIDString`` stays).
4. **Constructors.** A module-level function named after the handle class it
   returns drops that prefix too (``virConnectOpen`` → ``open``); other
   module-level functions keep their C name (``virGetLastError``).
5. **Lifetime functions** ``virXxxRef`` and ``virXxxFree`` are not methods:
   the object model owns references (``close()``/``free()``, ``with``).
6. **Aliases.** A getter ``getXxx`` that takes only the handle and returns a
   handle also answers to ``xxx`` (``getConnect``/``connect``,
   ``getDomain``/``domain``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Api, Function

_LIFETIME_SUFFIXES = ("Ref", "Free")


@dataclass(frozen=True, slots=True)
class PyName:
    """Where a C function lives in Python."""

    function: str  # the C name
    owner: str | None  # class name, None for a module-level function
    name: str  # method or function name
    aliases: tuple[str, ...]


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
    return any(function.name == cls + suffix for cls in classes for suffix in _LIFETIME_SUFFIXES)


def _lower_first(rest: str) -> str:
    if len(rest) > 1 and rest[0].isupper() and rest[1].isupper():
        return rest
    return rest[:1].lower() + rest[1:]


def python_name(function: Function, classes: tuple[str, ...]) -> PyName | None:
    """Rules 2-6 for one function; None for lifetime functions (rule 5)."""
    if is_lifetime(function, classes):
        return None
    owner = handle_of(function.params[0].type, classes) if function.params else None
    returned = handle_of(function.return_type, classes)
    if owner is not None:
        if function.name.startswith(owner):
            rest = function.name[len(owner) :]
        elif returned is not None and function.name.startswith(returned):
            rest = function.name[len(returned) :]
        else:
            rest = function.name[len("vir") :]
        name = _lower_first(rest)
        aliases: tuple[str, ...] = ()
        if returned is not None and len(function.params) == 1 and name.startswith("get") and len(name) > 3:
            aliases = (_lower_first(name[3:]),)
        return PyName(function.name, owner, name, aliases)
    if returned is not None and function.name.startswith(returned) and len(function.name) > len(returned):
        return PyName(function.name, None, _lower_first(function.name[len(returned) :]), ())
    return PyName(function.name, None, function.name, ())


def python_names(api: Api) -> tuple[PyName, ...]:
    """Every bound function of the API, in model order."""
    classes = handle_classes(api)
    names = (python_name(f, classes) for m in api.modules for f in m.functions)
    return tuple(n for n in names if n is not None)
