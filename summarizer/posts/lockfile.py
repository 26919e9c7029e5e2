"""What summarizer wrote: `.summarizer.lock` at a site's root, a small JSON file that records, for each post it
wrote (path relative to that root, "/"-separated), a hash of the text it wrote into each field:

    {"summarizer": 1, "posts": {"_posts/2024-07-02-a.md": {"excerpt": "sha256:9f86d081884c7d65"}}}

A field whose text still hashes to the record is machine-written; any other text (none recorded, or edited
since) is the author's. The text is hashed as a reader sees it: whitespace runs as one space, ends stripped, so
the YAML folding of a value does not matter. The file holds no summary and no key of any post.

A missing file means nothing is known. One that is not this JSON (broken, a symbolic link, a folder,
unreadable) means nothing is known too, and `problem` says why; it is left as it is (a merge conflict in it is the
user's to resolve). A good one is saved by merging this run's records into what the file holds then, atomically
(a temp file `.summarizer-XXXXXXXX.tmp` in the same folder, fsynced, renamed over it) and never through a
symbolic link. One that is not trusted (another user's or writable by others, or in a folder that is:
anyone could have planted its records) means nothing is known and is never written.

The records count only for the summary fields the settings name (the caller's rule: summarizer writes no other).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass, field

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None

from summarizer.posts.safewrite import TEMP_PREFIX, TEMP_SUFFIX
from summarizer.posts.unicode import json_text

LOCK_NAME = ".summarizer.lock"
FORMAT = 1
MAX_BYTES = 50_000_000
LOCK_WAIT = 10  # seconds a save waits for another run's save of the same lock file
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def digest(text: str) -> str:
    """The record of a field's text: a hash of its words (as a reader sees them)."""
    return "sha256:" + hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass
class Lock:
    root: str  # the folder holding the lock file (absolute)
    posts: dict[str, dict[str, str]] = field(default_factory=dict)
    problem: str = ""  # why an existing lock file could not be read (then nothing is known)
    changed: bool = False
    mine: dict[tuple[str, str], str | None] = field(default_factory=dict)  # this run's records (None: forgotten)

    @property
    def path(self) -> str:
        return os.path.join(self.root, LOCK_NAME)

    def key(self, post: str | os.PathLike) -> str:
        """The record's name of the post at `post`: its path relative to the root (folders resolved, the post's
        own name kept: a symbolic link is recorded under its own name), "/"-separated."""
        folder, name = os.path.split(os.path.abspath(post))
        return os.path.relpath(os.path.join(os.path.realpath(folder), name), self.root).replace(os.sep, "/")

    def written(self, post: str | os.PathLike, name: str, text) -> bool:
        """Whether the field `name` of the post holds the text summarizer wrote there."""
        recorded = self.posts.get(self.key(post), {}).get(name)
        return isinstance(text, str) and recorded is not None and recorded == digest(text)

    def record(self, post: str | os.PathLike, name: str, text: str) -> None:
        key = self.key(post)
        self.posts.setdefault(key, {})[name] = self.mine[key, name] = digest(text)
        self.changed = True

    def forget(self, post: str | os.PathLike, name: str) -> None:
        key = self.key(post)
        fields = self.posts.get(key)
        if fields and name in fields:
            del fields[name]
            if not fields:
                del self.posts[key]
            self.mine[key, name] = None
            self.changed = True


def untrusted(st: os.stat_result, what: str) -> str:
    """Why a lock file or its folder (stat `st`) must not be believed nor written, or "": another user owns it, or
    other users can write to it (a shared, world-writable folder: anyone could have planted the records)."""
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"{what} is owned by another user (uid {st.st_uid}); not trusted"
    if st.st_mode & stat.S_IWOTH:
        return f"{what} can be written by other users (mode {stat.S_IMODE(st.st_mode):o}); not trusted"
    return ""


def _read(dfd: int) -> tuple[dict[str, dict[str, str]], str]:
    """(the records, "") of the lock file in the open folder `dfd` ({} when there is none), or ({}, why they
    cannot be known: see the module's docstring)."""
    try:
        fd = os.open(LOCK_NAME, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0), dir_fd=dfd)
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        return {}, "a symbolic link" if exc.errno == errno.ELOOP else f"cannot read it: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return {}, "not a regular file"
            why = untrusted(st, "it")
            if why:
                return {}, why
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return {}, f"cannot read it: {exc.strerror or exc}"
    try:
        parsed = json.loads(data.decode("utf-8")) if len(data) <= MAX_BYTES else None
    except (UnicodeDecodeError, ValueError):
        parsed = None
    posts = parsed.get("posts") if isinstance(parsed, dict) and parsed.get("summarizer") == FORMAT else None
    if not isinstance(posts, dict) or not all(
        isinstance(v, dict) and all(isinstance(h, str) for h in v.values()) for v in posts.values()
    ):
        return {}, "not a summarizer lock file (broken JSON or another shape)"
    return {str(k): {str(f): h for f, h in v.items()} for k, v in posts.items()}, ""


def _open_folder(root: str) -> tuple[int | None, str]:
    """(an open descriptor of the folder `root`, "") or (None, why its lock file cannot be used)."""
    try:
        dfd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    except OSError as exc:
        return None, f"cannot read its folder: {exc.strerror or exc}"
    try:
        why = untrusted(os.fstat(dfd), "its folder")
    except OSError as exc:
        why = f"cannot read its folder: {exc.strerror or exc}"
    if why:
        os.close(dfd)
        return None, why
    return dfd, ""


def load(root: str) -> Lock:
    """The lock file in the folder `root`; empty when there is none, or (with `problem`) when it cannot be read or
    is not trusted (`untrusted`: it or its folder is another user's or writable by others; then it is never
    written either)."""
    lock = Lock(os.path.realpath(root))
    dfd, lock.problem = _open_folder(lock.root)
    if dfd is not None:
        try:
            lock.posts, lock.problem = _read(dfd)
        finally:
            os.close(dfd)
    return lock


@contextlib.contextmanager
def _held(dfd: int):
    """An exclusive flock on the folder `dfd` while the block runs (where the platform has it), so that two runs
    saving at once merge one after the other; OSError when another holds it for `LOCK_WAIT` seconds."""
    locked, deadline = False, time.monotonic() + LOCK_WAIT
    while fcntl is not None and not locked:
        try:
            fcntl.flock(dfd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked = True
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OSError(errno.EWOULDBLOCK, "another run is saving it; not written") from None
            time.sleep(0.02)
        except OSError:  # a filesystem without flock: saved unlocked
            break
    try:
        yield
    finally:
        if locked:
            fcntl.flock(dfd, fcntl.LOCK_UN)


def save(lock: Lock) -> None:
    """Write `lock` atomically into its root, never through a symbolic link, merging: the lock file on disk is
    read again (another run may have saved since) and this run's own records and forgotten entries
    (`Lock.mine`) are applied on top, under a short flock of the folder; entries of posts that no longer exist
    are dropped. OSError when it cannot (the posts are written already: the caller warns), or when the file on
    disk is no longer a lock file this user may trust (it is left as it is)."""
    dfd, why = _open_folder(lock.root)
    if dfd is None:
        raise OSError(errno.EPERM, f"{why}; not replaced")
    try:
        with _held(dfd):
            try:
                st = os.stat(LOCK_NAME, dir_fd=dfd, follow_symlinks=False)
            except FileNotFoundError:
                st = None
            if st is not None and not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EEXIST, f"{LOCK_NAME} is not a regular file (a symbolic link?); not replaced")
            posts, why = _read(dfd)
            if why:
                raise OSError(errno.EEXIST, f"{why}; not replaced")
            for (key, name), recorded in lock.mine.items():
                if recorded is not None:
                    posts.setdefault(key, {})[name] = recorded
                elif name in posts.get(key, {}):
                    del posts[key][name]
            posts = {k: v for k, v in sorted(posts.items()) if v and os.path.lexists(os.path.join(lock.root, k))}
            text = json_text({"summarizer": FORMAT, "posts": posts}, indent=1, sort_keys=True) + "\n"  # any bytes
            _replace(dfd, text.encode("utf-8"))
    finally:
        os.close(dfd)
    lock.posts, lock.changed, lock.mine = posts, False, {}


def _replace(dfd: int, data: bytes) -> None:
    """`data` as the lock file in the folder `dfd`: a temp file beside it, fsynced, renamed over it."""
    temp = f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644, dir_fd=dfd)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, LOCK_NAME, src_dir_fd=dfd, dst_dir_fd=dfd)
    except BaseException:
        try:
            os.unlink(temp, dir_fd=dfd)
        except OSError:
            pass
        raise
