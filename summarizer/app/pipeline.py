"""The rewrite job: summarize the posts that need it and edit their summary fields safely (discovery is in
`walk`, the checked write in `safewrite`; the --remove-field job in `remove_field`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.app import signals
from summarizer.app.config import Settings
from summarizer.app.report import Status
from summarizer.app.setting_checks import PLACEHOLDERS
from summarizer.engines.base import Engine
from summarizer.posts import postfile
from summarizer.posts.lockfile import Lock
from summarizer.posts.unicode import shown, shown_line, visible
from summarizer.posts.walk_rules import inside
from summarizer.text.documents import documents_of

BATCH = 64
_PLACEHOLDER = re.compile("|".join(map(re.escape, PLACEHOLDERS)))  # what setting_checks.template_problem allows
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
    written: dict[str, str] = field(default_factory=dict)  # the fields written (or, dry, that would be): text
    removed: tuple[str, ...] = ()  # the fields removed (--remove-field)
    replaced: tuple[str, ...] = ()  # hand-written fields it replaced (--force)
    kept: tuple[str, ...] = ()  # fields --remove-field left: summarizer did not write them (no --force)
    not_summary: tuple[str, ...] = ()  # ... of which those that are not a summary field of the settings
    note: str = ""  # what the engine says of this post (a fallback), shown with --verbose

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            f"{shown(self.path)}\t(original)",
            f"{shown(self.path)}\t({'edited' if self.removed else 'summarized'})",
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


def _words(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else repr(value)


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
    settings: Settings = field(default_factory=Settings)  # for this post (its excerpt field known)
    hand_written: tuple[str, ...] = ()  # fields holding text summarizer did not write (replaced only --force)
    lock: Lock | None = None  # what summarizer wrote (see posts.lockfile), to record what this post gets
    note: str = ""


def _job(path: Path, post: postfile.Post, settings: Settings, lock: Lock | None = None) -> Job | None:
    """What `post` needs: a summary (with --force, or without one; a feature field that already holds text
    is kept unless --force), only the feature field filled in from its summary, or nothing (None). With
    --force, the fields holding text that `lock` does not record as summarizer's are `hand_written`."""
    excerpt_key, feature_key = settings.excerpt_field, settings.feature_field
    if settings.force or not post.has(excerpt_key):
        keep = bool(feature_key) and not settings.force and post.has(feature_key)
        hand = tuple(
            key
            for key in settings.fields
            if settings.force and post.has(key) and not (lock and lock.written(path, key, post.meta[key]))
        )
        return Job(path, post, True, keep_feature=keep, settings=settings, hand_written=hand, lock=lock)
    if not feature_key or post.has(feature_key):
        return None
    excerpt = " ".join(post.meta[excerpt_key].split())
    title = post.meta.get("title")
    text = feature_text(settings.feature_template, excerpt, "" if title is None else str(title))
    return Job(path, post, False, values={feature_key: text}, settings=settings, lock=lock)


def process(
    files: list[Path],
    engine_factory: Callable[[], Engine],
    settings: Settings,
    write: bool = True,
    progress: Callable[[int], None] | None = None,
    roots: tuple[str, ...] | None = None,
    lock: Lock | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[Outcome]:
    """Outcomes for every post file in `files` (see `walk.find_posts`), in batches; writes changed posts
    unless `write` is False. The engine is made (`engine_factory()`) only when a post needs a summary. Each
    post gets `settings.for_post` (an excerpt field not yet known follows its front matter); `lock` (what
    summarizer wrote) tells which fields --force replaces are hand-written (`Outcome.replaced`).

    With `roots` (`Found.roots`), a file whose resolved path lies outside them (a symlink out of the PATHs
    given) is left alone and reported. A post is written only if its file is still exactly what was read
    (else it fails, "changed during the run"). Stop signals are held while a post is written (`signals.held`)
    and handed on once its outcome is taken; `stop()` true (a worker of a parallel run told to stop, see
    `app.parallel`) ends the job before the next post is written.
    """
    engine: Engine | None = None
    for start in range(0, len(files), BATCH):
        batch = files[start : start + BATCH]
        jobs: list[Job] = []
        for path in batch:
            post = _read(path, roots)
            if isinstance(post, Outcome):
                yield post
                continue
            mine = settings.for_post(post.format)
            odd = "" if mine.force else not_text(post, mine.fields)
            if odd:
                yield Outcome(path, Status.INVALID, odd)
                continue
            job = _job(path, post, mine, lock)
            if job is None:
                yield Outcome(path, Status.SKIPPED, f"already has {' and '.join(mine.fields)}")
                continue
            jobs.append(job)
        if any(job.needs_summary for job in jobs):
            engine = _summarize([job for job in jobs if job.needs_summary], engine, engine_factory, settings)
        for job in jobs:
            if stop is not None and stop():
                return
            outcome = job.outcome or _apply(job, write, job.settings)
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
    notes = getattr(engine, "last_fallbacks", None) or [None] * len(usable)
    for (job, doc), summary, note in zip(usable, summaries, notes):
        mine = job.settings
        summary = " ".join(printable(summary or "").split())
        if not summary:
            job.outcome = Outcome(job.path, Status.FAILED, f"no whole sentence fits in {settings.max_chars} characters")
            continue
        job.note = note or ""
        job.values[mine.excerpt_field] = summary
        if mine.feature_field and not job.keep_feature:
            job.values[mine.feature_field] = feature_text(mine.feature_template, summary, doc.title)
    return engine


def _apply(job: Job, write: bool, settings: Settings) -> Outcome:
    """Write `job`'s values into its post (unless `write` is False), record them in its lock file's records
    (with the write, while stop signals are held) and say what happened; a stop signal that came during the
    write is in the outcome's `stopped`."""
    path, post, lock = job.path, job.post, job.lock
    filled = "" if settings.excerpt_field in job.values else ", ".join(job.values)
    values = {k: printable(job.values[k]) for k in settings.fields if k in job.values}
    caught: list[int] = []
    try:
        new = postfile.set_fields(post, values, after=settings.fields)
        if new == post.text:
            if write and lock is not None:  # what summarizer writes, there already (written before the lock file)
                for key, text in values.items():
                    lock.record(path, key, text)
            return Outcome(path, Status.UNCHANGED, written=values, note=job.note)
        if write:
            with signals.held(caught):
                postfile.rewrite(post, new)  # the file read (a symlink's target), if it is still what was read
                for key, text in values.items() if lock is not None else ():
                    lock.record(path, key, text)
        replaced = tuple(k for k in job.hand_written if k in values and _words(post.meta.get(k)) != _words(values[k]))
        outcome = Outcome(path, Status.CHANGED, old=post.text, new=new, filled=filled, written=values)
        outcome.replaced, outcome.note = replaced, job.note
    except postfile.PostError as exc:
        outcome = Outcome(path, Status.FAILED, str(exc))
    except OSError as exc:
        outcome = Outcome(path, Status.FAILED, f"cannot write: {exc.strerror or exc}")
    outcome.stopped = caught[0] if caught else 0
    return outcome


def record(lock: Lock | None, outcome: Outcome) -> None:
    """Record in `lock` what a written post holds, as `_apply` does in the process that wrote it (a worker of a
    parallel run writes into its own copy of the records)."""
    if lock is not None and outcome.status in (Status.CHANGED, Status.UNCHANGED):
        for key, text in outcome.written.items():
            lock.record(outcome.path, key, text)


def _read(path: Path, roots: tuple[str, ...] | None) -> postfile.Post | Outcome:
    """The post at `path`, or the outcome that settles it (unreadable, invalid, a link out of the PATHs)."""
    try:
        post = postfile.read(path)
    except postfile.InvalidPost as exc:
        return Outcome(path, Status.INVALID, str(exc))
    except postfile.PostError as exc:
        return Outcome(path, Status.FAILED, str(exc))
    if roots is not None and not inside(post.origin.target, roots):
        why = f"symbolic link to {post.origin.target}, outside the PATHs given; left alone"
        return Outcome(path, Status.SKIPPED, why, warning=True)
    return post
