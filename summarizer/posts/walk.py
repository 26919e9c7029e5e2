"""Finding posts: what a Jekyll or Hugo site publishes (see `site`), what its .gitignore files leave out
(see `ignore`), symlinks kept inside the PATHs given, folders that cannot be listed, and temp files left behind
by an interrupted run; never a model folder `train` wrote nor a pseudo-filesystem (the rules: see `walk_rules`).
The walk uses a stack, not recursion."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.posts import ignore
from summarizer.posts.safewrite import TEMP_NAME
from summarizer.posts.site import HUGO, Site
from summarizer.posts.site_find import find_site, repo_root, site_at
from summarizer.posts.walk_rules import (
    BUILD_FOLDERS,
    CONTENT,
    MODELS,
    PAGES,
    PLAIN,
    POSTS,
    SECTION_PAGES,
    SUFFIXES,
    _ancestor_rules,
    _holds_model,
    _jekyll_folder,
    _model_folder,
    _rel,
    _relative,
    inside,
    is_pseudo,
    roots_of,
)


@dataclass
class Found:
    """Discovered posts (`under`: the PATH each was found under; `pages`: those that are a Jekyll site's pages,
    summarized only when the settings ask); folders that could not be listed or were refused (path, reason);
    notes on what was left alone (path, reason); temp files of interrupted runs; and the PATHs' resolved
    roots."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[tuple[Path, str]] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    roots: tuple[str, ...] = ()
    under: dict[Path, Path] = field(default_factory=dict)
    pages: set[Path] = field(default_factory=set)


@dataclass
class _Frame:
    """A folder being walked: its entries still to visit (last = next), how it is read, and the .gitignore
    rules that apply in it (paths relative to the rules' root)."""

    folder: Path
    entries: list
    names: set
    stale: bool  # whether its temp files are still to be reported
    mode: str
    site: Site | None
    rel_site: str  # the folder relative to the site's root ("" at the root), "/"-separated
    rel_ignore: str  # ... relative to the root of the .gitignore rules
    rules: list
    under: Path  # the PATH it was found under
    real: str = ""  # the folder with every symbolic link resolved


def find_posts(paths: list[Path], roots: tuple[str, ...] | None = None) -> Found:
    """Post files under `paths`: files as given, always; folders in sorted order, taking what the site they
    lie in publishes (Jekyll's posts, drafts and collections with output, and its pages, marked in
    `Found.pages`; Hugo's content folders) or, in a plain folder of posts, every post file; never hidden
    entries, entries a .gitignore leaves out (from the repository's root down), Hugo `_index` section pages,
    `_site/` or `node_modules/`. Symlinked files are listed (whether they may be written is decided when they
    are read, against `Found.roots`: `roots`, else those of `paths`); a symlinked folder is walked once, and
    only when it resolves inside the PATHs. A post name that is not a regular file (a FIFO, a device) is listed
    too, so that the read reports it as it does a file named on the command line; a link to nothing is a
    problem."""
    found = Found(roots=roots if roots is not None else roots_of(paths))
    walked: set = set()  # (st_dev, st_ino) of the folders walked
    scanned: set = set()  # ... and of those searched for temp files
    for path in paths:
        if path.is_dir():
            _walk(path, found, walked, scanned)
        else:
            found.files.append(path)
            found.under.setdefault(path, path.parent)
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
    found.stale.extend(folder / n for n in names if TEMP_NAME.match(n))


def _start(path: Path, found: Found) -> list[tuple[Path, str, Site | None, str]]:
    """Where a walk of the folder PATH `path` begins: (folder, mode, site, the folder relative to the site's
    root); [] (with a note) when the site it lies in does not publish it."""
    site = find_site(path)
    if site is None:
        return [(path, PLAIN, None, "")]
    rel = _relative(os.path.realpath(path), site.root)  # the site's root is a real path
    if site.kind == HUGO:
        if not rel:
            dirs = [d for d in site.content_dirs if (path / d).is_dir()]
            if not dirs:
                found.notes.append((path, f"the {site.describe()} has no content folder {site.content_dirs[0]}/"))
            return [(path / d, CONTENT, site, "" if d == "." else d) for d in dirs if _content_inside(path / d, found)]
        if site.in_content(rel):
            return [(path, CONTENT, site, rel)]
        found.notes.append(
            (path, f"not walked: the {site.describe()} publishes posts from {', '.join(site.content_dirs)}/ only")
        )
        return []
    mode, here = PAGES, ""
    for part in rel.split("/") if rel else []:
        mode = _jekyll_folder(site, mode, here, part)
        if mode is None:
            why = f"the {site.describe()} leaves {_rel(here, part)} out (see its {Path(site.config).name})"
            found.notes.append((path, f"not walked: {why}"))
            return []
        here = _rel(here, part)
    return [(path, mode, site, rel)]


def _content_inside(folder: Path, found: Found) -> bool:
    """Whether a Hugo content folder lies inside the PATHs (`contentDir = "../elsewhere"`, or a `content` link out
    of them, is not walked: a note), as a symbolic link to a folder is walked only inside them."""
    if inside(os.path.realpath(folder), found.roots):
        return True
    found.notes.append((folder, f"content folder {os.path.realpath(folder)}, outside the PATHs given; not walked"))
    return False


def _walk(top: Path, found: Found, walked: set, scanned: set) -> None:
    """Walk the folder PATH `top` depth-first in sorted order, with a stack of folders (no recursion: any depth).
    The repository, the site and the .gitignore rules are those of `top`'s real location (a link, or a folder
    under one, is read as its target); the posts keep the paths under `top` as named."""
    starts = _start(top, found)
    if not starts:
        return
    real_top = os.path.realpath(top)
    repo = repo_root(real_top)
    site = starts[0][2]
    root = repo or (site.root if site else real_top)
    stack: list[_Frame] = []
    for folder, mode, where, rel_site in reversed(starts):  # the first start ends on top of the stack
        frame = _open(folder, found, walked, scanned, top=True)
        if frame is not None:
            here = os.path.normpath(os.path.join(real_top, os.path.relpath(folder, top)))  # a content link unfollowed
            frame.mode, frame.site, frame.rel_site, frame.under = mode, where, rel_site, top
            frame.rel_ignore, frame.rules = _relative(here, root), _ancestor_rules(here, root, repo)
            stack.append(frame)
    while stack:
        frame = stack[-1]
        if not frame.entries:
            stack.pop()
            continue
        stack.extend(reversed(_visit(frame, frame.entries.pop(), found, walked, scanned)))


def _open(
    folder: Path, found: Found, walked: set, scanned: set, top: bool = False, real: str | None = None
) -> _Frame | None:
    """A frame of `folder` with its entries listed; None when it was walked already, is a kernel filesystem or
    cannot be listed (a problem). `real`: the folder's real path when the caller knows it (a folder that is no
    link, in a folder whose real path is known: resolving each folder again made a deep tree quadratic)."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in walked:  # a symlink loop, or a folder reached twice
            return None
        if is_pseudo(st):
            if top:
                found.problems.append((folder, "a kernel or device filesystem (/proc, /sys, /dev); not walked"))
            return None
        walked.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name, reverse=True)  # popped from the end: in sorted order
    except OSError as exc:
        found.problems.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return None
    # Temp files of interrupted runs only inside the PATHs given (where a run writes), as for posts.
    real = real or os.path.realpath(folder)
    stale = (st.st_dev, st.st_ino) not in scanned and inside(real, found.roots)
    scanned.add((st.st_dev, st.st_ino))
    return _Frame(folder, entries, {e.name for e in entries}, stale, PLAIN, None, "", "", [], folder, real)


def _visit(frame: _Frame, entry: os.DirEntry, found: Found, walked: set, scanned: set) -> list[_Frame]:
    """Take the post `entry` of `frame` (into `found`), or return the frames of the folders to walk into for
    it, in order."""
    path = Path(entry.path)
    name = entry.name
    try:
        if name.startswith("."):
            if frame.stale and TEMP_NAME.match(name) and entry.is_file(follow_symlinks=False):
                found.stale.append(path)
            return []
        is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symlinks
        link = entry.is_symlink()
    except OSError as exc:
        found.problems.append((path, f"cannot read: {exc.strerror or exc}"))
        return []
    rel_ignore = _rel(frame.rel_ignore, name)
    if not is_dir and path.suffix.lower() not in SUFFIXES:
        return []
    if ignore.ignored(frame.rules, rel_ignore, is_dir):
        return []
    rel_site = _rel(frame.rel_site, name)
    if is_dir:
        return _folder(frame, path, name, link, rel_site, rel_ignore, found, walked, scanned)
    site, mode = frame.site, frame.mode
    if mode == PLAIN or mode == CONTENT:
        if path.stem in SECTION_PAGES or (mode == CONTENT and site.ignored_file(str(path))):
            return []
    elif mode == PAGES:
        if site.left_out(rel_site, False):
            return []
        found.pages.add(path)
    elif site.excluded(rel_site, False) or re.match(r"[_#~]", name):  # a Jekyll post folder
        return []
    if link and not is_file and not os.path.exists(path):  # a broken link (a loop raised above)
        found.problems.append((path, f"symbolic link to {os.path.realpath(path)}, which does not exist"))
    else:  # a FIFO, socket or device too: the read refuses it, as when it is named, without opening it
        found.files.append(path)
        found.under.setdefault(path, frame.under)
    return []


def _folder(frame, path, name, link, rel_site, rel_ignore, found, walked, scanned) -> list[_Frame]:
    """The frames of the folder `path` in `frame` that the walk goes into: itself, or for a Hugo site met in a
    plain folder, its content folders."""
    site, mode, rel = frame.site, frame.mode, rel_site
    starts = [(path, rel_ignore)]
    if _model_folder(path) or (name == MODELS and site is not None and _holds_model(path)):
        return []  # what `train` wrote (its model card is a README.md with front matter), in a site its models/
    if mode == PLAIN:
        if name in BUILD_FOLDERS:
            return []
        # A site inside a folder of sites: read as that site (looked up at its real path, as `find_site` does).
        inner = site_at(os.path.realpath(path) if link else os.path.join(frame.real, name))
        if inner is not None:
            site, mode, rel = inner, PAGES, ""
            if inner.kind == HUGO:
                mode = CONTENT
                dirs = [d for d in inner.content_dirs if (path / d).is_dir() and _content_inside(path / d, found)]
                starts = [(path / d, _rel(rel_ignore, d)) for d in dirs]
    elif mode in (PAGES, POSTS):
        mode = _jekyll_folder(site, mode, frame.rel_site, name)
        if mode is None:
            return []
    elif mode == CONTENT and not site.in_content(rel):  # contentDir = ".": never themes/, layouts/, public/, ...
        return []
    if link and not inside(os.path.realpath(path), found.roots):
        found.notes.append((path, f"symbolic link to {os.path.realpath(path)}, outside the PATHs given; not walked"))
        return []
    frames = []
    for folder, rel_ign in starts:
        real = os.path.join(frame.real, name) if folder == path and not link else None
        child = _open(folder, found, walked, scanned, real=real)
        if child is None:
            continue
        rules = frame.rules + ignore.read_rules(str(path), rel_ignore)
        if folder != path:
            rules += ignore.read_rules(str(folder), rel_ign)
        child.mode, child.site, child.under = mode, site, frame.under
        # A content folder of a Hugo site met in a plain folder (`path`, the site's root as named): relative to it.
        child.rel_site = rel if folder == path else _relative(os.path.abspath(folder), os.path.abspath(path))
        child.rel_ignore, child.rules = rel_ign, rules
        frames.append(child)
    return frames


def discover(paths: list[Path]) -> list[Path]:
    """The regular post files under `paths` (see `find_posts`; a Jekyll site's pages, folders that cannot be
    listed, FIFOs, devices and broken links are left out: a caller that copies them would block or read forever)."""
    found = find_posts(paths)
    return [path for path in found.files if path not in found.pages and os.path.isfile(path)]
