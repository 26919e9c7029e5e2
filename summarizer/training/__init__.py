"""`summarizer train`: data and splits, the select stage, the condense stage (editor), settings chosen on the
development parts (a held-out topic and the latest training-period posts), a refit, validation by date and by
topic, and the model card."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from itertools import product
from pathlib import Path

from ..config import DEFAULT_MAX_CHARS
from ..editor.configuration import EditorConfig
from .condense import CondenseOptions, train_condense_stage
from .data import FILTERS, load_split, target_of

__all__ = ["CondenseOptions", "FILTERS", "run_training", "target_of"]
ENGINES = ["lead", "extractive", "select", "seq2seq"]
TARGET_OFFSETS = (-20, -10, 0)  # lengths tried around the targets' median, in characters
CLOSE_THRESHOLDS = (0.05, 0.1, 0.15, 0.25)
OVERLAPS = (0.4, 0.6)
CALIBRATIONS = (0.0, 0.5, 1.0, 1.5)
RANK_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
REGISTER_WEIGHT = 0.2


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def choose_settings(output: Path, devs: list, median_chars: int) -> dict:
    """Chosen in turn on the development parts (a topic and the latest training posts, never trained on), with
    the engine in its default voice (`auto`): the select stage's position prior and the ranking head's weight;
    then the editor's target length, closing threshold and overlap limit; then its style calibration. The
    objective is the mean over the parts of the condense engine's R-1 + R-2 + R-L plus REGISTER_WEIGHT × the
    share of excerpts (%) whose register is their reference's, minus the same weight × the share mixing two
    registers (so 5 points of register match are worth one ROUGE point). Each excerpt is judged on its own:
    a whole-set mix of endings is not an objective."""
    from ..engines.seq2seq import Seq2SeqEngine
    from ..evaluate import rouge
    from ..kiwi import split_documents
    from ..voice import clashes, main_register, register_of
    from .select import PRIORS

    def registers(texts):
        return [[register_of(s.tokens) for s in d.sentences] for d in split_documents([("", [t]) for t in texts])]

    devs = [d for d in devs if d.docs]
    theirs = [[main_register(r) for r in registers(dev.targets)] for dev in devs]
    engine = Seq2SeqEngine(output)
    config = engine.config
    tried: list[dict] = []

    def trial(prior, weight, offset, close, overlap, calibration) -> dict:
        engine.select.position_prior, config.rank_weight = prior, weight
        config.target_chars, config.close_threshold, config.max_overlap = median_chars + offset, close, overlap
        config.style_calibration = calibration
        totals, matches, clash = [], [], []
        for dev, refs in zip(devs, theirs):
            outs = engine.summarize(dev.docs, DEFAULT_MAX_CHARS)
            scores = rouge(list(zip(dev.targets, outs)))
            totals.append(sum(sum(s.values()) for s in scores) / len(scores))
            ours = registers(outs)
            pairs = [(main_register(o), r) for o, r in zip(ours, refs) if r]
            matches.append(100 * sum(a == b for a, b in pairs) / max(len(pairs), 1))
            clash.append(100 * sum(map(clashes, ours)) / len(ours))
        total, match, mixed = (sum(x) / len(x) for x in (totals, matches, clash))
        tried.append({"position_prior": prior, "rank_weight": weight, "target_chars": config.target_chars, "close_threshold": close,
                      "max_overlap": overlap, "style_calibration": calibration, "rouge_sum": round(total, 2),
                      "register_match": round(match, 1), "register_clash": round(mixed, 1),
                      "objective": round(total + REGISTER_WEIGHT * (match - mixed), 2)})
        return tried[-1]

    objective = lambda row: row["objective"]  # noqa: E731
    usual = EditorConfig()
    best = max((trial(*ranking, -10, usual.close_threshold, usual.max_overlap, usual.style_calibration)
                for ranking in product(PRIORS, RANK_WEIGHTS if "rank_embed" in engine.editor.w else (0.0,))),
               key=objective)
    ranking = (best["position_prior"], best["rank_weight"])
    best = max((trial(*ranking, *editing, usual.style_calibration)
                for editing in product(TARGET_OFFSETS, CLOSE_THRESHOLDS, OVERLAPS)), key=objective)
    fixed = (*ranking, best["target_chars"] - median_chars, best["close_threshold"], best["max_overlap"])
    best = max([best] + [trial(*fixed, c) for c in CALIBRATIONS if c != usual.style_calibration], key=objective)
    log(f"chosen on {' + '.join(str(len(d.docs)) for d in devs)} development posts: {best}")
    apply_settings(output, best)
    return {"chosen": best, "tried": tried}


def apply_settings(output: Path, chosen: dict) -> None:
    """Write the chosen settings into the model directory's config.json and salience.json."""
    from ..engines.select import SALIENCE_FILE

    config = EditorConfig.load(output)
    config.rank_weight, config.target_chars = chosen["rank_weight"], chosen["target_chars"]
    config.close_threshold, config.max_overlap = chosen["close_threshold"], chosen["max_overlap"]
    config.style_calibration = chosen["style_calibration"]
    config.save(output)
    salience = json.loads((output / SALIENCE_FILE).read_text(encoding="utf-8"))
    write_json(output / SALIENCE_FILE, {**salience, "position_prior": chosen["position_prior"]})


def run_training(paths: list[Path], output: Path, opts: CondenseOptions | None = None, base: str | None = None,
                 command: str = "", select_only: bool = False, field: str = "excerpt",
                 holdout: tuple[str, ...] = (), dev_topic: tuple[str, ...] = (), source: str = "",
                 final_fit: bool = True, keep_validation: Path | None = None, val_fraction: float = 0.1) -> dict:
    """The whole `summarizer train` job: fit both stages on the training posts, choose the settings on the
    development parts, score every engine on the validation splits, then (`final_fit`) fit both stages again
    on every post with the chosen settings: the model written is the one fit on all the data, and the scores
    measure the same procedure on posts it had not seen. With `select_only`, the editor in `output` is kept.
    `keep_validation`: a folder that receives a copy of the model the scores were measured on."""
    from ..engines.select import SelectEngine
    from ..evaluate import evaluate
    from .modelcard import write_card
    from .select import train_select_stage

    opts = opts or CondenseOptions()
    began = time.perf_counter()
    split = load_split(paths, field, val_fraction, holdout=holdout, dev_topic=dev_topic)
    filters = ", ".join(f"{n} {k}" for k, n in split.filtered.items())
    log(f"{len(split.train.docs)} training, {len(split.dev.docs)} development-topic, {len(split.dev_date.docs)} "
        f"development-latest, {len(split.val_date.docs)} latest "
        f"({' to '.join(split.val_date.dates())}) and {len(split.val_topic.docs)} held-out-topic posts "
        f"(posts by filter: {filters})")
    output.mkdir(parents=True, exist_ok=True)
    previous = json.loads((output / "training.json").read_text(encoding="utf-8")) if select_only else {}

    def fit(parts: list) -> dict:
        docs = [d for part in parts for d in part.docs]
        targets = [t for part in parts for t in part.targets]
        train_select_stage(docs, targets, output, log=log)
        if select_only:
            return previous.get("condense", {})
        select = SelectEngine(output, position_prior=1.0)
        return train_condense_stage(docs, [select.rank(d) for d in docs], targets, output, opts, base, log=log)

    median = int(sorted(len(t) for t in split.train.targets)[len(split.train.targets) // 2])
    condense = fit([split.train])
    chosen = choose_settings(output, [split.dev, split.dev_date], median)
    scores = {}
    for name, part in (("date", split.val_date), ("topic", split.val_topic)):
        if part.examples:
            log(f"scoring every engine on the {name} split ({len(part.examples)} posts)")
            summaries, _ = evaluate(part.examples, ENGINES, model=str(output))
            scores[name] = [s.__dict__ for s in summaries]
    everything = [split.train, split.dev, split.dev_date, split.val_date, split.val_topic]
    if keep_validation is not None:
        import shutil

        shutil.copytree(output, keep_validation, dirs_exist_ok=True)
    if final_fit:
        log(f"final fit of {'the select stage' if select_only else 'both stages'} on all "
            f"{sum(len(p.docs) for p in everything)} posts with the chosen settings")
        condense = fit(everything)
        apply_settings(output, chosen["chosen"])
    info = {"paths": [str(p) for p in paths], "source": source or previous.get("source", ""),
            "command": previous.get("command", "") if select_only else command, "select_command": command if select_only else None,
            "field": field, "holdout": list(holdout), "dev_topic": list(dev_topic),
            "minutes": round((time.perf_counter() - began) / 60, 1), "condense": condense,
            "options": asdict(opts), "base": base, "filtered": dict(split.filtered),
            "posts": {"train": len(split.train.docs), "dev": len(split.dev.docs), "dev_date": len(split.dev_date.docs),
                      "final": sum(len(p.docs) for p in everything) if final_fit else 0,
                      "date": len(split.val_date.docs),
                      "topic": len(split.val_topic.docs)},
            "val_dates": split.val_date.dates(), "dev_dates": split.dev_date.dates(), "settings": chosen,
            "scores": scores.get("date", []), "scores_topic": scores.get("topic", [])}
    write_json(output / "training.json", info)
    write_card(output, info)
    return info
