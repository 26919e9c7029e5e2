"""A run over real corpus posts (../shared/corpus; skipped when absent), with their summaries removed; and
`summarizer.posts.corpus` on a small made-up folder (runs without the corpus).

The run takes every CORPUS_STRIDE-th post (default 20: 342 posts, 10 to 20 seconds on 2 cores) plus every post
whose front matter does not parse, so that it covers all of the corpus's bad input. The whole corpus takes over
two minutes here: `CORPUS_STRIDE=1 python -m pytest tests/test_corpus.py`."""

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.posts import postfile
from summarizer.posts.corpus import strip_copy
from summarizer.posts.walk import discover

STRIDE = int(os.environ.get("CORPUS_STRIDE", "20"))
SEED_SETTINGS = Path(__file__).parents[1] / "examples" / "posts" / "summarizer.toml"  # the seed site's two fields


def parses(path) -> bool:
    try:
        postfile.read(path)
    except postfile.PostError:
        return False
    return True


@pytest.mark.slow
def test_corpus_run_fills_every_parseable_post_and_touches_nothing_else(corpus_posts, tmp_path):
    every = discover([corpus_posts])
    assert len(every) == 6825
    chosen = tmp_path / "chosen"
    for i, path in enumerate(every):
        if i % STRIDE == 0 or not parses(path):
            (chosen / path.relative_to(corpus_posts)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, chosen / path.relative_to(corpus_posts))
    site = tmp_path / "_posts"
    paths = strip_copy(chosen, site)
    before = {p: p.read_bytes() for p in paths}
    run = ["run", str(site), "--engine", "extractive", "--config", str(SEED_SETTINGS), "--quiet"]
    first = CliRunner().invoke(app, run)
    assert first.exit_code == 0, first.stderr[-2000:]  # broken posts are reported, not fatal
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    failed = {line.split(": ")[1] for line in errors}
    filled = broken = no_text = 0
    for path, data in before.items():
        try:
            old = postfile.parse(data.decode("utf-8"))
        except postfile.PostError:
            broken += 1
            assert path.read_bytes() == data  # byte-identical
            assert str(path) in failed
            continue
        if str(path) in failed:  # parseable but without article text: reported and untouched
            no_text += 1
            assert path.read_bytes() == data
            assert any(str(path) in e and "body" in e for e in errors)
            continue
        new = postfile.read(path)
        assert new.has("excerpt") and new.has("feature_text")
        assert len(new.meta["excerpt"].strip()) <= 150
        assert postfile.remove_fields(new, list(postfile.SUMMARY_KEYS)) == old.text  # nothing outside the two fields
        filled += 1
    assert broken >= 25 and no_text <= 15 and filled >= 0.99 * (len(paths) - broken)
    assert f"{filled} changed, 0 unchanged, 0 skipped, 0 failed, {broken + no_text} invalid" in first.stderr
    second = CliRunner().invoke(app, run)
    assert f"0 changed, 0 unchanged, {filled} skipped, 0 failed, {broken + no_text} invalid" in second.stderr
    assert second.exit_code == 0


def test_references_and_strip_copy_follow_the_field_names(tmp_path):
    from summarizer.posts.corpus import references

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: 가\nsummary: 요약입니다.\ncard: 카드\n---\n본문입니다.\n", encoding="utf-8")
    (src / "b.md").write_text("---\ntitle: 나\n---\n본문입니다.\n", encoding="utf-8")
    (src / "c.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    found, missing, broken = references([src], "summary")
    assert [e.reference for e in found] == ["요약입니다."] and (missing, broken) == (1, 1)
    assert references([src])[1:] == (2, 1)  # no `excerpt` anywhere
    strip_copy(src, tmp_path / "dst", fields=("summary", "card"))
    assert postfile.read(tmp_path / "dst" / "a.md").meta == {"title": "가"}
