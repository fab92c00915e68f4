"""Chinese and English text analysis for search."""

import pytest

from everyreader.core import text


def test_normalize_folds_case_width_and_diacritics():
    assert text.normalize("ＡＢＣ１２３ Café") == "abc123 cafe"
    assert text.normalize("") == ""


def test_normalize_keeps_kana_voicing_and_hangul():
    assert text.normalize("がっこう 한국") == "がっこう 한국"


@pytest.mark.parametrize(
    "traditional, simplified", [("圖書館", "图书馆"), ("盲文書籍", "盲文书籍"), ("無障礙", "无障碍")]
)
def test_traditional_and_simplified_fold_to_the_same_tokens(traditional, simplified):
    assert text.to_simplified(traditional) == simplified
    assert text.index_tokens(traditional) == text.index_tokens(simplified)
    assert text.query_groups(traditional) == text.query_groups(simplified)
    assert text.to_simplified(text.to_traditional(simplified)) == simplified


def test_search_mode_emits_two_character_words():
    tokens = text.index_tokens("中华人民共和国图书馆")
    assert {"中华", "人民", "共和国", "图书", "图书馆"} <= set(tokens)


def test_pinyin_full_and_initials_are_prefixed_tokens():
    assert text.pinyin_full("盲文") == "mangwen"
    assert text.pinyin_initials("盲文") == "mw"
    tokens = text.index_tokens("盲文图书馆", pinyin=True)
    assert {"pymangwen", "pymw", "pytushuguan", "pytsg", "pymangwentushuguan"} <= set(tokens)
    assert not any(t.startswith("py") for t in text.index_tokens("盲文图书馆"))


def test_english_is_case_folded_and_stemmed_without_stop_words():
    assert text.index_tokens("The LIBRARIES of Reading") == ["librari", "read"]
    assert text.index_tokens("library") == ["librari"]


def test_query_groups_offer_pinyin_and_inner_word_alternatives():
    assert text.query_groups("libraries") == [[("librari",), ("pylibraries",)]]
    groups = text.query_groups("图书馆")
    assert groups == [[("图书馆",), ("图书", "书馆")]]
    # 图书管 is not a word and 书管 is not either: it must not fall back to 图书 alone.
    assert all(alt != ("图书",) for group in text.query_groups("图书管") for alt in group)


def test_query_drops_stop_words_and_punctuation():
    assert text.query_groups("the  ... of") == []
    assert text.query_groups('"braille" OR (x) AND') == text.query_groups("braille or x and")


def test_tokens_are_letters_and_digits_only():
    for token in text.index_tokens('a"b c\'d (e) * f-g 书"名', pinyin=True):
        assert token.isalnum()


def test_title_vocabulary_maps_pinyin_to_characters():
    vocabulary = text.title_vocabulary("盲文图书馆 Braille books")
    assert ("tushuguan", "图书馆") in vocabulary
    assert ("braille", "braille") in vocabulary


def test_edit_distance_with_limit():
    assert text.edit_distance("libary", "library") == 1
    assert text.edit_distance("kitten", "sitting", 3) == 3
    assert text.edit_distance("kitten", "sitting") == 3  # gave up past the limit of 2
    assert text.edit_distance("abc", "xyzxyz", 2) == 3


def test_sort_key_is_normalised():
    assert text.sort_key("  Ｌibraries: a History! ") == "libraries a history"
