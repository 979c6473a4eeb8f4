"""Writing outputs: atomically, only when changed, with a Make depfile.

Decisions:

* Everything is rendered in memory before the first byte is written, so an
  error in any backend leaves every previous output untouched.
* Each file is written to a temporary name in its own folder; only when every
  output (and the depfile) is written are they renamed over the old ones, so
  a failure to write any of them changes none (:func:`write_all`).  An
  error while staging or renaming names the target, not the temporary file
  (a name the user never gave, gone by the time the message is read).  A file whose content did not change is
  not written at all, so its mtime stays: build tools that support it (ninja's
  ``restat``, meson) then skip everything downstream.
* ``--depfile`` writes ``output: inputs`` in Make syntax, listing every
  file the frontend read; the CLI names one target, as gcc does (ninja
  rejects a depfile target its build edge does not declare).  Paths are
  escaped as gcc escapes them (:func:`_escape_make`), which is what GNU make
  and ninja both read back: neither undoes a backslash doubled anywhere but
  before a blank, so doubling every one named files that do not exist and
  the build never looked clean.  A path
  is written as its bytes (``os.fsencode``: in the locale's encoding, a
  surrogate as the byte it stands for), as gcc writes it; encoding it as
  UTF-8 wrote a non-ASCII name under a Latin-1 locale as other bytes, a
  file make and ninja never found.  Not writable in a way make and ninja read (as with gcc's
  depfiles; README.md lists them): a ``:``, a line break, a ``%`` in the
  target (make reads a pattern rule), and a few characters one of the two
  readers takes as syntax.  A depfile holding such a path is written, as
  gcc writes it, with one warning naming the first path make misreads
  (:func:`depfile_misread`): silent, it broke the build later, where no
  message named the cause (make 4.3 stops on a ``:`` with "target pattern
  contains no '%'").
* The depfile lists no input that is no file or folder (:func:`unwatchable`):
  a pipe (process substitution, ``--api-xml <(zcat x.xml.gz)``, read as
  ``/dev/fd/63``), a socket or a device names nothing a build tool can watch
  once the run is over (in make's process ``/dev/fd/63`` is another
  descriptor or none), and its empty rule made it a target.  Left out with a
  warning: the build rule should depend on what feeds the pipe.
* The depfile lists no file the run writes itself (:func:`depfile_prerequisites`,
  compared where each entry is: its folder's real path and its name), though
  it read it: a generated ``remote_protocol.x`` fed back with
  ``--remote-protocol`` (which keeps the procedure numbers, a workflow we
  support), ``api --api-xml out/libvirt-api.xml -o out``.  Listed, the file
  depended on itself: ninja failed every later build ("dependency cycle"),
  and make would see a target never newer than itself.  The stamp still
  records it as an input (the early stop must notice an edit by hand);
  rewritten by the run, it is recorded as unknown, so the next run reads it
  again and the one after stops early.
* The stamp's entry keeps the depfile's bytes (as Latin-1 text: one
  character per byte, whatever the locale).  ninja with ``deps = gcc``
  (meson's way) deletes the depfile once it has read it, and an early stop
  that needed it in place never worked again: instead, a run found up to
  date writes it again, atomically, when it is gone
  (:func:`generator.fastpath.restore_depfile`), without reading the tree;
  one found holding those bytes is as good as the file the run left.
* A file the last run with the same options wrote and this one does not (a
  header's page after the header is gone) is deleted once the new outputs
  are in place (:func:`stale_outputs`), unless the stamp's entry of another
  kind of run lists it: a file two commands write is never deleted by the
  one that stopped writing it while the other still does.  Never an input of
  the run either, and only while it is still the file the entry's run wrote
  (the size, mtime, inode and ctime it recorded, checked just before the unlink:
  :func:`delete_stale`): deleting every path the entry lists took a user's
  own file put where a removed module's XML had been.  Another file there is
  left, with a warning, and the new entry no longer lists it.
* Decided (session 29): a run whose options differ from an earlier entry's
  only in what it reads (``--srcdir``, FILEs, ``--api-xml``, ``$CPP``,
  ``--depfile``, ``--werror``, our version: :data:`_READ_OPTIONS`), the
  command, ``--only``, ``--module``, ``--format``, ``--acls`` and
  ``--remote-protocol`` all the same, and writing at least one file that
  run wrote, replaces that earlier run as a run with the same options does:
  it writes the same kind of outputs under the same names, so what the
  earlier run wrote and this one does not is stale in the same way, and
  that entry is dropped from the stamp.  A file in common is needed because
  what a run reads can decide which files it writes: one module's XML
  converted per command (``--api-xml libvirt-api.xml``, then
  ``libvirt-qemu-api.xml``, into one folder) is two commands (review,
  session 29: taken for one, each deleted the other's file and a build
  rerunning both never settled).  A file a command still in the stamp reads
  (``generate --api-xml out/libvirt-qemu-api.xml -o out``) is never
  deleted as stale: its next run would fail.  Treated as
  another command, as before, another tree read into the same folder left
  the first tree's pages and XML files beside the new ones, with no word
  (the pages of headers only the first tree had, linking to pages no longer
  there: QA counted 127 broken links after 9.0.0, then the sample).  So
  ``api --api-xml out/libvirt-api.xml -o out`` after ``api --srcdir tree -o
  out`` deletes the qemu, lxc and admin files the first wrote (never the
  file it reads).  Another kind of run (another ``--only``, ``--module`` or
  ``--format``) still keeps its files, as a build writing one backend or
  module per command needs.
* Without an entry of its options or of a run it replaces (the stamp
  deleted, as README allows, or the entry aged out, or another kind of
  output asked for) nothing is deleted: the stamp
  is what says which files a run wrote, and without it no rule tells a stale
  page from a file that is not this command's.  Tried and dropped: deleting
  the files that carry our banner in the backend's folders deleted another
  command's outputs whose stamp was lost too (a JSON dump written into the
  bindings' package, the pages of another tree written into the same
  folder), a user's edited copy of a page and files of a venv made inside
  the output folder.  Losing the stamp so costs only this cleanup: the stale
  pages stay until the folder is emptied by hand.  A stale file that cannot
  be deleted (a folder made read-only since) is a warning, not a failure:
  the outputs are in place.
* A stamp file (``.virt-apigen-stamp.json``) next to the outputs records,
  per set of options (``$CPP`` included: another preprocessor may read the
  headers otherwise), one entry: the inputs' sizes and mtimes, the outputs'
  identities (size, mtime, inode and ctime, as this run left them: see below), the command line (:mod:`generator.fastpath`, which also
  says how the entries are laid out).  When nothing in the entry of a run's
  options differs, the run stops before parsing anything; the stamp is a
  cache only (deleting it is always safe) and is not an output.  So writing
  it is best-effort: a folder that takes the outputs but not the stamp (or a
  read-only folder whose outputs are already current) costs the next run its
  early stop, never the run itself.  A stamp that is no regular file (a FIFO,
  a device, a symlink to one) or larger than any a run writes is read as none
  (:func:`generator.fastpath.read_stamp`: a FIFO waited for a writer for
  ever), and one that is no regular file is not written either
  (:func:`_stamp_writable`): it is not ours to replace.
* One entry per set of options, not one stamp: several commands write into
  one folder (one ``--module`` each, ``generate --only X`` per backend) and,
  with one entry, each replaced the other's, so no run ever stopped early and
  a file one command no longer wrote was never deleted once another command
  had run in between.  A run reads the stamp when it writes its own entry
  (:func:`write_stamp`), replaces the entry of its options or adds one, and
  keeps the :data:`STAMP_ENTRIES` (16) most recently written entries: enough
  for every command a build runs into one folder (libvirt has four modules,
  we have five backends), while each changed set of options (a new
  ``$CPP``, a depfile moved, a release of ours) would otherwise leave an
  entry forever, and every rerun reads and parses them all (~0.05 ms each
  on libvirt's tree).
  An entry dropped only costs its command one full run, and the protection
  of what it reads (:func:`stale_outputs`): a file read by a command whose
  entry is gone, or is in another folder's stamp, is deleted as stale when
  the run that wrote it is replaced by one that does not write it.
* Commands writing into one folder at once (``make -j``, two builds) take
  turns: a run's whole write (the stale files found, the outputs written,
  the stale ones deleted, the stamp) holds an exclusive ``flock`` on the
  output folder, made first when it is missing (:func:`folder_locked`).
  Without it, two runs of other inputs interleaved their renames and both
  exited 0 over a mix of their outputs (QA: 1 of 15 pairs); now the folder
  holds the last run's outputs, whole.  One lock, the output folder's: a
  depfile elsewhere is one file renamed into place, and locking its folder
  too (``/tmp``, the build folder) made unrelated runs wait on each other,
  for ever behind a FIFO depfile no one read; two folders also had to be
  locked in one order whatever their spelling (a symlink, a bind mount).
  The early stop of a rerun (:mod:`generator.fastpath`) takes no lock: it
  writes nothing but a depfile ninja deleted, and trusts an entry only while
  the files are the ones it recorded.  Advisory and best-effort: a file
  system that refuses ``flock`` (some FUSE ones) writes unlocked, as
  before, which is what the rest of this paragraph is about.  Commands
  writing into one folder at once each read the stamp
  and write it back whole, so the last to write may drop the entry another
  wrote meanwhile (or bring back that command's older entry): that command's
  next run is a full one, never a wrong "up to date".  An entry is trusted
  only while every size, mtime (and, for an output, inode and ctime) it recorded still
  holds (:func:`generator.fastpath.files_match`), and what it records was
  true when it was written: these inputs gave these outputs.  An entry brought back
  from before its command's latest run recorded older outputs (or older
  inputs, when the outputs did not change): they no longer match.  A run
  whose outputs overwrite another command's files likewise makes that
  command's entry stop matching.
* An output is recorded as the file this run put there, not as the file
  found there when the stamp is written: the ``lstat`` of the staged file
  just before its rename, or the ``fstat`` of the file found holding the
  content already (read through the same open file), or of the file written
  into (:class:`Record`).  Recording what was found at the end let a run
  paused after its renames, while another run (other inputs) replaced them,
  write an entry vouching for the other run's files (its next no-op rerun
  kept them for ever), or for a mix of both runs' files after a pause
  between two renames.  A file another run renamed over it is a new inode,
  so the entry no longer holds; the inode is compared with size and mtime
  because another file can have both (same-size outputs renamed in the same
  tick).  No lock: a folder may be shared by runs of several users, and a
  lock file is one more thing a killed run leaves behind.  The cost is on
  filesystems whose inode numbers are not stable (some FUSE mounts, after a
  remount): a full run more, never a wrong "up to date".
* An output's ctime is recorded too (session 29): an output edited in place
  and given its size and mtime back (``touch -r``) kept its inode, and was
  taken for the file the run wrote, by the early stop and by the deletion of
  stale outputs.  No process sets a ctime but the kernel.  Our own rename
  sets it, so a renamed file's identity is taken again just after the
  rename, and kept only while size, mtime and inode are still those of the
  staged file (:func:`_renamed_identity`; else unknown, as another run
  replaced it).  Decided: a change of the output's metadata alone (a
  ``chmod`` or ``chown``, a hard link made to it, ``cp -al``, a backup
  tool putting atimes back) moves its ctime too and so costs one full run,
  which rewrites nothing (the content is the same) and records the new
  ctime, and leaves a stale output so changed in place, with the warning
  every changed stale output gets: rare, never a wrong result, and no
  cost on the rerun (the ``stat`` it made anyway).  ``cp -a out copy``
  reads ``out`` only, which moves no ctime.
* The stamp watches each input file's folder too, by its mtime: a header
  appearing beside the ones read (``include/libvirt``), or a ``meson.build``
  in the root, changes what a run reads.  A folder the run writes into (the
  output folder, a backend's, the depfile's), though, has its mtime moved by
  every run (its outputs, its stamp renamed into place), so with outputs in
  the tree's root (``api --srcdir .``) or beside the XML read, no rerun ever
  stopped early.  Such a folder is recorded by its listing instead: its
  entry names but the run's own (its outputs, the folders made for them, the
  stamp, any run's temporary files: :func:`generator.fastpath.foreign_names`),
  one ``listdir`` on the early stop.  Sound because the folders the run may
  write into are listed at its start, before any input is read
  (:func:`folder_listings`), and the listing taken when the stamp is written
  is recorded only when it is the same (without the outputs the run deleted
  as stale), else ``null``, which never holds: an entry that came and went
  again while the run read is the only change missed.  A folder written into
  but not listed at the start keeps its mtime (one more full run).  What a
  listing does not see, a file replaced under the same name keeping its
  size and mtime, is missed as for every input (sizes and mtimes, as make
  and ninja judge).
* The stamp is written at the end of the run, but an input may be edited
  while the run reads it.  Recording that input's size and mtime would call
  the stale output current forever, so an input whose mtime is not older
  than the run's start (taken before any input is read, see
  :mod:`generator.fastpath`) is recorded as unknown (``null``), which never
  matches: the next run parses again.  "Not older" allows for the
  filesystem's timestamp resolution: the kernel stamps files from a clock
  that lags the one we read by up to a tick (100 ms of slack), and an mtime
  in whole seconds may come from a filesystem that keeps only seconds (ext3,
  FAT's two: 2 s of slack).  An input edited just before a run therefore
  costs at most one extra full run.  Clocks of other machines (an NFS
  server's) are trusted as they are.
* Outputs get the mode a new file gets (``0666 & ~umask``, the umask read
  from ``/proc/self/status``: changing it to read it would race with other
  threads; read anew by each :func:`write_all` call that creates a file, as
  no state is kept at module level), or keep the mode of the file they replace.  The staged copy is
  created ``0600`` and given that mode before it is renamed into place.
* A replaced file also keeps its group when the user belongs to that group
  (``fchown`` of the staged copy; refused otherwise, and the copy keeps the
  group a new file gets): a shared folder's outputs stay writable by the
  group that shares them.  Its owner is kept only by a run that may give
  files away and then set their mode (root: ``CAP_CHOWN`` and
  ``CAP_FOWNER``; with ``CAP_CHOWN`` alone the ``fchmod`` of the file given
  away failed the run), as GNU ``sed -i`` does: a ``sudo make``
  in a user's tree would otherwise leave outputs the user can no longer
  write, nor, in a sticky folder, replace.  Keeping the owner and group is
  best-effort: any error of ``fchown`` leaves the copy's as created (not a
  list of errnos: each filesystem refuses its own way, libfuse's default
  ``ENOSYS``, ``EACCES``, ``EPERM``, ``EINVAL`` for an id unmapped here, and
  the copy's content never depends on them; a failing disk fails the write
  before it, or the rename after).  The data is written first, then the
  owner and group, then the mode: the kernel clears set-id bits on a write
  by a process without ``CAP_FSETID``, and on a ``chown`` by anyone, so a
  ``2775`` output stays ``2775`` (setgid when its group is kept: the
  kernel's rule for ``chmod``).
* A symlink is replaced, not written through (README.md): the new file
  takes the link's own owner and group (what is replaced is the link, and
  its owner is who may replace it in a sticky folder; its target, someone
  else's perhaps, is left as it was) and the target's mode (a link has
  none), or a new file's mode when it dangles.
* A target in a sticky folder (``+t``, ``/tmp`` or a shared ``chmod 3775``
  one) can be replaced only by the target's owner, the folder's owner or a
  process with ``CAP_FOWNER`` (the kernel's rule, applied to ``rename`` and
  ``unlink`` alike).  :func:`write_all` applies that rule to every target it
  would replace before staging anything (:func:`_check_replaceable`; to the
  entry itself, a symlink, dangling or not, by its own owner) and
  fails naming the target: trying was no test, as the commit's hard link of
  the old content (:func:`_keep_old`) succeeds on a group-writable file, the
  rename then fails, and so does removing the link, which stayed behind
  owned by the other user, one more per run.  A backup that cannot be
  removed or put back after a failed rename (a rule we do not predict: an
  owner unmapped in a user namespace) is named in the error, never left
  silently.
* A target that exists and is no regular file (``--depfile /dev/null``, a
  FIFO) is written into, as gcc's ``-MF`` does, never replaced by a rename:
  renaming a file over ``/dev/null`` (as root) would destroy it.  Those are
  written after every staged file exists and before any is renamed.
* A folder can vanish between being made and taking a temporary file: a
  concurrent run that failed removes the folders it made once they are
  empty, and a run that found the folder existing made none, so its staging
  failed with ENOENT.  The folder is then made again and the file staged
  again (:func:`_stage_in_folder`), up to :data:`_FOLDER_ATTEMPTS` times; a
  folder holding a staged file is not empty, so no cleanup removes it.
* A temporary file is named ``.NAME.<pid>.<random>.tmp``.  A run cancelled
  by a signal removes its own (SIGINT and SIGTERM unwind through
  :func:`write_all`), including one whose name it never got back: a cancel
  landing inside ``mkstemp`` once the file exists, or before the name is
  kept, is cleaned by looking for this pid's temporary files of the target
  being staged (:func:`_unlink_own_temporaries`; only this process makes
  such a name while it lives).  ``mkstemp`` stays (not a name chosen first
  and opened with ``O_EXCL``): its retries on a name taken are what we would
  write again.  One killed outright (SIGKILL, a crash) cannot, so each
  run deletes the temporary files of the outputs it writes whose writer
  process no longer exists (:func:`generator.fastpath.sweep`), and so does a
  rerun that finds its outputs up to date, for the outputs of its entry:
  otherwise they stayed for as long as nothing changed.  The no-op rerun
  sweeps rather than running in full: one ``listdir`` per output folder
  (~0.1 ms), its outputs untouched, and a leftover it may not remove
  (another user's, in a sticky folder) costs nothing instead of a full run
  every time.
* An old content a commit set aside (``.NAME.<pid>.<random>.old.tmp``) and
  cannot remove once the outputs are all new (the folder went read-only
  meanwhile) is reported (:class:`Record`) and said as a warning by the
  CLI: the run succeeded, exit 0, and a later run's sweep removes it once
  this process has ended.  Two runs writing into one folder at once never
  touch each other's (a live pid is never swept).  A name whose number no pid
  can be (0, or not below Linux's ``PID_MAX_LIMIT``, 2**22) is not one of
  ours: it is left alone, never an error.  Only runs in the same pid
  namespace are told apart: a folder shared with another machine or
  container could see a live writer's file swept, so such runs should not
  write into one folder at once.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re  # loaded by json already: free on the no-op rerun
import stat
from collections.abc import Iterator
from pathlib import Path

from .fastpath import (
    DEPFILE,
    EARLIER,
    FOLDER,
    KEPT,
    LISTINGS,
    PRINTED,
    STAMP_NAME,
    foreign_names,
    input_paths,
    is_random_part,
    output_paths,
    printed_lines,
    read_stamp,
    restore_depfile,
    signatures_match,
    stamp_entries,
    sweep,
    sweep_after_match,
    written_into,
)

STAMP_ENTRIES = 16  # entries a stamp keeps, the newest (see the module docstring)


Identity = tuple[int, int, int, int]  # a file's size, mtime_ns, inode and ctime_ns: what a stamp's entry records of an output


def _identity(status: os.stat_result) -> Identity:
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


class Record:
    """What :func:`write_all` leaves its caller beside the paths it wrote.

    ``identities``: per target, the :data:`Identity` of the file the call left
    there: the staged file it renamed into place (its ``lstat`` just before
    the rename), the file it found holding the content already (``fstat`` of
    the file it read), the file it wrote into; what a stamp entry records
    (see the module docstring).  ``kept``: (target, backup, reason) for each
    old content a commit set aside and could not remove afterwards (the
    folder went read-only meanwhile): the CLI warns about it."""

    def __init__(self) -> None:
        self.identities: dict[Path, Identity] = {}
        self.kept: list[tuple[Path, str, str]] = []


def _holding(path: Path, status: os.stat_result, data: bytes) -> Identity | None:
    """The identity of the file at ``path`` when it holds ``data``, else None;
    read and ``fstat``-ed through one open file, so the identity is that of
    the content compared, even when another run replaces the file meanwhile."""
    if status.st_size != len(data):
        return None
    try:
        with open(path, "rb") as stream:
            found = os.fstat(stream.fileno())
            same = stream.read() == data
    except OSError:
        return None
    return _identity(found) if same else None


def _status(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:  # missing, or a path through a file: staging says what is wrong
        return None


def _statuses(path: Path) -> tuple[os.stat_result | None, os.stat_result | None]:
    """``path``'s own status (``lstat``) and its target's: the same unless it is
    a symlink, whose target's is None when it dangles; (None, None): no entry."""
    try:
        entry = os.lstat(path)
    except OSError:  # missing, or a path through a file: staging says what is wrong
        return None, None
    return entry, _status(path) if stat.S_ISLNK(entry.st_mode) else entry


def _make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return those made, outermost first."""
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if os.path.isdir(candidate):
            break
        if os.path.lexists(candidate):  # a file (or a dangling link) where a folder must be: name it
            raise NotADirectoryError(errno.ENOTDIR, f"{os.fsdecode(candidate)} is not a folder", str(folder))
        missing.append(candidate)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # made a file meanwhile: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, f"{os.fsdecode(error.filename)} is not a folder", str(folder)) from None
    return missing[::-1]


def _about(target: Path, error: OSError) -> OSError:
    """``error`` naming ``target`` instead of the temporary file beside it."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror, str(target))  # OSError picks the subclass (PermissionError, ...)


def _proc_status(field: bytes) -> bytes:
    """The value of ``field`` (``b"Umask:"``) in ``/proc/self/status``; OSError or IndexError without it."""
    with open("/proc/self/status", "rb") as stream:
        found = [line.split()[1] for line in stream if line.startswith(field)]
    return found[0]


def _umask() -> int:
    """The process's umask, read without changing it (Linux); else set and restored.
    Read once per :func:`write_all` call, only when it writes a new file: no
    cache at module level (the umask may change between calls, and the project
    keeps no global mutable state)."""
    try:
        return int(_proc_status(b"Umask:"), 8)
    except (OSError, ValueError, IndexError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


_CAP_FOWNER = 3  # linux/capability.h: replace any file in a sticky folder, set the mode of one not ours


def _has_fowner() -> bool:
    """Whether this process holds ``CAP_FOWNER`` (``CapEff``); without ``/proc``, whether it is root.
    Root without it (``setpriv``, a container dropping it) is refused like anyone
    in a sticky folder, and sets the mode of no file it has given away."""
    try:
        return bool(int(_proc_status(b"CapEff:"), 16) >> _CAP_FOWNER & 1)
    except (OSError, ValueError, IndexError):
        return os.geteuid() == 0


def _check_replaceable(path: Path, entry: os.stat_result, folders: dict[Path, os.stat_result | None]) -> None:
    """Fail when the kernel will refuse to replace ``path``: it sits in a sticky
    folder, and neither its ``entry`` (its ``lstat``: a symlink's own owner)
    nor the folder is ours, and we lack ``CAP_FOWNER`` (see the module
    docstring).  ``folders`` keeps each folder's status for the rest of the call."""
    folder = path.parent
    if folder not in folders:
        folders[folder] = _status(folder)
    held = folders[folder]
    if held is None or not held.st_mode & stat.S_ISVTX:
        return
    if os.geteuid() in (entry.st_uid, held.st_uid) or _has_fowner():
        return
    raise PermissionError(errno.EPERM, "owned by another user in a sticky folder; cannot be replaced", str(path))


_Like = tuple[int, int, int]  # a staged file's mode, owner and group (-1: as created)


def _chown(handle: int, owner: int, group: int) -> bool:
    """``fchown``, False when it fails in any way (best-effort: see the module docstring)."""
    try:
        os.fchown(handle, owner, group)
    except OSError:  # not allowed, an id unmapped here, a filesystem without owners (ENOSYS, EACCES...)
        return False
    return True


def _take_on(handle: int, like: _Like) -> None:
    """Give the open staged file, its data written, ``like``'s owner and group
    as far as we may, then its mode (see the module docstring)."""
    mode, owner, group = like
    if group >= 0:
        current = os.fstat(handle)
        # Only root may give a file away, and only with CAP_FOWNER set its mode then.
        given = current.st_uid != owner and _has_fowner() and _chown(handle, owner, group)
        if not given and current.st_gid != group:
            _chown(handle, -1, group)  # a group we belong to; else it stays as created
    os.fchmod(handle, mode)


def _stage(path: Path, data: bytes, like: _Like) -> str:
    """``data`` in a new temporary file beside ``path`` with ``like``'s mode,
    owner and group (:func:`_take_on`): its name."""
    import tempfile  # not needed by the no-op rerun, which must start fast

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()  # every byte written before the mode is set: a write clears set-id bits
            _take_on(stream.fileno(), like)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


@contextlib.contextmanager
def folder_locked(folder: Path, said_for: Path) -> Iterator[None]:
    """An exclusive ``flock`` held on the output ``folder`` for the block (see the module docstring).

    A missing ``folder`` is made first, so that every run writing into it locks that very folder
    (locking its nearest parent instead let a run starting once it was made lock the new folder and
    write beside the run that made it), and removed again, with the parents made, when the block
    raises and they are still empty.  An error making it is said for ``said_for``, an output, as
    staging it would have said it.  A folder a failing run removed while this one waited is not
    this run's folder any more: the one now there is made and locked instead.  One that cannot be
    opened or locked (a file system refusing ``flock``) is written unlocked."""
    import fcntl

    created: list[Path] = []
    handle = -1
    try:
        for _ in range(_FOLDER_ATTEMPTS):
            created += _made_for(said_for, folder)
            try:
                handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError:
                break
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _still_there(handle, folder):
                break
            os.close(handle)
            handle = -1
        yield
    except BaseException:
        for made in reversed(created):
            with contextlib.suppress(OSError):  # not empty (another run wrote there): it stays
                made.rmdir()
        raise
    finally:
        if handle >= 0:
            os.close(handle)


def _still_there(handle: int, folder: Path) -> bool:
    """Whether the folder ``handle`` has open is the one named ``folder`` now."""
    try:
        named = os.stat(folder)
    except OSError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _made_for(path: Path, folder: Path) -> list[Path]:
    """:func:`_make_folder` of ``folder``, an error said for ``path`` (an output, --depfile's), which it holds."""
    try:
        return _make_folder(folder)
    except NotADirectoryError as error:
        raise NotADirectoryError(error.errno, f"cannot make its folder: {error.strerror}", str(path)) from None
    except OSError as error:
        if error.errno is None:
            raise
        named = error.filename if error.filename is not None else folder
        raise OSError(error.errno, f"cannot make its folder {os.fsdecode(named)}: {error.strerror}", str(path)) from None


def write_all(
    targets: dict[Path, str] | dict[Path, str | bytes],
    companion: tuple[Path, Path | None] | None = None,
    others_changed: bool = False,
    record: Record | None = None,
) -> list[Path]:
    """Write every file of ``targets`` or none; return the paths written.

    ``companion``: (a target, a target that does not count): that target is
    written anew, with its content as it was, when any other target but the
    one that does not count is written, or ``others_changed`` (an output the
    caller deletes: the depfile's target, see :func:`generator.cli._write`;
    the depfile does not count, nor a target written into, such as
    ``/dev/null``).  A new file renamed into place like the others, in the
    same all-or-none step, and renamed last (a SIGKILL among the renames
    leaves it older than the inputs): never ``os.utime``, which would follow
    a symlink out of the output folder and fail in silence on another user's
    file.

    Every new content is first written to a temporary file beside its target,
    and only when all of them are written are they renamed over the targets:
    a full disk, a folder standing where a file must go or an unwritable
    folder fails the run before any target changes.  A target that already
    holds its content is left alone (its mtime stays); one that is no
    regular file (``/dev/null``, a FIFO) is written into, not replaced.
    A text is written as UTF-8 (strictly: an output never holds a byte that
    is not); bytes as they are (the depfile, :func:`depfile_data`).

    ``record``, when given, gets each target's identity and the old contents
    that could not be removed after the commit (:class:`Record`).
    """
    sweep([str(path) for path in targets])
    record = Record() if record is None else record
    created: list[Path] = []  # folders this call made, removed again if it fails
    staging: list[Path] = []  # targets whose staging began: a cancel may land before their file's name is known
    staged: list[tuple[str, Path]] = []
    into: list[tuple[Path, bytes]] = []
    cancels = _Cancels()
    try:
        for path, data, like in _plan(targets, into, companion, others_changed, record.identities):  # every target checked before the first is staged
            staging.append(path)  # before its file exists (see _undo_staging)
            staged.append((_stage_in_folder(path, data, like, created), path))
        for path, data in into:
            record.identities[path] = _write_into(path, data)
        cancels.hold()
        _commit(staged, record)
    except BaseException:
        cancels.hold()  # a second cancel while this one unwinds must not stop the cleanup half-way
        _undo_staging(staged, created, staging[len(staged) :])
        cancels.release(deliver=False)  # this run is failing already: a cancel held meanwhile adds nothing
        raise
    cancels.release(deliver=True)  # a cancel held during the renames lands now, the outputs all new
    return [path for _, path in staged] + [path for path, _ in into]


def _write_into(path: Path, data: bytes) -> Identity:
    """Write ``data`` into ``path``, no regular file (``/dev/null``, a FIFO); its identity after.
    An error names ``path``: a write's own (``/dev/full``) names no file.  A FIFO
    waits for its reader, as it does for gcc's ``-MF``: ``--depfile >(cat)`` is one."""
    try:
        with open(path, "wb") as stream:
            stream.write(data)
            stream.flush()
            return _identity(os.fstat(stream.fileno()))
    except OSError as error:
        raise _about(path, error) from None


def _plan(
    targets: dict[Path, str] | dict[Path, str | bytes],
    into: list[tuple[Path, bytes]],
    companion: tuple[Path, Path | None] | None = None,
    others_changed: bool = False,
    found: dict[Path, Identity] | None = None,
) -> list[tuple[Path, bytes, _Like]]:
    """The targets to stage, in name order, each with its data and the mode,
    owner and group its staged file gets; those that are no regular file go
    to ``into`` (written into), those holding their data already nowhere
    (but ``companion``'s, see :func:`write_all`), their identity added to
    ``found``.  Raises before anything is written when a target cannot be
    replaced."""
    plan: list[tuple[Path, bytes, _Like]] = []
    umask: int | None = None  # read when the first new file needs it, once per call
    folders: dict[Path, os.stat_result | None] = {}
    held: tuple[Path, bytes, os.stat_result | None, os.stat_result] | None = None  # the companion, holding its data already
    for path in sorted(targets):
        content = targets[path]
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        entry, status = _statuses(path)  # a symlink's own, its target's
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if status is not None and not stat.S_ISREG(status.st_mode):
            into.append((path, data))
            continue
        holding = None if status is None else _holding(path, status, data)
        if status is not None and holding is not None:  # both: mypy learns status is set
            if found is not None:
                found[path] = holding
            if companion is not None and path == companion[0]:
                held = (path, data, entry, status)  # staged below, only when another target changes
            continue
        if status is None and umask is None:  # a new file (or a dangling symlink): read once per call
            umask = _umask()
        plan.append((path, data, _staged_like(path, entry, status, folders, umask)))
    if held is not None and (others_changed or _others(plan, companion[1] if companion is not None else None)):
        path, data, entry, status = held
        plan.append((path, data, _staged_like(path, entry, status, folders, umask)))
    if companion is not None:  # renamed last: a run killed among the renames leaves it older than the inputs
        plan.sort(key=lambda step: step[0] == companion[0])
    return plan


def _others(plan: list[tuple[Path, bytes, _Like]], ignored: Path | None) -> bool:
    """Whether a target but ``ignored`` (the depfile) is replaced.  One written
    into (``/dev/null``, a FIFO: no regular file) does not count: it is written
    on every run, changed or not, and is in no plan."""
    return any(path != ignored for path, _, _ in plan)


def _staged_like(
    path: Path, entry: os.stat_result | None, status: os.stat_result | None, folders: dict[Path, os.stat_result | None], umask: int | None
) -> _Like:
    """The mode, owner and group ``path``'s staged file gets (``umask``: read by
    the caller for a new file); raises when it cannot replace what is there."""
    if entry is not None:  # replaced, a dangling symlink too
        _check_replaceable(path, entry, folders)
    mode = 0o666 & ~(umask or 0) if status is None else stat.S_IMODE(status.st_mode)
    return (mode, -1, -1) if entry is None else (mode, entry.st_uid, entry.st_gid)  # the link's owner: see the module docstring


_FOLDER_ATTEMPTS = 8  # a folder removed under us this often is not a passing race: say so


def _stage_in_folder(path: Path, data: bytes, like: _Like, created: list[Path]) -> str:
    """:func:`_stage` into ``path``'s folder, made first (with its missing
    parents, added to ``created``) and made again when it vanished before the
    file was created in it (see the module docstring)."""
    attempt = 1
    while True:
        created += _made_for(path, path.parent)  # said for the file asked for (an output, --depfile's)
        try:
            return _stage(path, data, like)
        except FileNotFoundError as error:  # the folder went away meanwhile: a failed run's cleanup
            if attempt >= _FOLDER_ATTEMPTS:
                raise _about(path, error) from None
            attempt += 1
        except OSError as error:
            raise _about(path, error) from None


def _undo_staging(staged: list[tuple[str, Path]], created: list[Path], unnamed: list[Path]) -> None:
    """A failed call's staged files and the folders it made (those still empty).

    ``unnamed``: targets whose staging began but whose temporary name the
    call never got back (a cancel landing in :func:`tempfile.mkstemp` after
    it created the file, or before the name was kept): their folder is
    searched for this process's temporary files of that target
    (:func:`_unlink_own_temporaries`)."""
    import contextlib  # only on failure: the no-op rerun must start fast

    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    for path in unnamed:
        _unlink_own_temporaries(path)
    for folder in reversed(created):
        with contextlib.suppress(OSError):  # not empty (another run wrote there): it stays
            folder.rmdir()


def _unlink_own_temporaries(path: Path) -> None:
    """Remove ``.NAME.<our pid>.<random>.tmp`` of ``path`` (not an ``.old.tmp``
    backup: :func:`generator.fastpath.is_random_part` holds no dot).  Only this process makes such a
    name while it lives, so each is the file a cancel kept from us, or a
    leftover of a dead process that had our pid: a killed run's, which the
    sweep would remove anyway.  Two threads of one process writing the same
    target at once would share the prefix: :func:`write_all` is not for
    that (the CLI writes each target once, from its main thread)."""
    prefix = f".{path.name}.{os.getpid()}."
    try:
        entries = os.listdir(path.parent)
    except OSError:  # the folder is gone or unreadable: nothing of ours is there to remove
        return
    for entry in entries:
        if entry.startswith(prefix) and entry.endswith(".tmp") and is_random_part(entry[len(prefix) : -len(".tmp")]):
            try:
                os.unlink(path.parent / entry)
            except OSError:  # gone already: nothing to clean
                continue


def _commit(staged: list[tuple[str, Path]], record: Record) -> None:
    """Rename every staged file over its target, all or none.

    Before a target is replaced its old content gets a second name beside it
    (a hard link, else a rename; named like a temporary file, so a run killed
    meanwhile leaves nothing the next run does not sweep); a rename that
    fails (an immutable file, a mount point, EBUSY) puts the targets already
    replaced back, so the outputs are all old or all new, and make never sees
    a newer first target over a stale second one.  The caller holds SIGINT
    and SIGTERM meanwhile (:class:`_Cancels`): a cancel lands before or
    after the whole commit, never inside it.

    Each staged file's identity is taken just before its rename, into
    ``record``: what this run put in place, whatever replaces it later (see
    the module docstring); an old content that cannot be removed afterwards
    is added to ``record.kept``, said by the CLI, never dropped in silence."""
    import contextlib  # only when something is written: the no-op rerun must start fast

    done: list[tuple[Path, str | None]] = []  # (target, its old content's second name; None: it was new)
    renamed: dict[Path, Identity | None] = {}
    try:
        for temporary, path in staged:
            backup = _keep_old(path, temporary)
            try:
                staged_as = _identity(os.lstat(temporary))  # ours alone: no other process makes our pid's names
                os.replace(temporary, path)
            except OSError as error:
                raise _failed_replace(path, backup, error) from None
            done.append((path, backup))
            renamed[path] = _renamed_identity(path, staged_as)
    except BaseException:
        for path, backup in reversed(done):
            with contextlib.suppress(OSError):  # nothing better to do than leave what is there
                os.unlink(path) if backup is None else os.replace(backup, path)
        raise
    record.identities.update({path: identity for path, identity in renamed.items() if identity is not None})
    for path, backup in done:
        if backup is not None:
            _remove_backup(path, backup, record)


def _renamed_identity(path: Path, staged_as: Identity) -> Identity | None:
    """The identity of the file just renamed to ``path``, which was ``staged_as``
    before the rename: the same file (size, mtime, inode) with the ctime the
    rename gave it (Linux file systems set it); None, not known, when another
    file is there already (a run writing the folder at once renamed its own
    over it) or it cannot be looked at."""
    try:
        found = _identity(os.lstat(path))
    except OSError:
        return None
    return found if found[:3] == staged_as[:3] else None


def _remove_backup(path: Path, backup: str, record: Record) -> None:
    """Remove ``path``'s old content once the commit is done; one that stays
    (a folder gone read-only meanwhile) is added to ``record.kept``.  The
    outputs are all new by then, so it fails nothing: a later run's sweep
    removes it once this process has ended."""
    try:
        os.unlink(backup)
    except FileNotFoundError:  # already gone: nothing to clean
        return
    except OSError as error:
        record.kept.append((path, str(path.parent / os.path.basename(backup)), error.strerror or str(error)))  # as the target is named


def _failed_replace(path: Path, backup: str | None, error: OSError) -> OSError:
    """``error`` (a rename of ``path`` that failed) naming ``path``, once
    :func:`_keep_old`'s backup is undone; one that cannot be is named in it."""
    if backup is None:
        return _about(path, error)
    moved = not os.path.lexists(path)
    try:
        if moved:  # moved aside: put back
            os.replace(backup, path)
        else:  # a second link: the target still holds it (a rename onto it would do nothing)
            os.unlink(backup)
    except OSError as undoing:  # said, never silent: a file the user may not be able to remove (sticky folder)
        fate = "until a later run puts it back" if moved else "and cannot be removed"
        note = f"; its old content stays as {backup} {fate} ({undoing.strerror or undoing})"
        return OSError(error.errno, f"{error.strerror or error}{note}", str(path))
    return _about(path, error)


def _keep_old(path: Path, temporary: str) -> str | None:
    """A second name for ``path``'s current content, beside it (None: ``path`` does not exist)."""
    if not os.path.lexists(path):
        return None
    backup = temporary[: -len(".tmp")] + KEPT  # .NAME.<pid>.<random>.old.tmp: see fastpath.sweep
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError as error:
        if error.errno not in _NO_HARD_LINK:
            raise _about(path, error) from None
        try:  # no hard links here (vfat, some FUSE mounts; protected_hardlinks): move it aside
            os.rename(path, backup)
        except OSError as moving:
            raise _about(path, moving) from None
    return backup


_NO_HARD_LINK = frozenset({errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EACCES})


# SIGHUP too: ninja passes it on to its jobs when the terminal hangs up (meson QA, session 27: a mix of old and
# new outputs, exit 129); getattr: a platform without it (Windows) holds the other two
_CANCEL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP")


class _Cancels:
    """SIGINT, SIGTERM and SIGHUP, as :func:`write_all` sees them.

    Before its renames a cancel stops the call at once (the handler in place
    runs: Ctrl-C's ``KeyboardInterrupt``, the CLI's ``Terminated``).  From
    :meth:`hold` on, a cancel is only recorded, and :meth:`release` delivers
    it: after the renames (the outputs all new) or not at all when the call
    is failing anyway.  The first cancel puts the hold in place itself and
    runs the handler there was before from within this one, which stays in
    place until :meth:`release`, so a second one arriving with it (make's
    SIGTERM on top of Ctrl-C) cannot stop the cleanup: putting that handler
    back first, as this class did, let a SIGTERM after a Ctrl-C raise in the
    middle of the cleanup and leave staged files behind.  A handler the one
    before put in place meanwhile (the CLI ignores a second SIGTERM) is kept.
    Python runs signal handlers in the main thread only, whatever
    thread the kernel picks, so this holds in a process with other threads
    (which a signal mask would not); called from another thread, nothing is
    held.  A class of our own, no contextlib: this module is on the no-op
    rerun's path, which imports as little as it can."""

    def __init__(self) -> None:
        import signal
        import threading

        self.holding = False
        self.held: int | None = None
        self.previous: dict[int, object] = {}
        if threading.current_thread() is threading.main_thread():
            try:
                for signum in [getattr(signal, name) for name in _CANCEL_NAMES if hasattr(signal, name)]:
                    # read first: signal.signal() runs a pending handler before it returns, so a
                    # cancel landing in the install loses what it would have returned
                    self.previous[signum] = signal.getsignal(signum)
                    signal.signal(signum, self._on_signal)
            except BaseException:  # a cancel handled during the installs: no release() will put ours away
                self._restore()
                raise

    def _on_signal(self, signum: int, frame: object) -> None:
        if self.holding:
            self.held = self.held or signum
            return
        import signal

        previous = self.previous.get(signum)
        if previous == signal.SIG_IGN:  # ignored before this call: still nothing to do
            return
        self.holding = True
        if callable(previous):
            previous(signum, frame)  # the handler there was before, now, in this thread (it raises)
            return
        self._restore()
        signal.raise_signal(signum)  # the default action: the process ends as it would have

    def hold(self) -> None:
        self.holding = True

    def release(self, deliver: bool) -> None:
        self._restore()
        if deliver and self.held is not None:
            import signal

            signal.raise_signal(self.held)

    def _restore(self) -> None:
        import signal

        for signum, handler in self.previous.items():
            if signal.getsignal(signum) == self._on_signal:  # not replaced meanwhile (see the class docstring)
                signal.signal(signum, handler)  # type: ignore[arg-type]  # what signal.signal returned
        self.previous = {}


def write_atomic(path: Path, text: str, record: Record | None = None) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; True if written (``record``: see :func:`write_all`)."""
    return bool(write_all({path: text}, record=record))


def _escape_blank(found: re.Match[str]) -> str:
    """N backslashes and a blank: 2N+1 of them, so that make and ninja read N and the blank."""
    return found.group(1) * 2 + "\\" + found.group(2)


def _escape_make(path: str) -> str:
    """``path`` as gcc's mkdeps writes it: a space or tab gets a backslash and
    the backslashes before it are doubled; ``#`` gets a backslash (those before
    it are not doubled: ninja reads ``\\\\#`` as ``\\#``, make as a comment);
    ``$`` is ``$$``.  Any other backslash stays single: make and ninja keep it."""
    if " " in path or "\t" in path:
        path = re.sub(r"(\\*)([ \t])", _escape_blank, path)  # re caches the pattern: no cost when no blank
    return path.replace("#", "\\#").replace("$", "$$")


# What GNU make (4.3, checked by hand) misreads in a depfile path and no escape of gcc's
# mends: the character and what make makes of it (ninja's own limits: README.md).
_MAKE_MISREADS = (
    (":", "make reads ':' as the end of a rule's targets, and stops there"),
    (";", "make reads what follows ';' as a recipe"),
    ("|", "make reads '|' as the start of order-only prerequisites"),
    ("=", "make reads a rule holding '=' as a variable assignment"),
    ("\n", "a line break ends make's rule"),
)
_TARGET_MISREAD = ("%", "make reads a target holding '%' as a pattern rule")


def depfile_misread(targets: list[str], inputs: list[str]) -> tuple[str, str, int] | None:
    """The first path of a depfile that GNU make will misread, why, and how many
    such paths there are in all; None when make reads every path as written.
    Written all the same, as gcc writes them (it escapes none of these): make
    4.3 and ninja 1.11 both read ``\\:`` as ``:``, but no other release of
    either was checked with an escape gcc never writes, so the run says so
    rather than guess."""
    found: list[tuple[str, str]] = []
    for path in [*targets, *inputs]:
        checks = _MAKE_MISREADS + ((_TARGET_MISREAD,) if path in targets else ())
        why = next((reason for mark, reason in checks if mark in path), None)
        if why is not None:
            found.append((path, why))
    if not found:
        return None
    return found[0][0], found[0][1], len(found)


def _entry_location(path: str | Path) -> str:
    """Where ``path``'s own entry is: its folder's real path and its name (a
    symlink is not followed: an output replaces the link, not its target)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(folder), name)


def depfile_prerequisites(inputs: list[str], written: list[Path]) -> list[str]:
    """The ``inputs`` a depfile lists: all but the files the run writes
    itself (``written``: its outputs, the depfile, the stamp), see the module
    docstring."""
    own = {_entry_location(path) for path in written}
    return [path for path in inputs if _entry_location(path) not in own]


def unwatchable(inputs: list[str]) -> list[tuple[str, str]]:
    """Each of ``inputs`` that is no file or folder a build tool can watch, with
    what it is: a pipe (``--api-xml <(zcat x.xml.gz)``, read as ``/dev/fd/63``),
    a socket, a device.  Listed in a depfile, such a path named nothing (or
    another process's descriptor) to make and ninja once the run is over, and
    its empty rule a target, so the CLI leaves it out, saying so."""
    found = []
    for path in inputs:
        try:
            mode = os.stat(path).st_mode
        except OSError:  # gone, as a missing input may be: listed, as any other
            continue
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            continue
        found.append((path, "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"))
    return found


def depfile_data(targets: list[str], inputs: list[str]) -> bytes:
    """The depfile's bytes.  Every path is written as its own bytes
    (``os.fsencode``, whatever the locale's encoding), as gcc writes it: make
    and ninja read bytes, and the file they then look at is that path."""
    head = " ".join(_escape_make(t) for t in targets) + ":"
    lines = [head] + [" " + _escape_make(i) for i in inputs]
    text = " \\\n".join(lines) + "\n"
    # A phony rule per input keeps make working when an input is deleted.
    text += "".join(f"{_escape_make(i)}:\n" for i in inputs)
    return os.fsencode(text)  # the rest of the text is ASCII: the same in every encoding a file system uses


def _signature(path: Path) -> list[int]:  # an input's: size and mtime
    try:
        status = path.stat()
    except OSError:
        return [-1, -1]
    return [status.st_size, status.st_mtime_ns]


_TICK_SLACK_NS = 100_000_000  # the kernel's file clock lags time.time_ns() by up to a tick
_SECONDS_SLACK_NS = 2_000_000_000  # a filesystem keeping whole seconds (FAT: even ones)


def _settled(signature: list[int], started_ns: int) -> list[int | None]:
    """``signature`` unless its mtime may be from after ``started_ns`` (the run's
    start): then ``[None, None]``, which no file matches (see the module docstring)."""
    mtime = signature[1]
    if mtime < 0:
        return list(signature)
    slack = _SECONDS_SLACK_NS if mtime % 1_000_000_000 == 0 else _TICK_SLACK_NS
    return [None, None] if mtime + slack > started_ns else list(signature)


Outputs = list[Path] | dict[Path, Identity | None]  # see stamp_payload
Listings = dict[str, list[str] | None]  # folder (real path) -> its entry names (None: not listed), see folder_listings


def folder_listings(folders: list[Path]) -> Listings:
    """Each of ``folders`` that exists, by real path, with its entry names now:
    taken at a run's start, before any input is read (see the module docstring)."""
    listed: Listings = {}
    for folder in folders:
        real = os.path.realpath(folder)
        try:
            listed[real] = os.listdir(real)
        except OSError:  # not there (yet): the run makes it, nothing else was in it
            continue
    return listed


class Layout:
    """What :func:`stamp_payload` needs besides the files to record a folder
    the run wrote into by its listing: the output folder's real path (the
    stamp's), each folder's listing at the run's start (``before``:
    :func:`folder_listings`), and the stale outputs the run deleted."""

    def __init__(self, folder: str, before: Listings, stale: list[Path]) -> None:
        self.folder = folder
        self.before = before
        self.stale = [str(path) for path in stale]


def stamp_payload(
    options: dict[str, object],
    inputs: list[Path],
    outputs: Outputs,
    started_ns: int,
    invocation: dict[str, object] | None = None,
    printed: list[str] | None = None,
    layout: Layout | None = None,
) -> dict[str, object]:
    """One stamp entry.  ``outputs``: each output with the :data:`Identity` this
    run left it with (:class:`Record`; None: not known, which never matches),
    or a list of paths whose identity is read now, for a caller that alone
    writes those files (never the CLI: another run may have replaced them
    since, see the module docstring).  With a ``layout``, a watched folder
    the run wrote into is recorded by its listing (:func:`_listings`)."""
    # a file's folder too (the file replaced, or one appearing beside it), not a folder's: its own
    # mtime says what appears in it, and its parent may hold the outputs (`--srcdir tree -o out`),
    # changed by every run that writes them, so no rerun would ever be trusted; a watched folder
    # the run writes into is recorded by its listing (see the module docstring)
    watched = sorted(set(inputs) | {p.parent for p in inputs if not p.is_dir()})
    listings = {} if layout is None else _listings(watched, [str(p) for p in outputs], layout)
    return {
        "invocation": invocation or {},
        "options": options,
        "inputs": [[str(p), *_settled(_signature(p), started_ns)] for p in watched if str(p) not in listings],
        LISTINGS: [[folder, names] for folder, names in sorted(listings.items())],
        "outputs": [[str(p), *_output_facts(p, outputs)] for p in sorted(outputs)],
        PRINTED: list(printed or []),
    }


def _listings(watched: list[Path], outputs: list[str], layout: Layout) -> dict[str, list[str] | None]:
    """For each watched folder the run wrote into and listed at its start, its
    entries now but the run's own (:func:`generator.fastpath.foreign_names`),
    or None when they differ from those at the start: something else came or
    went while the run read its inputs, so what it read is not known."""
    own = outputs + layout.stale  # a stale output was there at the start, and this run deleted it
    written = _folders_written(own, layout.folder)
    found: dict[str, list[str] | None] = {}
    for path in watched:
        folder = str(path)
        if folder not in written or layout.before.get(folder) is None:
            continue  # not written into (its mtime says it all), or not listed at the start: by mtime
        try:
            now = foreign_names(folder, os.listdir(folder), own)
        except OSError:
            now = None
        found[folder] = now if now == foreign_names(folder, layout.before[folder] or [], own) else None
    return found


def _folders_written(outputs: list[str], folder: str) -> set[str]:
    """The folders a run writes into: the output folder (the stamp), each
    output's folder (a stale one's: deleted from it), and those between the
    two (made for it)."""
    written = {folder}
    for path in outputs:
        parent = os.path.dirname(path)
        written.add(parent)
        while parent.startswith(folder.rstrip(os.sep) + os.sep):
            parent = os.path.dirname(parent)
            written.add(parent)
    return written


def _output_facts(path: Path, outputs: Outputs) -> list[int | None]:
    """An output's size, mtime, inode and ctime (see :func:`stamp_payload`);
    ``[None, None, None, None]``, which no file matches, when it is missing (its
    folder removed meanwhile, a ``make clean`` racing the run) or unknown: a
    missing input may match "still missing", a missing output never makes a
    rerun stop early."""
    if isinstance(outputs, dict):
        identity = outputs[path]
    else:
        try:
            identity = _identity(os.stat(path))
        except OSError:
            identity = None
    return [None, None, None, None] if identity is None else list(identity)


def _entries(outdir: Path) -> list[dict[str, object]]:
    """The entries of ``outdir``'s stamp, newest first; none when there is no
    stamp to read (:func:`generator.fastpath.read_stamp`: also a FIFO, a device
    or a file too large to be one)."""
    return stamp_entries(read_stamp(str(outdir)))


def _entry_for(entries: list[dict[str, object]], options: dict[str, object]) -> dict[str, object] | None:
    """The entry of a run with ``options`` (at most one: :func:`write_stamp` replaces it)."""
    return next((entry for entry in entries if entry.get("options") == options), None)


# The options that say only what a run reads, and with what: a run whose options differ from an
# earlier entry's in these alone writes the same kind of outputs under the same names, so it
# replaces that run (see the module docstring).  Listed, not the others: an option added later
# counts as another kind of output until someone decides otherwise, which deletes nothing.
_READ_OPTIONS = frozenset({"srcdir", "files", "api_xml", "cpp", "depfile", "werror", "version"})


def _kind(options: object) -> dict[str, object] | None:
    """What ``options`` say about the outputs a run writes (None: no options, a damaged entry)."""
    if not isinstance(options, dict):
        return None
    return {key: value for key, value in options.items() if key not in _READ_OPTIONS}


def _replaced(entries: list[dict[str, object]], options: dict[str, object], written: set[str]) -> list[dict[str, object]]:
    """The entries a run with ``options`` writing ``written`` (real paths, its depfile left out) replaces,
    newest first: its own options', and those differing from them only in what they read
    (:data:`_READ_OPTIONS`) that list a file this run writes too.  What a run reads can decide
    which files it writes (``api --api-xml libvirt-api.xml`` and ``--api-xml libvirt-qemu-api.xml``
    into one folder each write their module's file): two such runs writing no file in common are
    two commands, never one replacing the other (review, session 29: each deleted the other's file,
    and a build rerunning both never settled)."""
    kind = _kind(options)
    return [
        entry
        for entry in entries
        if entry.get("options") == options or (_kind(entry.get("options")) == kind and not written.isdisjoint(output_paths(entry)))
    ]


def _written(outputs: Outputs, options: dict[str, object]) -> set[str]:
    """The real paths of a run's ``outputs`` but its depfile (``options``' ``depfile``, a real path or ""):
    two commands naming one depfile share no output by it."""
    return {os.path.realpath(p) for p in outputs} - {str(options.get("depfile") or "")}


def stale_outputs(outdir: Path, options: dict[str, object], outputs: list[Path], inputs: list[str] | None = None) -> dict[Path, Identity | None]:
    """Files an earlier run this one replaces wrote in ``outdir`` that this run
    no longer writes (the page of a header since removed, the pages of the
    other tree read before), each with the :data:`Identity` that run recorded
    of it (None: not known), which :func:`delete_stale` checks.  Replaced: a
    run with these very options, or with options differing only in what it
    reads (:func:`_replaced`); never a file that the entry of another kind of
    run lists while that entry still holds (its inputs and outputs as its run
    left them): two commands writing into one folder (one ``--module`` or
    ``--only`` each) never delete each other's files, and an entry that no
    longer holds (an input changed since) protects nothing, or a file of a
    module since removed would stay for as long as that entry is kept.

    Without such an entry (the stamp deleted, the entry aged out, another
    kind of run), none: see the module docstring.  Never one of ``inputs``."""
    entries = _entries(outdir)
    replaced = _replaced(entries, options, _written(outputs, options))
    if not replaced:
        return {}
    kept = [entry for entry in entries if not any(entry is gone for gone in replaced)]
    others = {path for entry in kept if signatures_match(entry) for path in output_paths(entry)}
    # what a command kept reads is never deleted, its entry holding or not (`generate --api-xml out/libvirt-qemu-api.xml`
    # reads what `api --srcdir` wrote into out): another command's input gone would fail its next run
    others |= {path for entry in kept for path in input_paths(entry)}
    folder = os.path.realpath(outdir) + os.sep
    current = {os.path.realpath(p) for p in outputs} | {os.path.realpath(p) for p in inputs or []}
    stale: dict[Path, Identity | None] = {}
    for entry in replaced:  # newest first: the newest run listing a file is the last that wrote it
        recorded = _recorded_identities(entry)
        for path in output_paths(entry):
            if stale.get(Path(path)) is not None or not path.startswith(folder) or path in current or path in others:
                continue
            if os.path.isfile(path) and not os.path.islink(path):
                stale[Path(path)] = recorded.get(path)
    return dict(sorted(stale.items()))


def _recorded_identities(entry: dict[str, object]) -> dict[str, Identity]:
    """Each output of ``entry`` with the identity its run recorded (one recorded
    as unknown, ``null``, or damaged is left out)."""
    listed = entry.get("outputs")
    found: dict[str, Identity] = {}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, list) and len(item) == 5 and isinstance(item[0], str) and all(type(n) is int for n in item[1:]):
            found[item[0]] = (item[1], item[2], item[3], item[4])
    return found


def delete_stale(path: Path, written: Identity | None) -> str | None:
    """Delete the stale output ``path`` when it is still the file its run wrote
    (``written``: the size, mtime, inode and ctime the stamp recorded, see
    :func:`stale_outputs`); None when it is gone, else why it stays.  Another
    file there (a user's own put in its place, the page edited since, a file
    another command wrote after) is not this command's to delete: the stamp
    says which file the run wrote, and deleting by name alone took a user's
    notes.  Checked just before the ``unlink`` (``lstat``: a symlink put there
    is another file too); a file replaced between the two is the one race
    left, as no call unlinks a name only while it is a given inode."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return error.strerror or str(error)
    if not _is_written(found, written):
        return "it is no longer the file that run wrote (replaced or changed since)"
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        return error.strerror or str(error)
    return None


def still_written(path: Path, written: Identity | None) -> bool:
    """Whether :func:`delete_stale` would delete ``path`` now (the caller's
    ``others_changed``: a stale output left alone changes nothing)."""
    try:
        return _is_written(os.lstat(path), written)
    except OSError:
        return False


def _is_written(found: os.stat_result, written: Identity | None) -> bool:
    return written is not None and _identity(found) == written


def fresh_stamp_messages(outdir: Path, options: dict[str, object], invocation: dict[str, object] | None = None) -> list[str] | None:
    """The warnings to print again when the stamp holds an entry of a run with
    these options and inputs, and its outputs are still exactly as that run
    left them; None when a full run is due.  Also None when that run, from
    another command line than ``invocation``, printed warnings or wrote a
    depfile: both name files as that command line reached them (a path
    relative to its folder, as typed), see :mod:`generator.fastpath`."""
    own = _entry_for(_entries(outdir), options)
    if own is None or not written_into(own, str(outdir)) or not signatures_match(own):
        return None
    printed = printed_lines(own)
    worded = bool(printed) or bool(options.get("depfile"))
    if worded and invocation is not None and own.get("invocation") != invocation:
        return None
    if printed is not None:
        sweep_after_match(own, str(outdir))  # a killed run's temporary files, as the fast path does
    return printed if restore_depfile(own) else None  # ninja's deps = gcc deletes the depfile once read


def write_stamp(
    outdir: Path,
    options: dict[str, object],
    inputs: list[Path],
    outputs: Outputs,
    started_ns: int,
    invocation: dict[str, object] | None = None,
    printed: list[str] | None = None,
    record: Record | None = None,
    listed: Listings | None = None,
    stale: list[Path] | None = None,
    depfile: tuple[Path, bytes] | None = None,
) -> None:
    """Record this run for the next one: its entry replaces the one of the
    same options, and those of the runs it replaces (:func:`_replaced`: only
    what they read differs), on top of the others (the newest :data:`STAMP_ENTRIES` in
    all, see the module docstring), with the warnings it printed (``printed``);
    ``outputs`` as :func:`stamp_payload` takes them, ``record`` as
    :func:`write_all` does; ``listed``: the folders the run may write into, as
    :func:`folder_listings` found them at its start, ``stale``: the outputs it
    deleted (see :class:`Layout`); ``depfile``: its path (as ``outputs`` has
    it) and bytes, which the early stop writes again when it is gone.
    Best-effort: a stamp that cannot be written is no error (the old one, if
    any, is removed: it describes outputs that were just replaced)."""
    stamp = outdir / STAMP_NAME
    if not _stamp_writable(stamp):
        return
    folder = os.path.realpath(outdir)
    layout = None if listed is None else Layout(folder, listed, stale or [])
    entry = {**stamp_payload(options, inputs, outputs, started_ns, invocation, printed, layout), FOLDER: folder}
    if depfile is not None:
        entry[DEPFILE] = [str(depfile[0]), depfile[1].decode("latin-1")]  # every byte one character: JSON holds any
    # an entry this run replaces (:func:`_replaced`) goes: what it lists is this run's now, or deleted as stale
    entries = _entries(outdir)
    replaced = _replaced(entries, options, _written(outputs, options))
    earlier = [other for other in entries if "options" in other and not any(other is gone for gone in replaced)]
    payload = {**entry, EARLIER: earlier[: STAMP_ENTRIES - 1]}
    try:
        write_atomic(stamp, json.dumps(payload, indent=1, sort_keys=True) + "\n", record)
    except OSError:
        _discard(stamp)


def _stamp_writable(stamp: Path) -> bool:
    """Whether the stamp may be written: it is absent (a symlink to nothing
    too) or a regular file (a symlink to one is replaced, as an output is).
    One that is no regular file (a FIFO, a device, a folder, a symlink to
    one: put there by hand, no stamp of ours) is left as it is, and
    :func:`generator.fastpath.read_stamp` takes it for none: written into,
    as an output that is no regular file is, a FIFO waited for a reader for
    ever, and removing it (as a stamp that cannot be written is) would
    delete a file not ours.  One put there between this look and the
    write is written into (no build does that)."""
    status = _status(stamp)
    return status is None or stat.S_ISREG(status.st_mode)


def _discard(path: Path) -> bool:
    """Remove ``path`` if it can be; False when it stays (a folder standing
    there, a read-only folder: a stamp left so is stale, as its outputs changed)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return False
    return True
