"""Kinds of sentences an excerpt leaves out: those that are never a summary on any site, and announcements,
which some sites drop and others summarize with (whether they are kept is learned, see
`EditorConfig.drop_announcements`)."""

from __future__ import annotations

import re

from summarizer.text.kiwi import Sentence

# Sentences about the text itself: an announcement of what follows ("…을 살펴보겠습니다.") or a sentence about
# the post ("본 문서에서는 …"). Some sites drop them, others summarize with exactly these: whether they are kept
# is learned (EditorConfig.drop_announcements), never assumed.
ANNOUNCE = re.compile(
    r"(알아|살펴|정리해|소개해|안내해|안내|확인해|설명해|말씀드리|전해|다뤄|다루어)\s?(보겠습니다|봅시다|"
    r"보도록 하겠습니다|드리겠습니다|드릴게요|볼게요|보죠|보세요|겠습니다|보려 합니다|보고자 합니다)[.!]?$"
)
TEXT_WORDS = ("문서", "글", "기사", "포스팅", "포스트", "페이지")  # what a text calls itself: "이 글에서는 …"
_META = re.compile(rf"^(본|이|이번)\s?({'|'.join(TEXT_WORDS)})(에서는|에서|은|는)\s")
_FAQ = re.compile(r"^(네|아니요|아니오|예)[,.!\s]")
# Sentences that are never a summary on any site: a writing assistant's preamble ("…기사를 작성해 드리겠습니다",
# "저의 전문분야는 …"), a self-introduction ("데이터 분석가 ○○○입니다", "DevOps 팀의 ○○입니다", "안녕하세요"), a
# thank-you or season's greeting, a recap of an earlier post ("지난 글에서는 …", "1부에서는 …"), a pointer to
# what follows ("다음과 같은 …을 포함하고 있습니다"), a labelled list fragment ("취소 정책: 옵션에 따라 다름").
_PREAMBLE = re.compile(
    r"(작성해\s?(드리|드릴|보겠|볼게)|작성하겠습니다|작성해 봤습니다|써\s?(드리겠|보겠)|요청하신|"
    r"^(저의|제)\s?(전문\s?분야|이름|소개)|^안녕하세요|^반갑습니다)"
)
_NAME = r"([가-힣]{2,4}|[A-Za-z][\w.]{0,15})"  # a name in a self-introduction; several: "김철수, 이영희입니다"
_SELF = re.compile(
    r"^\W*(저는\s)?(?P<before>.{0,60}?)(?:^|\s|\W)(팀|Team|team|Lab|Studio|분석가|개발자|엔지니어|"
    r"[Ee]ngineer|[Dd]eveloper|[Ss]cientist|디자이너|기자|에디터|매니저|리더|인턴|연구원|마케터|기획자|"
    r"대표|운영자|근무하는|근무 중인|일하고 있는|일하는)(의|로|,)?\s?("
    + _NAME
    + r"(\s?(,|와|과|및|&)\s?"
    + _NAME
    + r"){0,5})?"
    r"(\s?\([^)]{1,12}\))?\s?(입니다|예요|이에요|라고 합니다)[.!]?\W*$"
)
_TOPIC_BEFORE = re.compile(r"\S(은|는|이|가)\s")
_CLOSING = re.compile(r"(읽어\s?주셔서|봐\s?주셔서|들어\s?주셔서)\s?(감사|고맙)|가득하기를 바랍니다")
_RECAP = re.compile(
    r"^(지난|이전|앞선)\s?(글|포스트|포스팅|편|시간|회)(에서|에서는|의)\s|^\d+\s?(부|편|탄)에서(는)?[,\s]"
)
_POINTER = re.compile(
    r"(다음|아래|이하)(과|와)\s?같(습니다|다|은|이)|다음(의|과 같은)?\s?(내용|사항|항목)"
    r"|^(아래|다음|이하|위)(는|의|에서는?|와|과|를|에)\s"  # "아래는 기본적인 구조 예시다.": what is gone
    r"|(자세한|더 많은|구체적인)\s?(내용|정보|사항)(은|는)"  # "자세한 내용은 여기에서 확인할 수 있다."
    r"|(끝까지|본문에서|링크에서|여기에서|여기서)\s?(확인|읽어|보세요)"
)
# A rule the reader must follow, not what the post is about: an obligation or a prohibition ("체크아웃은 정해진 시간
# 안에 완료해야 합니다", "흡연이 엄격히 금지되어 있습니다", "엑스트라 베드 제공하지 않음").
_RULE = re.compile(
    r"[가-힣]야\s?(합니다|한다|함|해요|돼요|된다|됩니다)[.!]?$"
    r"|금지(되어|돼|됩니다|된다|함|입니다)|허용되지\s?않|지\s?(말아\s?주세요|마세요|마십시오|말\s?것)|삼가"
    r"|(제공|이용|허용)(하지 않|되지 않|이? 불가)(음|습니다|는다|함)?[.!]?$"
)
_LABEL = re.compile(r"^[^.!?:]{1,30}:\s")
# A call to click or follow a link: an instruction about the page, not what the post says ("…를 클릭하여 예매를
# 진행하시기 바랍니다", "링크를 통해 확인해 보세요").
_CLICK = re.compile(
    r"(클릭|링크|바로\s?가기|버튼|배너|참고)(을|를|하여|해서|하시면|하면|를 통해|에서)?\s?.{0,40}"
    r"(세요|바랍니다|십시오|주세요)[.!~]*$"
)


# A reason given for what the sentence before says ("…기 때문이다."), unless it names what it explains ("… 이유는",
# "…한 것은"): out of its paragraph it answers a question nobody asked.
_REASON = re.compile(
    r"^(?!.*(이유|까닭|원인|것|탓)(은|는)\s).*기\s?때문(이다|입니다|이에요|이죠|이지요|이었다|이었습니다)[.!]?\W*$"
)


def never_summary(s: Sentence) -> bool:
    """A sentence no site's summary is made of: a question, an FAQ answer, a writing assistant's preamble, a
    self-introduction, a thank-you, a recap of an earlier post, a pointer to what follows or to elsewhere ("자세한
    내용은 여기에서 확인할 수 있다"), a house rule (an obligation or a prohibition), or a labelled list fragment
    ("정책: 옵션에 따라 다름"), or a reason for what came before ("…기 때문이다.")."""
    text = s.text.strip()
    me = _SELF.match(text)
    introduces = bool(me) and not _TOPIC_BEFORE.search(me.group("before") + " ")
    return bool(
        text.endswith("?")
        or _FAQ.match(text)
        or _PREAMBLE.search(text)
        or introduces
        or _CLOSING.search(text)
        or _RECAP.match(text)
        or _POINTER.search(text)
        or _RULE.search(text)
        or _CLICK.search(text)
        or _LABEL.match(text)
        or _REASON.match(text)
    )


def announces(s: Sentence) -> bool:
    """An announcement of what follows ("…을 살펴보겠습니다.") or a sentence about the text ("본 문서에서는 …")."""
    text = s.text.strip()
    return bool(ANNOUNCE.search(text) or _META.match(text))


# A sentence that opens by pointing back ("이처럼 …", "따라서 …", "이는 …") needs the sentence before it.
_ANAPHOR = re.compile(
    r"^(이처럼|이와 같이|이같이|이러한|이런|이렇게|이에 따라|이에|이를|이는|이로써|이로 인해|이 때문에|이 외에도|"
    r"이밖에|이 밖에|그 결과|그래서|따라서|그러므로|그러나|하지만|또한|게다가|그리고|그런데|다만|특히|"
    r"그중|그 중|이때|이 때|그때|그 때|이 경우|그 경우|여기서|마찬가지로|(\S+\s)?[가-힣]+도 마찬가지로|"
    r"이것은|이것이|그것은)[\s,]"
)


def leans_back(text: str) -> bool:
    """Whether `text` opens by pointing back at a sentence before it."""
    return bool(_ANAPHOR.match(text.strip()))
