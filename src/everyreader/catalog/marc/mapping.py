"""MARC 21 bibliographic record -> the catalogue's record fields (a plain dict).

Kept free of database access so the importer can map thousands of records per second.
880 fields (original scripts, e.g. Chinese) are linked to their romanised field through $6:
they fill `title_original` / `responsibility_original` and are all kept in `original_script`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pymarc import Record

from everyreader.catalog import accessibility
from everyreader.catalog.vocab import Audience, Format

_TRAILING = re.compile(r"[\s/:;,.=]+$")
_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})")
_ISBN = re.compile(r"[0-9Xx-]{10,17}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

CONTRIBUTOR_TAGS = ("100", "110", "111", "700", "710", "711")
SUBJECT_TAGS = ("600", "610", "611", "630", "650", "651", "655")
FORMAT_GENRES = ("Easy-to-read materials", "Sign language video")
AUDIENCE_008 = {"a": Audience.PRESCHOOL, "b": Audience.CHILDREN, "c": Audience.CHILDREN,
                "j": Audience.CHILDREN, "d": Audience.YOUNG_ADULT, "e": Audience.ADULT,
                "f": Audience.SPECIALISED, "g": Audience.GENERAL}


def _first(record, tag):
    found = record.get_fields(tag)
    return found[0] if found else None


def clean(text: str) -> str:
    return _TRAILING.sub("", text.strip())


def normalise_isbn(text: str) -> str:
    match = _ISBN.search(text or "")
    if not match:
        return ""
    value = match.group(0).replace("-", "").upper()
    return value if len(value) in (10, 13) else ""


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Case, width and (for Chinese) traditional -> simplified folding for matching keys."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if _CJK.search(text):
        text = _t2s().convert(text)
    return _NOT_WORD.sub("", text)


def work_key(title: str, contributors: list[str]) -> str:
    """Editions and formats of the same work share this key: main title + first author."""
    main = re.split(r"\s[:/=]\s|[：]", title, maxsplit=1)[0]
    author = ""
    if contributors:
        author = re.split(r"[,，]", contributors[0], maxsplit=1)[0]
    return (fold(main)[:80] + "|" + fold(author)[:38])[:120]


def _join(field, codes: str) -> str:
    return " ".join(v.strip() for v in field.get_subfields(*codes) if v.strip())


def _subject(field) -> str:
    parts = [clean(sf[1]) for sf in field.subfields if sf[0] in "abcdvxyz" and sf[1].strip()]
    return " -- ".join(p for p in parts if p)


def derive_format(record: Record, features: list[str]) -> tuple[str, int | None, int | None]:
    """Format, braille grade and large-print size from leader/06, 008/23, 007, 340, 347, 655."""
    leader = str(record.leader)
    kind = leader[6:7]
    f008 = _first(record, "008").data if _first(record, "008") else ""
    form = f008[23:24] if kind in ("a", "t") else ""
    f007 = [f.data for f in record.get_fields("007")]
    carriers = " ".join(v for f in record.get_fields("347", "538", "655") for v in f.get_subfields("a", "b")).lower()
    grade = size = None
    for data in f007:
        if data[:2] in ("fb", "fc"):
            grade = {"a": 1, "b": 2}.get(data[5:6])
            return Format.BRAILLE, grade, None
        if data[:2] == "fd":
            return Format.TACTILE, None, None
    for f in record.get_fields("340"):
        for value in f.get_subfields("n"):
            digits = re.search(r"\d+", value)
            if digits:
                size = int(digits.group(0))
    if kind == "i":
        return (Format.DAISY if "daisy" in carriers else Format.AUDIO), None, None
    if kind == "g":
        if "signLanguage" in features or "sign language video" in carriers:
            return Format.SIGN_VIDEO, None, None
        return Format.CAPTIONED_VIDEO, None, None
    if kind == "r":
        return Format.DEVICE, None, None
    if form == "f":
        return Format.BRAILLE, grade, None
    if form == "d" or "largePrint" in features or size:
        return Format.LARGE_PRINT, None, size
    if "daisy" in carriers:
        return Format.DAISY, None, None
    if kind == "m" or form in ("o", "q", "s") or "epub" in carriers:
        return Format.ETEXT, None, None
    if "easyRead" in features or "easy-to-read" in carriers:
        return Format.EASY_READ, None, None
    return Format.PRINT, None, None


def map_record(record: Record) -> dict:
    """The catalogue fields of one MARC record."""
    get = record.get_fields
    f001 = _first(record, "001")
    f003 = _first(record, "003")
    f008 = _first(record, "008").data if _first(record, "008") else ""
    title_field = get("245")[0]
    title = clean(_join(title_field, "abnp"))
    responsibility = clean(" ".join(title_field.get_subfields("c")))
    contributors = []
    for f in get(*CONTRIBUTOR_TAGS):
        name = clean(" ".join(f.get_subfields("a", "b")))
        if name and name not in contributors:
            contributors.append(name)
    publisher = place = ""
    year = None
    pub_fields = [f for f in get("264") if f.indicator2 == "1"] or get("260")
    if pub_fields:
        pf = pub_fields[0]
        publisher = clean(" ".join(pf.get_subfields("b")))
        place = clean(" ".join(pf.get_subfields("a")))
        match = _YEAR.search(" ".join(pf.get_subfields("c")))
        if match:
            year = int(match.group(0))
    date1 = f008[7:11]
    if date1.isdigit() and 1000 <= int(date1) <= 2100:
        year = int(date1)
    language = f008[35:38].strip() if len(f008) >= 38 else ""
    if not language or language in ("|||", "und", "zxx"):
        langs = [v for f in get("041") for v in f.get_subfields("a")]
        language = langs[0][:3] if langs else ""
    language = language.lower()
    isbns = [n for n in (normalise_isbn(v) for f in get("020") for v in f.get_subfields("a")) if n]
    identifiers = [{"type": "isbn", "value": n} for n in isbns[1:]]
    for f in get("010"):
        for v in f.get_subfields("a"):
            identifiers.append({"type": "lccn", "value": v.strip()})
    for f in get("024"):
        for v in f.get_subfields("a"):
            identifiers.append({"type": "other", "value": v.strip()})
    issn = next((v.strip() for f in get("022") for v in f.get_subfields("a")), "")
    subjects = []
    for f in get(*SUBJECT_TAGS):
        if f.tag == "655" and " ".join(f.get_subfields("a")) in FORMAT_GENRES:
            continue
        s = _subject(f)
        if s and s not in subjects:
            subjects.append(s)
    summary = "\n".join(v.strip() for f in get("520") for v in f.get_subfields("a"))
    notes = [v.strip() for f in get("500") for v in f.get_subfields("a")][:20]
    audience = ""
    if record.leader[6:7] in ("a", "t") and len(f008) > 22:
        audience = str(AUDIENCE_008.get(f008[22], ""))
    for f in get("521"):
        text = " ".join(f.get_subfields("a")).lower()
        for value in Audience.values:
            if value.replace("_", " ") in text:
                audience = value
    edition = clean(" ".join(v for f in get("250") for v in f.get_subfields("a")))
    series = clean(" ".join(v for f in (get("490") or get("830"))[:1] for v in f.get_subfields("a")))
    title_original = responsibility_original = ""
    original = []
    for f in get("880"):
        link = (f.get_subfields("6") or [""])[0]
        linked_tag = link[:3]
        if linked_tag == "245":
            title_original = clean(_join(f, "abnp"))
            responsibility_original = clean(" ".join(f.get_subfields("c")))
        text = clean(" ".join(sf[1] for sf in f.subfields if sf[0] not in "601245789" and sf[1].strip()))
        if text:
            original.append({"tag": linked_tag, "text": text})
    meta = accessibility.from_marc(get("341"), get("532"))
    fmt, grade, size = derive_format(record, meta.accessibility_features)
    return {
        "control_number": f001.data.strip() if f001 else "",
        "control_source": f003.data.strip() if f003 else "",
        "title": title[:500] or "?",
        "title_original": title_original[:500],
        "responsibility": responsibility[:500],
        "responsibility_original": responsibility_original[:500],
        "contributors": contributors,
        "publisher": publisher[:300],
        "place": place[:200],
        "year": year,
        "edition": edition[:200],
        "series": series[:300],
        "language": language[:3],
        "subjects": subjects,
        "summary": summary,
        "notes": notes,
        "audience": audience,
        "isbn": isbns[0] if isbns else "",
        "issn": issn[:12],
        "identifiers": identifiers,
        "original_script": original,
        "format": str(fmt),
        "braille_grade": grade,
        "large_print_size": size,
        "access_modes": meta.access_modes,
        "access_mode_sufficient": meta.access_mode_sufficient,
        "accessibility_features": meta.accessibility_features,
        "accessibility_hazards": meta.accessibility_hazards,
        "accessibility_summary": meta.accessibility_summary,
        "work_key": work_key(title_original or title, contributors),
    }


MAPPED_FIELDS = ("control_number", "control_source", "title", "title_original", "responsibility",
                 "responsibility_original", "contributors", "publisher", "place", "year", "edition",
                 "series", "language", "subjects", "summary", "notes", "audience", "isbn", "issn",
                 "identifiers", "original_script", "format", "braille_grade", "large_print_size",
                 "access_modes", "access_mode_sufficient", "accessibility_features",
                 "accessibility_hazards", "accessibility_summary", "work_key")
