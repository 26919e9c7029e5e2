"""The rules a walk of posts follows (see `walk`): the file names it takes, what it never walks into (Jekyll's
output, npm packages, a model folder `train` wrote, kernel and device filesystems), the PATHs' resolved roots that
links must stay inside, how a folder is read (plain, a Jekyll site's pages or posts, a Hugo site's content), how a
Jekyll site's folder is read, and the .gitignore rules that apply in a folder."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from summarizer.posts import ignore
from summarizer.posts.site import Site
from summarizer.posts.trained import is_model_folder

SUFFIXES = {".md", ".markdown", ".html"}
SECTION_PAGES = {"_index"}  # Hugo section pages: not posts, unless named on the command line
BUILD_FOLDERS = {"_site", "node_modules"}  # Jekyll's output and npm packages: never walked into
MODELS = "models"  # in a site, never walked into when it holds a model folder `train` wrote (nor, anywhere, that)
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


# How a folder being walked is read (see `site`): a plain folder of posts (no site around it), a Jekyll site's
# published folder (its Markdown and HTML files are pages) or post folder, a Hugo site's content folder.
PLAIN, PAGES, POSTS, CONTENT = "plain", "pages", "posts", "content"


def _rel(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def _relative(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return "" if rel == "." else rel.replace(os.sep, "/")


def _ancestor_rules(folder: str, root: str, repo: str | None) -> list:
    """The .gitignore rules that apply inside `folder`: the repository's .git/info/exclude (when `root` is the
    repository's), then the .gitignore of every folder from `root` down to `folder`, paths relative to `root`."""
    rules = ignore.read_rules(os.path.join(root, ".git", "info"), "", "exclude") if repo == root else []
    rel = _relative(folder, root)
    here, done = root, []
    rules += ignore.read_rules(here, "")
    for part in rel.split("/") if rel else []:
        here, done = os.path.join(here, part), [*done, part]
        rules += ignore.read_rules(here, "/".join(done))
    return rules


def _jekyll_folder(site: Site, mode: str, parent: str, name: str) -> str | None:
    """How a Jekyll site's folder `name` in `parent` (relative to the root) is read, or None: not published."""
    rel = _rel(parent, name)
    if mode == PAGES and site.post_folder(parent, name) and not site.excluded(rel, True):
        return POSTS
    if mode == PAGES:
        return None if site.left_out(rel, True) else PAGES
    return None if name.startswith(".") or site.excluded(rel, True) else POSTS


def _model_folder(path: Path) -> bool:
    try:
        return is_model_folder(path)
    except OSError:
        return False


def _holds_model(path: Path) -> bool:
    """Whether the folder `path` holds a model folder `train` wrote."""
    try:
        with os.scandir(path) as it:
            return any(e.is_dir(follow_symlinks=False) and _model_folder(Path(e.path)) for e in it)
    except OSError:
        return False
