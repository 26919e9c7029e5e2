"""Benchmark (not a test): `summarizer run` over N corpus posts, timed as a whole process per engine.

    python benchmarks/bench_run.py [--posts 500] [--engines lead,select,seq2seq]

Each engine runs on a fresh copy of the first N posts of ../shared/corpus with excerpt and
feature_text removed, side by side in the same run.
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
    parser.add_argument("--model", default=str(ROOT / "models" / "koreanews-small"))
    args = parser.parse_args()
    if not ARCHIVE.exists():
        sys.exit(f"{ARCHIVE} not found")
    from summarizer.posts.corpus import strip_copy

    exe = str(Path(sys.executable).parent / "summarizer")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.unpack_archive(ARCHIVE, tmp)
        src = Path(tmp) / "_posts"
        print(f"{args.posts} corpus posts, summaries removed; whole process timed (start-up included)")
        for name in args.engines.split(","):
            site = Path(tmp) / f"site-{name}"
            strip_copy(src, site, limit=args.posts)
            model = ["--model", args.model] if name in ("select", "seq2seq") else []
            seconds, summary = timed([exe, "run", str(site), "--engine", name, *model, "--quiet"])
            print(f"{name:>12}: {seconds:6.1f} s  {args.posts / seconds:6.1f} posts/s   ({summary})")


if __name__ == "__main__":
    main()
