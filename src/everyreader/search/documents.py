"""What other apps hand to the search index."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextAnalysis:
    """The analysed text of a document (services.analyse_text): tokens of title, authors,
    subjects and text, and the title's vocabulary for suggestions. It depends on the text alone,
    so it can be computed before the object is saved, in another process (MARC import)."""

    fields: tuple[list[str], list[str], list[str], list[str]]
    vocabulary: tuple[tuple[str, str], ...]


@dataclass
class SearchDocument:
    kind: str  # "record"
    object_id: int  # the indexed object's pk
    title: str  # main title incl. subtitle (and 880 original-script title)
    authors: list[str]  # statement of responsibility + contributor names (incl. 880)
    subjects: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # summary, publisher, series, notes, ISBN...
    facets: dict[str, list[str]] = field(default_factory=dict)  # {"format": ["braille"], ...}
    year: int | None = None
    sort_key: str = ""  # normalised title for stable ordering
    analysis: TextAnalysis | None = None  # precomputed analysed text, if the caller has it
