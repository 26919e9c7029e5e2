"""Benchmark (not a test): the pre-commit hook on one new post, timed as a whole process.

    python benchmarks/bench_hook.py [--engines extractive,seq2seq] [--repeat 3]

Times (1) the hook's command, `summarizer run --strict --quiet`, on one new post, and (2) the whole
`pre-commit run` in a fresh git repository with the hook as a `repo: local` / `language: system`
hook. Reports the best of --repeat runs (each run starts with the post unsummarized).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
POST = ROOT / "examples" / "posts" / "2024-07-02-library-night.md"


def best_of(repeat: int, prepare, cmd, cwd, env) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="lead,default,seq2seq", help="'default': no --engine flag")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "summarizer")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        (site / "_posts").mkdir(parents=True)
        env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(Path(tmp) / "cache"),
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@example.com",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@example.com",
        }
        subprocess.run(["git", "init", "-q"], cwd=site, check=True)
        post = site / "_posts" / POST.name

        def prepare():
            shutil.copyfile(POST, post)
            subprocess.run(["git", "add", "-A"], cwd=site, env=env, check=True)

        for engine in args.engines.split(","):
            hook = dict(hooks[0], language="system")
            hook["entry"] = hook["entry"].replace("summarizer", exe, 1) + (
                "" if engine == "default" else f" --engine {engine}"
            )
            (site / ".pre-commit-config.yaml").write_text(
                yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}), encoding="utf-8"
            )
            cmd = hook["entry"].split() + [str(post)]
            alone = best_of(args.repeat, prepare, cmd, site, env)
            whole = best_of(args.repeat, prepare, [sys.executable, "-m", "pre_commit", "run"], site, env)
            print(f"{engine:>10}: hook command {alone:5.2f} s; whole `pre-commit run` {whole:5.2f} s")


if __name__ == "__main__":
    main()
