"""Text analysis for search: Chinese and English (and anything else written in words).

The pipeline, used the same way when indexing and when querying:

1. normalise: NFKC (full-width letters and digits become half-width), case folding, Latin
   diacritics removed (café -> cafe).
2. split into word runs; a run of Han characters is folded to simplified Chinese (OpenCC t2s,
   so 圖書館 and 图书馆 are the same) and segmented with jieba. Indexing uses jieba's search mode,
   which also emits the dictionary words inside longer words (图书馆 -> 图书, 书馆, 图书馆), so
   two-character words match.
3. English words are stemmed (Snowball English); a handful of stop words are dropped.
4. Titles and authors also get pinyin tokens for their Chinese words: full pinyin and initials,
   prefixed with ``py`` (盲文 -> ``pymangwen``, ``pymw``), so ``mangwen`` and ``mw`` find 盲文.

Tokens only contain letters and digits (no spaces, quotes or operators), so they can be quoted
safely in an FTS5 MATCH expression or a tsquery literal.

Everything cached here is immutable (dictionaries, converters, memoised pure functions), so the
caches are safe in any number of processes.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

PINYIN_PREFIX = "py"
STOP_WORDS = frozenset({"a", "an", "and", "the", "of"})
MAX_TOKEN_LENGTH = 60

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"([{_HAN}]+)")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WORD_RUN = re.compile(r"[^\W_]+")
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_ASCII_ALPHA = re.compile(r"[a-z]+")


# -- normalisation ---------------------------------------------------------------------------

def normalize(text: str) -> str:
    """NFKC + case folding + Latin diacritics removed. Full-width ＡＢＣ１２３ -> abc123."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()  # NFKC is the identity and casefold is lower() on ASCII
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if _LATIN_MARKS.search(decomposed):
        text = unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))
    return text


def has_han(text: str) -> bool:
    return bool(_HAN_CHAR.search(text))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Fold traditional Chinese to simplified (OpenCC t2s)."""
    return _t2s().convert(text) if text else text


def to_traditional(text: str) -> str:
    return _s2t().convert(text) if text else text


# -- segmentation ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def segment(han_run: str, *, search_mode: bool = False) -> tuple[str, ...]:
    """Segment a run of (simplified) Han characters. Search mode adds the dictionary words
    inside longer words. HMM is off so that the same text always segments the same way."""
    jieba = _jieba()
    if search_mode:
        return tuple(jieba.cut_for_search(han_run, HMM=False))
    return tuple(jieba.cut(han_run, HMM=False))


def inner_words(word: str) -> tuple[str, ...]:
    """The two-character dictionary words that together cover a longer word (图书馆 -> 图书,
    书馆), or () when they do not cover every character."""
    freq = _jieba().dt.FREQ
    starts = [i for i in range(len(word) - 1) if freq.get(word[i : i + 2])]
    covered = {j for i in starts for j in (i, i + 1)}
    if len(covered) < len(word):
        return ()  # some character would go unmatched: 图书管 must not match 图书
    return tuple(word[i : i + 2] for i in starts)


# -- pinyin ----------------------------------------------------------------------------------

@lru_cache(maxsize=131072)
def _syllables(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(word, style=Style.NORMAL, v_to_u=False) if s.isalpha())


def pinyin_full(word: str) -> str:
    """盲文 -> mangwen (no tones; ü written v)."""
    return "".join(_syllables(word))


def pinyin_initials(word: str) -> str:
    """盲文 -> mw."""
    return "".join(s[0] for s in _syllables(word))


# -- English ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Snowball English stem of a lower-case ASCII word (libraries -> librari)."""
    return _stemmer().stemWord(word)


# -- tokens ----------------------------------------------------------------------------------

def _split_runs(text: str):
    """Yield (is_han, run) for each word run of normalised text."""
    for run in _WORD_RUN.findall(text):
        if run.isascii() or not _HAN_CHAR.search(run):
            yield False, run
            continue
        for i, part in enumerate(_HAN_RUN.split(run)):
            if part:
                yield i % 2 == 1, part


def _compute_word_token(run: str) -> str:
    if len(run) > MAX_TOKEN_LENGTH:
        run = run[:MAX_TOKEN_LENGTH]
    if _ASCII_ALPHA.fullmatch(run):
        return "" if run in STOP_WORDS else stem(run)
    return run


# Memo of the pure function above (word -> token, "" for a stop word); cleared when large.
_WORD_TOKENS: dict[str, str] = {}
_WORD_TOKENS_MAX = 500_000


def _word_token(run: str) -> str:
    token = _WORD_TOKENS.get(run)
    if token is None:
        if len(_WORD_TOKENS) >= _WORD_TOKENS_MAX:
            _WORD_TOKENS.clear()
        token = _WORD_TOKENS[run] = _compute_word_token(run)
    return token


def index_tokens(text: str, *, pinyin: bool = False) -> list[str]:
    """Tokens to index for one field's text (in order, with repeats)."""
    text = normalize(text)
    if text.isascii():  # fast path: no Chinese, nothing to fold
        get = _WORD_TOKENS.get
        tokens = [get(run) or _word_token(run) for run in _WORD_RUN.findall(text)]
        return [t for t in tokens if t]
    tokens: list[str] = []
    for is_han, run in _split_runs(text):
        if not is_han:
            token = _word_token(run)
            if token:
                tokens.append(token)
            continue
        run = to_simplified(run)
        words = segment(run, search_mode=True)
        tokens.extend(words)
        if pinyin:
            tokens.extend(_pinyin_tokens(run, words, segment(run)))
    return tokens


def _pinyin_tokens(run: str, words: tuple[str, ...], precise: tuple[str, ...]) -> list[str]:
    """Full pinyin and initials of each word, of each pair of neighbouring words (mangwen
    tushuguan -> mangwentushuguan) and of the whole run."""
    out = []
    for word in dict.fromkeys(w for w in words if len(w) > 1):
        full = pinyin_full(word)
        if full:
            out.append(PINYIN_PREFIX + full[:MAX_TOKEN_LENGTH])
            out.append(PINYIN_PREFIX + pinyin_initials(word))
    joined = {precise[i] + precise[i + 1] for i in range(len(precise) - 1)}
    if len(run) > 2:
        joined.add(run)
    for phrase in sorted(joined - set(words)):
        full = pinyin_full(phrase)
        if full:
            out.append(PINYIN_PREFIX + full[:MAX_TOKEN_LENGTH])
            out.append(PINYIN_PREFIX + pinyin_initials(phrase)[:MAX_TOKEN_LENGTH])
    return out


def index_text(values, *, pinyin: bool = False) -> str:
    """Space-separated tokens of one or more values (a string or an iterable of strings)."""
    if isinstance(values, str):
        values = [values]
    tokens: list[str] = []
    for value in values:
        if value:
            tokens.extend(index_tokens(value, pinyin=pinyin))
    return " ".join(tokens)


# A query is a conjunction of groups; a group is a disjunction of alternatives; an alternative
# is a conjunction of tokens:  [[("tushu",), ("pytushu",)], [("图书馆",), ("图书", "书馆")]]
QueryGroups = list[list[tuple[str, ...]]]


def query_groups(text: str) -> QueryGroups:
    """Analyse a query the way documents are indexed."""
    groups: QueryGroups = []
    for is_han, run in _split_runs(normalize(text)):
        if is_han:
            for word in segment(to_simplified(run)):
                group = [(word,)]
                inner = inner_words(word) if len(word) > 2 else ()
                if inner:
                    group.append(inner)
                groups.append(group)
            continue
        if run in STOP_WORDS:
            continue
        token = _word_token(run)
        if not token:
            continue
        group = [(token,)]
        if _ASCII_ALPHA.fullmatch(run) and len(run) > 1:
            group.append((PINYIN_PREFIX + run[:MAX_TOKEN_LENGTH],))
        groups.append(group)
    unique: QueryGroups = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    return unique


def query_words(text: str) -> list[str]:
    """The surface words of a query (normalised, simplified, unstemmed), for suggestions."""
    words: list[str] = []
    for is_han, run in _split_runs(normalize(text)):
        words.append(to_simplified(run) if is_han else run)
    return words


def title_vocabulary(text: str) -> list[tuple[str, str]]:
    """(term, word) pairs for "did you mean": English words as themselves, Chinese words under
    their own form and under their full pinyin (tushuguan -> 图书馆)."""
    text = normalize(text)
    if text.isascii():
        return [(w, w) for w in _WORD_RUN.findall(text)
                if MAX_TOKEN_LENGTH >= len(w) >= 3 and w.isalpha()]
    pairs: list[tuple[str, str]] = []
    for is_han, run in _split_runs(text):
        if not is_han:
            if len(run) >= 3 and _ASCII_ALPHA.fullmatch(run) and len(run) <= MAX_TOKEN_LENGTH:
                pairs.append((run, run))
            continue
        for word in segment(to_simplified(run)):
            if len(word) > 1:
                pairs.append((word, word))
                full = pinyin_full(word)
                if full and len(full) <= MAX_TOKEN_LENGTH:
                    pairs.append((full, word))
    return pairs


def sort_key(title: str) -> str:
    """A normalised title for stable ordering (leading articles kept; case and width folded)."""
    return " ".join(_WORD_RUN.findall(normalize(title)))[:200]


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
