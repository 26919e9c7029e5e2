"""Seq2seq engine: the select stage picks the input, a seq2seq model condenses it, a guard checks facts.

Works with the shipped Kiwi-tokenized pointer BART and with any Hugging Face seq2seq checkpoint
(a local directory, or a hub id for a user who is online). Generation is batched with inputs
sorted by length; each post's n-best list is trimmed to whole sentences within the limit and
reranked; a candidate that states a number or proper noun the article lacks is rejected, and
when none passes the post gets the select stage's excerpt (counted in `fallbacks`).
"""

from __future__ import annotations

from pathlib import Path

from ..kiwi import FACT_TAGS, Document, split_documents, unsupported_facts
from .base import candidates, fit
from .select import SelectEngine

INPUT_CHARS = 400


def load(model: str, device: str = "cpu"):
    import kiwipiepy.transformers_addon  # noqa: F401  (registers KiwiTokenizer with AutoTokenizer)
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from .. import pointer_bart  # noqa: F401  (registers the copy-head BART with the Auto classes)

    torch.set_num_threads(max(torch.get_num_threads(), 1))
    tokenizer = AutoTokenizer.from_pretrained(model)
    net = AutoModelForSeq2SeqLM.from_pretrained(model).to(device).eval()
    return tokenizer, net


def encode(tokenizer, texts: list[str], max_length: int):
    """Token ids with EOS appended (KiwiTokenizer adds none), padded to the longest."""
    import torch

    rows = tokenizer(texts, add_special_tokens=True, truncation=True, max_length=max_length - 1,
                     return_token_type_ids=False)["input_ids"]
    eos = tokenizer.eos_token_id
    rows = [r if r and r[-1] == eos else r + [eos] for r in rows]
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), tokenizer.pad_token_id, dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
    return ids, (ids != tokenizer.pad_token_id).long()


def no_repeat_ngrams(n: int):
    """A vectorized no-repeat-n-gram rule (transformers' own loops in Python for every hypothesis)."""
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    class NoRepeatNGram(LogitsProcessor):
        def __call__(self, input_ids, scores):
            length = input_ids.size(1)
            if n < 2 or length < n:
                return scores
            prefix = input_ids[:, length - n + 1 :]  # the last n-1 tokens
            windows = input_ids.unfold(1, n - 1, 1)[:, : length - n + 1]  # every earlier (n-1)-gram
            hits = (windows == prefix.unsqueeze(1)).all(-1)  # (batch, positions)
            banned = input_ids[:, n - 1 :]  # the token that followed each of them
            counts = torch.zeros(scores.shape, dtype=torch.long, device=scores.device)
            counts.scatter_add_(1, banned, hits.long())
            return scores.masked_fill(counts > 0, float("-inf"))

    return LogitsProcessorList([NoRepeatNGram()] if n else [])


class Seq2SeqEngine:
    name = "seq2seq"

    def __init__(self, model: str, batch_size: int = 64, num_beams: int = 2, n_best: int = 2,
                 max_source_tokens: int = 192, max_new_tokens: int = 80, no_repeat: int = 3) -> None:
        self.tokenizer, self.model = load(model)
        self.select = SelectEngine(model if Path(model).is_dir() else None)
        self.batch_size, self.num_beams, self.n_best = batch_size, num_beams, min(n_best, num_beams)
        self.max_source_tokens, self.max_new_tokens, self.no_repeat = max_source_tokens, max_new_tokens, no_repeat
        self.fallbacks = 0
        self.generated = 0

    def generate(self, sources: list[str]) -> list[list[str]]:
        """n-best texts per source, batched by length."""
        import torch

        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        out: list[list[str]] = [[] for _ in sources]
        pointer = getattr(self.model.config, "model_type", "") == "kiwi-pointer-bart"
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            ids, mask = encode(self.tokenizer, [sources[i] for i in chunk], self.max_source_tokens)
            extra = {"source_ids": ids} if pointer else {}
            with torch.inference_mode():
                gen = self.model.generate(input_ids=ids, attention_mask=mask, num_beams=self.num_beams,
                                          num_return_sequences=self.n_best, max_new_tokens=self.max_new_tokens,
                                          logits_processor=no_repeat_ngrams(self.no_repeat),
                                          repetition_penalty=1.2, **extra)
            texts = self.tokenizer.batch_decode(gen, skip_special_tokens=True)
            for k, i in enumerate(chunk):
                out[i] = [" ".join(t.split()) for t in texts[k * self.n_best : (k + 1) * self.n_best]]
        return out

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        ranked = [self.select.rank(doc) for doc in docs]
        fallback = [fit(doc, r, max_chars, max_overlap=0.6) for doc, r in zip(docs, ranked)]
        sources = [self.select.source(doc, INPUT_CHARS, r) for doc, r in zip(docs, ranked)]
        nbest = self.generate(sources) if docs else []
        flat = [c for cands in nbest for c in cands]
        cand_docs = split_documents([("", [c]) for c in flat])
        results, k = [], 0
        for doc, cands, backup in zip(docs, nbest, fallback):
            article = f"{doc.title} {doc.text}"
            known = doc.facts
            chosen = ""
            for cand in cand_docs[k : k + len(cands)]:  # beam order: the model's best first
                trimmed = fit(cand, candidates(cand), max_chars)
                stated = {f for s in cand.sentences if s.text in trimmed for f, t in s.tokens if t in FACT_TAGS}
                if trimmed and not unsupported_facts(stated, article, known):
                    chosen = trimmed
                    break
            k += len(cands)
            self.generated += 1
            if not chosen:
                self.fallbacks += 1
                chosen = backup
            results.append(chosen)
        return results
