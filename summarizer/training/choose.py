"""Settings chosen on the development parts (held-out categories and the latest training posts, never trained on),
with the condense engine in its default voice, and written into the model folder."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.modelfiles import SALIENCE_FILE
from summarizer.text.cache_values import matches
from summarizer.text.derived_cache import cached
from summarizer.text.metrics import METRICS
from summarizer.text.packing import PACKING
from summarizer.training.record import Choice, Trial
from summarizer.training.select import PRIORS

TARGET_OFFSETS = (-20, -10, 0)  # lengths tried around the targets' median, in characters
FIRST_TARGET_OFFSET = -10  # the length while the ranking is chosen
CLOSE_THRESHOLDS = (0.05, 0.1, 0.15, 0.25)
OVERLAPS = (0.4, PACKING.max_overlap)
CALIBRATIONS = (0.0, 0.5, 1.0, 1.5)
RANK_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
REGISTER_WEIGHT = 0.2
ROUGE_SOURCES = (
    "summarizer.evaluation.evaluate",
    "summarizer.text.metrics",
    "summarizer.text.kiwi",
    "rouge_score.rouge_scorer",
)


def rouge(pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
    """`summarizer.evaluation.evaluate.rouge` of each (reference, summary) pair, each pair scored once (the trials give
    many posts the same excerpt) and kept on disk with the analyses (`summarizer.text.derived_cache`)."""
    from summarizer.evaluation.evaluate import rouge as score

    return cached(
        "rouge",
        ROUGE_SOURCES,
        [f"{ref}\0{summary}" for ref, summary in pairs],
        lambda todo: score([tuple(t.split("\0", 1)) for t in todo]),
        shape=lambda v: isinstance(v, dict) and set(v) == set(METRICS) and all(matches(x, float) for x in v.values()),
    )


def choose_settings(output: Path, devs: list, median_chars: int, log=print) -> Choice:
    """Chosen in turn on the development parts: the select stage's position prior and the ranking head's weight
    (the editor at EditorConfig's defaults); then the editor's target length, closing threshold and overlap
    limit; then its style calibration. The objective is the mean over the parts of the condense engine's
    R-1 + R-2 + R-L plus REGISTER_WEIGHT × the share of excerpts (%) whose register is their reference's, minus
    the same weight × the share mixing two registers (so 5 points of register match are worth one ROUGE point).
    Each excerpt is judged on its own: a whole-set mix of endings is not an objective."""
    from summarizer.engines.condense import CondenseEngine
    from summarizer.text.endings import clashes, main_register, register_of
    from summarizer.text.kiwi import split_documents

    def registers(texts):
        return [[register_of(s.tokens) for s in d.sentences] for d in split_documents([("", [t]) for t in texts])]

    devs = [d for d in devs if d.docs]
    theirs = [[main_register(r) for r in registers(dev.targets)] for dev in devs]
    engine = CondenseEngine(output)
    config = engine.config
    tried: list[Trial] = []

    def trial(prior, weight, offset, close, overlap, calibration) -> Trial:
        engine.select.position_prior, config.rank_weight = prior, weight
        config.target_chars, config.close_threshold, config.max_overlap = median_chars + offset, close, overlap
        config.style_calibration = calibration
        totals, matches, clash = [], [], []
        for dev, refs in zip(devs, theirs):
            outs = engine.summarize(dev.docs, PACKING.max_chars)
            scores = rouge(list(zip(dev.targets, outs)))
            totals.append(sum(sum(s.values()) for s in scores) / len(scores))
            ours = registers(outs)
            pairs = [(main_register(o), r) for o, r in zip(ours, refs) if r]
            matches.append(100 * sum(a == b for a, b in pairs) / max(len(pairs), 1))
            clash.append(100 * sum(map(clashes, ours)) / len(ours))
        total, match, mixed = (sum(x) / len(x) for x in (totals, matches, clash))
        tried.append(
            Trial(
                position_prior=prior,
                rank_weight=weight,
                target_chars=config.target_chars,
                close_threshold=close,
                max_overlap=overlap,
                style_calibration=calibration,
                rouge_sum=round(total, 2),
                register_match=round(match, 1),
                register_clash=round(mixed, 1),
                objective=round(total + REGISTER_WEIGHT * (match - mixed), 2),
            )
        )
        return tried[-1]

    objective = lambda t: t.objective  # noqa: E731
    usual = EditorConfig()
    rankings = product(PRIORS, RANK_WEIGHTS if "rank_embed" in engine.editor.w else (0.0,))
    best = max(
        (
            trial(*ranking, FIRST_TARGET_OFFSET, usual.close_threshold, usual.max_overlap, usual.style_calibration)
            for ranking in rankings
        ),
        key=objective,
    )
    ranking = (best.position_prior, best.rank_weight)
    best = max(
        (
            trial(*ranking, *editing, usual.style_calibration)
            for editing in product(TARGET_OFFSETS, CLOSE_THRESHOLDS, OVERLAPS)
        ),
        key=objective,
    )
    fixed = (*ranking, best.target_chars - median_chars, best.close_threshold, best.max_overlap)
    best = max([best] + [trial(*fixed, c) for c in CALIBRATIONS if c != usual.style_calibration], key=objective)
    log(f"chosen on {' + '.join(str(len(d.docs)) for d in devs)} development posts: {best.to_dict()}")
    apply_settings(output, best)
    return Choice(best, tried)


def apply_settings(output: Path, chosen: Trial) -> None:
    """Write the chosen settings into the model folder's config.json and salience.json."""
    config = EditorConfig.load(output)
    config.rank_weight, config.target_chars = chosen.rank_weight, chosen.target_chars
    config.close_threshold, config.max_overlap = chosen.close_threshold, chosen.max_overlap
    config.style_calibration = chosen.style_calibration
    config.save(output)
    salience = json.loads((output / SALIENCE_FILE).read_text(encoding="utf-8"))
    (output / SALIENCE_FILE).write_text(
        json.dumps({**salience, "position_prior": chosen.position_prior}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
