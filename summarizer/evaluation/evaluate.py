"""Evaluation: Kiwi-morpheme ROUGE, faithfulness and length statistics of engines against reference summaries
(the rows and scores it makes, their table and the rows file: see `scores`).

Tokenization: each text is analysed by Kiwi and every morpheme form is one token (lower-cased);
punctuation, brackets and symbols (tags SF, SP, SS, SE, SO, SW) are dropped. rouge-score then
computes ROUGE-1/2/L F1 on those tokens (no stemming). rouge-score's own tokenizer keeps only
[a-z0-9] and would score Korean as 0.
"""

from __future__ import annotations

import time
from pathlib import Path

from rouge_score import rouge_scorer

from summarizer import engines as registry
from summarizer.evaluation.scores import Row, ScoreRow, score_row
from summarizer.posts.corpus import Example
from summarizer.text.documents import documents_of, source_of
from summarizer.text.editing import repeats_word
from summarizer.text.endings import main_register, register_of, style_of
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
