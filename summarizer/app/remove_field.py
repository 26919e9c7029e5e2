"""The --remove-field job: remove the fields named from posts where summarizer wrote them (read, checked and
written as the rewrite job in `pipeline` does)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from summarizer.app import signals
from summarizer.app.config import Settings
from summarizer.app.pipeline import Outcome, _read, _words, feature_text
from summarizer.app.report import Status
from summarizer.posts import postfile
from summarizer.posts.lockfile import Lock

OLD_FEATURE_FIELD = "feature_text"  # the second field versions before 0.2 wrote into every post (no lock file)


def copied_excerpt(post: postfile.Post, name: str, settings: Settings) -> bool:
    """Whether the field `name` is the second (feature) field of the settings (`feature_text` when none is
    configured) and holds the post's excerpt under the feature template: what versions before 0.2 wrote there, a
    copy of the excerpt no theme reads. Any other field holding the same text (a `description` or a `title` that
    merely repeats a hand-written excerpt) is not a copy: it is the author's."""
    if name != (settings.feature_field or OLD_FEATURE_FIELD) or name == settings.excerpt_field:
        return False
    excerpt, value = post.meta.get(settings.excerpt_field), post.meta.get(name)
    if not isinstance(excerpt, str) or not isinstance(value, str):
        return False
    title = post.meta.get("title")
    copy = feature_text(settings.feature_template, " ".join(excerpt.split()), "" if title is None else str(title))
    return _words(copy) == _words(value)


def remove(
    files: list[Path],
    settings: Settings,
    names: tuple[str, ...],
    write: bool = True,
    roots: tuple[str, ...] | None = None,
    lock: Lock | None = None,
) -> Iterator[Outcome]:
    """Outcomes of removing the fields `names` from every post in `files` where summarizer wrote them: in a
    summary field of the settings (`excerpt_field`, `feature_field`: the only fields summarizer writes, so a lock
    file recording any other field is not believed), the text `lock` records, or, in the feature field, a copy
    of the excerpt under the feature template (`copied_excerpt`: what versions before 0.2 wrote into
    `feature_text`). Any other text is the author's and is kept (`Outcome.kept`) unless `settings.force`.
    Nothing is summarized. Writes as `process` does (checked, atomic, only if the file is unchanged)."""
    for path in files:
        post = _read(path, roots)
        if isinstance(post, Outcome):
            yield post
            continue
        mine = settings.for_post(post.format)
        present = [name for name in names if name in post.meta]
        if not present:
            yield Outcome(path, Status.SKIPPED, f"has no {' or '.join(names)}")
            continue
        gone = tuple(
            name
            for name in present
            if mine.force
            or (name in mine.fields and lock is not None and lock.written(path, name, post.meta[name]))
            or copied_excerpt(post, name, mine)
        )
        kept = tuple(name for name in present if name not in gone)
        others = tuple(name for name in kept if name not in mine.fields)
        if not gone:
            yield Outcome(path, Status.SKIPPED, kept=kept, not_summary=others)
            continue
        caught: list[int] = []
        try:
            new = postfile.without_fields(post, gone)
            if write:
                with signals.held(caught):
                    postfile.rewrite(post, new)
                    for name in gone if lock is not None else ():
                        lock.forget(path, name)
            outcome = Outcome(path, Status.CHANGED, old=post.text, new=new, removed=gone, kept=kept, not_summary=others)
        except postfile.PostError as exc:
            outcome = Outcome(path, Status.FAILED, str(exc))
        except OSError as exc:
            outcome = Outcome(path, Status.FAILED, f"cannot write: {exc.strerror or exc}")
        outcome.stopped = caught[0] if caught else 0
        yield outcome
        if outcome.stopped:
            signals.deliver(outcome.stopped)
