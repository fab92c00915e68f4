"""Import readers from CSV or XLSX: each row is registered in its own transaction (savepoint), so
valid rows go in, invalid rows are reported with the reason, and no row is half-written."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.accounts.models import Branch
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers import services
from everyreader.readers.models import ContactChannel, ReaderCategory, RegistrationChannel

COLUMNS = ["family_name", "given_name", "card_number", "birth_year", "category", "home_branch", "phone",
           "email", "address", "preferred_contact", "guardian_name", "guardian_relation"]
MAX_ROWS = 10000


@dataclass
class RowResult:
    line: int
    ok: bool
    card_number: str = ""
    name: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def rejected(self) -> int:
        return sum(1 for r in self.rows if not r.ok)


def read_rows(content: bytes, filename: str) -> list[dict]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise DomainError(_("This XLSX file cannot be read."), field="file") from exc
        values = [["" if v is None else str(v).strip() for v in row] for row in book.active.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Save the CSV file as UTF-8 and try again."), field="file") from None
        values = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), field="file")
    if not values:
        raise DomainError(_("The file is empty."), field="file")
    header = [h.strip().lower() for h in values[0]]
    if "family_name" not in header:
        raise DomainError(_("The first row must name the columns, including family_name."), field="file")
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise DomainError(_("Unknown columns: %(columns)s") % {"columns": ", ".join(unknown)}, field="file")
    rows = [dict(zip(header, row)) for row in values[1:] if any(row)]
    if len(rows) > MAX_ROWS:
        raise DomainError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS}, field="file")
    return rows


def _row_fields(row: dict, branches: dict) -> dict:
    data = {k: (row.get(k) or "").strip() for k in COLUMNS}
    fields = {k: data[k] for k in ("family_name", "given_name", "phone", "email", "address",
                                   "guardian_name", "guardian_relation")}
    if data["birth_year"]:
        try:
            fields["birth_year"] = int(float(data["birth_year"]))
        except ValueError:
            raise DomainError(_("Birth year is not a number.")) from None
    category = data["category"] or ReaderCategory.ADULT
    if not ReaderCategory.is_active(category):
        raise DomainError(_("Unknown category “%(value)s”.") % {"value": category})
    fields["category"] = category
    contact = data["preferred_contact"] or (ContactChannel.SMS if data["phone"] else ContactChannel.EMAIL)
    if contact not in ContactChannel.values:
        raise DomainError(_("Unknown contact channel “%(value)s”.") % {"value": contact})
    fields["preferred_contact"] = contact
    if data["home_branch"]:
        if data["home_branch"] not in branches:
            raise DomainError(_("Unknown branch code “%(value)s”.") % {"value": data["home_branch"]})
        fields["home_branch"] = branches[data["home_branch"]]
    if data["email"]:
        from django.core.validators import validate_email
        from django.core.exceptions import ValidationError

        try:
            validate_email(data["email"])
        except ValidationError:
            raise DomainError(_("The e-mail address is not valid.")) from None
    return {"card_number": data["card_number"], **fields}


def readers_import(*, actor, content: bytes, filename: str) -> ImportReport:
    require_perm(actor, "readers.import_readers")
    rows = read_rows(content, filename)
    branches = {b.code: b for b in Branch.objects.all()}
    report = ImportReport()
    for index, row in enumerate(rows, start=2):
        result = RowResult(line=index, ok=False, name=f"{row.get('family_name', '')}{row.get('given_name', '')}")
        try:
            with transaction.atomic():
                fields = _row_fields(row, branches)
                reader = services.reader_register(actor=actor, channel=RegistrationChannel.IMPORT, **fields)
            result.ok, result.card_number = True, reader.card_number
        except services.DuplicateReaderError as error:
            result.errors.append(_("Possible duplicate of card %(cards)s.")
                                 % {"cards": ", ".join(c.reader.card_number for c in error.candidates)})
        except DomainError as error:
            result.errors.append(str(error.message))
        report.rows.append(result)
    audit.record(actor=actor, action="reader.imported", object_type="readers.reader",
                 details={"file": filename[:100], "imported": report.imported, "rejected": report.rejected})
    return report
