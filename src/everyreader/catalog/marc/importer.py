"""The MARC import pipeline: read -> map -> match -> bulk write -> index, one batch per transaction.

A batch is committed together with the job's position, so an interrupted import resumes after
the last committed batch. Records match existing ones on 001+003, then on ISBN; a match is
updated, never duplicated. Bad records become ImportProblem rows and are skipped.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone
from pymarc import Leader

from everyreader.catalog import indexing
from everyreader.catalog.marc import bulk
from everyreader.catalog.marc.mapping import MAPPED_FIELDS, _first, map_record
from everyreader.catalog.marc.reading import Entry, read_records
from everyreader.catalog.models import ImportJob, ImportProblem, Record

WRITE_FIELDS = [*MAPPED_FIELDS, "marc"]


@dataclass
class Totals:
    processed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


def _marc_text(entry: Entry) -> str:
    if entry.text is not None:
        return entry.text
    record = entry.record
    leader = str(record.leader)
    record.leader = Leader(leader[:9] + "a" + leader[10:])
    record.force_utf8 = True
    return record.as_marc().decode("utf-8")


class Importer:
    def __init__(self, *, job: ImportJob | None = None, batch_size: int = 1000,
                 progress: Callable[[int], None] | None = None):
        self.job = job
        self.batch_size = batch_size
        self.progress = progress
        self.totals = Totals()

    def run(self, stream, *, skip: int = 0, encoding: str = "auto") -> Totals:
        entries: list[Entry] = []
        problems: list[Entry] = []
        self.position = skip
        for entry in read_records(stream, encoding=encoding, skip=skip):
            (problems if entry.record is None else entries).append(entry)
            self.position = entry.position
            if len(entries) + len(problems) >= self.batch_size:
                self._flush(entries, problems)
                entries, problems = [], []
        self._flush(entries, problems)
        return self.totals

    def _drop_unchanged(self, entries: list[Entry]) -> tuple[list[Entry], int]:
        """Entries whose stored record is byte-for-byte the same need no mapping, writing or indexing."""
        keys = {}
        for entry in entries:
            f001, f003 = _first(entry.record, "001"), _first(entry.record, "003")
            if f001 is not None:
                keys[id(entry)] = (f001.data.strip(), f003.data.strip() if f003 is not None else "")
        if not keys:
            return entries, 0
        stored = set(Record.objects.filter(control_number__in={k[0] for k in keys.values()}).values_list(
            "control_number", "control_source", "marc"))
        if not stored:
            return entries, 0
        kept = [e for e in entries if (*keys.get(id(e), ("", "")), _marc_text(e)) not in stored]
        return kept, len(entries) - len(kept)

    @transaction.atomic
    def _flush(self, entries: list[Entry], problems: list[Entry]) -> None:
        entries, same = self._drop_unchanged(entries)
        batch = []
        for entry in entries:
            try:
                batch.append((entry, map_record(entry.record)))
            except Exception as exc:  # a record the reader accepted but that is broken inside
                entry.error = str(exc) or type(exc).__name__
                problems.append(entry)
        created, updated, unchanged = self._save(batch)
        unchanged += same
        if created or updated:
            indexing.index_records(created, with_items=False)
            indexing.index_records(updated)
        if problems and self.job is not None:
            ImportProblem.objects.bulk_create([
                ImportProblem(job=self.job, position=p.position, offset=p.offset,
                              control_number=p.control_number[:40], reason=p.error) for p in problems])
        done = len(batch) + len(problems) + same
        self.totals.processed += done
        self.totals.created += len(created)
        self.totals.updated += len(updated)
        self.totals.unchanged += unchanged
        self.totals.skipped += len(problems)
        if self.job is not None:
            job = self.job
            job.position = self.position
            job.created_count += len(created)
            job.updated_count += len(updated)
            job.unchanged_count += unchanged
            job.error_count += len(problems)
            job.save(update_fields=["position", "created_count", "updated_count", "unchanged_count",
                                    "error_count", "updated_at"])
        if self.progress and done:
            self.progress(done)

    def _save(self, batch):
        if not batch:
            return [], [], 0
        by_control: dict[tuple[str, str], int] = {}
        stored: dict[int, str] = {}
        control_numbers = {m["control_number"] for _e, m in batch if m["control_number"]}
        if control_numbers:
            rows = Record.objects.filter(control_number__in=control_numbers).values_list(
                "pk", "control_number", "control_source", "marc")
            by_control = {(cn, src): pk for pk, cn, src, _m in rows}
            stored = {pk: marc for pk, _cn, _src, marc in rows}
        unmatched_isbns = {m["isbn"] for _e, m in batch
                           if m["isbn"] and (m["control_number"], m["control_source"]) not in by_control}
        by_isbn: dict[str, tuple[int, str, str]] = {}
        if unmatched_isbns:
            by_isbn = {isbn: (pk, cn, src) for isbn, pk, cn, src in Record.objects.filter(
                isbn__in=unmatched_isbns).values_list("isbn", "pk", "control_number", "control_source")}
        new: dict[tuple, Record] = {}
        changed: dict[int, Record] = {}
        unchanged = 0
        for entry, mapped in batch:
            marc = _marc_text(entry)
            key = (mapped["control_number"], mapped["control_source"])
            pk = by_control.get(key) if mapped["control_number"] else None
            if pk is None and mapped["isbn"] in by_isbn:
                found_pk, found_cn, found_src = by_isbn[mapped["isbn"]]
                # Two records with their own control numbers from the same source are two records
                # (e.g. two printings sharing an ISBN); otherwise the ISBN identifies the record.
                if not (found_cn and mapped["control_number"] and found_src == mapped["control_source"]):
                    pk = found_pk
            if pk is not None:
                if stored.get(pk) == marc:
                    unchanged += 1  # the same record again: nothing to write or index
                    continue
                changed[pk] = Record(pk=pk, marc=marc, **mapped)
                continue
            # Within one file the same record may appear twice: the later copy wins.
            new_key = key if mapped["control_number"] else ("isbn", mapped["isbn"]) if mapped["isbn"] else (
                "position", entry.position)
            new[new_key] = Record(marc=marc, **mapped)
        created = bulk.insert(list(new.values()), WRITE_FIELDS)
        updated = list(changed.values())
        bulk.update(updated, WRITE_FIELDS)
        return created, updated, unchanged


def run_job(job: ImportJob, *, progress=None, batch_size: int = 1000, encoding: str = "auto") -> Totals:
    """Runs (or resumes) an import job from its stored file or path."""
    from everyreader.catalog.marc.reading import count_records
    from everyreader.core import audit

    job.status = ImportJob.Status.RUNNING
    job.message = ""
    job.save(update_fields=["status", "message", "updated_at"])
    importer = Importer(job=job, batch_size=batch_size, progress=progress)
    try:
        with _open(job) as stream:
            if job.total is None:
                job.total = count_records(stream)
                job.save(update_fields=["total", "updated_at"])
            totals = importer.run(stream, skip=job.position, encoding=encoding)
    except OSError as exc:
        job.status = ImportJob.Status.FAILED
        job.message = str(exc)
        job.save(update_fields=["status", "message", "updated_at"])
        raise
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    if job.total is None or job.total < job.position:
        job.total = job.position
    job.save(update_fields=["status", "finished_at", "total", "updated_at"])
    audit.record(actor=job.started_by, action="catalog.import_finished", obj=job,
                 details={"created": job.created_count, "updated": job.updated_count,
                          "skipped": job.error_count})
    return totals


def _open(job: ImportJob):
    if job.file:
        if isinstance(job.file.storage, FileSystemStorage):
            return open(job.file.path, "rb")  # noqa: SIM115 - closed by the caller's with-block
        with job.file.open("rb") as remote:  # storage without local paths (object storage)
            return io.BytesIO(remote.read())
    return open(job.path, "rb")  # noqa: SIM115 - closed by the caller's with-block
