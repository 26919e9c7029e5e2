"""Reading and replacing one file so that nothing around a run costs data.

A file is resolved once, when it is read: `Origin` keeps its folder (symlinks resolved), its name, the
folder's and the file's identity (device, inode; for the file also size and mtime) and a hash of the bytes.
`replace` writes exactly that file again: it opens the folder one path component at a time without
following a symlink, creates the temp file and renames it relative to that folder's descriptor, and checks
immediately before the rename that the name is still the same regular file with the same bytes. A file
edited by another program since the read, a name swapped for a symlink, a folder swapped for another one:
each is `Changed`, and nothing is written.

The new file keeps the old one's owner, group, extended attributes (POSIX ACLs are `system.posix_acl_access`)
and mode exactly; when one of them cannot be kept the post is refused (PostError), never written without it.

Temp files are `.summarizer-XXXXXXXX.tmp` (fits beside a name of any length); `TEMP_NAME` recognizes them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from summarizer.posts.formats import InvalidPost, PostError

TEMP_PREFIX, TEMP_SUFFIX = ".summarizer-", ".tmp"
TEMP_NAME = re.compile(r"\A\.summarizer-[0-9a-f]{8}\.tmp\Z")
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | _CLOEXEC  # O_PATH: search permission suffices


class Changed(PostError):
    """The file is not what was read any more (edited, replaced, or a folder on its path swapped)."""

    def __init__(self, what: str = "the file") -> None:
        super().__init__(f"changed during the run ({what}); not written, run again")


@dataclass(frozen=True)
class Origin:
    folder: str  # absolute, symlinks resolved at read time
    name: str
    folder_id: tuple[int, int]  # st_dev, st_ino
    file_id: tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns
    digest: bytes  # sha256 of the bytes read

    @property
    def target(self) -> str:
        return os.path.join(self.folder, self.name)


def _file_id(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def _open_folder(folder: str) -> Iterator[int]:
    """A descriptor of the absolute `folder`, opened component by component; a symlink anywhere on the
    way (a component swapped since it was resolved) is `Changed`."""
    fd = os.open("/", _FOLDER)
    try:
        for part in folder.split(os.sep):
            if part:
                try:
                    nxt = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                        raise Changed("a folder on its path was replaced") from None
                    raise
                os.close(fd)
                fd = nxt
        yield fd
    finally:
        os.close(fd)


def read(path: str | os.PathLike, limit: int) -> tuple[bytes, Origin]:
    """At most `limit` + 1 bytes of the regular file at `path` (through a symlink: its target), and where
    they came from. InvalidPost when it is not a regular file or is larger than `limit`; OSError otherwise."""
    folder, name = os.path.split(os.path.realpath(path))
    with _open_folder(folder) as dfd:
        st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            raise Changed("it became a symbolic link while being read")
        if not stat.S_ISREG(st.st_mode):  # checked before opening: opening a FIFO would block
            raise InvalidPost("not a regular file")
        if st.st_size > limit:
            raise InvalidPost(f"file too large ({st.st_size:,} bytes; the limit is {limit:,})")
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC, dir_fd=dfd)
        with os.fdopen(fd, "rb") as fh:
            opened = os.fstat(fd)
            if (opened.st_dev, opened.st_ino) != (st.st_dev, st.st_ino) or not stat.S_ISREG(opened.st_mode):
                raise Changed("it was replaced while being read")
            data = fh.read(limit + 1)
            after = os.fstat(fd)
        if _file_id(after) != _file_id(opened):
            raise Changed("it was written to while being read")
        folder_st = os.fstat(dfd)
    return data, Origin(
        folder, name, (folder_st.st_dev, folder_st.st_ino), _file_id(after), hashlib.sha256(data).digest()
    )


def _still_there(dfd: int, origin: Origin) -> os.stat_result:
    """The stat of `origin`'s name in the open folder; Changed unless it is the same file, with the same
    bytes, as when it was read."""
    folder_st = os.fstat(dfd)
    if (folder_st.st_dev, folder_st.st_ino) != origin.folder_id:
        raise Changed("its folder was replaced")
    try:
        st = os.stat(origin.name, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        raise Changed("it was removed or renamed") from None
    if stat.S_ISLNK(st.st_mode):
        raise Changed("it was replaced by a symbolic link")
    if not stat.S_ISREG(st.st_mode) or _file_id(st) != origin.file_id:
        raise Changed("it was edited or replaced")
    fd = os.open(origin.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC, dir_fd=dfd)
    with os.fdopen(fd, "rb") as fh:
        if hashlib.sha256(fh.read()).digest() != origin.digest:
            raise Changed("it was edited")
    return st


def replace(origin: Origin, data: bytes) -> None:
    """Replace the file `origin` names with `data`, keeping its mode, owner, group and extended attributes (ACLs
    included); Changed when it is not what was read, PostError when it is read-only or one of those cannot be
    kept, OSError on other errors.

    The temp file is fsynced before the rename and removed on any exception, KeyboardInterrupt and
    SystemExit included. The folder is not fsynced: after a crash the post is the old file or the new one.
    What cannot be closed from user space: an edit landing between the last check and rename(2) (a few
    microseconds) is lost, as with every write-temp-then-rename tool.
    """
    with _open_folder(origin.folder) as dfd:
        st = _still_there(dfd, origin)
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise PostError("read-only file; not written")
        tmp = None
        try:
            for _ in range(100):
                name = f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"
                try:
                    fd = os.open(
                        name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dfd
                    )
                except FileExistsError:
                    continue
                tmp = name
                break
            else:
                raise PostError("cannot create a temp file (100 names taken)")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
                _keep_owner(fh.fileno(), st)
                _keep_xattrs(fh.fileno(), _xattrs_of(dfd, origin, st))
                _keep_mode(fh.fileno(), st)
            _still_there(dfd, origin)  # again, immediately before the rename
            os.replace(tmp, origin.name, src_dir_fd=dfd, dst_dir_fd=dfd)
            tmp = None
        finally:
            if tmp is not None:
                with _quietly():
                    os.unlink(tmp, dir_fd=dfd)


@contextmanager
def _quietly() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the open temp file the owner and group in `st`; PostError when that is not allowed."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        raise PostError(f"cannot keep the file's owner (uid {st.st_uid}, gid {st.st_gid}); not written") from None


def _xattrs_of(dfd: int, origin: Origin, st: os.stat_result) -> dict[str, bytes]:
    """The extended attributes of the file `origin` names (`st`: its stat), ACLs included; {} where the file
    system has none."""
    try:
        fd = os.open(origin.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC, dir_fd=dfd)
    except PermissionError:  # no longer readable (its mode changed since it was read): by name, not following links
        fd, target, follow = None, origin.target, {"follow_symlinks": False}
    else:
        target, follow = fd, {}
    try:
        if fd is not None and (os.fstat(fd).st_dev, os.fstat(fd).st_ino) != (st.st_dev, st.st_ino):
            raise Changed("it was replaced while being written")
        try:
            names = os.listxattr(target, **follow)
        except OSError as exc:
            if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
                return {}
            raise
        found = {}
        for name in names:
            try:
                found[name] = os.getxattr(target, name, **follow)
            except OSError as exc:
                if exc.errno != errno.ENODATA:  # removed since it was listed
                    raise PostError(
                        f"cannot read the file's {_attribute(name)} ({exc.strerror}); not written"
                    ) from None
        return found
    finally:
        if fd is not None:
            os.close(fd)


def _attribute(name: str) -> str:
    return "ACL" if name.startswith("system.posix_acl") else f"extended attribute {name}"


def _keep_xattrs(fd: int, wanted: dict[str, bytes]) -> None:
    """Give the open temp file exactly the extended attributes `wanted` (a default ACL of the folder gave it one
    of its own, perhaps); PostError when that is not allowed or not supported."""
    try:
        have = {name: os.getxattr(fd, name) for name in os.listxattr(fd)}
    except OSError as exc:
        if exc.errno not in (errno.ENOTSUP, errno.EOPNOTSUPP) or wanted:
            raise PostError(f"cannot keep the file's extended attributes ({exc.strerror}); not written") from None
        return
    for name in have.keys() - wanted.keys():
        try:
            os.removexattr(fd, name)
        except OSError as exc:
            raise PostError(
                f"cannot leave out the {_attribute(name)} a new file gets here ({exc.strerror}); not written"
            ) from None
    for name, value in wanted.items():
        if have.get(name) != value:
            try:
                os.setxattr(fd, name, value)
            except OSError as exc:
                raise PostError(f"cannot keep the file's {_attribute(name)} ({exc.strerror}); not written") from None


def _keep_mode(fd: int, st: os.stat_result) -> None:
    """Give the open temp file the mode in `st` exactly; PostError when it does not take (a set-group-ID bit
    for a group the user is not in)."""
    mode = stat.S_IMODE(st.st_mode)
    os.fchmod(fd, mode)
    if stat.S_IMODE(os.fstat(fd).st_mode) != mode:
        raise PostError(f"cannot keep the file's mode ({mode:o}); not written")
