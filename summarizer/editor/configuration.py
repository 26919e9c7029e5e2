"""The editor's configuration: one class, `EditorConfig`, for the whole of `config.json`.

Its fields, their defaults and how the file is read and written are defined here only. The transformers
wrapper (`summarizer.editor.modeling_hf.KiwiEditorConfig`) takes its fields and defaults from this class, and
the trainer starts from these defaults. This module imports neither torch nor transformers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from summarizer.editor.modelfiles import CONFIG_FILE
from summarizer.text.packing import PACKING

_KINDS = {  # a field's type (as written, a string) -> its JSON kind
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "list[str]": [str],
    "list[float]": [float],
    "dict[str, int]": {str: int},
    "dict[str, str]": {str: str},
}
MODEL_TYPE = "kiwi-unit-editor"  # config.json's `model_type`, the name transformers' Auto classes know it by


@dataclass
class EditorConfig:
    model_type: str = MODEL_TYPE
    vocab_size: int = 20000
    dim: int = 64
    hidden: int = 64
    phrases: list[str] = field(default_factory=list)  # the closing-phrase vocabulary
    target_chars: int = 120  # length of the site's excerpts (median of the training targets)
    close_threshold: float = 0.5
    keep_threshold: float = 0.5
    style_threshold: float = 0.0  # re-end only when the style is this likely; else keep the article's ending
    style_prior: list[float] = field(default_factory=lambda: [1 / 3] * 3)  # of the training targets, per STYLES
    style_calibration: float = 0.0  # styles are chosen by p(style) / prior ** this (1: the training mix is undone)
    top_sentences: int = 6
    # a sentence whose content words mostly (> this) repeat a chosen one is skipped
    max_overlap: float = PACKING.max_overlap
    phrase_absent_max: int = 0  # a closing phrase may bring at most this many content morphemes the article lacks
    # unit kinds the editor may delete; not parentheticals (a blind reading found 6 of 40 such cuts broken: part
    # of a charge's name, a time zone, a particle that no longer fits)
    drop_kinds: list[str] = field(default_factory=lambda: ["opener"])
    rank_weight: float = 0.0  # weight of the ranking head's standardized scores added to the select stage's
    cut_kinds: list[str] = field(default_factory=list)  # unit kinds cut to fit the length (clause cuts broke 12 of 40)
    categories: dict[str, int] = field(default_factory=dict)  # training posts per category (voice `auto`)
    category_registers: dict[str, str] = field(default_factory=dict)  # a category's register where >= 90% agree
    drop_announcements: bool = True  # the site's excerpts never announce ("…을 알아보겠습니다"): drop those
    # the voice `auto` gives a post, per category ("" for the site), decided by `summarizer train` on the site's
    # latest posts ("learned" or "article"); empty: a category with MIN_CATEGORY_POSTS training posts is learned
    voices: dict[str, str] = field(default_factory=dict)

    @classmethod
    def names(cls) -> list[str]:
        """The keys of config.json this class owns (transformers adds its own, which are kept)."""
        return [f.name for f in fields(cls)]

    @classmethod
    def from_dict(cls, data: dict) -> EditorConfig:
        """The configuration in `data` (a config.json's keys; keys of other owners ignored)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    @classmethod
    def kinds(cls) -> dict[str, object]:
        """The JSON kind of each key (`summarizer.engines.locate.kind_problem`), from the fields' types."""
        return {f.name: _KINDS[f.type] for f in fields(cls)}

    def to_dict(self) -> dict:
        return asdict(self)

    def save(self, folder: Path) -> None:
        """Update config.json (keys written by transformers' save_pretrained are kept)."""
        path = folder / CONFIG_FILE
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        path.write_text(
            json.dumps({**data, **self.to_dict()}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, folder: Path) -> EditorConfig:
        return cls.from_dict(json.loads((Path(folder) / CONFIG_FILE).read_text(encoding="utf-8")))
