"""Training data: (article, excerpt) pairs from posts, reference filters, and the validation splits.

Splits: the site's latest posts by date (`val_date`: `latest_fraction` of them, at least MIN_LATEST and at most
MAX_LATEST), never fitted on until the final fit: every choice `summarizer train` makes (the settings, the kind
of summary per category, the voice, which learned part stays on) is made on them, and they are what the
training report measures; every post of the held-out categories (`val_held_out`, never trained on); and, to
choose settings, also kept out of training, development categories (`dev`, the `dev_categories`; empty
when none is given). The rest, older, is fitted on (`train`).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.app.config import MIN_TRAIN_POSTS
from summarizer.posts.corpus import Example, gather
from summarizer.posts.postfile import EXCERPT_FIELD
from summarizer.text.documents import documents_of
from summarizer.text.kiwi import Document
from summarizer.text.voice import categories_of

_HASHTAGS = re.compile(r"(?:\s*#[^\s#]+)+\s*$")
MIN_SENTENCES = 3
MIN_CHARS = 10  # a shorter excerpt is no summary ("요약", "TBD"); a tagline or a list of headings is one
LATEST_FRACTION = 0.2  # the latest posts by date, held out to decide on
MIN_LATEST = 12  # (but never more than half the posts)
MAX_LATEST = 600
FILTERS = {
    "cut": "the excerpt is the body's opening cut off with '..' or '…' (not a summary)",
    "short": f"the excerpt has fewer than {MIN_CHARS} characters",
    "long": "the excerpt has more than 300 characters",
    "no_body": f"the body has fewer than {MIN_SENTENCES} sentences of text",
}


def target_of(reference: str) -> tuple[str | None, str]:
    """The training target for an excerpt (trailing hashtags dropped), or None and the filter that rejects it."""
    text = " ".join(reference.split())
    if text.endswith(("..", "…")):
        return None, "cut"
    text = _HASHTAGS.sub("", text).strip()
    if len(text) < MIN_CHARS:
        return None, "short"
    if len(text) > 300:
        return None, "long"
    return text, "kept"


_ISO_DATE = re.compile(r"\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![0-9])")


def post_date(example: Example) -> str:
    """The post's date as YYYY-MM-DD: its `date` (a date or datetime, as YAML and TOML read one, or text that
    starts with a date: 2024-08-01 09:00:00 +0900, 2024/08/01, 2024.08.01), else the date its file name starts
    with (Jekyll's YYYY-MM-DD-), else "". Anything else (`date: yesterday`, a list, a number, 2024-02-30) is no
    date. A post without one sorts before every dated post (then by file name): never among the latest."""
    return _iso_date(example.post.meta.get("date")) or _iso_date(example.path.name)


def _iso_date(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return ""
    try:
        return datetime.date(*map(int, match.group(1, 3, 4))).isoformat()
    except ValueError:
        return ""


def categories(example: Example) -> set[str]:
    return set(categories_of(example.post.meta))


@dataclass
class Part:
    examples: list[Example] = field(default_factory=list)
    docs: list[Document] = field(default_factory=list)

    @property
    def targets(self) -> list[str]:
        return [ex.reference for ex in self.examples]

    def dates(self) -> list[str]:
        return [post_date(self.examples[0]), post_date(self.examples[-1])] if self.examples else []


@dataclass
class Split:
    train: Part
    dev: Part
    val_date: Part  # the latest posts: every choice is made on them
    val_held_out: Part
    filtered: Counter
    summarized: list[Example] = field(default_factory=list)  # every post read with a summary (none filtered)

    def parts(self) -> list[Part]:
        """Every part: what the final fit reads."""
        return [self.train, self.dev, self.val_date, self.val_held_out]


def latest_count(n: int, fraction: float = LATEST_FRACTION) -> int:
    """How many of `n` posts (oldest first) are the latest, held out to decide on: `fraction` of them, at least
    MIN_LATEST (but never more than half) and at most MAX_LATEST."""
    return max(1, min(max(round(n * fraction), min(MIN_LATEST, n // 2)), MAX_LATEST))


def load_split(
    paths: list[Path],
    field_name: str = EXCERPT_FIELD,
    val_fraction: float = LATEST_FRACTION,
    holdout: tuple[str, ...] = (),
    dev_categories: tuple[str, ...] = (),
    leave_out: Callable[[Path, str, str], bool] | None = None,
) -> Split:
    """Filtered (post, target) pairs in parts; raises ValueError when there is too little data.
    `leave_out(path, field, text)`: summaries not to learn from (those summarizer wrote)."""
    examples = gather(paths, field_name, leave_out).examples
    kept, counts = [], Counter()
    for ex in examples:
        target, why = target_of(ex.reference)
        counts[why] += 1
        if target:
            kept.append(Example(ex.path, ex.post, target))
    kept.sort(key=lambda ex: (post_date(ex), ex.path.name))
    docs = documents_of([ex.post for ex in kept])
    pairs = [(ex, d) for ex, d in zip(kept, docs) if len(d.sentences) >= MIN_SENTENCES]
    counts["no_body"] += len(kept) - len(pairs)
    counts["kept"] -= len(kept) - len(pairs)
    held_out = [p for p in pairs if categories(p[0]) & set(holdout)]
    rest = [p for p in pairs if not categories(p[0]) & set(holdout)]
    cut = len(rest) - latest_count(len(rest), val_fraction)
    train, val_date = rest[:cut], rest[cut:]
    dev = [p for p in train if categories(p[0]) & set(dev_categories)]
    if dev_categories and not dev:
        raise ValueError(f"no training-period post has a development category ({', '.join(dev_categories)})")
    train = [p for p in train if not categories(p[0]) & set(dev_categories)]
    if len(pairs) < MIN_TRAIN_POSTS or not train or not val_date:
        raise ValueError(
            f"too little data: {len(pairs)} usable posts with an `{field_name}` ({dict(counts)}), "
            f"{len(train)} of them left to train on; training needs at least {MIN_TRAIN_POSTS}"
        )
    part = lambda ps: Part([p[0] for p in ps], [p[1] for p in ps])  # noqa: E731
    return Split(part(train), part(dev), part(val_date), part(held_out), counts, examples)
