"""Settings from config files and flags: every value checked (type, range), errors naming file and key."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.app.config import Settings, find_config, load_settings
from summarizer.app.setting_checks import ConfigError, template_problem
from summarizer.cli import app


def config(tmp_path: Path, text: str, name: str = "summarizer.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    """One field, the one the site's themes read: Jekyll `excerpt`, Hugo `summary` (no `feature_text`)."""
    s = load_settings(None)
    assert (s.max_chars, s.force, s.excerpt_field, s.feature_field, s.pages) == (150, False, None, "", False)
    assert s.for_post("yaml").fields == ("excerpt",) and s.for_post("toml").fields == ("summary",)
    assert s.for_post("json").fields == ("summary",)


def test_good_values(tmp_path):
    s = load_settings(
        config(
            tmp_path,
            'engine = "lead"\nmax_chars = 90\nforce = true\nexcerpt_field = "summary"\n'
            'feature_field = ""\nfeature_template = "## {title}\\n\\n{excerpt}"\n',
        )
    )
    assert (s.engine, s.max_chars, s.force, s.fields) == ("lead", 90, True, ("summary",))
    assert s.origin("max_chars") == f"config {tmp_path / 'summarizer.toml'}: max_chars"


@pytest.mark.parametrize(
    "line, key, reason",
    [
        ('force = "no"', "force", "must be true or false"),
        ("force = 0", "force", "must be true or false"),
        ('max_chars = "150"', "max_chars", "must be a whole number from 20 to 2000"),
        ("max_chars = 0", "max_chars", "from 20 to 2000"),
        ("max_chars = 5000", "max_chars", "from 20 to 2000"),
        ("max_chars = 150.0", "max_chars", "from 20 to 2000"),
        ("max_chars = true", "max_chars", "from 20 to 2000"),
        ('feature_template = "## 속보"', "feature_template", "must contain {excerpt}"),
        ('feature_template = "{excerpt} {tilte} {0}"', "feature_template", "unknown placeholders '{tilte}', '{0}'"),
        ('feature_template = "{title}"', "feature_template", "must contain {excerpt}"),
        ('feature_template = "{ excerpt }"', "feature_template", "unknown placeholder '{ excerpt }'"),
        ("feature_template = 3", "feature_template", "must be a string"),
        ("engine = 3", "engine", "must be a string"),
        ('engine = ""', "engine", "must name an engine"),
        ("model = ['a']", "model", "must be a string"),
        ('excerpt_field = ""', "excerpt_field", "must be a front matter key"),
        ('excerpt_field = "my excerpt"', "excerpt_field", "must be a front matter key"),
        ('feature_field = "a: b"', "feature_field", "must be a front matter key"),
        ('feature_field = "excerpt"', "feature_field", "is a site's excerpt field"),
        ('feature_field = "summary"', "feature_field", "set excerpt_field too"),
        ("pages = 1", "pages", "must be true or false"),
    ],
)
def test_bad_value_names_file_and_key(tmp_path, line, key, reason):
    path = config(tmp_path, line + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(f"config {path}: {key}: ") and reason in message and "\n" not in message


def test_pyproject_table(tmp_path):
    path = config(tmp_path, "[tool.summarizer]\nmax_chars = '80'\n", "pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject.toml: max_chars: must be a whole number"):
        load_settings(path)
    with pytest.raises(ConfigError, match="must be a table"):
        load_settings(config(tmp_path, "[tool]\nsummarizer = 3\n", "pyproject.toml"))


def test_malformed_toml_names_the_file(tmp_path):
    path = config(tmp_path, "max_chars = = 3\n")
    with pytest.raises(ConfigError, match=rf"^config {path}: not valid TOML: "):
        load_settings(path)
    post_dir = tmp_path / "_posts"
    post_dir.mkdir()
    with pytest.raises(ConfigError, match="not valid TOML"):
        find_config(post_dir)


def test_unknown_key(tmp_path):
    with pytest.raises(ConfigError, match="unknown setting\\(s\\) colour"):
        load_settings(config(tmp_path, "colour = 'red'\n"))


@pytest.mark.parametrize(
    "text, named",
    [
        ('[tool.other]\nmax_chars = "x"\n', "tool.other"),
        ("[tool.other.deeper]\nx = 1\n", "tool.other"),
        ("tool = 3\n", "tool"),
        ("max_chars = 90\n[tool.summarizer]\nforce = true\n[tool.black]\nline-length = 88\n", "tool.black"),
        ("[theme]\ncolour = 'red'\n", "theme"),
        ("colour-name = 'red'\n", "colour-name"),  # as written
    ],
)
def test_unknown_table_in_summarizer_toml(tmp_path, text, named):
    path = config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"config {path}: unknown setting(s) {named}"


def test_summarizer_toml_may_use_a_tool_summarizer_table(tmp_path):
    s = load_settings(config(tmp_path, "max_chars = 90\n[tool]\n[tool.summarizer]\nforce = true\n"))
    assert (s.max_chars, s.force) == (90, True)
    with pytest.raises(ConfigError, match="max_chars set both at the top and in \\[tool.summarizer\\]"):
        load_settings(config(tmp_path, "max_chars = 90\n[tool.summarizer]\nmax_chars = 80\n"))


@pytest.mark.parametrize(
    "text",
    ["[tool.other]\nmax_chars = 'x'\n[tool.summarizer]\nmax_chars = 90\n", "tool = 3\n[project]\nname = 'site'\n"],
)
def test_pyproject_other_tables_are_not_ours(tmp_path, text):
    path = config(tmp_path, text, "pyproject.toml")
    assert find_config(tmp_path) == (path if "summarizer" in text else None)
    if "summarizer" in text:
        assert load_settings(path).max_chars == 90
    else:  # named with --config: no table is an error, not the defaults
        with pytest.raises(ConfigError, match=r"no \[tool.summarizer\] table"):
            load_settings(path)


@pytest.mark.parametrize(
    "template, problem",
    [
        ("{excerpt}", None),
        ("## {title}\\n\\n{excerpt}", None),
        ("{{excerpt}} {", None),  # not an escape: the excerpt in braces, as pipeline.feature_text fills it
        ("} {excerpt", "must contain {excerpt}"),
        ("{excerpt} {tilte} {0}", "unknown placeholders '{tilte}', '{0}' (only {excerpt} and {title} are filled in)"),
        ("{excerpt}{}{}", "unknown placeholder '{}' (only {excerpt} and {title} are filled in)"),
        ("{{tilte}} {excerpt}", "unknown placeholder '{tilte}' (only {excerpt} and {title} are filled in)"),
        ("{excerpt:>10}", "unknown placeholder '{excerpt:>10}' (only {excerpt} and {title} are filled in)"),
        ("{excerpt} {a\nb}", "unknown placeholder '{a\\nb}' (only {excerpt} and {title} are filled in)"),
    ],
)
def test_template_problem(template, problem):
    assert template_problem(template) == problem


def test_relative_model_resolves_against_the_config_folder(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "models" / "mine").mkdir(parents=True)
    path = config(site, 'model = "models/mine"\n')
    monkeypatch.chdir(tmp_path)
    assert load_settings(path).model == str(site / "models" / "mine")
    # Not there: still a path there (the engine check says it does not exist); only hf:... is a hub id.
    assert load_settings(config(site, 'model = "./models/gone"\n')).model == str(site / "models" / "gone")
    assert load_settings(config(site, 'model = "a/b/c"\n')).model == str(site / "a" / "b" / "c")
    assert load_settings(config(site, 'model = "someone/blog"\n')).model == str(site / "someone" / "blog")
    assert load_settings(config(site, 'model = "hf:someone/blog"\n')).model == "hf:someone/blog"
    assert load_settings(config(site, f'model = "{tmp_path}"\n')).model == str(tmp_path)


def test_flags_override_and_are_checked(tmp_path):
    s = load_settings(config(tmp_path, "max_chars = 90\nforce = true\n"))
    t = s.with_overrides(max_chars=120, force=False, engine=None, feature_field="")
    assert (t.max_chars, t.force, t.fields) == (120, False, ("excerpt",))
    assert t.origin("max_chars") == "--max-chars" and t.origin("force") == "--force"
    with pytest.raises(ConfigError, match="^--feature-template: must contain {excerpt}"):
        s.with_overrides(feature_template="## 속보")
    with pytest.raises(ConfigError, match="^--feature-template: unknown placeholder '{tilte}'"):
        s.with_overrides(feature_template="{excerpt} {tilte}")
    with pytest.raises(ConfigError, match="^--excerpt-field: must be a front matter key"):
        Settings().with_overrides(excerpt_field="")
    with pytest.raises(ConfigError, match="^--feature-field: 'excerpt' is a site's excerpt field"):
        Settings().with_overrides(feature_field="excerpt")
    with pytest.raises(ConfigError, match="^--feature-field: must differ"):
        Settings().with_overrides(excerpt_field="card", feature_field="card")


@pytest.mark.parametrize(
    "toml, args, named",
    [
        ('[tool.other]\nmax_chars = "x"\n', [], "config CONFIG: unknown setting(s) tool.other"),
        (
            'feature_template = "{excerpt} {tilte} {0}"\n',
            [],
            "config CONFIG: feature_template: unknown placeholders '{tilte}', '{0}'",
        ),
        ("", ["--feature-template", "## {tilte}\\n\\n{excerpt}"], "--feature-template: unknown placeholder '{tilte}'"),
    ],
)
def test_run_refuses_with_one_line_and_exit_2(tmp_path, toml, args, named):
    (tmp_path / "a.md").write_text(
        "---\ntitle: 요금\n---\n\n시는 다음 달부터 시내버스 기본요금을 200원 올린다고 "
        "4일 발표했다. 버스 요금이 오르는 것은 8년 만이다.\n",
        encoding="utf-8",
    )
    if toml:
        config(tmp_path, toml)
    before = (tmp_path / "a.md").read_bytes()
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--engine", "lead", *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: " + named.replace("CONFIG", str(tmp_path / "summarizer.toml")))
    assert (tmp_path / "a.md").read_bytes() == before


def test_outside_a_repository_a_config_others_could_have_planted_is_an_error_and_home_is_the_limit(
    tmp_path, monkeypatch
):
    """A hostile tester's summarizer.toml far above a plain folder of posts, writable by anyone, set
    excerpt_field = "title" and force = true: the titles would have been overwritten. Outside a repository the
    search never climbs above the user's home, and a config another user could have planted is refused."""
    (tmp_path / "up" / "deep" / "a").mkdir(parents=True)
    planted = tmp_path / "up" / "summarizer.toml"
    planted.write_text('excerpt_field = "title"\nforce = true\n', encoding="utf-8")
    planted.chmod(0o666)
    with pytest.raises(ConfigError, match="writable by other users .*not used"):
        find_config(tmp_path / "up" / "deep" / "a")
    post = tmp_path / "up" / "deep" / "a" / "p.md"
    post.write_text("---\ntitle: 제목\n---\n본문입니다. 버스 요금이 오른다.\n", encoding="utf-8")
    before = post.read_bytes()
    result = CliRunner().invoke(app, ["run", str(post)])
    assert result.exit_code == 2 and "not used" in result.stderr and post.read_bytes() == before
    planted.chmod(0o644)
    assert find_config(tmp_path / "up" / "deep" / "a") == planted  # the user's own: applied
    monkeypatch.setenv("HOME", str(tmp_path / "up" / "deep"))
    assert find_config(tmp_path / "up" / "deep" / "a") is None  # never above the home folder
