"""`summarizer train`: data and splits, the select stage, the condense stage (editor), settings chosen on a
held-out development topic, validation by date and by topic, and the model card."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from itertools import product
from pathlib import Path

from ..config import DEFAULT_MAX_CHARS
from .condense import CondenseOptions, train_condense_stage
from .data import FILTERS, load_split, target_of

__all__ = ["CondenseOptions", "FILTERS", "run_training", "target_of"]
ENGINES = ["lead", "extractive", "select", "seq2seq"]
TARGET_OFFSETS = (-20, -10, 0)  # lengths tried around the targets' median, in characters
CLOSE_THRESHOLDS = (0.15, 0.25)
OVERLAPS = (0.4, 0.6)
CALIBRATIONS = (0.0, 0.5, 1.0, 1.5)
STYLE_WEIGHT = 20.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def choose_settings(output: Path, dev, median_chars: int) -> dict:
    """The select stage's position prior and the editor's target length, closing threshold and overlap limit,
    then (those fixed) its style calibration, chosen on the development posts (never trained on) by the seq2seq
    engine's R-1 + R-2 + R-L minus STYLE_WEIGHT × the ending-style distance to their references (so 0.05 of
    distance costs one ROUGE point)."""
    from collections import Counter

    from ..editing import style_of
    from ..engines.select import SALIENCE_FILE
    from ..engines.seq2seq import Seq2SeqEngine
    from ..evaluate import rouge, tvd
    from ..kiwi import split_documents
    from .select import PRIORS

    def mix(texts):
        return Counter(style_of(s.tokens) for d in split_documents([("", [t]) for t in texts]) for s in d.sentences)

    theirs = mix(dev.targets)
    engine = Seq2SeqEngine(output)
    config = engine.config
    tried: list[dict] = []

    def trial(prior, offset, close, overlap, calibration) -> dict:
        engine.select.position_prior = prior
        config.target_chars, config.close_threshold, config.max_overlap = median_chars + offset, close, overlap
        config.style_calibration = calibration
        outs = engine.summarize(dev.docs, DEFAULT_MAX_CHARS)
        scores = rouge(list(zip(dev.targets, outs)))
        total = sum(sum(s.values()) for s in scores) / len(scores)
        distance = tvd(mix(outs), theirs)
        tried.append({"position_prior": prior, "target_chars": config.target_chars, "close_threshold": close,
                      "max_overlap": overlap, "style_calibration": calibration, "rouge_sum": round(total, 2),
                      "style_distance": round(distance, 3), "objective": round(total - STYLE_WEIGHT * distance, 2)})
        return tried[-1]

    objective = lambda row: row["objective"]  # noqa: E731
    grid = product(PRIORS, TARGET_OFFSETS, CLOSE_THRESHOLDS, OVERLAPS)
    best = max((trial(*settings, 0.0) for settings in grid), key=objective)
    fixed = (best["position_prior"], best["target_chars"] - median_chars, best["close_threshold"], best["max_overlap"])
    best = max([best] + [trial(*fixed, c) for c in CALIBRATIONS if c], key=objective)
    log(f"chosen on {len(dev.docs)} development posts: {best}")
    config.target_chars, config.close_threshold = best["target_chars"], best["close_threshold"]
    config.max_overlap, config.style_calibration = best["max_overlap"], best["style_calibration"]
    config.save(output)
    salience = json.loads((output / SALIENCE_FILE).read_text(encoding="utf-8"))
    write_json(output / SALIENCE_FILE, {**salience, "position_prior": best["position_prior"]})
    return {"chosen": best, "tried": tried}


def run_training(paths: list[Path], output: Path, opts: CondenseOptions | None = None, base: str | None = None,
                 command: str = "", select_only: bool = False, field: str = "excerpt",
                 holdout: tuple[str, ...] = (), dev_topic: tuple[str, ...] = (), source: str = "") -> dict:
    """The whole `summarizer train` job. With `select_only`, the editor already in `output` is kept."""
    from ..engines.select import SelectEngine
    from ..evaluate import evaluate
    from .modelcard import write_card
    from .select import train_select_stage

    opts = opts or CondenseOptions()
    began = time.perf_counter()
    split = load_split(paths, field, holdout=holdout, dev_topic=dev_topic)
    log(f"{len(split.train.docs)} training, {len(split.dev.docs)} development, {len(split.val_date.docs)} latest "
        f"({' to '.join(split.val_date.dates())}) and {len(split.val_topic.docs)} held-out-topic posts; "
        f"filters: {dict(split.filtered)}")
    output.mkdir(parents=True, exist_ok=True)
    train_select_stage(split.train.docs, split.train.targets, output, log=log)
    select = SelectEngine(output, position_prior=1.0)
    previous = json.loads((output / "training.json").read_text(encoding="utf-8")) if select_only else {}
    if select_only:
        condense = previous.get("condense", {})
    else:
        ranked = [select.rank(d) for d in split.train.docs]
        condense = train_condense_stage(split.train.docs, ranked, split.train.targets, output, opts, base, log=log)
    median = int(sorted(len(t) for t in split.train.targets)[len(split.train.targets) // 2])
    chosen = choose_settings(output, split.dev, median)
    scores = {}
    for name, part in (("date", split.val_date), ("topic", split.val_topic)):
        if part.examples:
            log(f"scoring every engine on the {name} split ({len(part.examples)} posts)")
            summaries, _ = evaluate(part.examples, ENGINES, model=str(output))
            scores[name] = [s.__dict__ for s in summaries]
    info = {"paths": [str(p) for p in paths], "source": source or previous.get("source", ""),
            "command": previous.get("command", "") if select_only else command, "select_command": command if select_only else None,
            "field": field, "holdout": list(holdout), "dev_topic": list(dev_topic),
            "minutes": round((time.perf_counter() - began) / 60, 1), "condense": condense,
            "options": asdict(opts), "base": base, "filtered": dict(split.filtered),
            "posts": {"train": len(split.train.docs), "dev": len(split.dev.docs), "date": len(split.val_date.docs),
                      "topic": len(split.val_topic.docs)},
            "val_dates": split.val_date.dates(), "settings": chosen,
            "scores": scores.get("date", []), "scores_topic": scores.get("topic", [])}
    write_json(output / "training.json", info)
    write_card(output, info)
    return info
