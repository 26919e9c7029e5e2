"""Which settings and which lock file each post gets: posts are grouped by their config file and their site, so
that one run (a pre-commit hook's, over posts of several sites) gives every post its own site's settings.

A post's config is `--config` when given, else the nearest `summarizer.toml` or `pyproject.toml` with
[tool.summarizer] up to its repository's or site's root (`config.find_config`); its site is the Jekyll or Hugo
site it lies in (`posts.site`), which decides the field written when none is configured. Its lock file
(`posts.lockfile`, what summarizer wrote) lies at the site's root (outside a repository, when that lies above the
PATH named, only for a site found on strong evidence: a Jekyll `_config.yml` with its posts, layouts or Gemfile;
a Hugo site),
else beside the config file found for it (inside its repository, or inside the PATH named), else at the
repository's root, else in the folder named on the command line: never beside a config file given with
--config (a shared `/etc/summarizer.toml` must not get a lock file beside it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.app.config import Settings, find_config, load_settings
from summarizer.posts import lockfile
from summarizer.posts.site import Site
from summarizer.posts.site_find import find_site, repo_root
from summarizer.posts.walk import Found
from summarizer.posts.walk_rules import inside


@dataclass
class Group:
    config: Path | None
    site: Site | None
    root: str  # the folder of its lock file
    settings: Settings
    files: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        """One line: which config, which site, which fields."""
        where = f"config {self.config}" if self.config else "no config file (defaults)"
        site = self.site.describe() if self.site else "no Jekyll or Hugo site"
        if self.settings.excerpt_field:
            written = " and ".join(self.settings.fields)
        else:
            second = f" and {self.settings.feature_field}" if self.settings.feature_field else ""
            written = f"excerpt{second} (summary{second} in TOML or JSON front matter)"
        return f"{where}; {site}; writes {written}"


def lock_root(site: Site | None, found_config: Path | None, named: Path) -> str:
    """Where the lock file of a post lies (see the module's docstring); `found_config`: the config file found
    upward from the post (None when there is none, or --config was given); `named`: the PATH it was found under
    (a folder). The repository is that of the folder's real location (a PATH that is a link is in its target's)."""
    folder = os.path.realpath(named)
    repo = repo_root(folder)
    if site is not None and (site.strong or repo or inside(os.path.realpath(site.root), (os.path.realpath(folder),))):
        return os.path.realpath(site.root)  # outside a repository, above the PATH only on strong evidence
    if found_config is not None:
        beside = os.path.realpath(found_config.parent)
        if inside(beside, tuple(os.path.realpath(p) for p in (repo, folder) if p)):
            return beside
    return os.path.realpath(repo or folder)


class Places:
    """The config file and site of each folder, looked up once per folder."""

    def __init__(self, config: Path | None = None) -> None:
        self.config = config
        self.cache: dict[str, tuple[Path | None, Site | None]] = {}

    def of(self, path: Path) -> tuple[Path | None, Site | None]:
        folder = os.path.abspath(path if path.is_dir() else path.parent)
        if folder not in self.cache:
            config = self.config if self.config is not None else find_config(Path(folder))
            self.cache[folder] = (config, find_site(folder))
        return self.cache[folder]


def groups(found: Found, config: Path | None, **overrides) -> list[Group]:
    """The posts of `found` grouped by (config, site, lock root), in the order they were found, each group with
    its settings (`overrides`: flag values, None when not given). A Jekyll site's pages are left out unless its
    settings ask for them (`pages = true`). Raises ConfigError (naming file and key, or flag)."""
    places = Places(config)
    loaded: dict[Path | None, Settings] = {}
    found_groups: dict[tuple, Group] = {}
    for path in found.files:
        cfg, site = places.of(path)
        if cfg not in loaded:
            loaded[cfg] = load_settings(cfg).with_overrides(**overrides)
        settings = loaded[cfg].for_site(site)
        if path in found.pages and not settings.pages:
            continue
        root = lock_root(site, cfg if config is None else None, found.under.get(path, path.parent))
        key = (cfg, site.root if site else None, root)
        group = found_groups.get(key)
        if group is None:
            group = found_groups[key] = Group(cfg, site, root, settings)
        group.files.append(path)
    return list(found_groups.values())


class Records:
    """The lock files a command reads or writes, each loaded once (`problems`: those that could not be read,
    reported once each by the caller)."""

    def __init__(self) -> None:
        self.locks: dict[str, lockfile.Lock] = {}
        self.problems: list[tuple[str, str]] = []
        self.reported = 0

    def lock(self, root: str) -> lockfile.Lock:
        if root not in self.locks:
            lock = self.locks[root] = lockfile.load(root)
            if lock.problem:
                self.problems.append((lock.path, lock.problem))
        return self.locks[root]

    def unreported(self) -> list[tuple[str, str]]:
        """The problems not yet returned by this method."""
        new, self.reported = self.problems[self.reported :], len(self.problems)
        return new

    def checkpoint(self, root: str) -> None:
        """Save the lock file of `root` now if it changed (as the run goes, so that a run killed with kill -9 or by
        the OOM killer has recorded what it wrote up to there); a failure is left to `save` to report."""
        lock = self.locks.get(root)
        if lock is not None and lock.changed and not lock.problem:
            try:
                lockfile.save(lock)
            except OSError:
                pass

    def save(self) -> list[tuple[str, str]]:
        """Write every lock file that changed; (path, why) of those that could not be written. One that could not
        be read is left as it is (a merge conflict in it is the user's to resolve)."""
        failed = []
        for lock in self.locks.values():
            if lock.changed and not lock.problem:
                try:
                    lockfile.save(lock)
                except OSError as exc:
                    failed.append((lock.path, exc.strerror or str(exc)))
        return failed


def machine_written(paths: list[Path], config: Path | None = None):
    """A predicate `(path, field, text) -> bool`: whether summarizer wrote `text` into the post's `field` (its
    lock file says so), and the Records it reads (for their problems)."""
    places, records = Places(config), Records()
    named = {os.path.abspath(p): p for p in paths}

    def under(path: Path) -> Path:
        here = os.path.abspath(path)
        for name, given in named.items():
            if here == name or here.startswith(name.rstrip(os.sep) + os.sep):
                return given if given.is_dir() else given.parent
        return path.parent

    def written(path: Path, name: str, text) -> bool:
        cfg, site = places.of(path)
        return records.lock(lock_root(site, cfg if config is None else None, under(path))).written(path, name, text)

    return written, records
