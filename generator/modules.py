"""The libvirt libraries a tree holds, in the order every output lists them.

A module of its own (not in :mod:`generator.model`) so that the CLI and the
tree discovery can name modules without paying for the model's import.
"""

MODULE_NAMES = ("libvirt", "libvirt-qemu", "libvirt-lxc", "libvirt-admin")
