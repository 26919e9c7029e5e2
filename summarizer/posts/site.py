"""Which site a post belongs to, and what that site publishes: Jekyll (`_config.yml`) or Hugo (`hugo.toml`, or
`config.toml`/`config.yaml`/`config.json` with Hugo's own keys, or `config/_default/`).

A site is found upward from a path, up to the repository's root (a folder holding `.git`): the nearest folder
holding a site config. Outside a repository the search stops at the user's home and at the first folder holding
a site config file at all (a stray `config.toml` that is no site's ends it). A `config.*` is Hugo's only on
strong evidence: Hugo's own keys and its content folder there. What the walk takes from it (see `walk`):

- Jekyll: posts in `_posts/` and `_drafts/` (in any published folder below `collections_dir`), documents of
  collections with `output: true` (`<collections_dir>/_NAME/`); pages (Markdown and HTML files outside them,
  `about.markdown`, `index.html`) only when asked. Never what Jekyll itself leaves out: names starting with
  `_`, `.` or `#` or ending with `~` (unless `include` names them), `exclude` with Jekyll's own defaults
  (`vendor/bundle/`, `node_modules`, `Gemfile`, ...) and the destination (`_site`).
- Hugo: the content folders (`contentDir`, default `content`, and each language's), never `themes/` or any
  other folder (with `contentDir = "."`, the root but Hugo's own folders: themes/, layouts/, public/, ...);
  files matching `ignoreFiles` are left out. Section pages (`_index.md`) are left alone by the walk.

The field a site's themes read: Jekyll `excerpt`, Hugo `summary` (`FIELDS`).
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
from dataclasses import dataclass

import yaml

from summarizer.posts.formats.toml_fm import tomllib

JEKYLL, HUGO = "Jekyll", "Hugo"
FIELDS = {JEKYLL: "excerpt", HUGO: "summary"}  # the summary field each kind of site's themes read
# The front matter only Hugo reads (Jekyll's is YAML): a post in such a file is Hugo's, whatever its folder.
HUGO_FORMATS = {"toml", "json"}
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
GENERIC_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")  # Hugo's only with Hugo's keys
# Keys no other tool's config.* is likely to hold together with a site: any one makes it Hugo's (lower case:
# Hugo's keys are case-insensitive).
HUGO_KEYS = {
    "baseurl",
    "languagecode",
    "defaultcontentlanguage",
    "contentdir",
    "publishdir",
    "themesdir",
    "theme",
    "taxonomies",
    "permalinks",
    "disablekinds",
    "paginate",
    "pagination",
    "hascjklanguage",
    "summarylength",
    "enablerobotstxt",
    "builddrafts",
    "buildfuture",
    "markup",
    "outputformats",
    "module",
}
# Jekyll 4's own `exclude` entries, always added to the site's (Configuration#add_default_excludes).
JEKYLL_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)
JEKYLL_POST_FOLDERS = ("_posts", "_drafts")
# Hugo's own folders at a site's root (and npm's, and Hugo's config folder): never content, even with
# `contentDir = "."` (the site's root as its content folder); with `publishDir` (`Site.publish_dir`).
HUGO_FOLDERS = (
    "themes",
    "layouts",
    "public",
    "resources",
    "archetypes",
    "static",
    "assets",
    "data",
    "i18n",
    "config",
    "node_modules",
)
_SPECIAL = re.compile(r"\A[._#~]|~\Z")  # what Jekyll leaves out unless `include` names it (special?, backup?)
MAX_CONFIG_BYTES = 1_000_000


@dataclass(frozen=True)
class Site:
    kind: str  # JEKYLL or HUGO
    root: str  # absolute (not resolved: the walk compares it with the paths it lists)
    config: str  # the config file (or folder, Hugo's config/_default) that made it a site
    exclude: tuple[str, ...] = ()  # Jekyll: exclude, with Jekyll's defaults, minus include
    include: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()  # Jekyll: collections with output: true (their names, no "_")
    collections_dir: str = ""  # Jekyll: "" is the root
    destination: str = "_site"  # Jekyll
    content_dirs: tuple[str, ...] = ("content",)  # Hugo, relative to the root
    ignore_files: tuple[str, ...] = ()  # Hugo: regular expressions of files left out
    publish_dir: str = "public"  # Hugo: where it writes the site (never content)
    problem: str = ""  # why its config could not be read (its defaults are used)
    strong: bool = True  # its root holds more than a config (see `_jekyll`): a lock file may go there

    @property
    def field(self) -> str:
        return FIELDS[self.kind]

    def describe(self) -> str:
        return f"{self.kind} site {self.root}"

    # --- Jekyll -----------------------------------------------------------------------------------------

    def left_out(self, rel: str, is_dir: bool) -> bool:
        """Whether Jekyll leaves out the entry at `rel` ("/"-separated, relative to the root), as its
        EntryFilter does: `include` keeps it; else `exclude` (with Jekyll's defaults) or the destination leave
        it out, and so does a name starting with `_`, `.`, `#` or `~`, or ending with `~`."""
        name = rel.rsplit("/", 1)[-1]
        if _globbed(self.include, rel, is_dir) or _globbed(self.include, name, is_dir):
            return False
        dest = self.destination.strip("/")
        if _globbed(self.exclude, rel, is_dir) or rel == dest or rel.startswith(dest + "/"):
            return True
        return bool(_SPECIAL.search(name))

    def excluded(self, rel: str, is_dir: bool) -> bool:
        """`exclude` alone (for entries inside a post folder, where Jekyll reads every file)."""
        name = rel.rsplit("/", 1)[-1]
        if _globbed(self.include, rel, is_dir) or _globbed(self.include, name, is_dir):
            return False
        return _globbed(self.exclude, rel, is_dir)

    def post_folder(self, parent_rel: str, name: str) -> bool:
        """Whether the folder `name` in `parent_rel` holds posts or a collection's documents."""
        coll = self.collections_dir.strip("/")
        below = parent_rel == coll or not coll or parent_rel.startswith(coll + "/")
        if name in JEKYLL_POST_FOLDERS and below:
            return True
        return parent_rel == coll and name.startswith("_") and name[1:] in self.collections

    # --- Hugo -------------------------------------------------------------------------------------------

    def in_content(self, rel: str) -> bool:
        """Whether the entry at `rel` ("/"-separated, relative to the root; "" the root) lies in a content folder:
        with `contentDir = "."`, anything but Hugo's own folders (`HUGO_FOLDERS`, `publish_dir`)."""
        if any(rel == d or rel.startswith(d + "/") for d in self.content_dirs if d != "."):
            return True
        top = rel.split("/", 1)[0]
        return "." in self.content_dirs and top not in HUGO_FOLDERS and top != self.publish_dir.strip("/")

    def ignored_file(self, path: str) -> bool:
        for pattern in self.ignore_files:
            try:
                if re.search(pattern, path):
                    return True
            except re.error:
                continue
        return False


def _globbed(patterns: tuple[str, ...], rel: str, is_dir: bool) -> bool:
    """Jekyll's EntryFilter#glob_include?: a pattern matches `rel` as a glob (`*` crosses "/"), as a prefix of
    it, or, for a folder, as the folder's name with a "/" after it."""
    return any(
        p and (fnmatch.fnmatchcase(rel, p) or rel.startswith(p) or (is_dir and p == rel + "/")) for p in patterns
    )


def is_repo_root(folder: str) -> bool:
    """A folder holding `.git` (a folder, or a file: a worktree or submodule) or `.hg`."""
    return os.path.lexists(os.path.join(folder, ".git")) or os.path.isdir(os.path.join(folder, ".hg"))


def repo_root(path: str) -> str | None:
    """The repository that `path` (absolute) lies in: the nearest folder above it holding `.git`, or None."""
    for folder in _upward(path):
        if is_repo_root(folder):
            return folder
    return None


def _upward(path: str):
    folder = os.path.abspath(path)
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def find_site(path: str | os.PathLike) -> Site | None:
    """The site that the folder or file `path` lies in: the nearest folder upward (the folder itself first, up
    to the repository's root) that holds a Jekyll or Hugo config; None when there is none. Outside a repository,
    never above the user's home, nor above the first folder holding a site config file that makes no site."""
    start = os.path.abspath(path)
    if not os.path.isdir(start):
        start = os.path.dirname(start)
    in_repo = repo_root(start) is not None
    home = os.path.abspath(os.path.expanduser("~"))
    for folder in _upward(start):
        site = site_at(folder)
        if site is not None:
            return site
        if is_repo_root(folder):
            return None
        if not in_repo and (folder == home or _holds_site_config(folder)):
            return None
    return None


def _holds_site_config(folder: str) -> bool:
    """Whether `folder` holds a file named as a site's config (whether or not it makes a site)."""
    names = JEKYLL_CONFIGS + HUGO_CONFIGS + GENERIC_CONFIGS
    return any(os.path.lexists(os.path.join(folder, n)) for n in names) or os.path.isdir(
        os.path.join(folder, "config", "_default")
    )


@functools.lru_cache(maxsize=4096)
def site_at(folder: str) -> Site | None:
    """The site whose root is `folder` (absolute), or None when it holds no site config."""
    for name in JEKYLL_CONFIGS:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return _jekyll(folder, path)
    for name in HUGO_CONFIGS:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return _hugo(folder, path)
    for name in GENERIC_CONFIGS:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            data, problem = _load(path)
            if not problem and isinstance(data, dict) and {str(k).lower() for k in data} & HUGO_KEYS:
                site = _hugo(folder, path, data)
                if any(os.path.isdir(os.path.join(folder, d)) for d in site.content_dirs):
                    return site  # Hugo's keys and its content folder: a `theme = "dark"` alone is no site
    default = os.path.join(folder, "config", "_default")
    if os.path.isdir(default):
        for name in HUGO_CONFIGS + GENERIC_CONFIGS:
            path = os.path.join(default, name)
            if os.path.isfile(path):
                return _hugo(folder, path)
    return None


def _load(path: str) -> tuple[object, str]:
    """The parsed config file, or (None, why not). YAML aliases are refused, as in front matter."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            return None, f"larger than {MAX_CONFIG_BYTES:,} bytes"
        text = data.decode("utf-8-sig")
        if path.endswith(".toml"):
            return tomllib.loads(text), ""
        if path.endswith(".json"):
            return json.loads(text), ""
        from summarizer.posts.formats.yaml_fm import _Loader, key_lines

        if text.strip():
            key_lines(text)  # refuses aliases and deep nesting before anything is built
        return yaml.load(text, Loader=_Loader), ""
    except (OSError, ValueError, yaml.YAMLError, RecursionError) as exc:  # InvalidPost is a ValueError
        return None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


def _mapping(data: object, problem: str) -> tuple[dict, str]:
    """A config's settings: {} for an empty file; {} and why, for a broken one or one that is not a mapping."""
    if problem or data is None:
        return {}, problem
    if not isinstance(data, dict):
        return {}, "not a mapping of keys to values"
    return data, ""


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)))
    return ()


def _jekyll(folder: str, path: str) -> Site:
    data, problem = _load(path)
    data, problem = _mapping(data, problem)
    include = _strings(data.get("include"))
    exclude = tuple(p for p in dict.fromkeys(_strings(data.get("exclude")) + JEKYLL_EXCLUDES) if p not in include)
    collections = data.get("collections")
    if isinstance(collections, dict):
        named = tuple(
            str(k) for k, v in collections.items() if isinstance(v, dict) and v.get("output") is True and k != "posts"
        )
    else:
        named = ()  # a list of names: collections without output
    coll_dir = data.get("collections_dir")
    coll_dir = coll_dir.strip("/") if isinstance(coll_dir, str) else ""
    dest = data.get("destination")
    below = os.path.join(folder, coll_dir)
    signs = [os.path.join(below, f) for f in (*JEKYLL_POST_FOLDERS, *(f"_{c}" for c in named))]
    signs += [os.path.join(folder, f) for f in ("_layouts", "_includes", "Gemfile")]
    return Site(
        JEKYLL,
        folder,
        path,
        exclude=exclude,
        include=include,
        collections=named,
        collections_dir=coll_dir,
        destination=dest if isinstance(dest, str) and dest.strip("/") else "_site",
        problem=problem,
        strong=any(os.path.lexists(p) for p in signs),  # posts, layouts or a Gemfile: more than a stray config
    )


def _hugo(folder: str, path: str, data: object = None) -> Site:
    problem = ""
    if data is None:
        data, problem = _load(path)
    data, problem = _mapping(data, problem)
    keys = {str(k).lower(): v for k, v in data.items()}
    dirs = [keys.get("contentdir") if isinstance(keys.get("contentdir"), str) else "content"]
    languages = keys.get("languages")
    if isinstance(languages, dict):
        for lang in languages.values():
            if isinstance(lang, dict):
                value = {str(k).lower(): v for k, v in lang.items()}.get("contentdir")
                if isinstance(value, str):
                    dirs.append(value)
    content = tuple(dict.fromkeys(d.strip("/") or "." for d in dirs if d.strip()))
    return Site(
        HUGO,
        folder,
        path,
        content_dirs=content or ("content",),
        ignore_files=_strings(keys.get("ignorefiles")),
        publish_dir=keys["publishdir"] if isinstance(keys.get("publishdir"), str) else "public",
        problem=problem,
    )


def default_field(site: Site | None, front_matter: str) -> str:
    """The summary field a post gets when none is configured: its site's (Jekyll `excerpt`, Hugo `summary`);
    outside a site, `summary` in TOML or JSON front matter (only Hugo reads those), else `excerpt`."""
    if site is not None:
        return site.field
    return FIELDS[HUGO] if front_matter in HUGO_FORMATS else FIELDS[JEKYLL]
