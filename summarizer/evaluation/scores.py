"""What an evaluation finds: one `Row` per post and engine, one `ScoreRow` per engine (and per category) made
from them, the text table of the scores (`table`) and the rows file (`save_rows`). The engines are run and
their summaries scored in `evaluate`."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.posts.unicode import shown
from summarizer.text.endings import clashes, main_register
from summarizer.text.metrics import METRICS


@dataclass
class Row:
    engine: str
    post: str
    reference: str
    summary: str
    rouge1: float
    rouge2: float
    rougeL: float
    unsupported: str  # numbers / proper nouns the article lacks, space-separated
    chars: int
    article_chars: int
    absent: int = 0  # content morphemes of the summary that the article lacks
    content: int = 0  # content morphemes of the summary
    repeats: bool = False  # a word immediately repeated ("공동 공동")
    endings: str = ""  # ending style of each summary sentence (plain, polite, noun, request, other)
    ref_endings: str = ""
    registers: str = ""  # register of each summary sentence (plain, polite, - for neutral)
    ref_register: str = ""  # the reference's main register ('' when all its sentences are neutral)
    category: str = ""  # the post's first category
    facts_shared: int = 0  # numbers both the reference and the article state
    facts_kept: int = 0  # of those, the ones the summary states


@dataclass
class ScoreRow:
    """One engine's scores over a set of posts (a row of `table`; of one category when `category` is set)."""

    engine: str
    posts: int
    rouge1: float
    rouge2: float
    rougeL: float
    unsupported_share: float  # % of summaries stating a number or proper noun absent from the article
    median_chars: float
    compression: float  # median summary chars / article chars, %
    posts_per_s: float
    empty: int
    distinct: float = 100.0  # % of posts whose summary no other post got
    fallback_share: float | None = None  # condense: % of posts that got unedited sentences (its checks failed)
    statement_share: float | None = None  # condense: % of posts that got a topic or purpose statement
    absent_share: float = 0.0  # % of the summaries' content morphemes absent from their article
    repeat_share: float = 0.0  # % of summaries with a word immediately repeated
    style_distance: float = 0.0  # total variation distance of sentence-ending styles to the references'
    register_clash: float = 0.0  # % of summaries mixing the plain and the polite register
    register_match: float = 0.0  # % of summaries whose main register is the reference's (references with one)
    fact_recall: float = 0.0  # % of the numbers shared by reference and article that the summary keeps
    category: str = ""  # '' for all posts


def tvd(a: Counter, b: Counter) -> float:
    """Total variation distance between two count mixes."""
    n, m = max(sum(a.values()), 1), max(sum(b.values()), 1)
    return 0.5 * sum(abs(a[k] / n - b[k] / m) for k in set(a) | set(b))


def style_distance(rows: list[Row]) -> float:
    """Total variation distance between the ending-style mixes of the summaries and of the references."""
    ours = Counter(e for r in rows for e in r.endings.split())
    return tvd(ours, Counter(e for r in rows for e in r.ref_endings.split()))


def register_scores(rows: list[Row]) -> dict[str, float]:
    """register_clash, register_match and fact_recall of `rows`, in %."""
    n = max(len(rows), 1)
    registers = [[r for r in row.registers.split() if r != "-"] for row in rows]
    with_ref = [(row, regs) for row, regs in zip(rows, registers) if row.ref_register]
    return {
        "register_clash": round(100 * sum(clashes(regs) for regs in registers) / n, 2),
        "register_match": round(
            100 * sum(main_register(regs) == row.ref_register for row, regs in with_ref) / max(len(with_ref), 1), 2
        ),
        "fact_recall": round(100 * sum(r.facts_kept for r in rows) / max(sum(r.facts_shared for r in rows), 1), 2),
    }


def score_row(
    name: str,
    rows: list[Row],
    seconds: float,
    fallbacks: int | None = None,
    category: str = "",
    statements: int | None = None,
) -> ScoreRow:
    """The scores of one engine's `rows`; `fallbacks`: its posts that fell back;
    `statements`: its posts that got a topic or purpose statement (both from `Engine.stats`)."""
    n = max(len(rows), 1)
    counts = Counter(r.summary for r in rows)
    return ScoreRow(
        engine=name,
        posts=len(rows),
        **{m: round(sum(getattr(r, m) for r in rows) / n, 2) for m in METRICS},
        unsupported_share=round(100 * sum(bool(r.unsupported) for r in rows) / n, 2),
        median_chars=statistics.median([r.chars for r in rows]) if rows else 0,
        compression=round(100 * statistics.median([r.chars / max(r.article_chars, 1) for r in rows]), 2) if rows else 0,
        posts_per_s=round(len(rows) / seconds, 1) if seconds else 0.0,
        empty=sum(not r.summary for r in rows),
        distinct=round(100 * sum(counts[r.summary] == 1 for r in rows) / n, 2),
        fallback_share=round(100 * fallbacks / n, 2) if fallbacks is not None else None,
        statement_share=round(100 * statements / n, 2) if statements is not None else None,
        absent_share=round(100 * sum(r.absent for r in rows) / max(sum(r.content for r in rows), 1), 2),
        repeat_share=round(100 * sum(r.repeats for r in rows) / n, 2),
        style_distance=round(style_distance(rows), 3),
        **register_scores(rows),
        category=category,
    )


def by_category(rows: list[Row], top: int = 8, min_posts: int = 10) -> list[ScoreRow]:
    """One ScoreRow per engine and category, for the `top` most frequent categories with `min_posts` posts."""
    counts = Counter(r.category for r in rows if r.engine == rows[0].engine) if rows else Counter()
    kept = [c for c, k in counts.most_common(top) if k >= min_posts]
    engines = list(dict.fromkeys(r.engine for r in rows))
    return [
        score_row(e, [r for r in rows if r.engine == e and r.category == c], 0.0, category=c or "-")
        for c in kept
        for e in engines
    ]


def table(scores: list[ScoreRow]) -> str:
    """A fixed-width text table of engines' scores (with a category column when they are per category)."""
    per_category = any(s.category for s in scores)
    head = (["category"] if per_category else []) + [
        "engine",
        "posts",
        "R-1",
        "R-2",
        "R-L",
        "clash%",
        "register%",
        "facts%",
        "unsupported%",
        "absent%",
        "repeat%",
        "style-dist",
        "median chars",
        "posts/s",
        "distinct%",
        "fallback%",
        "statement%",
    ]
    lines = [head] + [
        ([shown(s.category)] if per_category else [])
        + [
            s.engine,
            s.posts,
            f"{s.rouge1:.2f}",
            f"{s.rouge2:.2f}",
            f"{s.rougeL:.2f}",
            f"{s.register_clash:.1f}",
            f"{s.register_match:.1f}",
            f"{s.fact_recall:.1f}",
            f"{s.unsupported_share:.1f}",
            f"{s.absent_share:.1f}",
            f"{s.repeat_share:.1f}",
            f"{s.style_distance:.2f}",
            f"{s.median_chars:g}",
            f"{s.posts_per_s:.1f}",
            f"{s.distinct:.1f}",
            "-" if s.fallback_share is None else f"{s.fallback_share:.1f}",
            "-" if s.statement_share is None else f"{s.statement_share:.1f}",
        ]
        for s in scores
    ]
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(str(c).rjust(w) if i > per_category else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
        for row in lines
    )


ROW_COLUMNS = list(Row.__dataclass_fields__)  # of a rows file (`save_rows`)


def save_rows(rows: list[Row], path: Path) -> None:
    """The rows as a .json list or a .csv table, replacing `path` (renamed over it: never written through a link;
    `summarizer.app.outputs.rows_file_problem` says whether `path` may be replaced)."""
    import csv
    import io

    from summarizer.app.outputs import replace_text
    from summarizer.posts.unicode import json_text

    records = [asdict(r) for r in rows]
    if path.suffix.lower() == ".json":
        replace_text(path, json_text(records, indent=1))
    else:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=ROW_COLUMNS)
        writer.writeheader()
        writer.writerows(records)
        replace_text(path, out.getvalue())
