"""LoC MARC records -> SearchDocument, for the search benchmark (independent of the catalog app).

The test file is ``BooksAll.2016.part01.utf8`` (250,000 Library of Congress records) from the
pymarc 5.4.0 source distribution; it is downloaded into the git-ignored bench/data/ on first use.
Facets that LoC records do not carry (accessible formats, branches) are assigned
deterministically from the control number so that facet filters have realistic selectivity.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tarfile
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MARC_FILE = DATA / "BooksAll.2016.part01.utf8"
CACHE = DATA / "documents.pickle"
BRANCHES = ("central", "east", "west", "north", "south")


def ensure_marc_file() -> Path:
    if MARC_FILE.exists():
        return MARC_FILE
    DATA.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "pymarc==5.4.0", "-d", str(DATA)], check=True)
    with tarfile.open(DATA / "pymarc-5.4.0.tar.gz") as archive:
        member = archive.getmember("pymarc-5.4.0/BooksAll.2016.part01.utf8")
        with archive.extractfile(member) as source, open(MARC_FILE, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
    return MARC_FILE


def _sub(field, codes) -> str:
    return " ".join(v for c, v in _pairs(field) if c in codes).strip(" /:;,.")


def _pairs(field):
    subfields = field.subfields
    if subfields and not isinstance(subfields[0], str):
        return [(s.code, s.value) for s in subfields]
    return list(zip(subfields[0::2], subfields[1::2]))


def _linked_tag(field) -> str:
    for code, value in _pairs(field):
        if code == "6":
            return value[:3]
    return ""


def record_document(record, object_id: int):
    from everyreader.core.text import sort_key
    from everyreader.search.documents import SearchDocument

    title_parts, authors, subjects, text = [], [], [], []
    for f in record.get_fields("245"):
        title_parts.append(_sub(f, "abnp"))
        authors.append(_sub(f, "c"))
    for f in record.get_fields("100", "110", "111", "700", "710", "711"):
        authors.append(_sub(f, "abcdq"))
    for f in record.get_fields("600", "610", "611", "630", "650", "651"):
        subjects.append(_sub(f, "abcdvxyz"))
    for f in record.get_fields("020", "250", "260", "264", "440", "490", "500", "520"):
        text.append(_sub(f, "ab" if f.tag in ("260", "264") else "a"))
    for f in record.get_fields("880"):
        linked = _linked_tag(f)
        if linked == "245":
            title_parts.append(_sub(f, "abnp"))
        elif linked[:1] in ("1", "7"):
            authors.append(_sub(f, "abcdq"))
        elif linked[:1] == "6":
            subjects.append(_sub(f, "abcdvxyz"))
        else:
            text.append(_sub(f, "abc"))
    fixed = (record.get_fields("008") or [None])[0]
    data = fixed.data if fixed is not None else ""
    year = int(data[7:11]) if data[7:11].isdigit() else None
    language = data[35:38].strip() or "und"
    control = (record.get_fields("001") or [None])[0]
    seed = zlib.crc32((control.data if control is not None else str(object_id)).encode())
    formats = ["print"]
    features = []
    if seed % 100 < 3:
        formats.append("braille")
    if seed % 100 in range(3, 7):
        formats.append("audio")
    if seed % 97 < 5:
        features.append("largePrint")
    audience = {"j": "juvenile", "d": "adolescent"}.get(data[22:23], "adult")
    branches = sorted({BRANCHES[seed % 5], BRANCHES[(seed >> 8) % 5]})
    title = " ".join(p for p in title_parts if p)
    return SearchDocument(
        kind="record", object_id=object_id, title=title, authors=[a for a in authors if a],
        subjects=[s for s in subjects if s], text=[t for t in text if t],
        facets={"format": formats, "feature": features, "language": [language],
                "audience": [audience], "available_at": branches},
        year=year if year and 1400 < year < 2100 else None, sort_key=sort_key(title),
    )


def load_documents(limit: int | None = None) -> list:
    """The documents (cached in bench/data/documents.pickle after the first parse)."""
    if CACHE.exists():
        with open(CACHE, "rb") as f:
            documents = pickle.load(f)
        return documents[:limit] if limit else documents
    import pymarc

    documents = []
    with open(ensure_marc_file(), "rb") as f:
        for record in pymarc.MARCReader(f, to_unicode=True, force_utf8=True):
            if record is not None:
                documents.append(record_document(record, len(documents) + 1))
    with open(CACHE, "wb") as f:
        pickle.dump(documents, f, protocol=pickle.HIGHEST_PROTOCOL)
    return documents[:limit] if limit else documents
