"""Evaluation: Kiwi-morpheme ROUGE, faithfulness and length statistics of engines against reference summaries.

Tokenization: each text is analysed by Kiwi and every morpheme form is one token (lower-cased);
punctuation, brackets and symbols (tags SF, SP, SS, SE, SO, SW) are dropped. rouge-score then
computes ROUGE-1/2/L F1 on those tokens (no stemming). rouge-score's own tokenizer keeps only
[a-z0-9] and would score Korean as 0.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from rouge_score import rouge_scorer

from summarizer import engines as registry
from summarizer.posts.corpus import Example
from summarizer.posts.unicode import shown
from summarizer.text.documents import documents_of, source_of
from summarizer.text.editing import repeats_word
from summarizer.text.endings import clashes, main_register, register_of, style_of
from summarizer.text.kiwi import facts, is_content, morphemes, split_documents, unsupported_facts
from summarizer.text.metrics import METRICS
from summarizer.text.packing import DEFAULT_MAX_CHARS
from summarizer.text.voice import DEFAULT_VOICE


class _CachedKiwiTokenizer:
    """rouge-score tokenizer over Kiwi morphemes, filled in batches to use Kiwi's threads."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}

    def fill(self, texts: list[str]) -> None:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        self.cache.update(zip(new, morphemes(new)))

    def tokenize(self, text: str) -> list[str]:
        if text not in self.cache:
            self.fill([text])
        return self.cache[text]


def rouge(pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
    """ROUGE-1/2/L F1 (0-100) of each (reference, summary) pair on Kiwi morphemes."""
    tokenizer = _CachedKiwiTokenizer()
    tokenizer.fill([t for pair in pairs for t in pair])
    scorer = rouge_scorer.RougeScorer(list(METRICS), tokenizer=tokenizer)
    return [{m: 100 * s.fmeasure for m, s in scorer.score(ref, hyp).items()} for ref, hyp in pairs]


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


def run_engine(
    name: str,
    examples: list[Example],
    max_chars: int = DEFAULT_MAX_CHARS,
    model: str | None = None,
    voice: str = DEFAULT_VOICE,
) -> tuple[list[Row], float, registry.Engine]:
    """Summarize `examples` with one engine (nothing written); rows and the wall time it took.

    The time covers loading the engine, Kiwi sentence splitting and summarizing (not Kiwi's own
    start-up, nor cleaning the posts' bodies, which every engine shares and pays once)."""
    split_documents([("", ["준비."])])  # load Kiwi outside the timing
    for ex in examples:
        source_of(ex.post)  # clean each post outside the timing (once: `source_of` keeps it for the next engine)
    start = time.perf_counter()
    engine = registry.get_engine(name, model, voice)
    docs = documents_of([ex.post for ex in examples])
    summaries = engine.summarize(docs, max_chars)
    seconds = time.perf_counter() - start
    articles = [f"{doc.title} {doc.text}" for doc in docs]
    scores = rouge([(ex.reference, s) for ex, s in zip(examples, summaries)])
    summary_facts = facts(summaries)
    parsed = split_documents([("", [t]) for t in [*summaries, *(ex.reference for ex in examples)]])
    rows = []
    for n, (ex, doc, article, summary, score, found) in enumerate(
        zip(examples, docs, articles, summaries, scores, summary_facts)
    ):
        bad = unsupported_facts(found, article, doc.facts)
        known = doc.forms
        ours, ref = parsed[n].sentences, parsed[len(examples) + n].sentences
        words = [f.lower() for s in ours for f, t in s.tokens if is_content(t)]
        numbers = {f for s in doc.sentences for f, t in s.tokens if t == "SN"}
        shared = {f for s in ref for f, t in s.tokens if t == "SN"} & numbers
        kept = shared & {f for s in ours for f, t in s.tokens if t == "SN"}
        rows.append(
            Row(
                name,
                str(ex.path),
                ex.reference,
                summary,
                *(round(score[m], 2) for m in METRICS),
                " ".join(sorted(bad)),
                len(summary),
                len(doc.text),
                sum(w not in known for w in words),
                len(words),
                repeats_word(summary),
                " ".join(style_of(s.tokens) for s in ours),
                " ".join(style_of(s.tokens) for s in ref),
                " ".join(register_of(s.tokens) or "-" for s in ours),
                main_register([register_of(s.tokens) for s in ref]) or "",
                doc.categories[0] if doc.categories else "",
                len(shared),
                len(kept),
            )
        )
    return rows, seconds, engine


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


def available_engines(model: str | None = None) -> list[str]:
    """The registry's engines that can run here: those whose optional packages are installed (the peer needs
    sumy), model engines only with a usable model."""
    import importlib.util

    model_dir = Path(model) if model else registry.DEFAULT_MODEL
    return [
        name
        for name, cls in ((n, registry.engine_class(n)) for n in registry.names(aliases=False))
        if all(importlib.util.find_spec(package) for package in cls.requires)
        and not (cls.needs_model() and cls.model_problem(model_dir))
    ]


def evaluate(
    examples: list[Example],
    names: list[str],
    max_chars: int = DEFAULT_MAX_CHARS,
    model: str | None = None,
    voice: str = DEFAULT_VOICE,
) -> tuple[list[ScoreRow], list[Row]]:
    """One ScoreRow per engine and all per-post rows."""
    scores, all_rows = [], []
    for name in names:
        rows, seconds, engine = run_engine(name, examples, max_chars, model, voice=voice)
        scores.append(score_row(name, rows, seconds, engine.stats.fallbacks, statements=engine.stats.statements))
        all_rows.extend(rows)
    return scores, all_rows


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
