"""Folders of posts as data: posts with reference summaries, and copies with the summaries removed."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from summarizer.posts import postfile
from summarizer.posts.unicode import visible
from summarizer.posts.walk import discover, find_posts


@dataclass
class Example:
    path: Path
    post: postfile.Post
    reference: str


def references(paths: list[Path], field: str = postfile.EXCERPT_FIELD) -> tuple[list[Example], int, int]:
    """Posts that have a `field` summary; also the counts of posts without one and of unreadable posts
    (folders that cannot be listed count as unreadable)."""
    posts = find_posts(paths)
    found, missing, broken = [], 0, len(posts.problems)
    for path in posts.files:
        try:
            post = postfile.read(path)
        except postfile.PostError:
            broken += 1
            continue
        if post.has(field):
            found.append(Example(path, post, " ".join(visible(post.meta[field]).split())))
        else:
            missing += 1
    return found, missing, broken


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
