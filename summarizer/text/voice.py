"""Voice: the register an excerpt is written in, decided once per post (the registers and styles themselves are
in `summarizer.text.endings`). Every excerpt the condense stage writes is in one register.

Voices (the `voice` setting, flag `--voice`):
- `auto` (default): the voice `summarizer train` decided for posts like this one on the site's latest posts
  (`decided`: per category, "" for the site; a category it decided nothing for takes the site's decision);
  with a model that decided nothing (an older one), where the model knows the post's kind (a category it saw
  at least `MIN_CATEGORY_POSTS` times in training), the voice the model learned for posts like it
  (`learned`); on any other post, the article's own (`article`).
- `article`: the article's register (the one most of its sentences use); no closing phrase.
- `learned`: the ending style the model predicts for this post, and a closing phrase where it learned one.
- `plain` (…다), `polite` (…니다), `noun` (noun-final …발표. / …함.): that style for every sentence; the site's
  other habits (learned edits, dropped announcements, closing phrase) apply as under `auto`.
"""

from __future__ import annotations

from summarizer.text.endings import STYLES

DEFAULT_VOICE = "auto"
VOICES = (DEFAULT_VOICE, "article", "learned", *STYLES)
MIN_CATEGORY_POSTS = 20


def categories_of(meta: dict) -> tuple[str, ...]:
    """A post's categories (`categories`, else `category`; a string is one category), in order."""
    found = meta.get("categories") or meta.get("category") or ()
    if isinstance(found, (str, int, float)):
        found = [found]
    if not isinstance(found, (list, tuple)):
        return ()
    return tuple(dict.fromkeys(str(c) for c in found if isinstance(c, (str, int, float))))


def known_category(categories, table: dict[str, int]) -> bool:
    """Whether one of the post's categories has at least MIN_CATEGORY_POSTS training posts in `table`. A post
    without categories is known where the site trained on as many posts without categories (key "")."""
    return any(table.get(str(c), 0) >= MIN_CATEGORY_POSTS for c in categories or ("",))


def decided_for(categories, decided: dict[str, str], default: str = "") -> str:
    """What a per-category decision (category -> value, "" for the site's) says for a post: its first category
    that has one, else the site's, else `default`."""
    for category in categories or ():
        if str(category) in decided:
            return decided[str(category)]
    return decided.get("", default)


def resolve(voice: str, categories, table: dict[str, int], decided: dict[str, str] | None = None) -> str:
    """The voice used for one post: `auto` becomes the voice decided for posts like it (`decided`), or, with no
    decision, `learned` on a known category, else `article`."""
    if voice != "auto":
        return voice
    if decided:
        return decided_for(categories, decided, "article")
    return "learned" if known_category(categories, table) else "article"


def site_habits(voice: str, categories, table: dict[str, int], decided: dict[str, str] | None = None) -> bool:
    """Whether the training site's habits (its learned edits and ranking, dropped announcements, closing phrase)
    apply to a post: always under `learned`, never under `article`, else where `auto` would learn."""
    if voice in ("learned", "article"):
        return voice == "learned"
    return resolve("auto", categories, table, decided) == "learned"
