"""Benchmark (not a test): `summarizer run` over N corpus posts, timed as a whole process per engine.

    python benchmarks/bench_run.py [--posts 500] [--engines lead,extractive,seq2seq] [--naive]

Each engine runs on a fresh copy of the first N posts of ../shared/corpus with excerpt and
feature_text removed. --naive also times a loop that summarizes one post at a time with
`model.generate` (same model, same select-stage input, same decoding settings), in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "corpus" / "koreanews-posts.tar.gz"
NAIVE = """
import sys, time, torch
from pathlib import Path
from summarizer import postfile
from summarizer.engines.seq2seq import INPUT_CHARS, Seq2SeqEngine, encode
from summarizer.kiwi import split_documents
from summarizer.pipeline import discover, source_of
engine = Seq2SeqEngine(sys.argv[2])
for path in discover([Path(sys.argv[1])]):
    try:
        post = postfile.read(path)
    except postfile.PostError:
        continue
    (doc,) = split_documents([source_of(post)])
    ids, mask = encode(engine.tokenizer, [engine.select.source(doc, INPUT_CHARS)], engine.max_source_tokens)
    with torch.inference_mode():
        engine.model.generate(input_ids=ids, attention_mask=mask, source_ids=ids, num_beams=engine.num_beams,
                              num_return_sequences=engine.n_best, max_new_tokens=engine.max_new_tokens,
                              no_repeat_ngram_size=3, repetition_penalty=1.2)
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    last = (proc.stderr.strip().splitlines() or [""])[-1]
    return seconds, f"exit {proc.returncode}: {last}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--engines", default="lead,extractive")
    parser.add_argument("--naive", action="store_true", help="also time the one-post-at-a-time seq2seq loop")
    parser.add_argument("--model", default=str(ROOT / "models" / "koreanews-small"))
    args = parser.parse_args()
    if not ARCHIVE.exists():
        sys.exit(f"{ARCHIVE} not found")
    from summarizer.corpus import strip_copy

    exe = str(Path(sys.executable).parent / "summarizer")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.unpack_archive(ARCHIVE, tmp)
        src = Path(tmp) / "_posts"
        print(f"{args.posts} corpus posts, summaries removed; whole process timed (start-up included)")
        for name in args.engines.split(","):
            site = Path(tmp) / f"site-{name}"
            strip_copy(src, site, limit=args.posts)
            seconds, summary = timed([exe, "run", str(site), "--engine", name, "--model", args.model, "--quiet"])
            print(f"{name:>12}: {seconds:6.1f} s  {args.posts / seconds:6.1f} posts/s   ({summary})")
        if args.naive:
            site = Path(tmp) / "site-naive"
            strip_copy(src, site, limit=args.posts)
            seconds, summary = timed([sys.executable, "-c", NAIVE, str(site), args.model])
            print(f"{'naive loop':>12}: {seconds:6.1f} s  {args.posts / seconds:6.1f} posts/s   ({summary})")


if __name__ == "__main__":
    main()
