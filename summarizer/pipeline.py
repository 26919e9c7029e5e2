"""The rewrite job: find posts, summarize those that need it, and edit their summary fields safely."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import postfile
from .clean import clean_body
from .config import Settings
from .engines.base import Engine
from .kiwi import split_documents
from .report import Status

SUFFIXES = {".md", ".markdown", ".html"}
FIELDS = postfile.SUMMARY_KEYS  # the default field names
SECTION_PAGES = {"_index"}  # Hugo section pages: not posts, unless named on the command line
BUILD_FOLDERS = {"_site", "node_modules"}  # Jekyll's output and npm packages: never walked into
MAX_SOURCE_CHARS = 20_000  # the body text a summarizer reads: a huge post costs no more than this
BATCH = 64
_PLACEHOLDER = re.compile(r"\{(excerpt|title)\}")
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

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            f"{self.path}\t(original)", f"{self.path}\t(summarized)"))


@dataclass
class Found:
    """Discovered posts, and the folders that could not be listed (path, reason)."""
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def find_posts(paths: list[Path]) -> Found:
    """Post files under `paths`: files as given; folders recursively, in sorted order, skipping hidden entries
    and Hugo `_index` section pages. Symlinked files are followed; a symlinked folder is walked once."""
    found, seen_dirs, seen_files = Found(), set(), set()
    for path in paths:
        if path.is_dir():
            _walk(path, found, seen_dirs)
        else:
            found.files.append(path)
    unique = []
    for path in found.files:
        key = os.path.realpath(path)
        if key not in seen_files:
            seen_files.add(key)
            unique.append(path)
    found.files = unique
    return found


def _walk(folder: Path, found: Found, seen: set) -> None:
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or a folder reached twice
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        found.problems.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symlinks
        except OSError as exc:
            found.problems.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        if is_dir:
            if entry.name not in BUILD_FOLDERS:
                _walk(path, found, seen)
        elif is_file and path.suffix.lower() in SUFFIXES and path.stem not in SECTION_PAGES:
            found.files.append(path)


def discover(paths: list[Path]) -> list[Path]:
    """The post files under `paths` (see `find_posts`; folders that cannot be listed are left out)."""
    return find_posts(paths).files


def feature_text(template: str, excerpt: str, title: str = "") -> str:
    """`template` with `\\n` as a line break and {excerpt}/{title} filled in one pass (never inside the
    filled-in text)."""
    values = {"excerpt": excerpt, "title": title}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template.replace("\\n", "\n"))


def printable(text: str) -> str:
    """`text` without control characters (which YAML cannot hold): DEL, BS, ESC and other C0/C1."""
    return _UNPRINTABLE.sub("", _BREAKS.sub(" ", text))


def source_of(post: postfile.Post) -> tuple[str, list[str]]:
    """The (title, cleaned paragraphs) a summarizer reads."""
    title = post.meta.get("title")
    paragraphs, total = [], 0
    for paragraph in clean_body(post.body):
        if total >= MAX_SOURCE_CHARS:
            break
        paragraphs.append(paragraph[: MAX_SOURCE_CHARS - total])
        total += len(paragraphs[-1])
    return (str(title) if title is not None else "", paragraphs)


def not_text(post: postfile.Post, keys: tuple[str, ...]) -> str:
    """The first of `keys` whose value is there but is not text (a list, a number, a table), described."""
    for key in keys:
        value = post.meta.get(key)
        if value is not None and not isinstance(value, str):
            return f"`{key}` is not text (YAML/TOML/JSON {type(value).__name__}); left as it is (--force replaces it)"
    return ""


def _plan(post: postfile.Post, settings: Settings) -> dict[str, str] | None:
    """Fields to write without a summarizer, {} when a summary is needed, None when nothing to do."""
    excerpt_key, feature_key = settings.excerpt_field, settings.feature_field
    if settings.force or not post.has(excerpt_key):
        return {}
    if not feature_key or post.has(feature_key):
        return None
    excerpt = " ".join(post.meta[excerpt_key].split())
    title = post.meta.get("title")
    return {feature_key: feature_text(settings.feature_template, excerpt, "" if title is None else str(title))}


def process(files: list[Path], engine_factory: Callable[[], Engine], settings: Settings, write: bool = True,
            progress: Callable[[int], None] | None = None) -> Iterator[Outcome]:
    """Outcomes for every post file in `files` (see `find_posts`), in batches; writes changed posts unless
    `write` is False. The engine is made (`engine_factory()`) only when a post needs a summary."""
    engine: Engine | None = None
    for start in range(0, len(files), BATCH):
        batch = files[start : start + BATCH]
        ready: list[tuple[Path, postfile.Post, dict[str, str] | Outcome]] = []
        needs: list[int] = []
        for path in batch:
            try:
                post = postfile.read(path)
            except postfile.InvalidPost as exc:
                yield Outcome(path, Status.INVALID, str(exc))
                continue
            except postfile.PostError as exc:
                yield Outcome(path, Status.FAILED, str(exc))
                continue
            odd = "" if settings.force else not_text(post, settings.fields)
            if odd:
                yield Outcome(path, Status.INVALID, odd)
                continue
            values = _plan(post, settings)
            if values is None:
                yield Outcome(path, Status.SKIPPED, f"already has {' and '.join(settings.fields)}")
                continue
            if not values:
                needs.append(len(ready))
            ready.append((path, post, values))
        if needs:
            engine = _summarize(ready, needs, engine, engine_factory, settings)
        for path, post, values in ready:
            yield _apply(path, post, values, write, settings)
        if progress:
            progress(len(batch))


def _summarize(ready: list, needs: list[int], engine: Engine | None, engine_factory: Callable[[], Engine],
               settings: Settings) -> Engine | None:
    """Fill the values of the posts `needs` points at (or replace them by an Outcome); returns the engine."""
    docs = split_documents([source_of(ready[k][1]) for k in needs])
    usable = []
    for k, doc in zip(needs, docs):
        path, post, _ = ready[k]
        chars = sum(len(s.text) for s in doc.sentences)
        if chars < settings.min_body_chars:
            why = "empty body" if not chars else f"body too short to summarize ({chars} characters of text)"
            ready[k] = (path, post, Outcome(path, Status.INVALID, why))
        else:
            usable.append((k, doc))
    if not usable:
        return engine
    engine = engine or engine_factory()
    summaries = engine.summarize([doc for _, doc in usable], settings.max_chars)
    for (k, doc), summary in zip(usable, summaries):
        path, post, values = ready[k]
        summary = " ".join(printable(summary or "").split())
        if not summary:
            ready[k] = (path, post, Outcome(path, Status.FAILED,
                                            f"no whole sentence fits in {settings.max_chars} characters"))
            continue
        values[settings.excerpt_field] = summary
        if settings.feature_field:
            values[settings.feature_field] = feature_text(settings.feature_template, summary, doc.title)
    return engine


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the write is over, then go to their handlers: an exception raised by
    a handler inside tempfile.mkstemp (after it created the file, before it returned the name) would leave
    the temp file behind."""
    caught: list[int] = []
    try:
        previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum))
                    for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: no handlers of ours to hold
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in caught[:1]:
            if callable(previous[signum]):
                previous[signum](signum, None)
            elif previous[signum] == signal.SIG_DFL:
                signal.raise_signal(signum)


def _apply(path: Path, post: postfile.Post, values: dict[str, str] | Outcome, write: bool,
           settings: Settings) -> Outcome:
    if isinstance(values, Outcome):
        return values
    values = {k: printable(values[k]) for k in settings.fields if k in values}
    try:
        new = postfile.set_fields(post, values, after=settings.fields)
        if new == post.text:
            return Outcome(path, Status.UNCHANGED)
        if write:
            with _signals_held():
                postfile.write(Path(os.path.realpath(path)), new)  # through a symlink, keeping the link
    except postfile.PostError as exc:
        return Outcome(path, Status.FAILED, str(exc))
    except OSError as exc:
        return Outcome(path, Status.FAILED, f"cannot write: {exc.strerror or exc}")
    return Outcome(path, Status.CHANGED, old=post.text, new=new)
