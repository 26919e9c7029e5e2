"""Condense engine: the select stage ranks sentences, a learned editor condenses them, checks guard the output.

The design calls this stage `seq2seq` (article in, summary out), and `--engine seq2seq` still selects it (an
alias: identical files); it selects and edits sentences and is not a sequence-to-sequence model.

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
unedited whole sentences of one register, taken in the engine's ranking order; `stats_line()` counts those.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.inputs import make_input, make_rank_input
from summarizer.editor.modelfiles import (
    CONDENSE_FILES,
    CONFIG_FILE,
    FRAMES_FILE,
    SALIENCE_FILE,
    VOCAB_FILE,
    WEIGHTS_FILE,
)
from summarizer.editor.modeling_numpy import NumpyEditor
from summarizer.engines.base import Engine, EngineStats, candidates, pack
from summarizer.engines.lead import LeadEngine
from summarizer.engines.locate import json_problem, kind_problem, read_json
from summarizer.engines.ranker import GeneralRanker
from summarizer.engines.select import SelectEngine, salience_problem
from summarizer.text.digest import digest_of
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
from summarizer.text.frames import RESTS, FrameModel
from summarizer.text.kiwi import FACT_TAGS, Document, split_documents, unsupported_facts
from summarizer.text.packing import PACKING
from summarizer.text.purpose import purpose_statement
from summarizer.text.sentence_kinds import announces, leans_back, never_summary
from summarizer.text.voice import DEFAULT_VOICE, VOICES, site_habits


def choose_style(probs: np.ndarray, config) -> str | None:
    """The ending style: the editor's probabilities divided by the training mix ** `style_calibration` (so a
    style common in training does not win every post), or None (keep the article's) below the threshold."""
    prior = np.maximum(np.asarray(config.style_prior, dtype=float), 0.01)  # a style never seen in training
    p = np.asarray(probs) / prior**config.style_calibration
    p = p / p.sum()
    best = int(np.argmax(p))
    return STYLES[best] if p[best] >= config.style_threshold else None


def plan_voice(doc: Document, decision: dict, config, voice: str) -> tuple[str | None, str | None, bool]:
    """(ending style, register every sentence must fit, whether the site's habits apply) for one post."""
    habits = site_habits(voice, doc.categories, config.categories, config.voices)
    if voice in STYLES:
        style = voice
    elif habits:
        style = choose_style(decision["style"], config)
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
    decision: dict,
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
    for (k, j, kind), p in zip(decision["where"], decision["keep"] if learned else ()):  # the site's edits
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


class CondenseEngine(Engine):
    name = "condense"
    model_files = CONDENSE_FILES
    model_part = "the condense stage"
    hub_patterns = ("*.json", "*.safetensors")  # its files, and the select stage's and the training record

    def __init__(self, model: str | Path) -> None:
        super().__init__()
        config = Path(model) / CONFIG_FILE
        kind = json.loads(config.read_text(encoding="utf-8")).get("model_type") if config.is_file() else None
        if kind != EditorConfig.model_type or not (Path(model) / VOCAB_FILE).is_file():
            raise ValueError(
                f"{model} is not a summarizer editing model (model_type {kind!r}; needs "
                f"{EditorConfig.model_type!r} and {VOCAB_FILE}); train one with `summarizer train`"
            )
        self.editor = NumpyEditor(model)
        self.config = self.editor.config
        self.select = SelectEngine(model)
        self.general = GeneralRanker.load()
        frames = Path(model) / FRAMES_FILE
        self.frames = FrameModel.from_json(json.loads(frames.read_text(encoding="utf-8"))) if frames.is_file() else None
        self.stats = EngineStats(fallbacks=0, statements=0)
        self.reasons: list[str | None] = []  # why each digest of the last `digests` call fell back (None: it did not)
        self._untrained: Engine | None = None  # the untrained default engine, where the site's posts get its
        self.voice = DEFAULT_VOICE  # see summarizer.text.voice

    def set_voice(self, voice: str) -> None:
        if voice not in VOICES:
            raise ValueError(f"unknown voice {voice!r}; choose from {', '.join(VOICES)}")
        self.voice = voice

    @classmethod
    def model_problem(cls, folder: Path) -> str | None:
        """Why `folder` is not a condense model, or None: every file it reads checked for the kind of each value
        (config.json's keys, vocab.json's ids, salience.json and frames.json where there are), and the weights'
        shapes against config.json, before any post is read."""
        problem = json_problem(folder / CONFIG_FILE, values=EditorConfig.kinds()) or _vocab_problem(folder)
        if not problem and (folder / SALIENCE_FILE).exists():
            problem = salience_problem(folder)
        if not problem and (folder / FRAMES_FILE).exists():
            problem = _frames_problem(folder / FRAMES_FILE)
        if problem:
            return cls.explain(problem)
        if not (folder / WEIGHTS_FILE).is_file():
            return f"has no {WEIGHTS_FILE} (the condense stage's weights)"
        return _weights_problem(folder)

    @classmethod
    def from_pretrained(cls, model: str | None = None, voice: str = DEFAULT_VOICE) -> CondenseEngine:
        engine = cls(model)
        engine.set_voice(voice)
        return engine

    @classmethod
    def describe(cls, stats: EngineStats) -> str:
        if not stats.summarized:
            return ""
        statements = f"; {stats.statements} topic statements" if stats.statements else ""
        if stats.purposes:
            statements += f" ({stats.purposes} of them the post's own, restated)"
        if stats.leads:
            statements += f"; {stats.leads} the lead's sentences (where the site's digest scored below them)"
        if stats.untrained:
            statements += f"; {stats.untrained} the untrained engine's (where the site's digest scored below it)"
        if not stats.fallbacks:
            return (
                f"{cls.name}: no fallback in {stats.summarized} post{'s' if stats.summarized != 1 else ''}{statements}"
            )
        share = 100 * stats.fallbacks / stats.summarized
        return (
            f"{cls.name}: {stats.fallbacks} of {stats.summarized} excerpts ({share:.1f}%) are the article's "
            f"sentences unedited, the fallback when an edit fails a check (-v names the posts){statements}"
        )

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

    def decide(self, docs: list[Document], ranked: list[list[int]]) -> list[dict]:
        items = [make_input(d, r, self.editor.vocab, self.config.top_sentences) for d, r in zip(docs, ranked)]
        decisions = self.editor(items)
        for d, it in zip(decisions, items):
            d["where"] = it.unit_where
        return decisions

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        """A statement where the trained site writes one (see `topic_statements`). Else what the site's posts get
        without one (`FrameModel.rest`): the lead's whole sentences or the untrained default engine's excerpt,
        where `summarizer train` found the site's digest below them on its latest posts; else, on a post in the
        article's voice (a site or category the model does not know, or whose learned voice training switched
        off), a list post's first headlines (`text.digest`), else the post's own sentence about what it does ("이번
        글에서는 … 소개하려고 합니다"), restated in the article's register (`text.purpose`), where it has one that
        fits; else the digest of its sentences."""
        statements = self.topic_statements(docs, max_chars)
        rests = [
            self.frames.rest_kind(doc.categories) if self.frames and self.voice in ("auto", "learned") else "digest"
            for doc in docs
        ]
        for n, doc in enumerate(docs):
            if statements[n] or rests[n] != "digest" or self.habits(doc):
                continue
            if doc.items:
                statements[n] = digest_of(doc.items, max_chars)
            else:  # the post's own sentence about what it does, restated in the article's register
                style = self.voice if self.voice in STYLES else article_register([s.tokens for s in doc.sentences])
                statements[n] = purpose_statement(doc, style, max_chars) if style else ""
                self.stats.statements += bool(statements[n])
                self.stats.purposes += bool(statements[n])
        todo = {kind: [d for d, r, s in zip(docs, rests, statements) if r == kind and not s] for kind in RESTS}
        made = {kind: iter(self.rest_of(kind, found, max_chars)) for kind, found in todo.items()}
        reasons = iter(self.reasons if todo["digest"] else [])
        self.stats.summarized += sum(map(bool, statements)) + len(todo["lead"]) + len(todo["untrained"])
        self.stats.leads += len(todo["lead"])
        self.stats.untrained += len(todo["untrained"])
        self.last_fallbacks = [
            next(reasons) if not statement and rest == "digest" else None for statement, rest in zip(statements, rests)
        ]
        return [statement or next(made[rest]) for statement, rest in zip(statements, rests)]

    def habits(self, doc: Document) -> bool:
        """Whether the site's learned habits apply to this post (`summarizer.text.voice.site_habits`)."""
        return site_habits(self.voice, doc.categories, self.config.categories, self.config.voices)

    def rest_of(self, kind: str, docs: list[Document], max_chars: int) -> list[str]:
        """The excerpts of one kind of frames.RESTS (the edited digest, the lead's sentences, the untrained
        default engine's excerpt) for `docs`."""
        if not docs:
            return []
        if kind == "lead":
            return LeadEngine().summarize(docs, max_chars)
        if kind == "untrained":
            if self._untrained is None:
                from summarizer import engines as registry

                self._untrained = registry.get_engine(registry.default_engine(), voice=self.voice)
            return self._untrained.summarize(docs, max_chars)
        return self.digests(docs, max_chars)

    def item_digests(self, docs: list[Document], max_chars: int) -> list[str]:
        """Each list post's own items (the headlines its menu of in-page links names: `text.digest`) listed
        within `max_chars`, for a site whose summaries list them (`summarizer train` decides where: kind
        "items"); "" for a post that has none."""
        return [digest_of(doc.items, max_chars) if doc.items else "" for doc in docs]

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

    def topic_statements(self, docs: list[Document], max_chars: int) -> list[str]:
        """Where the site summarizes posts like this one by saying what they are about (learned by `summarizer
        train`, see summarizer.text.frames): the post's own sentence about what it does, restated in the site's
        style (summarizer.text.purpose), where the site writes those and the post has one; else the title's topic in
        the site's frame; or, where the site lists a post's items, those (`item_digests`). Only under the site's
        voice (`auto` or `learned`; a category `summarizer train` saw rarely or never takes the site's decision),
        and only when it fits `max_chars`; "" for every other post (it gets a digest)."""
        if self.frames is None or self.voice not in ("auto", "learned"):
            return [""] * len(docs)
        kinds = [
            self.frames.kind(doc.categories) if self.frames.decided_on_latest or self.habits(doc) else "digest"
            for doc in docs
        ]
        return self.statements_of(docs, kinds, max_chars)

    def statements_of(self, docs: list[Document], kinds: list[str], max_chars: int) -> list[str]:
        """Each post's statement of its kind (one of frames.KINDS; "digest": none), or "" where it has none that
        fits `max_chars`."""
        purposes = [
            purpose_statement(doc, self.frames.style, max_chars) if kind == "purpose" else ""
            for doc, kind in zip(docs, kinds)
        ]
        listing = [kind == "items" for kind in kinds]
        items = iter(self.item_digests([d for d, i in zip(docs, listing) if i], max_chars) if any(listing) else [])
        wanted = [kind in ("topic", "purpose") and not purpose for kind, purpose in zip(kinds, purposes)]
        found = iter(
            self.frames.statements(
                [d.title for d, w in zip(docs, wanted) if w],
                [d.forms for d, w in zip(docs, wanted) if w],
                [d.categories for d, w in zip(docs, wanted) if w],
            )
        )
        out = []
        for want, purpose, lists in zip(wanted, purposes, listing):
            statement = next(found) if want else next(items) if lists else purpose
            out.append(statement if len(statement) <= max_chars else "")
        self.stats.statements += sum(map(bool, out))
        self.stats.purposes += sum(1 for p, o in zip(purposes, out) if p and p == o)
        return out

    def fallback(self, doc: Document, ranked: list[int], decision: dict, max_chars: int) -> str:
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
