"""Finding posts: Jekyll and Hugo layouts, symlinks kept inside the PATHs given, folders that cannot be
listed, pseudo-filesystems never entered, and temp files left behind by an interrupted run."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.posts.safewrite import TEMP_NAME

SUFFIXES = {".md", ".markdown", ".html"}
SECTION_PAGES = {"_index"}  # Hugo section pages: not posts, unless named on the command line
BUILD_FOLDERS = {"_site", "node_modules"}  # Jekyll's output and npm packages: never walked into
# Kernel and device filesystems: never walked into (`summarizer run /` must not enter /proc/PID/cwd).
PSEUDO_FOLDERS = ("/proc", "/sys", "/dev")
PSEUDO_TYPES = {
    "proc",
    "sysfs",
    "devtmpfs",
    "devpts",
    "cgroup",
    "cgroup2",
    "debugfs",
    "tracefs",
    "securityfs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "mqueue",
    "binfmt_misc",
    "efivarfs",
    "selinuxfs",
    "nsfs",
    "hugetlbfs",
    "rpc_pipefs",
}
_LEGACY_TEMP = re.compile(r"\A\.(.+)\.[a-z0-9_]{8}\.tmp\Z")  # tempfile.mkstemp names of versions before 0.2


@dataclass
class Found:
    """Discovered posts; folders that could not be listed or were refused (path, reason); notes on what was
    left alone (path, reason); temp files of interrupted runs; and the PATHs' resolved roots."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[tuple[Path, str]] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    roots: tuple[str, ...] = ()


@functools.cache
def pseudo_filesystems() -> tuple[frozenset, frozenset]:
    """(st_dev of every mounted kernel/device filesystem, (st_dev, st_ino) of /proc, /sys and /dev)."""
    devices, folders = set(), set()
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as fh:
            mounts = [line.split()[1:3] for line in fh if len(line.split()) > 2]
    except OSError:
        mounts = []
    for point, kind in mounts:
        if kind in PSEUDO_TYPES:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), point)
            try:
                devices.add(os.stat(point).st_dev)
            except OSError:
                pass
    for folder in PSEUDO_FOLDERS:
        try:
            st = os.stat(folder)
        except OSError:
            continue
        folders.add((st.st_dev, st.st_ino))
        if folder != "/dev":  # /dev is a tmpfs in containers, like /tmp: only the folder itself is refused
            devices.add(st.st_dev)
    return frozenset(devices), frozenset(folders)


def is_pseudo(st: os.stat_result) -> bool:
    """Whether the folder with stat `st` is /proc, /sys, /dev or on a kernel or device filesystem."""
    devices, folders = pseudo_filesystems()
    return st.st_dev in devices or (st.st_dev, st.st_ino) in folders


def roots_of(paths: list[Path]) -> tuple[str, ...]:
    """Where writes may go: each folder PATH resolved, and each file PATH with its folder resolved (a file
    PATH that is itself a symlink does not carry its target inside)."""
    return tuple(os.path.realpath(p) if p.is_dir() else os.path.join(os.path.realpath(p.parent), p.name) for p in paths)


def inside(target: str, roots: tuple[str, ...]) -> bool:
    """Whether the resolved path `target` is one of `roots` or lies under one."""
    for root in roots:
        try:
            if os.path.commonpath([root, target]) == root:
                return True
        except ValueError:
            continue
    return False


def find_posts(paths: list[Path]) -> Found:
    """Post files under `paths`: files as given; folders recursively, in sorted order, skipping hidden entries
    and Hugo `_index` section pages. Symlinked files are listed (whether they may be written is decided when
    they are read, against `Found.roots`); a symlinked folder is walked once, and only when it resolves
    inside the PATHs. A post name that is not a regular file (a FIFO, a device) is listed too, so that the read
    reports it as it does a file named on the command line; a link to nothing is a problem."""
    found = Found(roots=roots_of(paths))
    walked: set = set()  # (st_dev, st_ino) of the folders walked
    scanned: set = set()  # ... and of those searched for temp files
    for path in paths:
        if path.is_dir():
            _walk(path, found, walked, scanned, top=True)
        else:
            found.files.append(path)
            _stale_beside(path, found, scanned)
    unique, seen_files = [], set()
    for path in found.files:
        key = os.path.realpath(path)
        if key not in seen_files:
            seen_files.add(key)
            unique.append(path)
    found.files = unique
    return found


def _stale_beside(path: Path, found: Found, scanned: set) -> None:
    """Temp files of interrupted runs in the folder of a file named on the command line (the folder it was
    named in: a symlink's target folder may lie outside the PATHs)."""
    folder = Path(os.path.realpath(path.parent))
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in scanned or is_pseudo(st):
            return
        scanned.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it if e.is_file(follow_symlinks=False))
    except OSError:
        return
    found.stale.extend(folder / n for n in names if _is_temp(n, names))


def _is_temp(name: str, names) -> bool:
    legacy = _LEGACY_TEMP.match(name)
    return bool(TEMP_NAME.match(name) or (legacy and legacy.group(1) in names))


def _walk(folder: Path, found: Found, walked: set, scanned: set, top: bool = False) -> None:
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in walked:  # a symlink loop, or a folder reached twice
            return
        if is_pseudo(st):
            if top:
                found.problems.append((folder, "a kernel or device filesystem (/proc, /sys, /dev); not walked"))
            return
        walked.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        found.problems.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return
    names = {e.name for e in entries}
    stale = (st.st_dev, st.st_ino) not in scanned
    scanned.add((st.st_dev, st.st_ino))
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.name.startswith("."):
                if stale and _is_temp(entry.name, names) and entry.is_file(follow_symlinks=False):
                    found.stale.append(path)
                continue
            is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symlinks
            link = entry.is_symlink()
        except OSError as exc:
            found.problems.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        if is_dir:
            if entry.name in BUILD_FOLDERS:
                continue
            if link and not inside(os.path.realpath(path), found.roots):
                found.notes.append(
                    (path, f"symbolic link to {os.path.realpath(path)}, outside the PATHs given; not walked")
                )
                continue
            _walk(path, found, walked, scanned)
        elif path.suffix.lower() in SUFFIXES and path.stem not in SECTION_PAGES:
            if link and not is_file and not os.path.exists(path):  # a broken link (a loop raised above)
                found.problems.append((path, f"symbolic link to {os.path.realpath(path)}, which does not exist"))
            else:  # a FIFO, socket or device too: the read refuses it, as when it is named, without opening it
                found.files.append(path)


def discover(paths: list[Path]) -> list[Path]:
    """The regular post files under `paths` (see `find_posts`; folders that cannot be listed, FIFOs, devices and
    broken links are left out: a caller that copies them would block or read forever)."""
    return [path for path in find_posts(paths).files if os.path.isfile(path)]
