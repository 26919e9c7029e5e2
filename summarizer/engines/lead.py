"""Lead engine: the first whole sentences of the body that fit the limit."""

from __future__ import annotations

from summarizer.engines.base import Engine, candidates, pack
from summarizer.text.kiwi import Document


class LeadEngine(Engine):
    name = "lead"

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        return [pack(doc, candidates(doc), max_chars) for doc in docs]
