"""Writes for records, items, batch edits and MARC imports. Every write keeps the search index in
step (same transaction) and records an audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.catalog import indexing
from everyreader.catalog.marc.mapping import normalise_isbn, work_key
from everyreader.catalog.models import ImportJob, Item, Record
from everyreader.catalog.vocab import (ACCESS_MODES, ACCESSIBILITY_FEATURES, ACCESSIBILITY_HAZARDS,
                                       Audience, Format, ItemStatus)
from everyreader.core import audit
from everyreader.core.errors import DomainError

RECORD_FIELDS = ("control_number", "control_source", "title", "title_original", "responsibility",
                 "responsibility_original", "contributors", "publisher", "place", "year", "edition",
                 "series", "language", "subjects", "summary", "notes", "audience", "isbn", "issn",
                 "identifiers", "format", "braille_grade", "large_print_size", "access_modes",
                 "access_mode_sufficient", "accessibility_features", "accessibility_hazards",
                 "accessibility_summary")
ITEM_FIELDS = ("barcode", "branch", "shelf_location", "call_number", "format", "status", "note")


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


def _check_terms(values, allowed, field):
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise DomainError(_("Unknown value: %(values)s") % {"values": ", ".join(map(str, unknown))}, field=field)


def _validate_record(data: dict) -> None:
    if "title" in data and not (data["title"] or "").strip():
        raise DomainError(_("Enter the title."), field="title")
    if data.get("format") and data["format"] not in Format.values:
        raise DomainError(_("Choose a format from the list."), field="format")
    if data.get("audience") and data["audience"] not in Audience.values:
        raise DomainError(_("Choose an audience from the list."), field="audience")
    if data.get("isbn"):
        isbn = normalise_isbn(data["isbn"])
        if not isbn:
            raise DomainError(_("Enter an ISBN of 10 or 13 characters."), field="isbn")
        data["isbn"] = isbn
    if data.get("braille_grade") not in (None, 1, 2):
        raise DomainError(_("Braille grade is 1 (uncontracted) or 2 (contracted)."), field="braille_grade")
    if data.get("large_print_size") is not None and not 14 <= data["large_print_size"] <= 72:
        raise DomainError(_("Large print is between 14 and 72 points."), field="large_print_size")
    _check_terms(data.get("access_modes", []), ACCESS_MODES, "access_modes")
    for modes in data.get("access_mode_sufficient", []):
        _check_terms(modes, ACCESS_MODES, "access_mode_sufficient")
    _check_terms(data.get("accessibility_features", []), ACCESSIBILITY_FEATURES, "accessibility_features")
    _check_terms(data.get("accessibility_hazards", []), ACCESSIBILITY_HAZARDS, "accessibility_hazards")


def _duplicate_control_number(data: dict, exclude_pk=None) -> bool:
    if not data.get("control_number"):
        return False
    qs = Record.objects.filter(control_number=data["control_number"],
                               control_source=data.get("control_source", ""))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def record_create(*, actor, **fields) -> Record:
    data = {k: v for k, v in fields.items() if k in RECORD_FIELDS}
    _validate_record(data)
    if _duplicate_control_number(data):
        raise DomainError(_("A record with this control number already exists."), field="control_number")
    record = Record(**data)
    record.work_key = work_key(record.title_original or record.title, record.contributors)
    record.save()
    if not record.control_number:
        record.control_number = f"ER{record.pk:08d}"
        record.control_source = record.control_source or "EveryReader"
        record.save(update_fields=["control_number", "control_source"])
    indexing.index_records([record])
    audit.record(actor=actor, action="catalog.record_created", obj=record)
    return record


@transaction.atomic
def record_update(*, actor, record: Record, **fields) -> Record:
    data = {k: v for k, v in fields.items() if k in RECORD_FIELDS}
    _validate_record(data)
    if _duplicate_control_number({"control_number": data.get("control_number", record.control_number),
                                  "control_source": data.get("control_source", record.control_source)},
                                 exclude_pk=record.pk):
        raise DomainError(_("A record with this control number already exists."), field="control_number")
    changes = {}
    for name, value in data.items():
        old = getattr(record, name)
        if old != value:
            changes[name] = [old, value]
            setattr(record, name, value)
    if not changes:
        return record
    record.work_key = work_key(record.title_original or record.title, record.contributors)
    record.save()
    indexing.index_records([record])
    audit.record(actor=actor, action="catalog.record_updated", obj=record,
                 details={"changed": sorted(changes)})
    return record


@transaction.atomic
def record_delete(*, actor, record: Record) -> None:
    if record.items.exists():
        raise DomainError(_("This record still has items. Delete or move its items first."))
    pk, label = record.pk, str(record)
    record.delete()
    indexing.remove([pk])
    audit.record(actor=actor, action="catalog.record_deleted", object_type="catalog.record",
                 object_id=pk, object_repr=label)


@transaction.atomic
def records_batch_update(*, actor, record_ids: Iterable[int], format: str | None = None,
                         add_features: Iterable[str] = (), remove_features: Iterable[str] = (),
                         access_modes: list[str] | None = None, hazards: list[str] | None = None,
                         accessibility_summary: str | None = None, item_format: bool = False) -> int:
    """Sets format and accessibility fields on many records at once (one audit event)."""
    ids = sorted(set(int(i) for i in record_ids))
    if not ids:
        raise DomainError(_("Select at least one record."), field="records")
    add_features, remove_features = list(add_features), list(remove_features)
    _validate_record({"format": format, "accessibility_features": add_features + remove_features,
                      "access_modes": access_modes or [], "accessibility_hazards": hazards or []})
    records = list(Record.objects.filter(pk__in=ids))
    if len(records) != len(ids):
        raise DomainError(_("Some of the selected records no longer exist. Reload the list and try again."),
                          field="records")
    now = timezone.now()
    for record in records:
        if format:
            record.format = format
        features = [f for f in record.accessibility_features if f not in remove_features]
        features += [f for f in add_features if f not in features]
        record.accessibility_features = features
        if access_modes is not None:
            record.access_modes = list(access_modes)
        if hazards is not None:
            record.accessibility_hazards = list(hazards)
        if accessibility_summary is not None:
            record.accessibility_summary = accessibility_summary
        record.updated_at = now
    Record.objects.bulk_update(records, ["format", "accessibility_features", "access_modes",
                                         "accessibility_hazards", "accessibility_summary", "updated_at"],
                               batch_size=500)
    if format and item_format:
        Item.objects.filter(record_id__in=ids).update(format=format, updated_at=now)
    indexing.index_records(records)
    audit.record(actor=actor, action="catalog.records_batch_updated", object_type="catalog.record",
                 object_repr=_("%(count)s records") % {"count": len(ids)},
                 details={"records": ids, "format": format, "add_features": add_features,
                          "remove_features": remove_features, "access_modes": access_modes,
                          "hazards": hazards, "summary_set": accessibility_summary is not None})
    return len(records)


def _validate_item(data: dict, exclude_pk=None) -> None:
    if "barcode" in data:
        data["barcode"] = (data["barcode"] or "").strip()
        if not data["barcode"]:
            raise DomainError(_("Enter the barcode."), field="barcode")
        qs = Item.objects.filter(barcode=data["barcode"])
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        if qs.exists():
            raise DomainError(_("An item with this barcode already exists."), field="barcode")
    if data.get("status") and data["status"] not in ItemStatus.values:
        raise DomainError(_("Choose a status from the list."), field="status")
    if data.get("format") and data["format"] not in Format.values:
        raise DomainError(_("Choose a format from the list."), field="format")


@transaction.atomic
def item_create(*, actor, record: Record, **fields) -> Item:
    data = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    data.setdefault("format", record.format)
    _validate_item(data)
    if data.get("branch") is None:
        raise DomainError(_("Choose the branch."), field="branch")
    item = Item.objects.create(record=record, **data)
    indexing.index_records([record])
    audit.record(actor=actor, action="catalog.item_created", obj=item, details={"record": record.pk})
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Change a copy's details. Only the changed columns are written, so a checkout at the same
    moment keeps its status; a status change is refused for copies out in circulation and for the
    statuses only circulation sets, and is made only if nobody changed the status meanwhile."""
    data = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    _validate_item(data, exclude_pk=item.pk)
    changes = {}
    original_status = item.status
    for name, value in data.items():
        old = getattr(item, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(item, name, value)
    if not changes:
        return item
    if "status" in changes:
        _check_status_change(original_status, item.status)
    columns = [name for name in changes if name != "status"]
    if columns:
        item.save(update_fields=[*columns, "updated_at"])
    if "status" in changes:
        now = timezone.now()
        if not Item.objects.filter(pk=item.pk, status=original_status).update(status=item.status, updated_at=now):
            raise DomainError(_("Someone changed this copy's status at the same moment. Look again and retry."),
                              field="status", code="conflict")
        item.updated_at = now
    indexing.index_records([item.record])
    audit.record(actor=actor, action="catalog.item_updated", obj=item, details={"changes": changes})
    return item


#: Statuses only circulation sets and clears (checkout, check-in, holds, transfers).
CIRCULATION_STATUSES = (ItemStatus.ON_LOAN, ItemStatus.ON_HOLD, ItemStatus.IN_TRANSIT)


def _check_status_change(old: str, new: str) -> None:
    if old in CIRCULATION_STATUSES:
        raise DomainError(_("This copy is on loan, on the hold shelf or in transit. Check it in at the "
                            "circulation desk before changing its status."), field="status", code="in_circulation")
    if new in CIRCULATION_STATUSES:
        raise DomainError(_("Only the circulation desk lends copies, puts them on the hold shelf or sends "
                            "them to another branch. Choose another status."), field="status",
                          code="circulation_status")


@transaction.atomic
def item_set_status(*, actor, item: Item, status: str) -> Item:
    """A catalogue-side status (repair, missing, withdrawn, available again); see item_update."""
    return item_update(actor=actor, item=item, status=status)


@transaction.atomic
def import_job_create(*, actor, uploaded_file) -> ImportJob:
    from everyreader.catalog.marc.reading import detect_kind

    head = uploaded_file.read(64)
    uploaded_file.seek(0)
    if not head:
        raise DomainError(_("The file is empty."), field="file")
    if detect_kind(head) == "iso2709" and not head[:5].isdigit():
        raise DomainError(_("This is not a MARC file: upload MARC 21 (ISO 2709) or MARCXML."), field="file")
    job = ImportJob(filename=uploaded_file.name[:255], started_by=actor)
    job.file.save(uploaded_file.name, uploaded_file, save=False)
    job.save()
    audit.record(actor=actor, action="catalog.import_started", obj=job)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from everyreader.catalog.tasks import run_import

    run_import.enqueue(job_id)


@transaction.atomic
def import_job_resume(*, actor, job: ImportJob) -> ImportJob:
    if job.status == ImportJob.Status.DONE:
        raise DomainError(_("This import has finished; there is nothing to resume."))
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="catalog.import_resumed", obj=job, details={"position": job.position})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job
