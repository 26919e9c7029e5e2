"""Folders of posts as data: posts with reference summaries, and copies with the summaries removed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.posts import postfile
from summarizer.posts.unicode import visible
from summarizer.posts.walk import discover, find_posts


@dataclass
class Example:
    path: Path
    post: postfile.Post
    reference: str


@dataclass
class References:
    """Posts with a reference summary, and what was not taken: posts without one, unreadable posts (and folders
    that cannot be listed), and summaries left out (`leave_out`: those summarizer wrote); `fields`: the
    fields the references were read from."""

    examples: list[Example] = field(default_factory=list)
    missing: int = 0
    broken: int = 0
    left_out: int = 0
    fields: list[str] = field(default_factory=list)


def gather(
    paths: list[Path],
    field_of: str | Callable[[Path, postfile.Post], str] = postfile.EXCERPT_FIELD,
    leave_out: Callable[[Path, str, str], bool] | None = None,
    pages: bool = False,
) -> References:
    """The posts under `paths` with a summary in their field (`field_of`: a name, or one per post), except those
    `leave_out(path, field, text)` says to leave out; a Jekyll site's pages only with `pages`."""
    found = find_posts(paths)
    refs = References(broken=len(found.problems))
    for path in found.files:
        if path in found.pages and not pages:
            continue
        try:
            post = postfile.read(path)
        except postfile.PostError:
            refs.broken += 1
            continue
        name = field_of if isinstance(field_of, str) else field_of(path, post)
        if name not in refs.fields:
            refs.fields.append(name)
        if not post.has(name):
            refs.missing += 1
        elif leave_out is not None and leave_out(path, name, post.meta[name]):
            refs.left_out += 1
        else:
            refs.examples.append(Example(path, post, " ".join(visible(post.meta[name]).split())))
    return refs


def references(paths: list[Path], field: str = postfile.EXCERPT_FIELD) -> tuple[list[Example], int, int]:
    """Posts that have a `field` summary; also the counts of posts without one and of unreadable posts
    (folders that cannot be listed count as unreadable). See `gather` for more."""
    refs = gather(paths, field)
    return refs.examples, refs.missing, refs.broken


def strip_copy(
    src: Path, dst: Path, limit: int | None = None, fields: tuple[str, ...] = postfile.SUMMARY_KEYS
) -> list[Path]:
    """Copy the posts under `src` into `dst` with the summary `fields` removed (broken posts as they are)."""
    dst.mkdir(parents=True, exist_ok=True)
    written = []
    for path in discover([src])[:limit]:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_text(postfile.remove_fields(postfile.read(path), list(fields)), encoding="utf-8", newline="")
        except postfile.PostError:
            shutil.copyfile(path, target)
        written.append(target)
    return written
