"""Checks of the condense model's own files, before any post is read: vocab.json (and the values of config.json
that must agree with the code), frames.json, and the shapes of model.safetensors' weights
(`CondenseEngine.model_problem`)."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.modelfiles import CONFIG_FILE, VOCAB_FILE, WEIGHTS_FILE
from summarizer.engines.locate import json_problem, kind_problem, read_json
from summarizer.text.endings import STYLES


def _vocab_problem(folder: Path) -> str | None:
    """Why vocab.json is not the editor's vocabulary ({morpheme: id}, each id a row of the embedding), or None;
    also the values of config.json that must agree with the code (its model_type, a prior for each style)."""
    config = EditorConfig.load(folder)
    if config.model_type != EditorConfig.model_type:
        return f"has a {CONFIG_FILE} whose 'model_type' is {config.model_type!r}, not {EditorConfig.model_type!r}"
    if len(config.style_prior) != len(STYLES):
        return f"has a {CONFIG_FILE} whose 'style_prior' has {len(config.style_prior)} values, not {len(STYLES)}"
    vocab, problem = read_json(folder / VOCAB_FILE)
    if problem or not isinstance(vocab, dict):
        return problem or f"has a {VOCAB_FILE} of the wrong shape: it {kind_problem(vocab, {str: int})}"
    for key, value in vocab.items():
        problem = kind_problem(value, int)
        if not problem and not 0 <= value < config.vocab_size:
            problem = f"is {value}, not an id below its {CONFIG_FILE}'s vocab_size {config.vocab_size}"
        if problem:
            return f"has a {VOCAB_FILE} whose {key!r} {problem}"
    return None


def _frames_problem(path: Path) -> str | None:
    """Why frames.json is not the site's frames (`FrameModel.to_json`), or None."""
    data, problem = read_json(path)
    if problem:
        return problem
    frame = (str, str, [str], int)
    kinds = {
        "frames": {str: [None]},
        "use": {str: None},
        "summaries": int,
        "framed": int,
        "categories": {str: [None]},
        "rest": {str: str},
    }
    problem = json_problem(path, "frames", values=kinds)
    rows = [(kind, row, frame) for kind, found in data["frames"].items() for row in found] if not problem else []
    if not problem:
        rows += [(c, row, (str, *frame)) for c, found in (data.get("categories") or {}).items() for row in found]
    for kind, row, shape in rows:
        if not (isinstance(row, list) and len(row) == len(shape)) or any(
            kind_problem(v, k) for v, k in zip(row, shape)
        ):
            shown = json.dumps(row, ensure_ascii=False)[:60]
            fields = "[particle, tail, [nouns], count]" if len(shape) == len(frame) else "[title kind, particle, …]"
            return f"has a {path.name} whose frame {shown} of {kind!r} is not {fields}"
    return problem


def _weights_problem(folder: Path) -> str | None:
    """Why model.safetensors' weights do not fit config.json (their shapes, read from the file's header), or None."""
    from safetensors import safe_open

    from summarizer.editor.layers import is_ranking, weight_shapes
    from summarizer.editor.modeling_numpy import plain_key

    config = EditorConfig.load(folder)
    try:
        with safe_open(str(folder / WEIGHTS_FILE), "np") as fh:
            shapes = {plain_key(k): tuple(fh.get_slice(k).get_shape()) for k in fh.keys()}
    except Exception as exc:  # safetensors raises its own error types for a damaged file
        return f"has an unreadable {WEIGHTS_FILE} ({type(exc).__name__})"
    expected = weight_shapes(config)
    optional = set() if config.rank_weight else {k for k in expected if is_ranking(k)}
    wrong = [
        k for k, shape in expected.items() if (k not in shapes and k not in optional) or shapes.get(k, shape) != shape
    ]
    if wrong:
        return (
            f"has a {WEIGHTS_FILE} that does not match its {CONFIG_FILE} ({', '.join(wrong)}); it was written by "
            "another version of `summarizer train`"
        )
    return None
