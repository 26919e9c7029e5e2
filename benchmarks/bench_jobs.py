"""Benchmark (not a test): `summarizer run` with --jobs 1 and the default --jobs, for lead and the default engine,
side by side in one run, each a whole process (start-up included) on a fresh copy of the same posts.

    python benchmarks/bench_jobs.py FOLDER [--repeat 3]

FOLDER: posts without summaries (e.g. the latest 534 corpus posts: summarizer.posts.corpus.strip_copy). Prints
each setting's best posts/s and the two ratios the project tracks: the default engine at the default --jobs
against its own --jobs 1, and against lead at the same --jobs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(exe: str, posts: Path, work: Path, args: list[str]) -> float:
    copy = work / "posts"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(posts, copy)
    start = time.perf_counter()
    subprocess.run([exe, "run", str(copy), "--quiet", *args], cwd=work, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "summarizer")
    n = len(list(args.folder.glob("*.md")))
    settings = {
        "lead, --jobs 1": ["--engine", "lead", "--jobs", "1"],
        "lead, default --jobs": ["--engine", "lead"],
        "default engine, --jobs 1": ["--jobs", "1"],
        "default engine, default --jobs": [],
    }
    best = {name: float("inf") for name in settings}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):  # interleaved: load on the machine falls on every setting alike
            for name, flags in settings.items():
                best[name] = min(best[name], timed(exe, args.folder, Path(tmp), flags))
    rate = {name: n / seconds for name, seconds in best.items()}
    for name in settings:
        print(f"{name:>32}: {best[name]:6.2f} s  {rate[name]:6.1f} posts/s")
    default, alone = rate["default engine, default --jobs"], rate["default engine, --jobs 1"]
    print(f"default engine, default --jobs vs its --jobs 1: {default / alone:.2f}x")
    print(f"default engine vs lead, default --jobs: {default / rate['lead, default --jobs']:.2f}")


if __name__ == "__main__":
    main()
