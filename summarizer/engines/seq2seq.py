"""Seq2seq engine: the select stage ranks sentences, a learned editor condenses them, checks guard the output.

The condense stage edits rather than generates (see `summarizer.editing`): it deletes whole units of
the selected sentences, re-realizes their endings in the site's style with `Kiwi.join`, and may close
with a phrase from the vocabulary learned from the site's excerpts. The excerpt follows the length
of the site's own excerpts within `max_chars`. An output that states a number or proper noun the
article lacks, repeats a word, or has a sentence without a proper ending falls back to unedited whole
sentences, taken in the engine's ranking order (the select engine's excerpt when `rank_weight` is 0);
`stats()` counts those fallbacks.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..editing import STYLES, balanced, edit, ends_properly, is_filler, repeats_word
from ..editor_model import CONFIG_FILE, VOCAB_FILE, EditorConfig, NumpyEditor, make_input, make_rank_input
from ..kiwi import FACT_TAGS, Document, is_content, split_documents, unsupported_facts
from .base import candidates, fit
from .features import sentence_features
from .select import SelectEngine


def phrase_words(phrases: list[str]) -> list[set[str]]:
    """The content morphemes of each closing phrase."""
    docs = split_documents([("", [p]) for p in phrases])
    return [{f.lower() for s in d.sentences for f, t in s.tokens if is_content(t)}
            for d in docs]


def choose_style(probs: np.ndarray, config) -> str | None:
    """The ending style: the editor's probabilities divided by the training mix ** `style_calibration` (so a
    style common in training does not win every post), or None (keep the article's) below the threshold."""
    prior = np.maximum(np.asarray(config.style_prior, dtype=float), 0.01)  # a style never seen in training
    p = np.asarray(probs) / prior ** config.style_calibration
    p = p / p.sum()
    best = int(np.argmax(p))
    return STYLES[best] if p[best] >= config.style_threshold else None


def compose(doc: Document, ranked: list[int], decision: dict, config, max_chars: int,
            words: list[set[str]] | None = None) -> str:
    """The edited excerpt for one post from the editor's decisions ('' when no sentence fits).

    A closing phrase is used only when at most `config.phrase_absent_max` of its content morphemes are
    absent from the article (`words`: the phrases' content morphemes)."""
    style = choose_style(decision["style"], config)
    phrase = ""
    if config.phrases and decision["close"] >= config.close_threshold:
        article = doc.forms
        for k in np.argsort(-decision["phrase"], kind="stable"):
            if words is None or len(words[k] - article) <= config.phrase_absent_max:
                phrase = config.phrases[int(k)]
                break
    drops: dict[int, set[int]] = {}
    clauses: dict[int, list[tuple[float, int]]] = {}
    for (k, j, kind), p in zip(decision["where"], decision["keep"]):
        if p < config.keep_threshold and kind in config.drop_kinds:
            drops.setdefault(k, set()).add(j)
        if kind == "clause":
            clauses.setdefault(k, []).append((float(p), j))
    limit = max_chars - (len(phrase) + 1 if phrase else 0)
    budget = min(config.target_chars - (len(phrase) + 1 if phrase else 0), limit)
    chosen, seen, used = [], [], -1
    for k in ranked[: config.top_sentences]:
        s = doc.sentences[k]
        words = set(s.content)
        if is_filler(s) or words and any(len(words & w) / len(words) > config.max_overlap for w in seen):
            continue
        room = (budget if chosen else limit) - used - 1
        dropped = set(drops.get(k, set()))
        text = edit(s, dropped, style)
        for _, j in sorted(clauses.get(k, [])) if len(text) > room else []:
            dropped.add(j)  # too long for the room left: coordinate clauses go, the least likely kept first
            text = edit(s, dropped, style)
            if len(text) <= room:
                break
        if len(text) > room:
            continue
        chosen.append((k, text))
        seen.append(words)
        used += 1 + len(text)
    if not chosen:
        return ""
    body = " ".join(text for _, text in sorted(chosen))
    return f"{body} {phrase}" if phrase else body


class Seq2SeqEngine:
    name = "seq2seq"

    def __init__(self, model: str | Path) -> None:
        config = Path(model) / CONFIG_FILE
        kind = json.loads(config.read_text(encoding="utf-8")).get("model_type") if config.is_file() else None
        if kind != EditorConfig.model_type or not (Path(model) / VOCAB_FILE).is_file():
            raise ValueError(f"{model} is not a summarizer editing model (model_type {kind!r}; needs "
                             f"{EditorConfig.model_type!r} and {VOCAB_FILE}); train one with `summarizer train`")
        self.editor = NumpyEditor(model)
        self.config = self.editor.config
        self.select = SelectEngine(model)
        self.phrase_words = phrase_words(self.config.phrases)
        self.fallbacks = self.generated = 0

    def stats(self) -> dict[str, int]:
        return {"fallbacks": self.fallbacks, "generated": self.generated}

    def rank(self, docs: list[Document], max_chars: int) -> list[list[int]]:
        """Candidate sentences, best first: the select stage's scores plus `rank_weight` × the ranking head's
        scores standardized within the post."""
        found = [candidates(doc) for doc in docs]
        feats = [sentence_features(doc, idx, max_chars) if idx else None for doc, idx in zip(docs, found)]
        heads = self.editor.rank([make_rank_input(doc, idx, x, self.editor.vocab)
                                  for doc, idx, x in zip(docs, found, feats) if idx]) if self.config.rank_weight else []
        ranked, heads = [], iter(heads)
        for idx, x in zip(found, feats):
            if not idx:
                ranked.append([])
                continue
            score = self.select.score_features(x)
            if self.config.rank_weight:
                head = next(heads)
                score = score + self.config.rank_weight * (head - head.mean()) / (head.std() + 1e-9)
            ranked.append([idx[k] for k in np.argsort(-score, kind="stable")])
        return ranked

    def decide(self, docs: list[Document], ranked: list[list[int]]) -> list[dict]:
        items = [make_input(d, r, self.editor.vocab, self.config.top_sentences) for d, r in zip(docs, ranked)]
        decisions = self.editor(items)
        for d, it in zip(decisions, items):
            d["where"] = it.unit_where
        return decisions

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        ranked = self.rank(docs, max_chars)
        drafts = [compose(d, r, dec, self.config, max_chars, self.phrase_words)
                  for d, r, dec in zip(docs, ranked, self.decide(docs, ranked))]
        checked = split_documents([("", [t]) for t in drafts])
        results = []
        for doc, r, draft, parsed in zip(docs, ranked, drafts, checked):
            self.generated += 1
            stated = {f for s in parsed.sentences for f, t in s.tokens if t in FACT_TAGS}
            ok = (draft and not repeats_word(draft) and all(ends_properly(s) for s in parsed.sentences)
                  and (balanced(draft) or not balanced(doc.text))
                  and not unsupported_facts(stated, f"{doc.title} {doc.text}", doc.facts))
            if not ok:
                self.fallbacks += 1
                draft = fit(doc, r, max_chars, max_overlap=0.6)
            results.append(draft)
        return results
