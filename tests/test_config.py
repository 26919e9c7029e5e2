"""Settings from config files and flags: every value checked (type, range), errors naming file and key."""

from pathlib import Path

import pytest

from summarizer.config import ConfigError, Settings, find_config, load_settings


def config(tmp_path: Path, text: str, name: str = "summarizer.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    s = load_settings(None)
    assert (s.max_chars, s.force, s.excerpt_field, s.feature_field) == (150, False, "excerpt", "feature_text")
    assert s.fields == ("excerpt", "feature_text")


def test_good_values(tmp_path):
    s = load_settings(config(tmp_path, 'engine = "lead"\nmax_chars = 90\nforce = true\nexcerpt_field = "summary"\n'
                                       'feature_field = ""\nfeature_template = "## {title}\\n\\n{excerpt}"\n'))
    assert (s.engine, s.max_chars, s.force, s.fields) == ("lead", 90, True, ("summary",))
    assert s.origin("max_chars") == f"config {tmp_path / 'summarizer.toml'}: max_chars"


@pytest.mark.parametrize("line, key, reason", [
    ('force = "no"', "force", "must be true or false"),
    ("force = 0", "force", "must be true or false"),
    ('max_chars = "150"', "max_chars", "must be a whole number from 20 to 2000"),
    ("max_chars = 0", "max_chars", "from 20 to 2000"),
    ("max_chars = 5000", "max_chars", "from 20 to 2000"),
    ("max_chars = 150.0", "max_chars", "from 20 to 2000"),
    ("max_chars = true", "max_chars", "from 20 to 2000"),
    ('feature_template = "## 속보"', "feature_template", "must contain {excerpt}"),
    ("feature_template = 3", "feature_template", "must be a string"),
    ("engine = 3", "engine", "must be a string"),
    ('engine = ""', "engine", "must name an engine"),
    ("model = ['a']", "model", "must be a string"),
    ('excerpt_field = ""', "excerpt_field", "must be a front matter key"),
    ('excerpt_field = "my excerpt"', "excerpt_field", "must be a front matter key"),
    ('feature_field = "a: b"', "feature_field", "must be a front matter key"),
    ('feature_field = "excerpt"', "feature_field", "must differ from the excerpt field"),
])
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


def test_relative_model_resolves_against_the_config_folder(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "models" / "mine").mkdir(parents=True)
    path = config(site, 'model = "models/mine"\n')
    monkeypatch.chdir(tmp_path)
    assert load_settings(path).model == str(site / "models" / "mine")
    # Not there: a path with ./ or several parts stays a path (and fails later); owner/name is a hub id.
    assert load_settings(config(site, 'model = "./models/gone"\n')).model == str(site / "models" / "gone")
    assert load_settings(config(site, 'model = "a/b/c"\n')).model == str(site / "a" / "b" / "c")
    assert load_settings(config(site, 'model = "gogamza/kobart-base-v2"\n')).model == "gogamza/kobart-base-v2"
    assert load_settings(config(site, 'model = "models/gone"\n')).model == str(site / "models" / "gone")
    assert load_settings(config(site, f'model = "{tmp_path}"\n')).model == str(tmp_path)


def test_flags_override_and_are_checked(tmp_path):
    s = load_settings(config(tmp_path, "max_chars = 90\nforce = true\n"))
    t = s.with_overrides(max_chars=120, force=False, engine=None, feature_field="")
    assert (t.max_chars, t.force, t.fields) == (120, False, ("excerpt",))
    assert t.origin("max_chars") == "--max-chars" and t.origin("force") == "--force"
    with pytest.raises(ConfigError, match="^--feature-template: must contain {excerpt}"):
        s.with_overrides(feature_template="## 속보")
    with pytest.raises(ConfigError, match="^--excerpt-field: must be a front matter key"):
        Settings().with_overrides(excerpt_field="")
    with pytest.raises(ConfigError, match="^--feature-field: must differ"):
        Settings().with_overrides(feature_field="excerpt")
