"""The training step of topic statements: learn the site's frames and decide where the site uses them.

Frames are learned from the training posts' own summaries (summarizer.frames). Whether to write topic
statements is decided per category (and for the rest of the site) by ROUGE-1 against the site's summaries:
the statement in the learned frame against the lead digest, on the training posts and the latest training
-period posts. A site whose summaries are digests (a news site) learns to keep digests.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..decoding import DECODING
from ..frames import FrameModel, decide, learn
from ..modelfiles import FRAMES_FILE
from ..voice import MIN_CATEGORY_POSTS


def learn_frames(examples: list, output: Path, use: dict[str, bool] | None = None, log=print) -> FrameModel:
    """Frames from the summaries of `examples` (every post with a summary, short ones included: the condense
    stage leaves those out, and a frame is often short); where to use them decided on the same posts (unless
    `use` is given: the decision kept from an earlier step); written to OUTPUT/frames.json."""
    from ..engines.lead import LeadEngine
    from ..evaluate import rouge
    from ..kiwi import split_documents
    from ..pipeline import source_of
    from ..voice import categories_of

    model = learn([(str(ex.post.meta.get("title") or ""), ex.reference) for ex in examples])
    if use is None:
        docs = split_documents([(*source_of(ex.post), categories_of(ex.post.meta)) for ex in examples])
        digests = LeadEngine().summarize(docs, DECODING.max_chars)
        statements = model.statements([doc.title for doc in docs], [doc.forms for doc in docs])
        refs = [ex.reference for ex in examples]
        digest_scores = [s["rouge1"] for s in rouge(list(zip(refs, digests)))]
        topic_scores = [s["rouge1"] if st else None for s, st in zip(rouge(list(zip(refs, statements))), statements)]
        use = decide(topic_scores, digest_scores, [doc.categories for doc in docs], MIN_CATEGORY_POSTS)
    model.use = use
    (output / FRAMES_FILE).write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    where = ", ".join(f"{k or 'posts without a listed category'}: {'topic' if v else 'digest'}" for k, v in use.items())
    log(f"topic statements: {len(model.kept())} frames from {model.framed} of {model.summaries} summaries; {where}")
    return model


def card_section(output: Path) -> str:
    """The model card's section on topic statements (frames learned, from how many summaries, where used), or ""
    for a model without frames."""
    path = output / FRAMES_FILE
    if not path.is_file():
        return ""
    model = FrameModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    lines = ["## Topic statements", "",
             f"Frames learned from the site's own summaries ({model.framed} of {model.summaries} summaries are in a "
             f"frame seen at least 3 times): " + (", ".join(f"`{f.text}` ({n})" for f, n in model.kept()) or "none")
             + ".", ""]
    used = [k or "posts without a listed category" for k, v in model.use.items() if v]
    lines.append("Written instead of a digest for: " + (", ".join(used) if used else
                 "no posts (the site's summaries are digests; the frames are kept but not used)") + ".")
    return "\n".join(lines) + "\n\n"  # a blank line before the card's next section
