"""Reading MARC files record by record, reporting each bad record instead of stopping.

`read_records(path)` yields `Entry` objects: position (1-based record number), byte offset,
the parsed pymarc Record (or None) and, for a bad record, the reason. ISO 2709 files may be
UTF-8 (leader/09 "a") or MARC-8 (leader/09 blank); MARCXML is detected by its first bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pymarc import Field, Leader, Record, Subfield

from everyreader.catalog.marc.fast import BadRecord, parse_utf8

END_OF_RECORD = 0x1D
MARCXML_NS = "{http://www.loc.gov/MARC21/slim}"


@dataclass
class Entry:
    position: int
    offset: int | None
    record: Record | None
    text: str | None = None           # the ISO 2709 record as text when it is already UTF-8
    error: str = ""
    control_number: str = ""


def detect_kind(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "marcxml" if text.startswith(b"<") else "iso2709"


@dataclass
class Raw:
    """One ISO 2709 record as it was cut from the file, not parsed yet (see `parse_raw`)."""
    position: int
    offset: int
    chunk: bytes


def read_records(stream, *, encoding: str = "auto", skip: int = 0) -> Iterator[Entry]:
    """Yields every record of a binary stream; `skip` records are passed over without parsing."""
    for item in read_raw(stream, encoding=encoding, skip=skip):
        yield parse_raw(item, encoding) if isinstance(item, Raw) else item


def read_raw(stream, *, encoding: str = "auto", skip: int = 0) -> Iterator[Entry | Raw]:
    """Like `read_records`, but ISO 2709 records come unparsed (`Raw`), so that the parsing can
    happen in another process; records whose framing is broken and MARCXML come as `Entry`."""
    head = stream.read(64)
    stream.seek(0)
    if detect_kind(head) == "marcxml":
        yield from _read_marcxml(stream, skip=skip)
    else:
        yield from _read_iso2709(stream, encoding=encoding, skip=skip)


def parse_raw(raw: Raw, encoding: str = "auto") -> Entry:
    return _parse_chunk(raw.position, raw.offset, raw.chunk, encoding)


def count_records(stream) -> int | None:
    """Records in the file (cheap for ISO 2709: counts end-of-record marks)."""
    head = stream.read(64)
    stream.seek(0)
    total = 0
    if detect_kind(head) == "marcxml":
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            total += chunk.count(b"</record>") + chunk.count(b"</marc:record>")
        stream.seek(0)
        return total
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        total += chunk.count(b"\x1d")
    stream.seek(0)
    return total


def _control_number(chunk: bytes) -> str:
    """001 of a raw record, if its directory is readable (for error reports)."""
    try:
        base = int(chunk[12:17])
        directory = chunk[24:base - 1]
        for i in range(0, len(directory) - 11, 12):
            if directory[i:i + 3] == b"001":
                length, start = int(directory[i + 3:i + 7]), int(directory[i + 7:i + 12])
                return chunk[base + start:base + start + length].rstrip(b"\x1e").decode("utf-8", "replace").strip()
    except (ValueError, IndexError):
        return ""
    return ""


def _read_iso2709(stream, *, encoding: str, skip: int) -> Iterator[Entry | Raw]:
    position = 0
    offset = 0
    buffered = io.BufferedReader(stream) if not isinstance(stream, io.BufferedIOBase) else stream
    while True:
        first = buffered.read(5)
        if not first:
            return
        position += 1
        start = offset
        if first.strip(b"\r\n \x1a") == b"":
            # trailing newline or padding at the end of the file
            return
        if len(first) < 5 or not first.isdigit():
            # No valid length: resynchronise on the next end-of-record mark.
            rest = _read_until_end(buffered)
            offset += len(first) + len(rest)
            if position > skip:
                yield Entry(position, start, None, error=_("The record length in the leader is not a number."))
            continue
        length = int(first)
        if length < 25:
            rest = _read_until_end(buffered)
            offset += len(first) + len(rest)
            if position > skip:
                yield Entry(position, start, None, error=_("The record length in the leader is too small."))
            continue
        rest = buffered.read(length - 5)
        chunk = first + rest
        offset += len(chunk)
        if len(chunk) < length:
            if position > skip:
                yield Entry(position, start, None, error=_("The record is truncated: the file ends %(missing)s "
                                                           "bytes before the record does.")
                            % {"missing": length - len(chunk)}, control_number=_control_number(chunk))
            return
        if chunk[-1] != END_OF_RECORD:
            # The length is wrong: take bytes up to the next end-of-record mark instead.
            tail = _read_until_end(buffered)
            offset += len(tail)
            if position > skip:
                yield Entry(position, start, None, error=_("The record length in the leader does not match "
                                                           "the record."), control_number=_control_number(chunk))
            continue
        if position <= skip:
            continue
        yield Raw(position, start, chunk)


def _read_until_end(buffered) -> bytes:
    """The bytes up to and including the next end-of-record mark (or the end of the file)."""
    parts = []
    while True:
        byte = buffered.read(1)
        if not byte:
            break
        parts.append(byte)
        if byte[0] == END_OF_RECORD:
            break
    return b"".join(parts)


def _parse_chunk(position: int, offset: int, chunk: bytes, encoding: str) -> Entry:
    utf8 = encoding == "utf8" or (encoding == "auto" and chunk[9:10] == b"a")
    try:
        if utf8:
            text = chunk.decode("utf-8")  # the whole record must be valid, not only the mapped fields
            record = parse_utf8(chunk)
        else:
            record = Record(data=chunk, to_unicode=True, force_utf8=False, hide_utf8_warnings=True,
                            utf8_handling="strict")
    except BadRecord as exc:
        return Entry(position, offset, None, error=_("The record cannot be read: %(reason)s") % {"reason": exc},
                     control_number=_control_number(chunk))
    except UnicodeDecodeError:
        return Entry(position, offset, None, error=_("The record says it is UTF-8 but contains bytes that "
                                                     "are not valid UTF-8."),
                     control_number=_control_number(chunk))
    except Exception as exc:  # pymarc raises several exception types for broken records
        return Entry(position, offset, None, error=_("The record cannot be read: %(reason)s")
                     % {"reason": str(exc) or type(exc).__name__}, control_number=_control_number(chunk))
    if not record.get_fields("245"):
        return Entry(position, offset, None, error=_("The record has no title (field 245)."),
                     control_number=_control_number(chunk))
    return Entry(position, offset, record, text=text if utf8 else None)


def _read_marcxml(stream, *, skip: int) -> Iterator[Entry]:
    position = 0
    try:
        for _event, element in ET.iterparse(stream, events=("end",)):
            if element.tag not in (f"{MARCXML_NS}record", "record"):
                continue
            position += 1
            if position > skip:
                yield _record_from_xml(position, element)
            element.clear()
    except ET.ParseError as exc:
        yield Entry(position + 1, None, None, error=_("The XML is not well formed: %(reason)s") % {"reason": exc})


def _record_from_xml(position: int, element) -> Entry:
    def tagged(name):
        return element.iter(f"{MARCXML_NS}{name}") if element.tag.startswith(MARCXML_NS) else element.iter(name)

    record = Record(force_utf8=True)
    control = ""
    try:
        for leader in tagged("leader"):
            record.leader = Leader((leader.text or "").ljust(24)[:24])
        for cf in tagged("controlfield"):
            tag = cf.get("tag", "")
            if tag == "001":
                control = (cf.text or "").strip()
            record.add_field(Field(tag=tag, data=cf.text or ""))
        for df in tagged("datafield"):
            tag = df.get("tag", "")
            if len(tag) != 3:
                raise ValueError(_("a field has the tag “%(tag)s”, which is not three characters") % {"tag": tag})
            subfields = [Subfield(sf.get("code", ""), sf.text or "") for sf in
                         (df.iter(f"{MARCXML_NS}subfield") if df.tag.startswith(MARCXML_NS) else df.iter("subfield"))]
            record.add_field(Field(tag=tag, indicators=[df.get("ind1", " ") or " ", df.get("ind2", " ") or " "],
                                   subfields=subfields))
    except ValueError as exc:
        return Entry(position, None, None, error=_("The record cannot be read: %(reason)s") % {"reason": exc},
                     control_number=control)
    if not record.get_fields("245"):
        return Entry(position, None, None, error=_("The record has no title (field 245)."), control_number=control)
    return Entry(position, None, record)
