"""The training record (training.json): what `summarizer train` did, typed, with load and save.

Written by the trainer; read by the model card, by `--select-only` (the kept editor's record) and by the engine
registry (the default engine is chosen on its validation scores). A light module: reading a record imports
nothing of the trainer. Keys a class does not know (an older or hand-edited record) are kept in `extra` and
written back after the known ones.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from summarizer.editor.modelfiles import TRAINING_FILE
from summarizer.posts.postfile import EXCERPT_FIELD
from summarizer.posts.unicode import json_text
from summarizer.text.packing import PACKING


def _list() -> Any:
    return dataclasses.field(default_factory=list)


def _dict() -> Any:
    return dataclasses.field(default_factory=dict)


@dataclass
class Record:
    """A JSON object: its known keys are the fields (in order); `NESTED` names the fields that are records."""

    NESTED: ClassVar[dict[str, type[Record]]] = {}
    NESTED_LISTS: ClassVar[dict[str, type[Record]]] = {}
    RENAMED: ClassVar[dict[str, str]] = {}  # a key of older records -> its field now
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, kw_only=True)  # keys this class does not know

    @classmethod
    def from_dict(cls, data: dict):
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        known = [f.name for f in fields(cls) if f.name != "extra"]
        data = {cls.RENAMED.get(k, k): v for k, v in data.items()}
        values: dict[str, Any] = {}
        for name in known:
            if name not in data:
                continue
            value = data[name]
            if name in cls.NESTED:
                value = cls.NESTED[name].from_dict(value)
            elif name in cls.NESTED_LISTS:
                value = [cls.NESTED_LISTS[name].from_dict(item) for item in value]
            values[name] = value
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})

    def to_dict(self) -> dict:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Record):
                value = value.to_dict()
            elif f.name in self.NESTED_LISTS:
                value = [item.to_dict() for item in value]
            out[f.name] = value
        return {**out, **self.extra}


@dataclass
class Trial(Record):
    """One combination of settings tried on the development parts, and its scores."""

    position_prior: float = 0.0
    rank_weight: float = 0.0
    target_chars: int = 0
    close_threshold: float = 0.0
    max_overlap: float = PACKING.max_overlap
    style_calibration: float = 0.0
    rouge_sum: float = 0.0  # mean over the parts of R-1 + R-2 + R-L
    register_match: float = 0.0  # % of excerpts whose register is their reference's
    register_clash: float = 0.0  # % of excerpts mixing two registers
    objective: float = 0.0


@dataclass
class Choice(Record):
    """The settings chosen on the development parts, and every trial."""

    NESTED = {"chosen": Trial}
    NESTED_LISTS = {"tried": Trial}
    chosen: Trial = dataclasses.field(default_factory=Trial)
    tried: list[Trial] = _list()


@dataclass
class CondenseFit(Record):
    """What the condense stage's fit reports."""

    epochs: int = 0
    seconds: float = 0.0
    posts: int = 0
    phrases: list[str] = _list()  # the closing-phrase vocabulary
    target_chars: int = 0
    categories: dict[str, int] = _dict()  # training posts per category
    drop_announcements: bool = True


@dataclass
class PostCounts(Record):
    train: int = 0
    dev: int = 0  # the development categories
    dev_date: int = 0  # (older records) the latest training-period posts, to choose settings; now 0: see `date`
    final: int = 0  # the final fit on every post (0: none)
    date: int = 0  # validation: the latest posts
    held_out: int = 0  # validation: the held-out categories
    RENAMED = {"topic": "held_out"}  # before 0.3.1


@dataclass
class Check(Record):
    """One learned part, tried on a group of the latest posts against what it replaces."""

    part: str = ""  # voice, digest, topic, purpose, items
    group: str = ""  # category ("" for the site)
    posts: int = 0
    lead: float = 0.0  # lead's R-1 on these posts (at the site's length)
    without: float = 0.0  # R-1 without the part (the untrained behaviour at this step)
    learned: float = 0.0  # R-1 with the part
    covered: int = 0  # posts the part changes (a statement: posts that get one)
    error: float = 0.0  # the standard error of the mean per-post gain (learned − without)
    on: bool = False
    why: str = ""


@dataclass
class GroupResult(Record):
    group: str = ""
    posts: int = 0
    lead: float = 0.0
    final: float = 0.0
    voice: str = "article"
    rest: str = "lead"
    use: str = "digest"
    own: bool = False  # the category decided for itself (else it takes the site's decision)
    lists: float = 0.0  # share of its latest summaries that list items


@dataclass
class Decisions(Record):
    """What `summarizer train` decided on the site's latest posts, and the figures it decided on."""

    NESTED_LISTS = {"checks": Check, "groups": GroupResult}
    posts: int = 0
    dates: list[str] = _list()
    lengths: list[int] = _list()  # --max-chars tried (the first is the site's length)
    lead: list[float] = _list()  # per length
    final: list[float] = _list()  # per length
    untrained: list[float] = _list()  # the untrained default engine, per length
    untrained_engine: str = ""
    use: dict[str, str] = _dict()
    rest: dict[str, str] = _dict()
    voices: dict[str, str] = _dict()
    checks: list[Check] = _list()
    groups: list[GroupResult] = _list()
    few: bool = False  # decided on so few posts that the figures are rough


@dataclass
class TrainingRecord(Record):
    NESTED = {"condense": CondenseFit, "posts": PostCounts, "settings": Choice, "decisions": Decisions}
    RENAMED = {"dev_topic": "dev_categories", "scores_topic": "scores_held_out"}  # before 0.3.1
    paths: list[str] = _list()
    source: str = ""  # where the posts come from (the card's data section)
    command: str = ""  # the command that trained the editor
    select_command: str | None = None  # the `--select-only` command that retrained the select stage, if any
    field: str = EXCERPT_FIELD  # the front-matter field the summaries were read from
    holdout: list[str] = _list()  # categories never trained on (validation by category)
    dev_categories: list[str] = _list()  # categories kept out of training to choose settings
    minutes: float = 0.0
    condense: CondenseFit = dataclasses.field(default_factory=CondenseFit)
    options: dict[str, Any] = _dict()  # the trainer's options (training.condense.CondenseOptions)
    base: str | None = None  # the editor training started from, if any
    filtered: dict[str, int] = _dict()  # posts per reference filter (training.data.FILTERS; `kept`)
    posts: PostCounts = dataclasses.field(default_factory=PostCounts)
    val_dates: list[str] = _list()  # first and last date of the latest posts
    dev_dates: list[str] = _list()  # (older records) of the latest training-period posts
    settings: Choice = dataclasses.field(default_factory=Choice)
    scores: list[dict] = _list()  # one row per engine (scores.ScoreRow) on the latest posts
    scores_held_out: list[dict] = _list()  # ... on the held-out categories
    decisions: Decisions = dataclasses.field(default_factory=Decisions)  # made on the latest posts

    def to_dict(self) -> dict:
        data = super().to_dict()
        if not self.decisions.posts:
            del data["decisions"]  # a record from before the decisions (the shipped one) is written as it was
        return data

    @classmethod
    def load(cls, folder: str | Path) -> TrainingRecord:
        """The record in `folder`; OSError when there is none, ValueError when it is not a record."""
        return cls.from_dict(json.loads((Path(folder) / TRAINING_FILE).read_text(encoding="utf-8")))

    def save(self, folder: str | Path) -> None:
        path = Path(folder) / TRAINING_FILE
        temp = path.with_name(f".{path.name}.tmp")
        # json_text: a folder or command named with bytes that are not UTF-8 is written as its escapes, read back
        temp.write_text(json_text(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        os.replace(temp, path)
