""""Did you mean": when a query finds nothing, replace each unknown word by the closest title
word of the index (edit distance), or a pinyin word by its Chinese characters."""

from __future__ import annotations

from django.db import connection

from everyreader.core import text as textlib

MAX_CANDIDATES = 3000


def _closest(cursor, kind: str, word: str) -> str | None:
    """The most frequent vocabulary word whose term is nearest to `word` (0 = exact)."""
    limit = 1 if len(word) <= 4 else 2
    cursor.execute(
        "SELECT term, word, frequency FROM search_term WHERE kind = %s AND term >= %s AND term < %s "
        "AND LENGTH(term) BETWEEN %s AND %s ORDER BY frequency DESC LIMIT %s",
        [kind, word[0], chr(ord(word[0]) + 1), len(word) - limit, len(word) + limit, MAX_CANDIDATES],
    )
    best, best_key = None, None
    letters = set(word)
    for term, candidate, frequency in cursor.fetchall():
        if abs(len(term) - len(word)) > limit:
            continue
        # each edit removes at most one distinct letter of either word: a cheap lower bound
        # of the edit distance that skips most candidates
        others = set(term)
        if len(letters - others) > limit or len(others - letters) > limit:
            continue
        distance = 0 if term == word else textlib.edit_distance(word, term, limit)
        if distance > limit:
            continue
        key = (distance, -frequency, candidate)
        if best_key is None or key < best_key:
            best, best_key = candidate, key
    return best


def _pinyin_word(cursor, kind: str, han: str) -> str | None:
    """A Chinese word of the index that sounds like `han` (图书管 -> 图书馆)."""
    full = textlib.pinyin_full(han)
    if not full:
        return None
    cursor.execute(
        "SELECT word FROM search_term WHERE kind = %s AND term = %s AND word <> %s "
        "ORDER BY frequency DESC, word LIMIT 1",
        [kind, full, han],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def suggest(text: str, kind: str) -> str | None:
    """A corrected query, or None when nothing better is known."""
    words = textlib.query_words(text)
    if not words:
        return None
    changed = False
    out = []
    with connection.cursor() as cursor:
        for word in words:
            replacement = None
            if textlib.has_han(word):
                replacement = _pinyin_word(cursor, kind, word)
            elif word.isascii() and word.isalpha() and len(word) >= 3:
                replacement = _closest(cursor, kind, word)
            if replacement and replacement != word:
                changed = True
                out.append(replacement)
            else:
                out.append(word)
    if not changed:
        return None
    return _join(out)


def _join(words: list[str]) -> str:
    out = ""
    for word in words:
        if out and not (textlib.has_han(word) and textlib.has_han(out[-1])):
            out += " "
        out += word
    return out
