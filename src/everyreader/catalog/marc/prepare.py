"""The per-record work of the MARC import that needs no database: parse, map, serialise, and
analyse the text for the search index (segmentation, pinyin, stemming).

Pure functions of the record's bytes, so they run in worker processes (`pipeline`) as well as
in the importing process itself. The importer then only matches, writes and indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from pymarc import Leader

from everyreader.catalog.marc.mapping import _first, map_record
from everyreader.catalog.marc.reading import Entry, Raw, parse_raw


@dataclass(slots=True)
class Prepared:
    position: int
    offset: int | None
    error: str = ""                     # why the record is skipped (a bad record)
    control_number: str = ""            # for the error report
    key: tuple[str, str] | None = None  # the record's own 001 and 003, for the "unchanged" check
    marc: str = ""                      # ISO 2709 in UTF-8, as stored
    record: object = None               # the parsed record, until it is mapped
    instance: object = None             # the unsaved catalogue Record (mapping.map_record), with
    #                                     its search document when analysed ahead (`search_document`)

    @property
    def bad(self) -> bool:
        return bool(self.error)


def marc_text(entry: Entry) -> str:
    if entry.text is not None:
        return entry.text
    record = entry.record
    leader = str(record.leader)
    record.leader = Leader(leader[:9] + "a" + leader[10:])
    record.force_utf8 = True
    return record.as_marc().decode("utf-8")


def prepare(item: Entry | Raw, encoding: str = "auto") -> Prepared:
    """Parses a record (if it is still raw) and serialises it; mapping comes in `complete`."""
    entry = parse_raw(item, encoding) if isinstance(item, Raw) else item
    if entry.record is None:
        return Prepared(entry.position, entry.offset, error=entry.error or "?",
                        control_number=entry.control_number)
    record = entry.record
    f001, f003 = _first(record, "001"), _first(record, "003")
    key = None
    if f001 is not None:
        key = ((f001.data or "").strip(), (f003.data or "").strip() if f003 is not None else "")
    try:
        marc = marc_text(entry)
    except Exception as exc:  # pymarc cannot write the record back: it is broken inside
        return Prepared(entry.position, entry.offset, error=str(exc) or type(exc).__name__,
                        control_number=entry.control_number)
    return Prepared(entry.position, entry.offset, control_number=entry.control_number, key=key,
                    marc=marc, record=record)


def complete(prepared: Prepared, *, analyse: bool = False) -> Prepared:
    """Maps the record to the catalogue's fields (a broken record becomes an error) and, with
    `analyse`, computes its search analysis too."""
    from everyreader.catalog import indexing
    from everyreader.catalog.models import Record
    from everyreader.search import services as search_services

    if prepared.bad or prepared.instance is not None:
        return prepared
    try:
        mapped = map_record(prepared.record)
    except Exception as exc:  # a record the reader accepted but that is broken inside
        prepared.error = str(exc) or type(exc).__name__
        prepared.record = None
        return prepared
    prepared.record = None  # not needed any more (and not sent back from a worker)
    instance = Record(marc=prepared.marc, **mapped)
    if analyse:
        document = indexing.build_document(instance)
        document.analysis = search_services.analyse_text(document)
        instance.search_document = document
    prepared.instance = instance
    return prepared


def prepare_chunk(items: list[Entry | Raw], encoding: str, language: str | None) -> list[Prepared]:
    """A worker's job: every record of the chunk parsed, mapped and analysed."""
    with translation.override(language):
        return [complete(prepare(item, encoding), analyse=True) for item in items]
