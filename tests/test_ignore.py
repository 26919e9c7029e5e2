""".gitignore patterns (posts/ignore.py), case by case as gitignore(5) documents them; and, where git is installed,
the same answers as `git check-ignore` on one tree."""

import shutil
import subprocess

import pytest

from summarizer.posts.ignore import compile_line, ignored, read_rules


def matches(patterns, rel, is_dir=False):
    return ignored([r for r in map(compile_line, patterns) if r], rel, is_dir)


@pytest.mark.parametrize(
    "patterns, rel, is_dir, expected",
    [
        (["vendor/"], "vendor", True, True),
        (["vendor/"], "vendor", False, False),  # a trailing slash: folders only
        (["vendor/"], "a/b/vendor", True, True),  # no other slash: any depth
        (["/vendor"], "vendor", True, True),
        (["/vendor"], "a/vendor", True, False),  # a leading slash: this folder only
        (["doc/frotz"], "doc/frotz", True, True),
        (["doc/frotz"], "a/doc/frotz", True, False),  # a slash in the middle: relative to the .gitignore
        (["*.log"], "a/b/c.log", False, True),
        (["*.log"], "a/b/c.logx", False, False),
        (["doc/*.txt"], "doc/x.txt", False, True),
        (["doc/*.txt"], "doc/s/x.txt", False, False),  # * never crosses a slash
        (["a?b"], "axb", False, True),
        (["a?b"], "a/b", False, False),
        (["**/foo"], "x/y/foo", False, True),
        (["**/foo"], "foo", False, True),
        (["**/foo/bar"], "x/foo/bar", False, True),
        (["foo/**"], "foo/x/y", False, True),
        (["foo/**"], "foo", True, False),  # everything inside, not the folder itself
        (["a/**/b"], "a/b", False, True),
        (["a/**/b"], "a/x/y/b", False, True),
        (["a/**/b"], "xa/b", False, False),
        (["a**b"], "axxb", False, True),  # other runs of asterisks: one *
        (["a**b"], "ax/b", False, False),
        (["[abc].md"], "b.md", False, True),
        (["[!abc].md"], "b.md", False, False),
        (["[^abc].md"], "d.md", False, True),
        (["[a-c].md"], "d.md", False, False),
        (["[]x].md"], "].md", False, True),  # a ] first in the brackets is a character
        (["*.md", "!keep.md"], "keep.md", False, False),  # the last match decides
        (["*.md", "!keep.md"], "x.md", False, True),
        (["!keep.md", "*.md"], "keep.md", False, True),
        (["\\#x"], "#x", False, True),
        (["#x"], "#x", False, False),  # a comment
        (["\\!x"], "!x", False, True),
        (["a\\ "], "a ", False, True),  # an escaped trailing space stays
        (["a  "], "a", False, True),  # others are dropped
        (["\\*"], "*", False, True),
        (["\\*"], "x", False, False),
        ([""], "x", False, False),
        (["/"], "x", True, False),
    ],
)
def test_patterns(patterns, rel, is_dir, expected):
    assert matches(patterns, rel, is_dir) is expected


def test_a_nested_gitignore_applies_below_its_folder_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("/only-here.md\n*.draft.md\n", encoding="utf-8")
    rules = read_rules(str(tmp_path / "sub"), "sub")
    assert ignored(rules, "sub/only-here.md", False) and not ignored(rules, "only-here.md", False)
    assert ignored(rules, "sub/x/a.draft.md", False) and not ignored(rules, "a.draft.md", False)


def test_an_unreadable_or_linked_gitignore_is_no_rule(tmp_path):
    (tmp_path / "real").write_text("*\n", encoding="utf-8")
    (tmp_path / ".gitignore").symlink_to(tmp_path / "real")
    assert read_rules(str(tmp_path), "") == []
    assert read_rules(str(tmp_path / "missing"), "") == []


TREE = [
    "a.md",
    "b.log",
    "keep.log",
    "vendor/x.md",
    "docs/vendor/y.md",
    "docs/guide.md",
    "docs/deep/z.md",
    "build/out.md",
    "src/build",
    "notes/a/b/c.md",
    "notes/top.md",
    "[x].md",
]
PATTERNS = "*.log\n!keep.log\n/vendor/\nbuild/\ndocs/**/z.md\nnotes/**\n!notes/top.md\n\\[x].md\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_same_answers_as_git_check_ignore(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text(PATTERNS, encoding="utf-8")
    for rel in TREE:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n", encoding="utf-8")
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=tmp_path,
        input="\n".join(TREE) + "\n",
        capture_output=True,
        text=True,
    )
    by_git = set(result.stdout.split())
    rules = read_rules(str(tmp_path), "")

    def ours(rel: str) -> bool:  # a path is ignored when it or a folder above it is (git never enters that folder)
        parts = rel.split("/")
        return any(ignored(rules, "/".join(parts[: k + 1]), k < len(parts) - 1) for k in range(len(parts)))

    assert {rel for rel in TREE if ours(rel)} == by_git
