"""What is read from a post is composed as a reader sees it (`summarizer.posts.unicode`)."""

import unicodedata

from summarizer.posts.unicode import composed


def test_composed_joins_jamo_and_accents_and_keeps_compatibility_ideographs():
    text = (
        "한글 café \uf914園 \u212b"  # 樂 read 락 (a KS X 1001 compatibility ideograph), ANGSTROM SIGN: NFC swaps both
    )
    assert composed(unicodedata.normalize("NFD", "한글 café")) == "한글 café"
    assert composed(text) == text and composed("ᄒᆞᆫ") == "ᄒᆞᆫ"  # old Hangul with no syllable stays jamo
