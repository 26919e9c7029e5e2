"""The README's commands as a newcomer pastes them (the hook snippets are tested in test_precommit.py)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import README, ROOT, needs, readme_blocks

SETUP = ("python3 -m venv",)  # the two set-up commands: CI runs the second, test_install the first's package


def test_ci_runs_exactly_the_readmes_test_command():
    (command,) = [b.strip() for b in readme_blocks("sh", "pytest")]
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == command
    assert "pip install -q torch==2.13.0 &&" in command  # the CPU build before the tests' extra
    assert "ruff check . && ruff format --check . &&" in command  # lint and format before the tests


def test_first_command_sets_up_the_main_job_without_torch():
    first = readme_blocks("sh")[0].strip()
    assert "pip install -e . &&" in first and "torch" not in first and "[" not in first  # no extra
    assert first.endswith("summarizer run demo-posts")


def test_the_user_guide_is_short_and_the_rest_is_in_docs():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300
    for page in ("docs/validation.md", "docs/development.md"):
        assert f"]({page})" in README.read_text(encoding="utf-8") and (ROOT / page).is_file()


def test_corpus_commands_come_after_the_unpack_step():
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    unpack = text.index("tar -xzf ../shared/corpus/koreanews-posts.tar.gz -C /tmp/corpus")
    assert "shared/corpus/_posts" not in text  # the tarball unpacks elsewhere; that folder never exists
    assert text.count("/tmp/corpus/_posts") >= 3 and text.index("/tmp/corpus/_posts") > unpack


GOOD = "도서관이 밤늦게까지 문을 엽니다. 주민들은 크게 반겼습니다. 구청은 다음 달 이용 현황을 점검합니다."
TOPICS = ["도서관", "수영장", "공원", "시장", "버스", "축제", "박물관", "체육관", "놀이터", "학교", "병원", "주차장"]


def jekyll_site(root: Path) -> Path:
    """A made-up Jekyll site: 24 posts with hand-written excerpts (enough to train on), 4 without."""
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: 우리 동네 소식\n", encoding="utf-8")
    for n in range(28):
        topic = TOPICS[n % len(TOPICS)]
        body = (
            f"구청은 {topic} 운영 시간을 다음 달부터 밤 10시까지 늘린다고 {n + 1}일 밝혔다. "
            f"주민들이 저녁에도 {topic}을 이용하고 싶다는 요청이 이어진 데 따른 조치다.\n\n"
            f"구청은 {topic} 이용 현황을 석 달 동안 살펴본 뒤 운영 시간을 다시 정할 계획이다. "
            f"{topic} 주변 주차장도 같은 시간까지 연다.\n"
        )
        excerpt = (
            f"excerpt: 구청이 다음 달부터 {topic} 운영 시간을 밤 10시까지 늘려 저녁에도 주민들이 "
            f"{topic}을 이용할 수 있게 한다. 주변 주차장도 같은 시간까지 연다.\n"
            if n < 24
            else ""
        )
        (root / "_posts" / f"2024-07-{n + 1:02d}-post{n}.md").write_text(
            f"---\ntitle: {topic} 운영 시간 연장\ndate: 2024-07-{n + 1:02d}\n{excerpt}---\n{body}", encoding="utf-8"
        )
    return root


def guide_commands() -> list[str]:
    """Every command of the README's user guide (its ```sh blocks but the two set-up commands), in order."""
    return [line for block in readme_blocks("sh") for line in block.strip().splitlines() if not line.startswith(SETUP)]


def test_the_user_guide_has_commands_to_run():
    commands = guide_commands()
    assert any(c.startswith("summarizer run .") for c in commands)
    assert any(c.startswith("summarizer train") for c in commands) and any(
        c.startswith("summarizer eval") for c in commands
    )


@pytest.mark.slow
@needs("torch")
def test_every_command_of_the_user_guide_runs_as_pasted(tmp_path):
    """Each command pasted into a shell at the root of a made-up Jekyll site, in the README's order, with the
    installed `summarizer` on the PATH: none fails (--diff exits 1 when a post would change, as documented)."""
    site = jekyll_site(tmp_path / "site")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    assert shutil.which("summarizer", path=env["PATH"])
    for command in guide_commands():
        done = subprocess.run(command, shell=True, cwd=site, env=env, capture_output=True, text=True, timeout=300)
        allowed = (0, 1) if re.search(r"\s--(diff|check)\b", command) else (0,)
        assert done.returncode in allowed, f"{command}: exit {done.returncode}\n{done.stdout}{done.stderr}"
    assert (site / "models" / "my-blog" / "training.json").is_file()  # the train command made its folder's parents
    assert "excerpt:" in (site / "_posts" / "2024-07-28-post27.md").read_text(encoding="utf-8")
