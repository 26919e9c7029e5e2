"""The rewrite job: summarize the posts that need it and edit their summary fields safely (discovery is in
`walk`, the checked write in `safewrite`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.app import signals
from summarizer.app.config import PLACEHOLDERS, Settings
from summarizer.app.report import Status
from summarizer.engines.base import Engine
from summarizer.posts import postfile
from summarizer.posts.unicode import shown, shown_line, visible
from summarizer.posts.walk import inside
from summarizer.text.documents import documents_of

BATCH = 64
_PLACEHOLDER = re.compile("|".join(map(re.escape, PLACEHOLDERS)))  # what config.template_problem allows
# What YAML cannot hold in a scalar (C0 but \t \n, DEL, C1, surrogates, U+FFFE/FFFF); line breaks YAML
# would fold (NEL, U+2028, U+2029) become spaces.
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass
class Outcome:
    path: Path
    status: Status
    message: str = ""
    old: str = ""
    new: str = ""
    warning: bool = False  # a post left alone on purpose, reported on stderr (a link outside the PATHs)
    filled: str = ""  # the field filled in when the summary was not touched (feature_text from the excerpt)
    stopped: int = 0  # a stop signal that came while the post was written, held until it is reported

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            f"{shown(self.path)}\t(original)",
            f"{shown(self.path)}\t(summarized)",
        )
        return "".join(map(shown_line, lines))  # a post's escape sequences are shown, never sent to the terminal


def feature_text(template: str, excerpt: str, title: str = "") -> str:
    """`template` with `\\n` as a line break and {excerpt}/{title} filled in one pass (never inside the
    filled-in text)."""
    values = {"{excerpt}": excerpt, "{title}": title}
    return _PLACEHOLDER.sub(lambda m: values[m.group()], template.replace("\\n", "\n"))


def printable(text: str) -> str:
    """`text` as a summary field holds it: what a reader sees (`posts.unicode.visible`: no terminal escape
    sequence, control character or invisible format character) and nothing YAML cannot hold."""
    return _UNPRINTABLE.sub("", visible(_BREAKS.sub(" ", text)))


def not_text(post: postfile.Post, keys: tuple[str, ...]) -> str:
    """The first of `keys` whose value is there but is not text (a list, a number, a table), described."""
    for key in keys:
        value = post.meta.get(key)
        if value is not None and not isinstance(value, str):
            return f"`{key}` is not text (YAML/TOML/JSON {type(value).__name__}); left as it is (--force replaces it)"
    return ""


@dataclass
class Job:
    """A post read in this batch and what it gets: the field values to write (the summary's once it is
    written, when `needs_summary`), or the `outcome` that settled it before any write."""

    path: Path
    post: postfile.Post
    needs_summary: bool
    values: dict[str, str] = field(default_factory=dict)
    outcome: Outcome | None = None
    keep_feature: bool = False  # the feature field holds the user's own text: the summary leaves it alone


def _job(path: Path, post: postfile.Post, settings: Settings) -> Job | None:
    """What `post` needs: a summary (with --force, or without one; a feature field that already holds text
    is kept unless --force), only the feature field filled in from its summary, or nothing (None)."""
    excerpt_key, feature_key = settings.excerpt_field, settings.feature_field
    if settings.force or not post.has(excerpt_key):
        keep = bool(feature_key) and not settings.force and post.has(feature_key)
        return Job(path, post, needs_summary=True, keep_feature=keep)
    if not feature_key or post.has(feature_key):
        return None
    excerpt = " ".join(post.meta[excerpt_key].split())
    title = post.meta.get("title")
    text = feature_text(settings.feature_template, excerpt, "" if title is None else str(title))
    return Job(path, post, needs_summary=False, values={feature_key: text})


def process(
    files: list[Path],
    engine_factory: Callable[[], Engine],
    settings: Settings,
    write: bool = True,
    progress: Callable[[int], None] | None = None,
    roots: tuple[str, ...] | None = None,
) -> Iterator[Outcome]:
    """Outcomes for every post file in `files` (see `walk.find_posts`), in batches; writes changed posts
    unless `write` is False. The engine is made (`engine_factory()`) only when a post needs a summary.

    With `roots` (`Found.roots`), a file whose resolved path lies outside them (a symlink out of the PATHs
    given) is left alone and reported. A post is written only if its file is still exactly what was read
    (else it fails, "changed during the run"). Stop signals are held while a post is written (`signals.held`)
    and handed on once its outcome is taken.
    """
    engine: Engine | None = None
    for start in range(0, len(files), BATCH):
        batch = files[start : start + BATCH]
        jobs: list[Job] = []
        for path in batch:
            try:
                post = postfile.read(path)
            except postfile.InvalidPost as exc:
                yield Outcome(path, Status.INVALID, str(exc))
                continue
            except postfile.PostError as exc:
                yield Outcome(path, Status.FAILED, str(exc))
                continue
            if roots is not None and not inside(post.origin.target, roots):
                yield Outcome(
                    path,
                    Status.SKIPPED,
                    f"symbolic link to {post.origin.target}, outside the PATHs given; left alone",
                    warning=True,
                )
                continue
            odd = "" if settings.force else not_text(post, settings.fields)
            if odd:
                yield Outcome(path, Status.INVALID, odd)
                continue
            job = _job(path, post, settings)
            if job is None:
                yield Outcome(path, Status.SKIPPED, f"already has {' and '.join(settings.fields)}")
                continue
            jobs.append(job)
        if any(job.needs_summary for job in jobs):
            engine = _summarize([job for job in jobs if job.needs_summary], engine, engine_factory, settings)
        for job in jobs:
            outcome = job.outcome or _apply(job, write, settings)
            yield outcome
            if outcome.stopped:  # a stop signal held during its write goes on once the post is reported
                signals.deliver(outcome.stopped)
        if progress:
            progress(len(batch))


def _summarize(
    jobs: list[Job], engine: Engine | None, engine_factory: Callable[[], Engine], settings: Settings
) -> Engine | None:
    """Fill in the summary fields of `jobs` (or settle a job with an outcome); returns the engine, made
    (`engine_factory()`) when the first post to summarize comes."""
    docs = documents_of([job.post for job in jobs])
    usable = []
    for job, doc in zip(jobs, docs):
        chars = sum(len(s.text) for s in doc.sentences)
        if chars < settings.min_body_chars:
            why = (
                "empty body (no Korean text once markup, code and links are removed)"
                if not chars
                else f"body too short to summarize ({chars} characters of text)"
            )
            job.outcome = Outcome(job.path, Status.INVALID, why)
        else:
            usable.append((job, doc))
    if not usable:
        return engine
    engine = engine or engine_factory()
    summaries = engine.summarize([doc for _, doc in usable], settings.max_chars)
    for (job, doc), summary in zip(usable, summaries):
        summary = " ".join(printable(summary or "").split())
        if not summary:
            job.outcome = Outcome(job.path, Status.FAILED, f"no whole sentence fits in {settings.max_chars} characters")
            continue
        job.values[settings.excerpt_field] = summary
        if settings.feature_field and not job.keep_feature:
            job.values[settings.feature_field] = feature_text(settings.feature_template, summary, doc.title)
    return engine


def _apply(job: Job, write: bool, settings: Settings) -> Outcome:
    """Write `job`'s values into its post (unless `write` is False) and say what happened; a stop signal that
    came during the write is in the outcome's `stopped`."""
    path, post = job.path, job.post
    filled = "" if settings.excerpt_field in job.values else ", ".join(job.values)
    values = {k: printable(job.values[k]) for k in settings.fields if k in job.values}
    caught: list[int] = []
    try:
        new = postfile.set_fields(post, values, after=settings.fields)
        if new == post.text:
            return Outcome(path, Status.UNCHANGED)
        if write:
            with signals.held(caught):
                postfile.rewrite(post, new)  # the file read (a symlink's target), if it is still what was read
        outcome = Outcome(path, Status.CHANGED, old=post.text, new=new, filled=filled)
    except postfile.PostError as exc:
        outcome = Outcome(path, Status.FAILED, str(exc))
    except OSError as exc:
        outcome = Outcome(path, Status.FAILED, f"cannot write: {exc.strerror or exc}")
    outcome.stopped = caught[0] if caught else 0
    return outcome
