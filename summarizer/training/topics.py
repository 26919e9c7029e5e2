"""The training step of topic and purpose statements: learn the site's frames and decide which kind of summary
the site writes.

Frames are learned from the training posts' own summaries (summarizer.text.frames). Which kind to write is decided
per category (and for the rest of the site) by ROUGE-1 against the site's summaries: the lead digest, the
statement in the learned frame, and the post's own purpose sentence restated (summarizer.text.purpose; the topic
statement where a post has none), on the training posts; of statements that score alike, the one that says
more of what the site's summaries say beyond the title. A site whose summaries are digests (a news site)
learns to keep digests.
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.editor.modelfiles import FRAMES_FILE
from summarizer.text.frames import FrameModel, decide, learn
from summarizer.text.packing import PACKING
from summarizer.text.voice import MIN_CATEGORY_POSTS
from summarizer.training.select import f1


def learn_frames(examples: list, output: Path, use: dict[str, str] | None = None, log=print) -> FrameModel:
    """Frames from the summaries of `examples` (every post with a summary, short ones included: the condense
    stage leaves those out, and a frame is often short); where to use them decided on the same posts (unless
    `use` is given: the decision kept from an earlier step); written to OUTPUT/frames.json."""
    from summarizer.engines.lead import LeadEngine
    from summarizer.posts.unicode import visible
    from summarizer.text.documents import documents_of
    from summarizer.text.purpose import purpose_statement
    from summarizer.training.choose import (
        rouge,  # each (summary, statement) pair scored once, and kept in the analysis cache
    )

    model = learn([(visible(str(ex.post.meta.get("title") or "")), ex.reference) for ex in examples])
    if use is None:
        docs = documents_of([ex.post for ex in examples])
        digests = LeadEngine().summarize(docs, PACKING.max_chars)
        statements = model.statements([doc.title for doc in docs], [doc.forms for doc in docs])
        purposes = [purpose_statement(doc, model.style, PACKING.max_chars) for doc in docs]
        topics = [st or dg for st, dg in zip(statements, digests)]
        outputs = {"digest": digests, "topic": topics, "purpose": [p or t for p, t in zip(purposes, topics)]}
        refs = [ex.reference for ex in examples]
        scores = {kind: [s["rouge1"] for s in rouge(list(zip(refs, texts)))] for kind, texts in outputs.items()}
        coverage = beyond_title(refs, [doc.title for doc in docs], outputs)
        use = decide(scores, [doc.categories for doc in docs], MIN_CATEGORY_POSTS, coverage)
    model.use = use
    (output / FRAMES_FILE).write_text(
        json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    where = ", ".join(f"{k or 'posts without a listed category'}: {v}" for k, v in use.items())
    log(f"topic statements: {len(model.kept())} frames from {model.framed} of {model.summaries} summaries; {where}")
    return model


def beyond_title(references: list[str], titles: list[str], outputs: dict[str, list[str]]) -> dict[str, list[float]]:
    """Per kind of output and post, ROUGE-1 F (%) on content morphemes that are not in the title: how well the
    text matches what the reference says beyond its title (0 where either says nothing more). The references
    and titles are read once for every kind."""
    from summarizer.text.kiwi import is_content, tokens

    def content(batch: list[str]) -> list[set[str]]:
        return [{t.form.lower() for t in found if is_content(t.tag)} for found in tokens(batch)]

    wanted = [(ref - title, title) for ref, title in zip(content(references), content(titles))]

    def score(want: set[str], said: set[str]) -> float:
        return 100 * f1(len(want & said), len(want), len(said))

    return {
        kind: [score(want, text - title) for (want, title), text in zip(wanted, content(texts))]
        for kind, texts in outputs.items()
    }


_KIND_NAMES = {
    "topic": "topic statements",
    "purpose": "the post's own sentence about what it does, restated in the "
    "site's style ({style}), else a topic statement",
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
        f"{k or 'posts without a listed category'} ({_KIND_NAMES[v].format(style=model.style)})"
        for k, v in model.use.items()
        if v != "digest"
    ]
    lines.append(
        "Written instead of a digest for: "
        + (", ".join(used) if used else "no posts (the site's summaries are digests; the frames are kept but not used)")
        + "."
    )
    return "\n".join(lines) + "\n\n"  # a blank line before the card's next section
