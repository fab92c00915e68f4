"""Small corpora for search tests (Chinese first)."""

from everyreader.search.documents import SearchDocument


def doc(object_id, title, authors=(), *, subjects=(), text=(), facets=None, year=None, kind="record"):
    return SearchDocument(
        kind=kind, object_id=object_id, title=title, authors=list(authors), subjects=list(subjects),
        text=list(text), facets=facets or {}, year=year,
    )


def filler(start=1000, count=30):
    """Unrelated documents, so that term statistics behave as in a real catalogue."""
    topics = ["烹饪", "园艺", "天文", "历史", "音乐", "Gardening", "Astronomy", "Cooking", "Music", "Travel"]
    return [
        doc(start + i, f"{topics[i % len(topics)]} {i}", [f"作者{i}"],
            facets={"format": ["print"], "language": ["chi" if i % 2 else "eng"]}, year=1960 + i)
        for i in range(count)
    ]
