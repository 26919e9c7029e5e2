"""Settings, and the site config file they can come from (`summarizer.toml` or `[tool.summarizer]`).

Every value is checked (type and range: see `setting_checks`) when it is read, from the config file or from a
flag, so that a bad value stops the run before the first post is written. Errors name where the value came from: the
config file and the key, or the flag.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from summarizer import __version__
from summarizer.app.setting_checks import ConfigError, _check
from summarizer.posts.formats.toml_fm import tomllib
from summarizer.posts.site import FIELDS, Site, default_field
from summarizer.posts.site_find import find_site, is_repo_root, repo_root, site_at
from summarizer.text.packing import DEFAULT_MAX_CHARS
from summarizer.text.voice import DEFAULT_VOICE

CONFIG_FILES = ("summarizer.toml", "pyproject.toml")
HUB_PREFIX = "hf:"  # `model = "hf:namespace/name"`: a model on the Hugging Face hub (anything else is a folder)
# Every setting, with the version that introduced it. A key of a later version than the one installed is an old
# hook or package: the message says to update it. A key in no table is unknown. Every user-visible change bumps
# summarizer.__version__; a new key gets that version here (a test keeps every version here <= __version__).
KEY_VERSIONS = {
    "engine": "0.1.0",
    "model": "0.1.0",
    "max_chars": "0.1.0",
    "feature_template": "0.1.0",
    "force": "0.1.0",
    "min_body_chars": "0.1.0",
    "excerpt_field": "0.1.0",
    "feature_field": "0.1.0",
    "voice": "0.1.0",
    "pages": "0.2.0",
    "jobs": "0.3.0",
}


MIN_TRAIN_POSTS = 20  # the fewest posts with a summary that `summarizer train` accepts


def version_key(version: str) -> tuple[int, ...]:
    """ "0.10.1" -> (0, 10, 1), for comparing versions."""
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


@dataclass(frozen=True)
class Settings:
    engine: str | None = None  # None: the best engine available
    model: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    feature_template: str = "{excerpt}"
    force: bool = False
    min_body_chars: int = 40
    excerpt_field: str | None = None  # None: the site's (Jekyll `excerpt`, Hugo `summary`; see `for_post`)
    feature_field: str = ""  # "": write no second field
    voice: str = DEFAULT_VOICE  # the excerpt's register: see summarizer.text.voice
    pages: bool = False  # a Jekyll site's pages (about.markdown, index.html) too, not only its posts
    jobs: int | None = None  # processes for a large batch (None: the cores this process may use; see app.parallel)
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fields(self) -> tuple[str, ...]:
        """The summary fields written, in order (the excerpt field must be known: see `for_post`)."""
        excerpt = self.excerpt_field or FIELDS["Jekyll"]
        return (excerpt, self.feature_field) if self.feature_field else (excerpt,)

    def for_site(self, site: Site | None) -> Settings:
        """These settings in `site`: an excerpt field not configured is the one its themes read."""
        if self.excerpt_field is not None or site is None:
            return self
        return replace(self, excerpt_field=site.field)

    def for_post(self, front_matter: str) -> Settings:
        """These settings for a post with `front_matter` ("yaml", "toml", "json"): an excerpt field still not
        known (no site) is `summary` in TOML or JSON front matter (only Hugo reads those), else `excerpt`."""
        if self.excerpt_field is not None:
            return self
        return replace(self, excerpt_field=default_field(None, front_matter))

    def excerpt_shown(self) -> str:
        """The excerpt field, for help and messages."""
        return self.excerpt_field or "the site's: excerpt (Jekyll), summary (Hugo, or TOML/JSON front matter)"

    def origin(self, key: str) -> str:
        """Where `key`'s value came from: a flag, `config FILE: key`, or `key` for the default."""
        return self.origins.get(key, key)

    def with_overrides(self, **values) -> Settings:
        """These settings with flag values (None: not given) checked and applied."""
        given = {}
        for key, value in values.items():
            if value is not None:
                flag = "--" + key.replace("_", "-")
                given[key] = _check(key, value, flag)
        return _cross_check(
            replace(self, **given, origins={**self.origins, **{k: "--" + k.replace("_", "-") for k in given}})
        )


def _cross_check(settings: Settings) -> Settings:
    if settings.excerpt_field == settings.feature_field:
        raise ConfigError(
            f"{settings.origin('feature_field')}: must differ from the excerpt field {settings.excerpt_field!r}"
        )
    if settings.excerpt_field is None and settings.feature_field in FIELDS.values():
        raise ConfigError(
            f"{settings.origin('feature_field')}: {settings.feature_field!r} is a site's excerpt field "
            "(excerpt in Jekyll, summary in Hugo); set excerpt_field too"
        )
    return settings


def _table(path: Path) -> dict | None:
    try:
        data = path.read_bytes()
        parsed = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        if path.name == "pyproject.toml" and b"summarizer" not in data:
            return None  # another tool's broken pyproject.toml: not ours to judge
        if isinstance(exc, UnicodeDecodeError):
            raise ConfigError(f"config {path}: not UTF-8 (invalid byte at offset {exc.start})") from None
        raise ConfigError(f"config {path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"config {path}: cannot read: {exc.strerror or exc}") from None
    data = parsed
    tool = data.get("tool")
    table = tool.get("summarizer") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"config {path}: [tool.summarizer] must be a table")
    if path.name == "pyproject.toml":
        return table  # every other table belongs to other tools
    # summarizer.toml or a file given with --config, whatever its name: the whole file is settings (at the top, or
    # in [tool.summarizer]), and any other key or table is unknown.
    settings = {k: v for k, v in data.items() if k != "tool"}
    twice = sorted(set(settings) & set(table or {}))
    if twice:
        raise ConfigError(f"config {path}: {', '.join(twice)} set both at the top and in [tool.summarizer]")
    if isinstance(tool, dict):
        settings.update({f"tool.{k}": v for k, v in tool.items() if k != "summarizer"})
    elif tool is not None:
        settings["tool"] = tool
    return {**settings, **(table or {})}


def find_config(start: Path) -> Path | None:
    """The nearest summarizer.toml, or pyproject.toml with [tool.summarizer], upward from `start`; the search
    stops at the repository's root (a folder holding `.git`) or at the site's root (the folder holding its
    `_config.yml`, `hugo.toml`, ...), whichever comes first: a config above the site is never applied. Outside a
    repository it never climbs above the user's home, and a config another user could have planted (theirs, or
    writable by others) is an error naming it, never applied."""
    here = start.resolve()
    here = here if here.is_dir() else here.parent
    in_repo = repo_root(str(here)) is not None
    home = Path(os.path.expanduser("~")).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and _table(candidate) is not None:
                why = "" if in_repo else _planted(candidate)
                if why:
                    raise ConfigError(f"config {candidate}: {why}; not used (name it with --config to use it)")
                return candidate
        if is_repo_root(str(folder)) or site_at(str(folder)) is not None or (not in_repo and folder == home):
            return None
    return None


def _planted(path: Path) -> str:
    """Why a config found outside a repository could be another user's doing, or "": it belongs to another user
    (root's is trusted), or other users can write it or replace it (its folder is world-writable and not sticky)."""
    st, folder = path.stat(), path.parent.stat()
    if hasattr(os, "geteuid") and st.st_uid not in (os.geteuid(), 0):
        return f"owned by another user (uid {st.st_uid})"
    if st.st_mode & stat.S_IWOTH:
        return f"writable by other users (mode {stat.S_IMODE(st.st_mode):o})"
    if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
        return "in a folder other users can write to"
    return ""


def config_of(start: Path) -> tuple[Path | None, Site | None]:
    """The config file and the site (or None) of the post or folder `start`."""
    return find_config(start), find_site(start)


def resolve_model(model: str, folder: Path) -> str:
    """A config's `model`: a folder, relative to the config file's `folder` (not the cwd), or a Hugging Face id
    written `hf:namespace/name` (kept as it is). A folder that does not exist is an error when the engine
    checks its model (never a download)."""
    if model.startswith(HUB_PREFIX):
        return model
    path = Path(model).expanduser()
    if path.is_absolute():
        return str(path)
    return str((folder / path).resolve())


def load_settings(path: Path | None) -> Settings:
    """Settings from a config file (defaults when `path` is None); raise ConfigError naming file and key."""
    if path is None:
        return Settings()
    table = _table(path)
    if table is None:  # a pyproject.toml given with --config (a found one always has the table)
        raise ConfigError(f"config {path}: no [tool.summarizer] table (or not valid TOML)")
    known = {f.name for f in fields(Settings)} - {"origins"}
    newer = sorted(
        k for k in table if version_key(KEY_VERSIONS.get(k.replace("-", "_"), "0")) > version_key(__version__)
    )
    if newer:
        needs = max((KEY_VERSIONS[k.replace("-", "_")] for k in newer), key=version_key)
        raise ConfigError(
            f"config {path}: {', '.join(newer)} need{'s' if len(newer) == 1 else ''} summarizer {needs} or newer "
            f"(this is {__version__}): update the pre-commit hook (`pre-commit autoupdate`, or rev: v{needs} in "
            ".pre-commit-config.yaml) or the package (`pip install -U`)"
        )
    unknown = sorted(k for k in table if k.replace("-", "_") not in known)
    if unknown:
        raise ConfigError(f"config {path}: unknown setting(s) {', '.join(unknown)}")
    values = {k.replace("-", "_"): v for k, v in table.items()}
    origins = {key: f"config {path}: {key}" for key in values}
    checked = {key: _check(key, value, origins[key]) for key, value in values.items()}
    if "model" in checked:
        try:
            checked["model"] = resolve_model(checked["model"], path.resolve().parent)
        except RuntimeError:  # Path.expanduser of "~nosuchuser/x"
            raise ConfigError(f"{origins['model']}: {checked['model']!r}: no such user's home folder") from None
    return _cross_check(Settings(**checked, origins=origins))
