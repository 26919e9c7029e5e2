"""The training step of topic and purpose statements: learn the site's frames (summarizer.text.frames) from its
summaries and write them, with what `summarizer train` decided the site's posts get
(summarizer.training.decide: decided on the site's latest posts, not on the posts the frames come from), into
the model folder; and the model card's section on them.
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.editor.modelfiles import FRAMES_FILE
from summarizer.text.frame_learning import learn
from summarizer.text.frames import FrameModel


def learn_frames(
    examples: list, output: Path, use: dict[str, str] | None = None, rest: dict[str, str] | None = None, log=print
) -> FrameModel:
    """Frames from the summaries of `examples` (every post with a summary, short ones included: the condense
    stage leaves those out, and a frame is often short), per title kind and per category; with the decisions
    `use` (the statement kind per category) and `rest` (what a post without one gets); written to
    OUTPUT/frames.json."""
    from summarizer.posts.unicode import visible
    from summarizer.text.voice import categories_of

    model = learn(
        [(visible(str(ex.post.meta.get("title") or "")), ex.reference) for ex in examples],
        [categories_of(ex.post.meta) for ex in examples],
    )
    write_frames(output, model, use or {}, rest if rest is not None else {})
    log(f"topic statements: {len(model.kept())} frames from {model.framed} of {model.summaries} summaries")
    return model


def write_frames(output: Path, model: FrameModel, use: dict[str, str], rest: dict[str, str]) -> None:
    """OUTPUT/frames.json: the frames, with the decisions."""
    model.use, model.rest = dict(use), dict(rest)
    (output / FRAMES_FILE).write_text(
        json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


_KIND_NAMES = {
    "topic": "topic statements",
    "purpose": "the post's own sentence about what it does, restated in the "
    "site's style ({style}), else a topic statement",
    "items": "the post's own items listed",
}


def card_section(output: Path) -> str:
    """The model card's section on topic statements (frames learned, from how many summaries, where used), or ""
    for a model without frames."""
    path = output / FRAMES_FILE
    if not path.is_file():
        return ""
    model = FrameModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    lines = [
        "## Topic statements",
        "",
        f"Frames learned from the site's own summaries ({model.framed} of {model.summaries} summaries are in a "
        f"frame seen at least 3 times): " + (", ".join(f"`{f.text}` ({n})" for f, n in model.kept()) or "none") + ".",
        "",
    ]
    used = [
        f"{k or 'the site (and any category not named here)'} ({_KIND_NAMES[v].format(style=model.style)})"
        for k, v in model.use.items()
        if v != "digest"
    ]
    lines.append(
        "Written instead of a digest for: "
        + (", ".join(used) if used else "no posts (the site's summaries are digests; the frames are kept but not used)")
        + "."
    )
    return "\n".join(lines) + "\n\n"  # a blank line before the card's next section
