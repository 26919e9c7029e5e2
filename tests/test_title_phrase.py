"""summarizer.text.title_phrase: the title's key phrase."""

import pytest

from summarizer.text.title_phrase import title_phrases


@pytest.mark.parametrize(
    "title, phrase",
    [
        ("Redis 캐시 전략 (1)", "Redis 캐시 전략"),
        ("Redis 캐시 전략 - 2", "Redis 캐시 전략"),
        ("Churn Prediction (2/3)", "Churn Prediction"),
        ("[패턴] 빌더 패턴이란", "빌더 패턴"),
        ("[Go] GC(가비지 컬렉션)의 동작", "GC(가비지 컬렉션)의 동작"),
        ("[자료구조] 해시 테이블(hash table)이란", "해시 테이블(hash table)"),
        ("사내 검색 서버 제작기 3편 - 운영편", "사내 검색 서버 제작기"),
        ("대용량 로그 클러스터 구축하기 1편", "대용량 로그 클러스터 구축"),
        ("Gradle을 활용한 안드로이드 빌드 캐시 적용하기", "Gradle을 활용한 안드로이드 빌드 캐시 적용"),
        ("도커 환경에서 메모리 누수 추적하기 (Feat. pprof)", "도커 환경에서 메모리 누수 추적"),
        ("Hugo를 이용한 문서 사이트 만들기[1]", "Hugo를 이용한 문서 사이트 만들기"),
        ("[Web] 쿠키란? 세션이란? JWT란?", "쿠키, 세션, JWT"),
        ("시간대 처리, 정말 쉬울까?", "시간대 처리"),
        ("배포가 무섭지 않다! 점진적 배포 시스템 개발기", "점진적 배포 시스템 개발기"),
        ("사내 메시지 큐 인프라를 소개합니다", "사내 메시지 큐 인프라"),
        ("[Cache] 캐시 계층(2) - 로컬 캐시", "캐시 계층의 로컬 캐시"),  # a title and its subtitle
        ("[Go] 테스트 작성법 - 기본", "테스트 작성법의 기본"),
        ("[Tool] 자주 쓰는 쉘 명령어 정리", "자주 쓰는 쉘 명령어"),  # what the post does is not its topic
        ("[책] 데미안 | 헤르만 헤세", "데미안"),  # after a pipe: the author, never in the phrase
        ("메시지 큐 운영기 | 개발 블로그", "메시지 큐 운영기"),  # ... or the site's name
        ("정규 표현식 4", "정규 표현식"),  # a number after a Korean word is the series'
        ("Java 8 스트림", "Java 8 스트림"),  # but not after a name
        ("테스트 주도 개발 3 - Test Driven Development 3", "테스트 주도 개발"),  # a subtitle that is the original
        ("JPA - JPA 연관 관계", "JPA 연관 관계"),  # never "X의 X"
        ("Kotlin - 확장 함수 만들기", "Kotlin의 확장 함수 만들기"),
        ("Docker 알아보기", "Docker"),  # an act of learning, not the topic
        ("[Web] 브라우저 렌더링 과정 살펴보기 (2)", "브라우저 렌더링 과정"),
        ("로그 파일을 터미널로", ""),  # an adverbial ("…로"), not a noun phrase
        ("진정으로 이해해라", ""),
        ("", ""),
        ("[공지]", ""),
    ],
)
def test_title_phrase(title, phrase):
    assert title_phrases([title]) == [phrase]
