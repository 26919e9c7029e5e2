"""Peer engine: sumy's TextRank (an established extractive summarizer from PyPI) fed Kiwi content words.

Used to compare our engines with a known baseline (`summarizer eval --engines ...,peer`). Sentences
come from the same Kiwi split and the excerpt is packed by the same whole-sentence rule, so only
the ranking differs.
"""

from __future__ import annotations

from summarizer.engines.base import Engine, candidates, pack
from summarizer.text.kiwi import Document


class _KiwiWords:
    """sumy tokenizer interface over precomputed Kiwi content words."""

    def __init__(self, words: dict[str, list[str]]) -> None:
        self.words = words

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return self.words.get(sentence, [])


class PeerEngine(Engine):
    name = "peer"
    requires = ("sumy",)

    def __init__(self) -> None:
        super().__init__()
        try:
            from sumy.summarizers.text_rank import TextRankSummarizer
        except ImportError as exc:
            raise ImportError("the peer engine needs sumy: pip install sumy") from exc
        self.summarizer = TextRankSummarizer()

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        out = []
        for doc in docs:
            indices = candidates(doc)
            tokenizer = _KiwiWords({doc.sentences[i].text: doc.sentences[i].content for i in indices})
            sentences = [Sentence(doc.sentences[i].text, tokenizer) for i in indices]
            if not sentences:
                out.append("")
                continue
            ratings = self.summarizer.rate_sentences(ObjectDocumentModel([Paragraph(sentences)]))
            ranked = sorted(range(len(indices)), key=lambda k: -ratings.get(sentences[k], 0.0))
            out.append(pack(doc, [indices[k] for k in ranked], max_chars))
        return out
