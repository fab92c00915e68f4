"""Simple keyword counts for free-text answers (jieba segmentation for Chinese)."""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS = set("的 了 和 是 在 我 有 也 都 就 不 很 还 要 能 会 可以 希望 一些 一个 这个 那个 我们 他们 您 你 "
                "图书馆 没有 比较 非常 什么 可能 因为 所以 但是 如果 现在 时候".split()) | {
    "the", "and", "a", "an", "to", "of", "is", "it", "in", "for", "i", "my", "me", "be", "are", "was",
    "that", "this", "with", "on", "at", "more", "would", "library", "please", "not", "very", "so"}
_WORD = re.compile(r"[\w\u4e00-\u9fff]+")


def tokens(text: str) -> list[str]:
    import jieba

    words = []
    for piece in _WORD.findall(text.lower()):
        if re.search(r"[\u4e00-\u9fff]", piece):
            words.extend(w for w in jieba.lcut(piece) if len(w) >= 2)
        elif len(piece) >= 3 and not piece.isdigit():
            words.append(piece)
    return [w for w in words if w not in STOPWORDS]


def keyword_counts(texts: list[str], limit: int = 12) -> list[tuple[str, int]]:
    """Most frequent words, counted once per answer (how many answers mention each)."""
    counter = Counter()
    for text in texts:
        counter.update(set(tokens(text)))
    return [(word, n) for word, n in counter.most_common(limit) if n >= 2]
