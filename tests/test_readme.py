"""The README's commands as a newcomer pastes them (the hook snippets are tested in test_precommit.py)."""

from .conftest import README, ROOT, readme_blocks


def test_ci_runs_exactly_the_readmes_test_command():
    (command,) = [b.strip() for b in readme_blocks("sh", "pytest")]
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == command
    assert "pip install -q torch==2.13.0 &&" in command  # the CPU build before the tests' extra


def test_first_command_sets_up_the_main_job_without_torch():
    first = readme_blocks("sh")[0].strip()
    assert "pip install -e . &&" in first and "torch" not in first and "[" not in first  # no extra
    assert first.endswith("summarizer run demo-posts")


def test_corpus_commands_come_after_the_unpack_step():
    text = README.read_text(encoding="utf-8")
    unpack = text.index("tar -xzf ../shared/corpus/koreanews-posts.tar.gz -C /tmp/corpus")
    assert "shared/corpus/_posts" not in text  # the tarball unpacks elsewhere; that folder never exists
    assert text.count("/tmp/corpus/_posts") >= 3 and text.index("/tmp/corpus/_posts") > unpack
