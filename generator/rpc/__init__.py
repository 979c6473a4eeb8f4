"""libvirt's remote protocol, derived from the API model.

* :mod:`.data` reads ``procedures.toml``, the reviewed facts the C API cannot
  tell (numbers, nullability, list bounds, member-name exceptions, priorities,
  ACLs, the wire form of handles);
* :mod:`.rules` turns the model plus those facts into a :class:`~.rules.Plan`
  (wire structs, procedures, local getters, notes);
* :mod:`.numbers` reads the procedure numbers of a given ``remote_protocol.x``
  strictly (numbers stay stable; what it cannot trust is an error diagnostic);
* :mod:`.xfile` reads ``remote_protocol.x`` structurally, leniently (tests);
* ``generator/backends/rpc.py`` renders the plan through ``templates/rpc/``.
"""
