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

from everyreader.catalog import indexing
from everyreader.catalog.marc import bulk, pipeline
from everyreader.catalog.marc.mapping import MAPPED_FIELDS
from everyreader.catalog.marc.prepare import Prepared, complete
from everyreader.catalog.marc.reading import read_raw
from everyreader.catalog.models import ImportJob, ImportProblem, Record

WRITE_FIELDS = [*MAPPED_FIELDS, "marc"]


@dataclass
class Totals:
    processed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


class Importer:
    """`workers`: 1 does everything in this process; more parse, map and analyse the records in
    that many worker processes (pipeline.with_workers) while this process writes."""

    def __init__(self, *, job: ImportJob | None = None, batch_size: int = 1000,
                 progress: Callable[[int], None] | None = None, workers: int = 1,
                 chunk_size: int = pipeline.CHUNK_SIZE):
        self.job = job
        self.batch_size = batch_size
        self.progress = progress
        self.workers = max(1, workers)
        self.chunk_size = chunk_size
        self.totals = Totals()

    def run(self, stream, *, skip: int = 0, encoding: str = "auto") -> Totals:
        self.position = skip
        items = read_raw(stream, encoding=encoding, skip=skip)
        if self.workers > 1:
            chunks = pipeline.with_workers(items, encoding, self.workers, self.chunk_size)
        else:
            chunks = pipeline.in_process(items, encoding, self.chunk_size)
        pending: list[Prepared] = []
        for chunk in chunks:
            pending.extend(chunk)
            while len(pending) >= self.batch_size:
                self._flush(pending[:self.batch_size])
                pending = pending[self.batch_size:]
        self._flush(pending)
        return self.totals

    def _drop_unchanged(self, entries: list[Prepared]) -> tuple[list[Prepared], dict[int, int]]:
        """Entries whose stored record is byte-for-byte the same need no mapping, writing or
        indexing. Returns the others, and for each stored record found unchanged the position of
        its last unchanged copy: within one file the later copy wins, so `_save` drops earlier
        copies of that record in this batch (matched on 001/003 or ISBN)."""
        keyed = [p for p in entries if p.key is not None]
        if not keyed:
            return entries, {}
        stored = {(cn, src, marc): pk for pk, cn, src, marc in Record.objects.filter(
            control_number__in={p.key[0] for p in keyed}).values_list(
            "pk", "control_number", "control_source", "marc")}
        if not stored:
            return entries, {}
        kept, unchanged_at = [], {}
        for p in entries:
            pk = stored.get((*p.key, p.marc)) if p.key is not None else None
            if pk is None:
                kept.append(p)
            else:
                unchanged_at[pk] = p.position
        return kept, unchanged_at

    @transaction.atomic
    def _flush(self, prepared: list[Prepared]) -> None:
        if prepared:
            self.position = prepared[-1].position
        problems = [p for p in prepared if p.bad]
        entries, unchanged_at = self._drop_unchanged([p for p in prepared if not p.bad])
        same = len(prepared) - len(problems) - len(entries)
        batch = []
        for entry in entries:
            complete(entry)  # already done by a worker, else mapped here
            (problems if entry.bad else batch).append(entry)
        created, updated, unchanged = self._save(batch, unchanged_at)
        unchanged += same
        if created or updated:
            indexing.index_records(created, with_items=False)
            indexing.index_records(updated)
        if problems and self.job is not None:
            problems.sort(key=lambda p: p.position)
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

    def _save(self, prepared: list[Prepared], unchanged_at: dict[int, int] | None = None):
        if not prepared:
            return [], [], 0
        batch = [(p, p.instance) for p in prepared]
        by_control: dict[tuple[str, str], int] = {}
        stored: dict[int, str] = {}
        control_numbers = {m.control_number for _e, m in batch if m.control_number}
        if control_numbers:
            rows = Record.objects.filter(control_number__in=control_numbers).values_list(
                "pk", "control_number", "control_source", "marc")
            by_control = {(cn, src): pk for pk, cn, src, _m in rows}
            stored = {pk: marc for pk, _cn, _src, marc in rows}
        unmatched_isbns = {m.isbn for _e, m in batch
                           if m.isbn and (m.control_number, m.control_source) not in by_control}
        by_isbn: dict[str, tuple[int, str, str]] = {}
        if unmatched_isbns:
            by_isbn = {isbn: (pk, cn, src) for isbn, pk, cn, src in Record.objects.filter(
                isbn__in=unmatched_isbns).values_list("isbn", "pk", "control_number", "control_source")}
        new: dict[tuple, Record] = {}
        changed: dict[int, Record] = {}
        unchanged = 0
        for entry, record in batch:
            key = (record.control_number, record.control_source)
            pk = by_control.get(key) if record.control_number else None
            if pk is None and record.isbn in by_isbn:
                found_pk, found_cn, found_src = by_isbn[record.isbn]
                # Two records with their own control numbers from the same source are two records
                # (e.g. two printings sharing an ISBN); otherwise the ISBN identifies the record.
                if not (found_cn and record.control_number and found_src == record.control_source):
                    pk = found_pk
            if pk is not None:
                if unchanged_at and entry.position < unchanged_at.get(pk, 0):
                    unchanged += 1  # a later copy in this batch is the stored record: it wins
                    continue
                if stored.get(pk) == entry.marc:
                    # the same record again: nothing to write or index; it also wins over an
                    # earlier, changed copy of it in this batch (the later copy wins)
                    unchanged += 1 + (changed.pop(pk, None) is not None)
                    continue
                record.pk = pk
                changed[pk] = record
                continue
            # Within one file the same record may appear twice: the later copy wins.
            new_key = key if record.control_number else ("isbn", record.isbn) if record.isbn else (
                "position", entry.position)
            new[new_key] = record
        created = bulk.insert(list(new.values()), WRITE_FIELDS)
        updated = list(changed.values())
        bulk.update(updated, WRITE_FIELDS)
        return created, updated, unchanged


def run_job(job: ImportJob, *, progress=None, batch_size: int = 1000, encoding: str = "auto",
            workers: int | None = None) -> Totals:
    """Runs (or resumes) an import job from its stored file or path. `workers`: see Importer;
    None: pipeline.default_workers(), or 1 for a file of one chunk or less."""
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
            if workers is None:
                small = job.total is not None and job.total - job.position <= pipeline.CHUNK_SIZE
                workers = 1 if small else pipeline.default_workers()
            importer.workers = max(1, workers)
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
