"""The rewrite job: find posts, summarize those that need it, and edit their two fields safely."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import postfile
from .clean import clean_body
from .config import Settings
from .engines.base import Engine
from .kiwi import split_documents

SUFFIXES = {".md", ".markdown", ".html"}
FIELDS = postfile.SUMMARY_KEYS
BATCH = 64


@dataclass
class Outcome:
    path: Path
    status: str  # "changed", "unchanged", "skipped", "invalid" (bad input) or "failed" (could not process)
    message: str = ""
    old: str = ""
    new: str = ""

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            f"{self.path}\t(original)", f"{self.path}\t(summarized)"))


def discover(paths: list[Path]) -> list[Path]:
    """Post files under `paths` (files as given; folders recursively, hidden entries skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if f.suffix.lower() in SUFFIXES and f.is_file() and not any(p.startswith(".") for p in rel):
                    found.append(f)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def feature_text(template: str, excerpt: str, title: str = "") -> str:
    return template.replace("\\n", "\n").replace("{excerpt}", excerpt).replace("{title}", title)


def source_of(post: postfile.Post) -> tuple[str, list[str]]:
    """The (title, cleaned paragraphs) a summarizer reads."""
    title = post.meta.get("title")
    return (str(title) if title is not None else "", clean_body(post.body))


def _plan(post: postfile.Post, settings: Settings) -> dict[str, str] | None:
    """Fields to write without a summarizer, {} when a summary is needed, None when nothing to do."""
    if settings.force or not post.has("excerpt"):
        return {}
    if post.has("feature_text"):
        return None
    excerpt = " ".join(post.meta["excerpt"].split())
    return {"feature_text": feature_text(settings.feature_template, excerpt, str(post.meta.get("title", "")))}


def process(paths: list[Path], engine_factory: Callable[[], Engine], settings: Settings, write: bool = True,
            progress: Callable[[int], None] | None = None) -> Iterator[Outcome]:
    """Outcomes for every post under `paths`, in batches; writes changed posts unless `write` is False."""
    files = discover(paths)
    engine: Engine | None = None
    for start in range(0, len(files), BATCH):
        batch = files[start : start + BATCH]
        ready: list[tuple[Path, postfile.Post, dict[str, str] | Outcome]] = []
        needs: list[int] = []
        for path in batch:
            try:
                post = postfile.read(path)
            except postfile.InvalidPost as exc:
                yield Outcome(path, "invalid", str(exc))
                continue
            except postfile.PostError as exc:
                yield Outcome(path, "failed", str(exc))
                continue
            values = _plan(post, settings)
            if values is None:
                yield Outcome(path, "skipped", "already has excerpt and feature_text")
                continue
            if not values:
                needs.append(len(ready))
            ready.append((path, post, values))
        if needs:
            docs = split_documents([source_of(ready[k][1]) for k in needs])
            usable = []
            for k, doc in zip(needs, docs):
                path, post, _ = ready[k]
                chars = sum(len(s.text) for s in doc.sentences)
                if chars < settings.min_body_chars:
                    why = "empty body" if not chars else f"body too short to summarize ({chars} characters of text)"
                    ready[k] = (path, post, Outcome(path, "invalid", why))
                else:
                    usable.append((k, doc))
            engine = engine or (engine_factory() if usable else None)
            summaries = engine.summarize([doc for _, doc in usable], settings.max_chars) if usable else []
            for (k, doc), summary in zip(usable, summaries):
                path, post, values = ready[k]
                if not summary:
                    ready[k] = (path, post, Outcome(path, "failed",
                                                    f"no whole sentence fits in {settings.max_chars} characters"))
                else:
                    values.update(excerpt=summary,
                                  feature_text=feature_text(settings.feature_template, summary, doc.title))
        for path, post, values in ready:
            yield _apply(path, post, values, write)
        if progress:
            progress(len(batch))


def _apply(path: Path, post: postfile.Post, values: dict[str, str] | Outcome, write: bool) -> Outcome:
    if isinstance(values, Outcome):
        return values
    try:
        new = postfile.set_fields(post, {k: values[k] for k in FIELDS if k in values})
        if new == post.text:
            return Outcome(path, "unchanged")
        if write:
            postfile.write(path, new)
    except postfile.PostError as exc:
        return Outcome(path, "failed", str(exc))
    except OSError as exc:
        return Outcome(path, "failed", f"cannot write: {exc.strerror or exc}")
    return Outcome(path, "changed", old=post.text, new=new)
