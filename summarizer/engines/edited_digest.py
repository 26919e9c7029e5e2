"""The condense engine's edited digest (`EditedDigest`, part of `CondenseEngine`): the sentences ranked, the
editor's decisions, the excerpt composed from them (`compose`), the checks it must pass (`failed_check`) and the
fallback.

The condense stage edits rather than generates (see `summarizer.text.editing`). Every excerpt is in one register,
decided once per post (`summarizer.text.voice`): in the learned voice (a post of a category the model knows) it
deletes the units the site's excerpts drop and re-realizes every ending in the style the editor predicts with
`Kiwi.join`; in the article's voice (any other post: a site or category the model never saw) the general
ranker (`engines.ranker`) picks the sentence that says what the post is about, and only sentences almost as
good join it, whole and in the article's register, with no learned edit or ranking head (only an opening
conjunction such as "하지만" is dropped). A sentence that cannot take the register is skipped. Nothing is added
that is not the article's own: no closing phrase. The excerpt follows the length of the site's own excerpts
within `max_chars`. An output that states a number or proper noun the
article lacks, repeats a word, mixes registers, or has a sentence without a proper ending falls back to
unedited whole sentences of one register, taken in the engine's ranking order.
"""

from __future__ import annotations

import numpy as np

from summarizer.editor.inputs import make_input, make_rank_input
from summarizer.editor.modeling_numpy import EditorOutput
from summarizer.engines.base import candidates, pack
from summarizer.text.editing import balanced, edit, realized_ending, repeats_word, shortest_edit, units
from summarizer.text.endings import (
    STYLE_REGISTER,
    STYLES,
    article_register,
    clashes,
    ends_properly,
    fits_register,
    register_of,
)
from summarizer.text.features import sentence_features
from summarizer.text.kiwi import FACT_TAGS, Document, split_documents, unsupported_facts
from summarizer.text.packing import PACKING
from summarizer.text.sentence_kinds import announces, leans_back, never_summary
from summarizer.text.voice import site_habits


def choose_style(probs: np.ndarray, config) -> str | None:
    """The ending style: the editor's probabilities divided by the training mix ** `style_calibration` (so a
    style common in training does not win every post), or None (keep the article's) below the threshold."""
    prior = np.maximum(np.asarray(config.style_prior, dtype=float), 0.01)  # a style never seen in training
    p = np.asarray(probs) / prior**config.style_calibration
    p = p / p.sum()
    best = int(np.argmax(p))
    return STYLES[best] if p[best] >= config.style_threshold else None


def plan_voice(doc: Document, decision: EditorOutput, config, voice: str) -> tuple[str | None, str | None, bool]:
    """(ending style, register every sentence must fit, whether the site's habits apply) for one post."""
    habits = site_habits(voice, doc.categories, config.categories, config.voices)
    if voice in STYLES:
        style = voice
    elif habits:
        style = choose_style(decision.style, config)
        site = next((config.category_registers[c] for c in doc.categories if c in config.category_registers), None)
        if site and STYLE_REGISTER.get(style or "") not in (None, site):
            style = site  # the site writes this kind of post in one register (its promotions: polite)
    else:
        style = None
    register = STYLE_REGISTER.get(style or "")
    return style, register or article_register([s.tokens for s in doc.sentences]), habits


def dangling_openers(s) -> set[int]:
    """The sentence's opening conjunction ("하지만", "따라서", "또한"): out of its paragraph it refers to nothing."""
    if not any(tag == "MAJ" for _, tag in s.tokens):
        return set()  # no conjunction at all: its units are not needed
    return {j for j, u in enumerate(units(s)) if u.kind == "opener" and s.tokens[u.tokens[0]][1] == "MAJ"}


def compose(
    doc: Document,
    ranked: list[int],
    decision: EditorOutput,
    config,
    max_chars: int,
    voice: str = "learned",
) -> str:
    """The edited excerpt for one post from the editor's decisions ('' when no sentence fits). `ranked` is the
    engine's ranking (`CondenseEngine.rank`), which already leaves out sentences that are never a summary.

    Every sentence is realized in one register (`plan_voice`); a sentence whose ending cannot be re-realized
    in it is skipped. Nothing but the article's own sentences: a closing phrase the site's excerpts repeat
    ("…확인해보세요!") says nothing of the post, and is never added (the editor still learns where a site
    closes with one; `summarizer train` reports it)."""
    style, register, learned = plan_voice(doc, decision, config, voice)
    drops: dict[int, set[int]] = {}
    clauses: dict[int, list[tuple[float, int]]] = {}
    for (k, j, kind), p in zip(decision.where, decision.keep if learned else ()):  # the site's edits
        if p < config.keep_threshold and kind in config.drop_kinds:
            drops.setdefault(k, set()).add(j)
        if kind == "clause" and kind in config.cut_kinds:
            clauses.setdefault(k, []).append((float(p), j))
    budget = min(config.target_chars, max_chars)
    chosen, seen, used = [], [], -1
    for k in ranked:  # the editor decided on the top `top_sentences`; the rest may still fill the room
        s = doc.sentences[k]
        content = set(s.content)
        if (
            (learned and config.drop_announcements and announces(s))
            or content
            and any(len(content & w) / len(content) > config.max_overlap for w in seen)
        ):
            continue
        room = (budget if chosen else max_chars) - used - 1
        dropped = set(drops.get(k, set())) if learned else dangling_openers(s)
        if not dropped and k not in clauses and shortest_edit(s) > room:
            continue  # too long however it is re-ended (nothing of it is cut): skipped before it is edited
        ending = realized_ending(s, style)
        if not fits_register(register_of(ending[2] if ending else s.tokens), register):
            continue  # its ending cannot be realized in the excerpt's register
        text = edit(s, dropped, style)
        for _, j in sorted(clauses.get(k, [])) if len(text) > room else []:
            dropped.add(j)  # too long for the room left: coordinate clauses go, the least likely kept first
            text = edit(s, dropped, style)
            if len(text) <= room:
                break
        if len(text) > room or leans_back(text) and k - 1 not in {i for i, _ in chosen}:
            continue  # too long, or it points back at a sentence the excerpt does not have
        chosen.append((k, text))
        seen.append(content)
        used += 1 + len(text)
    if not chosen:
        return ""
    return " ".join(text for _, text in sorted(chosen))


def failed_check(doc: Document, draft: str, parsed: Document, stated: set) -> str | None:
    """The first check the edited excerpt `draft` (analysed: `parsed`; its facts: `stated`) fails, said in
    words, or None when it passes them all."""
    if not draft:
        return "no edited sentence fitted"
    if repeats_word(draft):
        return "a word came twice in a row"
    if not all(ends_properly(s) for s in parsed.sentences):
        return "a sentence lost its ending"
    if clashes([register_of(s.tokens) for s in parsed.sentences]):
        return "plain and polite endings were mixed"
    if not balanced(draft) and balanced(doc.text):
        return "a bracket or quote was left open"
    if unsupported_facts(stated, f"{doc.title} {doc.text}", doc.facts):
        return "a number or name the article lacks"
    return None


class EditedDigest:
    """The condense engine's edited digest, a base class of `CondenseEngine`: its methods use the engine's editor,
    config, select stage, general ranker, voice, stats and `habits`."""

    def rank(self, docs: list[Document], max_chars: int) -> list[list[int]]:
        """Candidate sentences, best first. On a post in the site's voice (a category the model learned): the
        select stage's scores plus `rank_weight` × the ranking head's scores standardized within the post. On a
        post in the article's voice (a site or category the model never saw, see `summarizer.text.voice`): the
        general ranker's order (`engines.ranker`), of which the excerpt takes only its shortlist (`shortlist`)."""
        found = [[i for i in candidates(doc) if not never_summary(doc.sentences[i])] for doc in docs]
        habits = [self.habits(doc) for doc in docs]
        feats = [
            sentence_features(doc, idx, max_chars) if idx and h else None for doc, idx, h in zip(docs, found, habits)
        ]
        use = [bool(idx) and bool(self.config.rank_weight) and h for idx, h in zip(found, habits)]
        heads = (
            self.editor.rank(
                [
                    make_rank_input(doc, idx, x, self.editor.vocab)
                    for doc, idx, x, u in zip(docs, found, feats, use)
                    if u
                ]
            )
            if any(use)
            else []
        )
        ranked, heads = [], iter(heads)
        for doc, idx, x, u, h in zip(docs, found, feats, use, habits):
            if not idx:
                ranked.append([])
                continue
            if not h:
                ranked.append(self.general.order(doc, idx, max_chars))
                continue
            score = self.select.score_features(x)
            if u:
                head = next(heads)
                score = score + self.config.rank_weight * (head - head.mean()) / (head.std() + 1e-9)
            ranked.append([idx[k] for k in np.argsort(-score, kind="stable")])
        return ranked

    def shortlist(self, doc: Document, ranked: list[int], max_chars: int) -> list[int]:
        """What an excerpt may take of `ranked`: all of it in the site's voice; in the article's voice, the general
        ranker's best sentence and those almost as good (the rest is left to the fallback)."""
        if not ranked or self.habits(doc):
            return ranked
        return self.general.shortlist(doc, ranked, max_chars)

    def decide(self, docs: list[Document], ranked: list[list[int]]) -> list[EditorOutput]:
        items = [make_input(d, r, self.editor.vocab, self.config.top_sentences) for d, r in zip(docs, ranked)]
        decisions = self.editor(items)
        for d, it in zip(decisions, items):
            d.where = it.unit_where
        return decisions

    def digests(self, docs: list[Document], max_chars: int) -> list[str]:
        """The edited excerpts: ranked sentences, the editor's decisions, composed and checked."""
        ranked = self.rank(docs, max_chars)
        decisions = self.decide(docs, ranked)
        self.reasons = []
        drafts = [
            compose(
                d,
                self.shortlist(d, r, max_chars),
                dec,
                self.config,
                max_chars,
                self.voice,
            )
            for d, r, dec in zip(docs, ranked, decisions)
        ]
        checked = split_documents([("", [t]) for t in drafts])
        results = []
        for doc, r, dec, draft, parsed in zip(docs, ranked, decisions, drafts, checked):
            self.stats.summarized += 1
            stated = {f for s in parsed.sentences for f, t in s.tokens if t in FACT_TAGS}
            why = failed_check(doc, draft, parsed, stated)
            if why:
                self.stats.fallbacks += 1
                draft = self.fallback(doc, r, dec, max_chars)
            self.reasons.append(why)
            results.append(draft)
        return results

    def fallback(self, doc: Document, ranked: list[int], decision: EditorOutput, max_chars: int) -> str:
        """Unedited whole sentences in the engine's ranking, all of one register: the post's, where its
        sentences have it, else the article's (their own endings: a forced style is not applied here)."""
        _, register, habits = plan_voice(doc, decision, self.config, self.voice)
        drop = habits and self.config.drop_announcements
        registers = list(dict.fromkeys([register, article_register([s.tokens for s in doc.sentences])]))
        for strict, wanted in [(True, r) for r in registers] + [(False, r) for r in registers]:
            usable = [
                i
                for i in ranked
                if fits_register(register_of(doc.sentences[i].tokens), wanted)
                and not (strict and (leans_back(doc.sentences[i].text) or drop and announces(doc.sentences[i])))
            ]
            text = pack(doc, usable, max_chars, max_overlap=PACKING.max_overlap)
            if text:
                return text  # a sentence that points back, or an announcement, only when nothing else fits
        return ""
