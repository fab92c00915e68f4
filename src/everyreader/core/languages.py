"""Content the library writes in the three interface languages (names of categories, goals,
survey questions): which version to show.

Interface strings go through gettext; this is for text stored in the database, kept per
language as ``{"zh-hans": ..., "zh-hant": ..., "en": ...}``.
"""

from __future__ import annotations

from django.utils.translation import get_language

LANGS = ("zh-hans", "zh-hant", "en")
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def current_language(language: str | None = None) -> str:
    """One of LANGS for a language code (default: the active one); Simplified Chinese otherwise."""
    code = (language or get_language() or "zh-hans").lower()
    if code.startswith("en"):
        return "en"
    if code in _TRADITIONAL:
        return "zh-hant"
    return "zh-hans"


def pick(texts, language: str | None = None, *, fallback: str = "") -> str:
    """The text for the language, falling back to Simplified Chinese, then English, then any."""
    if not isinstance(texts, dict):
        return str(texts or fallback)
    wanted = current_language(language)
    for key in (wanted, "zh-hans", "en", "zh-hant"):
        if texts.get(key):
            return texts[key]
    return fallback
