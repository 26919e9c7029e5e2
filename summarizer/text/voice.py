"""Voice: the register an excerpt is written in, decided once per post.

Korean prose has two registers that never mix in one well-written paragraph: the plain one (…다, and the
documentary …음/…함) and the polite one (…니다, …요, …세요). A noun-final sentence ("…공동성명 발표.") is
neutral: it fits either. Every excerpt the condense stage writes is in one register.

Voices (the `voice` setting, flag `--voice`):
- `auto` (default): where the model knows the post's kind (a category it saw at least
  `MIN_CATEGORY_POSTS` times in training), the voice the model learned for posts like it (`learned`);
  on any other post, the article's own (`article`).
- `article`: the article's register (the one most of its sentences use); no closing phrase.
- `learned`: the ending style the model predicts for this post, and a closing phrase where it learned one.
- `plain` (…다), `polite` (…니다), `noun` (noun-final …발표. / …함.): that style for every sentence; the site's
  other habits (learned edits, dropped announcements, closing phrase) apply as under `auto`.
"""

from __future__ import annotations

from collections import Counter

from summarizer.text.editing import NOMINAL, POLITE, ending_index, style_of
from summarizer.text.kiwi import PUNCT_TAGS

DEFAULT_VOICE = "auto"
VOICES = (DEFAULT_VOICE, "article", "learned", "plain", "polite", "noun")
REGISTERS = ("plain", "polite")
MIN_CATEGORY_POSTS = 20
STYLE_REGISTER = {"plain": "plain", "polite": "polite", "noun": "plain"}  # noun-final may end in …함 (plain)


def register_of(tokens: list[tuple[str, str]]) -> str | None:
    """'plain', 'polite' or None (neutral: noun-final, or no recognisable ending) of one sentence."""
    style = style_of(tokens)
    if style == "plain":
        return "plain"
    if style == "polite":
        return "polite"
    j = ending_index(tokens)
    if j is None:
        k = len(tokens) - 1
        while k >= 0 and tokens[k][1].startswith(PUNCT_TAGS):
            k -= 1
        # "…함." / "…했음." (a nominal ending) is the plain documentary style; "…발표." is neutral
        return "plain" if k >= 0 and tokens[k][1] == "ETN" and tokens[k][0] in NOMINAL else None
    form = tokens[j][0]
    if form in NOMINAL:
        return "plain"
    if form in POLITE or form.endswith(("니다", "니까", "요", "세요", "십시오", "ᆸ시다", "죠")):  # …ᆫ답니다, …옵니다
        return "polite"
    if form.endswith(("다", "자", "라", "냐", "니", "지", "네", "군")):
        return "plain"
    return None


def main_register(registers: list[str | None]) -> str | None:
    """The register most of the sentences use (ties go to polite); None when every sentence is neutral."""
    counts = Counter(r for r in registers if r)
    if not counts:
        return None
    return max(REGISTERS, key=lambda r: (counts[r], r == "polite"))


def clashes(registers: list[str | None]) -> bool:
    """Whether sentences of both registers are present."""
    return len({r for r in registers if r}) > 1


def fits(register: str | None, wanted: str | None) -> bool:
    """A sentence of `register` may stand in an excerpt whose register is `wanted`."""
    return register is None or wanted is None or register == wanted


def article_register(sentence_tokens: list[list[tuple[str, str]]]) -> str | None:
    """The register of the article: the one most of its sentences use."""
    return main_register([register_of(t) for t in sentence_tokens])


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


def resolve(voice: str, categories, table: dict[str, int]) -> str:
    """The voice used for one post: `auto` becomes `learned` on a known category, else `article`."""
    if voice != "auto":
        return voice
    return "learned" if known_category(categories, table) else "article"


def site_habits(voice: str, categories, table: dict[str, int]) -> bool:
    """Whether the training site's habits (its learned edits and ranking, dropped announcements, closing phrase)
    apply to a post: always under `learned`, never under `article`, else where `auto` would learn."""
    if voice in ("learned", "article"):
        return voice == "learned"
    return resolve("auto", categories, table) == "learned"
