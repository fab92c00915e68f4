"""Builders for MARC test data (ISO 2709 bytes made by hand, so tests control every byte)."""

from pymarc import Field, Leader, Record, Subfield


def iso2709(fields: list[tuple[str, bytes]], *, utf8: bool = True, leader_type: str = "a") -> bytes:
    """fields: (tag, raw bytes without the field terminator). Control fields are the data itself;
    data fields are b"ind1ind2" + b"\\x1fa..." subfields."""
    directory = b""
    data = b""
    for tag, raw in fields:
        raw = raw + b"\x1e"
        directory += tag.encode() + b"%04d%05d" % (len(raw), len(data))
        data += raw
    base = 24 + len(directory) + 1
    length = base + len(data) + 1
    leader = b"%05dn%sm %s22%05d   4500" % (length, leader_type.encode(), b"a" if utf8 else b" ", base)
    return leader + directory + b"\x1e" + data + b"\x1d"


def data_field(ind: str, *subfields: tuple[str, str], encoding="utf-8") -> bytes:
    return ind.encode() + b"".join(b"\x1f" + code.encode() + value.encode(encoding) for code, value in subfields)


def simple_record(control="R1", title="边城", author="沈从文", isbn="", extra=()) -> bytes:
    fields = [("001", control.encode()), ("003", b"TEST"),
              ("008", b"200101s2014    cc            000 1 chi d")]
    if isbn:
        fields.append(("020", data_field("  ", ("a", isbn))))
    fields.append(("100", data_field("1 ", ("a", author))))
    fields.append(("245", data_field("10", ("a", title + " /"), ("c", author + "著"))))
    fields.extend(extra)
    return iso2709(fields)


def pymarc_record(title="Test", control="X1") -> Record:
    record = Record(force_utf8=True, leader=Leader("00000nam a2200000 i 4500"))
    record.add_field(Field(tag="001", data=control))
    record.add_field(Field(tag="245", indicators=["0", "0"], subfields=[Subfield("a", title)]))
    return record
