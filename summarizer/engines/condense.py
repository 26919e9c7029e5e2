"""Condense engine: the select stage ranks sentences, a learned editor condenses them, checks guard the output.

The design calls this stage `seq2seq` (article in, summary out), and `--engine seq2seq` still selects it (an
alias: identical files); it selects and edits sentences and is not a sequence-to-sequence model.

The engine gives each post a statement where the trained site writes one, else what the site's posts get without
one: the lead's or the untrained default engine's excerpt, or the edited digest (`summarizer.engines.edited_digest`:
an excerpt that fails a check falls back to unedited whole sentences; `stats_line()` counts those). Its model
folder's own files are checked in `summarizer.engines.condense_files`.
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.modelfiles import (
    CONDENSE_FILES,
    CONFIG_FILE,
    FRAMES_FILE,
    SALIENCE_FILE,
    VOCAB_FILE,
    WEIGHTS_FILE,
)
from summarizer.editor.modeling_numpy import NumpyEditor
from summarizer.engines.base import Engine, EngineStats
from summarizer.engines.condense_files import _frames_problem, _vocab_problem, _weights_problem
from summarizer.engines.edited_digest import EditedDigest
from summarizer.engines.lead import LeadEngine
from summarizer.engines.locate import json_problem
from summarizer.engines.ranker import GeneralRanker
from summarizer.engines.select import SelectEngine, salience_problem
from summarizer.text.digest import digest_of
from summarizer.text.endings import STYLES, article_register
from summarizer.text.frames import RESTS, FrameModel
from summarizer.text.kiwi import Document
from summarizer.text.purpose import purpose_statement
from summarizer.text.voice import DEFAULT_VOICE, VOICES, site_habits


class CondenseEngine(EditedDigest, Engine):
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
