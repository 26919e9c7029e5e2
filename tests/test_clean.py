"""Body cleaning: parametrized HTML and Markdown cases."""

import pytest

from summarizer.text.clean import clean_body


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<p>첫 문단입니다.</p><p>둘째 문단입니다.</p>", ["첫 문단입니다.", "둘째 문단입니다."]),
        ("<p><img src='a.jpg' alt='사진'/></p><p>본문 문장입니다.</p>", ["본문 문장입니다."]),
        ("![썸네일](https://x/y.jpg)\n\n본문 문장입니다.", ["본문 문장입니다."]),
        ("<h2>소제목</h2><p>본문 문장입니다.</p>", ["본문 문장입니다."]),
        ("## 마크다운 소제목\n\n본문 문장입니다.", ["본문 문장입니다."]),
        ("<table><tr><td>표 안의 글</td></tr></table><p>본문 문장입니다.</p>", ["본문 문장입니다."]),
        ("| 출발 | 도착 |\n|---|---|\n| 10:45 | 13:22 |\n\n본문 문장입니다.", ["본문 문장입니다."]),
        ("<p><a href='https://x'>링크만 있는 줄</a></p><p>본문 문장입니다.</p>", ["본문 문장입니다."]),
        (
            "<p>자세한 내용은 <a href='https://x'>여기</a>에서 볼 수 있습니다.</p>",
            ["자세한 내용은 여기에서 볼 수 있습니다."],
        ),
        ("[링크](https://x) 를 눌러 본문 문장을 확인합니다.", ["링크 를 눌러 본문 문장을 확인합니다."]),
        ("<p>최저가 예약하기 👈 클릭</p><p>본문 문장입니다.</p>", ["본문 문장입니다."]),
        ("<p>본문 문장입니다.</p><p>출처: 어느 신문</p>", ["본문 문장입니다."]),
        (
            "<p>본문 문장입니다.</p><p>정책브리핑의 자료는 「공공누리 제1유형」에 따라 이용할 수 있습니다.</p>",
            ["본문 문장입니다."],
        ),
        ("<p>본문 문장입니다.</p><p>ⓒ 한국일보, 무단 전재 및 재배포 금지</p>", ["본문 문장입니다."]),
        # structure, not words: prose that mentions 저작권 or a download is the post's own text
        (
            "<p>저작권은 창작자를 보호하는 권리다.</p><p>이번 판결은 그 범위를 넓혔다.</p><p>둘째 문단이다.</p>"
            "<p>셋째 문단이다.</p><p>끝 문단이다.</p>",
            [
                "저작권은 창작자를 보호하는 권리다.",
                "이번 판결은 그 범위를 넓혔다.",
                "둘째 문단이다.",
                "셋째 문단이다.",
                "끝 문단이다.",
            ],
        ),
        (
            "먼저 설치 파일을 다운로드합니다.\n\n그다음 구독 버튼을 만듭니다.",
            ["먼저 설치 파일을 다운로드합니다.", "그다음 구독 버튼을 만듭니다."],
        ),
        (
            "<p>본문 문장입니다.</p><p>금융 | <a href='#fin'>시장 동향</a> | <a href='#inv'>투자 소식</a></p>",
            ["본문 문장입니다."],
        ),
        ("본문 문장입니다.\n\n자세히 보기 ▶", ["본문 문장입니다."]),  # a button
        ("<p>**굵은** 글씨와 `코드` 표시가 있는 문장입니다.</p>", ["굵은 글씨와 코드 표시가 있는 문장입니다."]),
        ("<script>var x = '스크립트';</script><p>본문 &amp; 문장입니다.</p>", ["본문 & 문장입니다."]),
        (
            "{% include ad.html %}\n본문 문장입니다. 자세히는 https://example.com 참고.",
            ["본문 문장입니다. 자세히는 참고."],
        ),
        (
            '새 도구를 [도입]({{ site.url }}){:target="_blank"}했습니다.\n{: .notice}',
            ["새 도구를 도입했습니다."],
        ),  # kramdown
        ("트래픽을 Istio[[1]](https://istio.io/x) 로 복제했습니다.", ["트래픽을 Istio 로 복제했습니다."]),  # a citation
        (
            "이제 [저장소에 올려보자][11]. 본문 문장입니다.\n\n[11]: https://example.com/x",
            ["이제 저장소에 올려보자. 본문 문장입니다."],
        ),
        ("<p>줄이\n나뉜 문단도\n하나로 붙습니다.</p>", ["줄이 나뉜 문단도 하나로 붙습니다."]),
        ("- 목록 항목 하나입니다.\n- 목록 항목 둘입니다.", ["목록 항목 하나입니다. 목록 항목 둘입니다."]),
        ("[참고 자료]([https://example.com/a) 를 보면 됩니다.", ["참고 자료 를 보면 됩니다."]),  # a target may hold "["
        (
            "<p>본문 문장입니다. <![각주]> 끝.</p>",
            ["본문 문장입니다. 끝."],
        ),  # html.parser raised on "<![" + a non-letter
        ("Only English text here.", []),
        ("", []),
    ],
)
def test_clean_body(body, expected):
    assert clean_body(body) == expected


def test_markdown_backslash_escapes_are_undone():
    assert clean_body("그는 \\'좋다\\'고 말했다. \\[리스트 1\\] 항목 \\- 주소: 부산") == [
        "그는 '좋다'고 말했다. [리스트 1] 항목 - 주소: 부산"
    ]
    assert clean_body("경로는 a\\\\b 입니다.") == ["경로는 a\\b 입니다."]


def test_an_escaped_emphasis_mark_is_text():
    assert clean_body("가격은 \\*특가\\* 10,000원 **굵게**") == ["가격은 *특가* 10,000원 굵게"]


SENTENCE = "시는 다음 달부터 시내버스 기본요금을 200원 올린다고 발표했다."


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param("[" * 40000, id="md-open-brackets"),
        pytest.param("![" * 40000, id="md-image-openers"),
        pytest.param("[x](" * 40000, id="md-link-targets"),
        pytest.param("[[1]](" * 40000, id="md-citation-targets"),
        pytest.param("-" * 5000 + "x", id="md-dash-row"),
        pytest.param("{{" * 40000, id="liquid-outputs"),
        pytest.param("{%" * 40000, id="liquid-tags"),
        pytest.param("<a " * 40000, id="html-open-tags"),
        pytest.param("<a x='>'" * 10000, id="html-quoted-gt"),
        pytest.param("<!--a>" * 20000, id="html-open-comments"),
        pytest.param("<![if >" * 20000, id="html-marked-sections"),
        pytest.param("\x01" * 100000, id="link-marks"),
    ],
)
def test_crafted_bodies_are_cleaned_in_one_pass(junk):
    """Openers that never close: each took from 5 s to minutes to clean (matched again from every opener, or
    every split of a run of "-"); they are now left as text, and the text around them is kept."""
    assert clean_body(f"{SENTENCE}\n\n{junk}\n\n{SENTENCE}") == [SENTENCE, SENTENCE]
