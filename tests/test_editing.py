"""Editing over Kiwi morphemes: deletable units, re-realized endings, output checks."""

import pytest

from summarizer.text.editing import balanced, edit, repeats_word, units
from summarizer.text.endings import ends_properly, re_end, style_of
from summarizer.text.kiwi import get_kiwi
from summarizer.text.sentence_kinds import announces, never_summary

from .conftest import sentence


def test_units_are_whole_grammatical_units():
    s = sentence("한편, 정부는 (가칭) 다양한 지원을 매우 빠르게 제공했습니다.")
    assert [(u.kind, s.text[u.start : u.end]) for u in units(s)] == [
        ("opener", "한편,"),
        ("paren", "(가칭)"),
        ("modifier", "다양한"),
        ("adverb", "매우"),
    ]


@pytest.mark.parametrize("text", ["정부는 지원을 안 했다.", "정부는 지원을 못 했다.", "그는 가장 먼저 왔다."])
def test_negation_and_degree_adverbs_are_never_units(text):
    s = sentence(text)
    assert all(s.text[u.start : u.end] not in ("안", "못", "가장") for u in units(s))


@pytest.mark.parametrize(
    "text, style, expected",
    [
        ("정부가 공동성명을 발표했습니다.", "plain", "정부가 공동성명을 발표했다."),
        ("정부가 공동성명을 발표했습니다.", "noun", "정부가 공동성명을 발표."),
        ("이번 행사는 연중 두 번만 열립니다.", "plain", "이번 행사는 연중 두 번만 열린다."),
        ("이번 행사는 연중 두 번만 열립니다.", "noun", "이번 행사는 연중 두 번만 열림."),
        ("피해가 큽니다.", "plain", "피해가 크다."),
        ("확인할 수 있습니다.", "plain", "확인할 수 있다."),
        ("지정될 예정입니다.", "plain", "지정될 예정이다."),
        ("지정될 예정입니다.", "noun", "지정될 예정."),
        ("시는 요금을 올린다.", "polite", "시는 요금을 올립니다."),
        ("책을 먹는다.", "polite", "책을 먹습니다."),
        ("지금 예약해 보세요!", "plain", "지금 예약해 보세요!"),  # a request is left as it is
    ],
)
def test_re_end(text, style, expected):
    assert edit(sentence(text), set(), style) == expected


def test_re_end_uses_the_jamo_nominal_ending():
    tokens = [(t.form, t.tag) for t in get_kiwi().tokenize("행사가 열립니다.")]
    assert ("ᆷ", "ETN") in re_end(tokens, "noun")
    assert get_kiwi().join(re_end(tokens, "noun")) == "행사가 열림."


def test_edit_drops_units_and_tidies_spacing():
    s = sentence("한편, 정부는 (가칭) 다양한 지원을 매우 빠르게 제공했습니다.")
    assert edit(s, {0, 1}, "plain") == "정부는 다양한 지원을 매우 빠르게 제공했다."
    assert edit(s, set(), None) == s.text


@pytest.mark.parametrize(
    "text, style",
    [
        ("클래스 이름을 .btn에서 .button, .link로 변경.", None),
        ("클래스 이름을 .btn에서 .button, .link로 변경.", "noun"),
        ("설정 파일은 .env 로 둔다.", "plain"),
    ],
)
def test_edit_keeps_the_space_before_a_word_that_starts_with_punctuation(text, style):
    assert edit(sentence(text), set(), style) == text  # it once became "클래스 이름을.btn에서.button,.link로 변경."


def test_a_cut_before_punctuation_and_a_closing_quote_leaves_no_space():
    s = sentence("시장은 “요금을 올리지 않겠다 (잠정),”라고 말했다.")
    assert edit(s, {0}, None) == "시장은 “요금을 올리지 않겠다,”라고 말했다."


@pytest.mark.parametrize(
    "text, style",
    [
        ("발표했다.", "plain"),
        ("발표했습니다.", "polite"),
        ("공동성명 발표.", "noun"),
        ("지금 확인하세요!", "request"),
        ("무엇일까?", "other"),
        ("큰 관심을 받고 있음.", "noun"),
        ("어려운 시간을 겪었음.", "noun"),
    ],
)
def test_style_of(text, style):
    assert style_of(sentence(text).tokens) == style


def test_checks():
    assert repeats_word("한미일 간의 공동 공동 규탄을 발표했다.")
    assert not repeats_word("공동 성명을 발표했다.")
    assert ends_properly(sentence("공동 성명을 발표했다."))
    assert not ends_properly(sentence("공동 성명을 발표하며"))


@pytest.mark.parametrize(
    "text, whole",
    [
        ("먼저 문서를 읽어라.", True),
        ("같이 공부해 보자.", True),
        ("벌써 7월이네요.", True),
        ("공동성명 발표.", True),
        ("공동 성명을 발표하며.", False),
        ("공동 성명을 발표했다", False),
    ],
)
def test_any_final_ending_is_a_whole_sentence(text, whole):
    assert ends_properly(sentence(text)) is whole  # plain imperatives and …요 made whole excerpts fall back


@pytest.mark.parametrize(
    "text, filler",
    [
        ("이에 대한 외교부의 공식 발표 내용을 살펴보겠습니다.", True),
        ("오늘은 장마 대비 요령을 알아보겠습니다.", True),
        ("버스 요금은 얼마나 오를까요?", True),
        ("네, 현장에서도 신청할 수 있습니다.", True),
        ("한미일은 공동성명을 발표했습니다.", False),
        ("네이버는 새 서비스를 공개했다.", False),
        ("본 문서에서는 호텔의 주요 특징을 상세히 설명합니다.", True),
        ("이 글에서는 신청 방법을 정리합니다.", True),
        ("이번 개정안은 국회를 통과했다.", False),
        ("클라이언트가 연결을 끊으면 하위 작업도 함께 취소되기 때문입니다.", True),  # a reason for what came before
        ("값 타입이기 때문이다.", True),
        ("조인이 비싸지는 이유는 결국 중간 결과가 커지기 때문이다.", False),  # names what it explains
        ("요금이 오른 것은 연료비가 올랐기 때문이다.", False),
    ],
)
def test_filler_sentences(text, filler):
    s = sentence(text)
    assert (never_summary(s) or announces(s)) is filler  # what a site that drops announcements leaves out


def test_coordinate_clauses_after_the_subject_are_units():
    s = sentence(
        "한미일은 외교 협력을 더욱 강화하고, 미국의 방위 공약을 지지하며, 대화의 길을 열려 있음을 재확인하고 "
        "북한이 추가 도발을 중단하고 협상으로 돌아오도록 촉구했습니다."
    )
    clauses = [i for i, u in enumerate(units(s)) if u.kind == "clause"]
    assert [s.text[units(s)[i].start : units(s)[i].end] for i in clauses] == [
        "외교 협력을 더욱 강화하고,",
        "미국의 방위 공약을 지지하며,",
        "대화의 길을 열려 있음을 재확인하고",
    ]
    assert edit(s, set(clauses), "plain") == "한미일은 북한이 추가 도발을 중단하고 협상으로 돌아오도록 촉구했다."


@pytest.mark.parametrize(
    "text, cut",
    [
        # the next clause has its own topic: cutting would leave "A씨는 이는 …" (found reading the date split)
        (
            "교사 A씨는 여러 곳에서 불법으로 촬영한 혐의를 받고 있으며, "
            "이는 단순한 범죄가 아닌 심각한 범죄로 여겨집니다.",
            None,
        ),
        ("한옥에서의 숙박은 그 자체로 특별한 경험이며, 한옥 스테이 본관은 이 경험을 더욱 가득 채워줍니다.", None),
        # a linking adverb goes with the clause before it, not left dangling ("서울시는 나아가 …")
        (
            "서울시는 이 새로운 관광 콘텐츠를 통해 서울의 아름다움을 소개하고, "
            "나아가 야경 관광 활성화에 기여하고자 합니다.",
            "서울시는 야경 관광 활성화에 기여하고자 합니다.",
        ),
    ],
)
def test_a_clause_cut_never_leaves_two_topics_or_a_dangling_link(text, cut):
    s = sentence(text)
    clauses = {i for i, u in enumerate(units(s)) if u.kind == "clause"}
    assert (edit(s, clauses, None) if clauses else None) == cut


def test_an_opening_bracket_never_closed_is_dropped():
    assert edit(sentence("<유력한 후보인 해리스 부통령이 접전을 벌이고 있습니다."), set(), "plain") == (
        "유력한 후보인 해리스 부통령이 접전을 벌이고 있다."
    )
    assert edit(sentence("(가칭) 시민공원이 문을 연다."), set(), None) == "(가칭) 시민공원이 문을 연다."


def test_no_clause_is_cut_inside_a_quotation():
    s = sentence('구청 관계자는 "시장 상인과 함께 안전하고 깨끗한 야시장을 만들겠다"고 말했다.')
    assert not [u for u in units(s) if u.kind == "clause"]


def test_balanced():
    assert balanced('그는 "좋다"고 말했다.') and balanced("“좋다”고 했다.")
    assert not balanced('깨끗한 야시장을 만들겠다"고 말했다.') and not balanced("(가칭 시민공원")


@pytest.mark.parametrize(
    "text, style, expected",
    [
        ("그는 끝내 못했습니다.", "plain", "그는 끝내 못했다."),  # Kiwi.join alone would write "못 했다"
        ("메서드를 호출합니다.", "plain", "메서드를 호출한다."),
        ("그곳은 선수들의 자리였다.", "polite", "그곳은 선수들의 자리였습니다."),  # not "자리이었습니다"
        ("이는 상해의 위험을 증가시켰습니다.", "noun", "이는 상해의 위험을 증가시켰음."),  # not "위험을 증가."
        ("행사가 열렸습니다!", "noun", "행사가 열렸음."),
        ("고객이 요청하실 수 있습니다.", "plain", "고객이 요청하실 수 있습니다."),  # honorific wording stays polite
        ("기여할 수 있을 것입니다.", "noun", "기여할 수 있을 것입니다."),  # not the bare "것." (read blind, round 2)
    ],
)
def test_endings_keep_the_articles_spacing_and_grammar(text, style, expected):
    assert edit(sentence(text), set(), style) == expected


@pytest.mark.parametrize(
    "text, unit, edited",
    [
        (
            "국제올림픽위원회 (IOC)는 결정을 내렸다.",
            "(IOC)",
            "국제올림픽위원회는 결정을 내렸다.",
        ),  # good: the particle rejoins
        ("한편, 정부는 지원을 제공했습니다.", "한편,", "정부는 지원을 제공했습니다."),
        ("수도권광역급행철도(GTX)-D 노선이 확정됐다.", None, None),  # bad: part of a name
        ("이 배는 (구) 세월호였다.", None, None),  # bad: "(구)" says "former"
    ],
)
def test_paren_and_opener_units(text, unit, edited):
    s = sentence(text)
    found = [u for u in units(s) if u.kind in ("paren", "opener")]
    assert [s.text[u.start : u.end] for u in found] == ([unit] if unit else [])
    if unit:
        assert edit(s, {units(s).index(found[0])}, None) == edited


@pytest.mark.parametrize(
    "text",
    [
        # the main clause has its own subject: the topic belongs to the clause a cut would remove (read blind)
        "크라우드웍스는 전문 데이터 작업자 육성을 위한 교육사업을 운영해오고 있으며, "
        "LLM에 대한 전문 교육 수요도 급격히 증가하고 있습니다.",
        "탑 모텔은 깨끗한 객실을 제공하며, 이용자들의 다양한 피드백이 수집되고 있다.",
    ],
)
def test_no_clause_cut_leaves_a_topic_without_its_predicate(text):
    assert not [u for u in units(sentence(text)) if u.kind == "clause"]


@pytest.mark.parametrize(
    "text",
    [
        "숙소의 침실 수는 3개이며, 각각 최대 6명까지 수용할 수 있습니다.",
        # a parenthetical is a unit the editor may drop; one that holds a number never is
        "스위트룸(최대 4명)은 바다가 보이는 발코니를 갖추고 있습니다.",
        "공사비는 모두 120억 원(국비 60억 원 포함)이 들어갔습니다.",
    ],
)
def test_a_cut_never_removes_a_number(text):
    s = sentence(text)
    assert not [u for u in units(s) if any(s.tokens[k][1] == "SN" for k in u.tokens)]


def test_a_parenthetical_without_a_number_is_a_unit():
    s = sentence("스위트룸(바다 전망)은 넓은 발코니를 갖추고 있습니다.")
    assert [s.text[u.start : u.end] for u in units(s) if u.kind == "paren"] == ["(바다 전망)"]


@pytest.mark.parametrize(
    "text, never, announcement",
    [
        ("데이터 분석가 김철수입니다.", True, False),
        ("DevOps 팀의 홍길동입니다.", True, False),
        ("안녕하세요.", True, False),
        ("다음과 같은 주요 내용을 포함하고 있습니다.", True, False),
        ("취소 및 선결제 정책: 숙박 옵션에 따라 다름.", True, False),
        ("요청하신 주제로 기사를 작성해 드리겠습니다.", True, False),
        ("DevOps 팀의 Sammie입니다.", True, False),  # read blind on a tech blog: self-introductions were picked
        ("한빛소프트에서 data scientist로 근무하는 김민수입니다.", True, False),
        ("긴 글 읽어주셔서 감사합니다!", True, False),
        ("지난 글에서는 배포 방법에 대해 다루었습니다.", True, False),  # a recap of the previous post of a series
        ("이것은 개발자가 가장 많이 쓰는 도구입니다.", False, False),
        ("SRE 팀의 Ken.K입니다.", True, False),
        ("👋 모바일 앱 팀의 김철수, 이영희 입니다.", True, False),  # two authors: was picked as a summary sentence
        ("모바일 앱 팀의 Kim과 Lee입니다.", True, False),
        (
            "경기 결과는 우리 팀의 승리입니다.",
            False,
            False,
        ),  # found in review: a topic before the "role" is no introduction
        ("삼성전자가 하반기 채용공고를 냈다.", False, False),
        ("이번 글에서는 Redis 캐시 전략을 다뤄보겠습니다.", False, True),  # kept where the site's summaries announce
        ("본 문서에서는 호텔의 주요 특징을 상세히 설명합니다.", False, True),
        ("정부는 오늘 새 정책을 발표했습니다.", False, False),
        ("팀은 새 기능을 다음 달에 공개한다.", False, False),
    ],
)
def test_sentences_that_are_never_a_summary_and_announcements(text, never, announcement):
    s = sentence(text)
    assert (never_summary(s), announces(s)) == (never, announcement)


def test_an_opening_conjunction_is_dropped_in_the_articles_voice():
    from summarizer.engines.edited_digest import dangling_openers

    s = sentence("하지만 정부는 새 정책을 발표했습니다.")
    assert edit(s, dangling_openers(s), None) == "정부는 새 정책을 발표했습니다."
    assert not dangling_openers(sentence("정부는 새 정책을 발표했습니다."))


@pytest.mark.parametrize(
    "text, back",
    [
        ("이처럼 다양한 즐길 거리가 있습니다.", True),
        ("따라서 요금이 오른다.", True),
        ("이는 단순한 범죄가 아니다.", True),
        ("이번 행사는 연중 두 번만 열린다.", False),
        ("이동통신 3사가 요금을 내렸다.", False),
    ],
)
def test_sentences_that_point_back(text, back):
    from summarizer.text.sentence_kinds import leans_back

    assert leans_back(text) is back
