"""Finding the site a path lies in, and reading its config into a `Site` (see `site`).

A site is found upward from a path, up to the repository's root (a folder holding `.git`): the nearest folder
holding a site config. Outside a repository the search stops at the user's home and at the first folder holding
a site config file at all (a stray `config.toml` that is no site's ends it). Both are looked up from the path's real
location (every symbolic link resolved): a PATH that is a link, or lies under one, is in its target's. A
`config.*` (config.toml, .yaml, .json) is Hugo's when it holds Hugo's own keys and, outside a repository, its
content folder or `[[module.mounts]]` too.
"""

from __future__ import annotations

import functools
import json
import os

import yaml

from summarizer.posts.formats.toml_fm import tomllib
from summarizer.posts.site import HUGO, HUGO_DIR_KEYS, JEKYLL, JEKYLL_POST_FOLDERS, Site

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
MAX_CONFIG_BYTES = 1_000_000


def is_repo_root(folder: str) -> bool:
    """A folder holding `.git` (a folder, or a file: a worktree or submodule) or `.hg`."""
    return os.path.lexists(os.path.join(folder, ".git")) or os.path.isdir(os.path.join(folder, ".hg"))


def repo_root(path: str) -> str | None:
    """The repository that `path` lies in: the nearest folder above its real location (every symbolic link
    resolved, as git does) holding `.git`, or None."""
    for folder in _upward(os.path.realpath(path)):
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
    never above the user's home, nor above the first folder holding a site config file that makes no site. Looked
    up from the real location of `path` (a link to a folder in a site is in that site): the site's root is a real
    path."""
    start = os.path.abspath(path)
    if not os.path.isdir(start):
        start = os.path.dirname(start)  # a file's folder (a file that is a link: the folder it was named in)
    start = os.path.realpath(start)
    in_repo = repo_root(start) is not None
    home = os.path.realpath(os.path.expanduser("~"))
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
                module = {str(k).lower(): v for k, v in data.items()}.get("module")
                mounts = isinstance(module, dict) and bool(module.get("mounts"))
                if (
                    mounts
                    or repo_root(folder) is not None
                    or any(os.path.isdir(os.path.join(folder, d)) for d in site.content_dirs)
                ):
                    return (
                        site  # outside a repository: Hugo's keys and its content folder or mounts, not a stray config
                    )
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
        own_dirs=_own_dirs(keys),
        problem=problem,
    )


def _own_dirs(keys: dict) -> tuple[str, ...]:
    """The first folder of each of Hugo's folders a setting moves (themesDir = "mythemes"; staticDir may be a
    list), relative to the root."""
    found = []
    for key in HUGO_DIR_KEYS:
        values = keys.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value.strip("/") and not os.path.isabs(value):
                found.append(value.strip("/").split("/", 1)[0])
    return tuple(dict.fromkeys(f for f in found if f not in (".", "..")))
