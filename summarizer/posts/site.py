"""A site and what it publishes: Jekyll (`_config.yml`) or Hugo (`hugo.toml`, or `config.toml`/`config.yaml`/
`config.json` with Hugo's own keys, or `config/_default/`). Which site a post belongs to is found, and its config
read, in `site_find`. What the walk takes from a site (see `walk`):

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
import re
from dataclasses import dataclass

JEKYLL, HUGO = "Jekyll", "Hugo"
FIELDS = {JEKYLL: "excerpt", HUGO: "summary"}  # the summary field each kind of site's themes read
# The front matter only Hugo reads (Jekyll's is YAML): a post in such a file is Hugo's, whatever its folder.
HUGO_FORMATS = {"toml", "json"}
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
    "_vendor",  # `hugo mod vendor`: the modules' own files (a theme's exampleSite)
)
# The settings that move Hugo's own folders ("themesDir", ...): the folders they name are never content either.
HUGO_DIR_KEYS = ("themesdir", "layoutdir", "archetypedir", "assetdir", "datadir", "i18ndir", "resourcedir", "staticdir")
_SPECIAL = re.compile(r"\A[._#~]|~\Z")  # what Jekyll leaves out unless `include` names it (special?, backup?)


@dataclass(frozen=True)
class Site:
    kind: str  # JEKYLL or HUGO
    root: str  # absolute; resolved (`find_site`, and the walk's `site_at`: it compares it with real paths)
    config: str  # the config file (or folder, Hugo's config/_default) that made it a site
    exclude: tuple[str, ...] = ()  # Jekyll: exclude, with Jekyll's defaults, minus include
    include: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()  # Jekyll: collections with output: true (their names, no "_")
    collections_dir: str = ""  # Jekyll: "" is the root
    destination: str = "_site"  # Jekyll
    content_dirs: tuple[str, ...] = ("content",)  # Hugo, relative to the root
    ignore_files: tuple[str, ...] = ()  # Hugo: regular expressions of files left out
    publish_dir: str = "public"  # Hugo: where it writes the site (never content)
    own_dirs: tuple[str, ...] = ()  # Hugo: its folders moved by settings (`HUGO_DIR_KEYS`), never content
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
        with `contentDir = "."`, anything but Hugo's own folders (`HUGO_FOLDERS`, `publish_dir`, `own_dirs`)."""
        if any(rel == d or rel.startswith(d + "/") for d in self.content_dirs if d != "."):
            return True
        top = rel.split("/", 1)[0]
        own = (self.publish_dir.strip("/"), *self.own_dirs)
        return "." in self.content_dirs and top not in HUGO_FOLDERS and top not in own

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


def default_field(site: Site | None, front_matter: str) -> str:
    """The summary field a post gets when none is configured: its site's (Jekyll `excerpt`, Hugo `summary`);
    outside a site, `summary` in TOML or JSON front matter (only Hugo reads those), else `excerpt`."""
    if site is not None:
        return site.field
    return FIELDS[HUGO] if front_matter in HUGO_FORMATS else FIELDS[JEKYLL]
