"""Catalogue record -> MARC 21 (pymarc Record), for export as ISO 2709 or MARCXML.

The record's source MARC is the starting point, so fields the catalogue does not model survive.
A group of fields is rewritten only when the catalogue's value differs from what the source
says (a cataloguer edited it); 341/532 are always written from the accessibility metadata.
"""

from __future__ import annotations

import io

from pymarc import Field, Leader, MARCWriter, Record, Subfield, XMLWriter

from everyreader.catalog import accessibility
from everyreader.catalog.marc.mapping import _first, map_record
from everyreader.catalog.vocab import Format

EMPTY_008 = "      s    xx            000 0 und d"[:40].ljust(40)
EASY_READ_GENRE = "Easy-to-read materials"
SIGN_GENRE = "Sign language video"
FORMAT_LEADER = {Format.AUDIO: "i", Format.DAISY: "i", Format.SIGN_VIDEO: "g",
                 Format.CAPTIONED_VIDEO: "g", Format.DEVICE: "r"}
FORMAT_008 = {Format.LARGE_PRINT: "d", Format.BRAILLE: "f", Format.ETEXT: "s"}
CARRIER = {Format.DAISY: "DAISY", Format.ETEXT: "EPUB 3"}


def source_record(obj) -> Record | None:
    if not obj.marc:
        return None
    return Record(data=obj.marc.encode("utf-8"), to_unicode=True, force_utf8=True, hide_utf8_warnings=True)


def _set_positions(data: str, start: int, value: str, length: int = 40) -> str:
    data = data.ljust(length)
    return data[:start] + value + data[start + len(value):]


def _replace(record: Record, tags, new_fields) -> None:
    for f in record.get_fields(*tags):
        record.remove_field(f)
    for f in new_fields:
        record.add_ordered_field(f)


def _sub(code, value):
    return Subfield(code, value)


def build_marc(obj) -> Record:
    record = source_record(obj)
    before = map_record(record) if record is not None else {}
    if record is None:
        record = Record(force_utf8=True, leader=Leader("00000nam a2200000 i 4500"))
    leader = str(record.leader)
    record.leader = Leader(leader[:9] + "a" + leader[10:])
    if not _first(record, "008"):
        record.add_ordered_field(Field(tag="008", data=EMPTY_008))

    def changed(*names):
        return any(before.get(n) != getattr(obj, n) for n in names) if before else True

    def set_008(start, value):
        f = _first(record, "008")
        f.data = _set_positions(f.data, start, value)

    _replace(record, ("001",), [Field(tag="001", data=obj.control_number or str(obj.pk))])
    if obj.control_source or before.get("control_source"):
        _replace(record, ("003",), [Field(tag="003", data=obj.control_source)] if obj.control_source else [])
    if changed("title", "responsibility"):
        old = record.get_fields("245")
        link = old[0].get_subfields("6") if old else []
        subs = [_sub("6", link[0])] if link else []
        subs.append(_sub("a", obj.title + (" /" if obj.responsibility else "")))
        if obj.responsibility:
            subs.append(_sub("c", obj.responsibility))
        _replace(record, ("245",), [Field(tag="245", indicators=["1" if obj.contributors else "0", "0"],
                                          subfields=subs)])
    if changed("title_original", "responsibility_original"):
        for f in record.get_fields("880"):
            if (f.get_subfields("6") or [""])[0][:3] == "245":
                record.remove_field(f)
        if obj.title_original:
            subs = [_sub("6", "245-01/$1"), _sub("a", obj.title_original + (" /" if obj.responsibility_original else ""))]
            if obj.responsibility_original:
                subs.append(_sub("c", obj.responsibility_original))
            record.add_ordered_field(Field(tag="880", indicators=["1", "0"], subfields=subs))
            for f in record.get_fields("245"):
                if not f.get_subfields("6"):
                    f.subfields.insert(0, _sub("6", "880-01"))
    if changed("contributors"):
        fields = [Field(tag="100" if i == 0 else "700", indicators=["1", " "], subfields=[_sub("a", name)])
                  for i, name in enumerate(obj.contributors)]
        _replace(record, ("100", "110", "111", "700", "710", "711"), fields)
    if changed("publisher", "place", "year"):
        subs = []
        if obj.place:
            subs.append(_sub("a", obj.place + " :"))
        if obj.publisher:
            subs.append(_sub("b", obj.publisher + ","))
        if obj.year:
            subs.append(_sub("c", str(obj.year)))
        _replace(record, ("260", "264"), [Field(tag="264", indicators=[" ", "1"], subfields=subs)] if subs else [])
        set_008(6, "s" if obj.year else "n")
        set_008(7, f"{obj.year:04d}" if obj.year else "    ")
    if changed("edition"):
        _replace(record, ("250",), [Field(tag="250", indicators=[" ", " "], subfields=[_sub("a", obj.edition)])]
                 if obj.edition else [])
    if changed("series"):
        _replace(record, ("490", "830"), [Field(tag="490", indicators=["0", " "],
                                                subfields=[_sub("a", obj.series)])] if obj.series else [])
    if changed("language"):
        set_008(35, (obj.language or "und").ljust(3)[:3])
        _replace(record, ("041",), [])
    if changed("subjects"):
        fields = []
        for subject in obj.subjects:
            parts = [p.strip() for p in subject.split(" -- ") if p.strip()]
            subs = [_sub("a", parts[0])] + [_sub("x", p) for p in parts[1:]]
            fields.append(Field(tag="650", indicators=[" ", "4"], subfields=subs))
        keep = [f for f in record.get_fields("655") if _is_marker(f)]
        _replace(record, ("600", "610", "611", "630", "650", "651", "655"), fields + keep)
    if changed("summary"):
        _replace(record, ("520",), [Field(tag="520", indicators=[" ", " "], subfields=[_sub("a", part)])
                                    for part in obj.summary.split("\n") if part.strip()])
    if changed("notes"):
        _replace(record, ("500",), [Field(tag="500", indicators=[" ", " "], subfields=[_sub("a", n)])
                                    for n in obj.notes])
    if changed("isbn", "identifiers", "issn"):
        isbns = [obj.isbn] if obj.isbn else []
        isbns += [i["value"] for i in obj.identifiers if i.get("type") == "isbn"]
        _replace(record, ("020",), [Field(tag="020", indicators=[" ", " "], subfields=[_sub("a", v)])
                                    for v in isbns])
        _replace(record, ("022",), [Field(tag="022", indicators=[" ", " "], subfields=[_sub("a", obj.issn)])]
                 if obj.issn else [])
        _replace(record, ("010",), [Field(tag="010", indicators=[" ", " "], subfields=[_sub("a", i["value"])])
                                    for i in obj.identifiers if i.get("type") == "lccn"])
        _replace(record, ("024",), [Field(tag="024", indicators=["8", " "], subfields=[_sub("a", i["value"])])
                                    for i in obj.identifiers if i.get("type") == "other"])
    if changed("format", "braille_grade", "large_print_size", "audience"):
        _write_format(record, obj, set_008)
    meta = accessibility.AccessibilityMetadata(
        access_modes=list(obj.access_modes), access_mode_sufficient=[list(s) for s in obj.access_mode_sufficient],
        accessibility_features=list(obj.accessibility_features),
        accessibility_hazards=list(obj.accessibility_hazards), accessibility_summary=obj.accessibility_summary)
    _replace(record, ("341", "532"), accessibility.to_marc(meta))
    return record


def _is_marker(field) -> bool:
    text = " ".join(field.get_subfields("a"))
    return text in (EASY_READ_GENRE, SIGN_GENRE)


def _write_format(record: Record, obj, set_008) -> None:
    fmt = obj.format
    leader = str(record.leader)
    record.leader = Leader(leader[:6] + FORMAT_LEADER.get(fmt, "a") + leader[7:])
    book = record.leader[6] in ("a", "t")
    set_008(23, FORMAT_008.get(fmt, " ") if book else " ")
    audience_code = {"general": "g", "adult": "e", "young_adult": "d", "children": "j", "preschool": "a",
                     "specialised": "f"}.get(obj.audience, " ")
    set_008(22, audience_code)
    for f in record.get_fields("007"):
        if f.data[:1] in ("f", "s"):
            record.remove_field(f)
    for f in record.get_fields("655"):
        if _is_marker(f):
            record.remove_field(f)
    _replace(record, ("340", "347", "521"), [])
    if fmt == Format.BRAILLE:
        grade = {1: "a", 2: "b"}.get(obj.braille_grade, "u")
        record.add_ordered_field(Field(tag="007", data=f"fb a {grade}   n"))
    elif fmt == Format.TACTILE:
        record.add_ordered_field(Field(tag="007", data="fd    |||n"))
    elif fmt in (Format.AUDIO, Format.DAISY):
        record.add_ordered_field(Field(tag="007", data="sd fsngnnmmned"))
    if fmt == Format.LARGE_PRINT and obj.large_print_size:
        record.add_ordered_field(Field(tag="340", indicators=[" ", " "],
                                       subfields=[_sub("n", f"{obj.large_print_size} point")]))
    if fmt in CARRIER:
        record.add_ordered_field(Field(tag="347", indicators=[" ", " "], subfields=[_sub("b", CARRIER[fmt])]))
    if fmt == Format.EASY_READ:
        record.add_ordered_field(Field(tag="655", indicators=[" ", "7"],
                                       subfields=[_sub("a", EASY_READ_GENRE), _sub("2", "local")]))
    if fmt == Format.SIGN_VIDEO:
        record.add_ordered_field(Field(tag="655", indicators=[" ", "7"],
                                       subfields=[_sub("a", SIGN_GENRE), _sub("2", "local")]))
    if obj.audience:
        record.add_ordered_field(Field(tag="521", indicators=["8", " "],
                                       subfields=[_sub("a", obj.audience.replace("_", " "))]))


def write_records(records, stream, *, kind: str = "marc") -> int:
    """Writes catalogue records to a binary stream as ISO 2709 ("marc") or MARCXML ("xml")."""
    count = 0
    if kind == "xml":
        writer = XMLWriter(stream)
        for obj in records:
            writer.write(build_marc(obj))
            count += 1
        writer.close(close_fh=False)
        return count
    writer = MARCWriter(stream)
    for obj in records:
        writer.write(build_marc(obj))
        count += 1
    return count


def export_bytes(records, *, kind: str = "marc") -> bytes:
    buffer = io.BytesIO()
    write_records(records, buffer, kind=kind)
    return buffer.getvalue()
