"""everyreader import_marc FILE... — import MARC 21 (ISO 2709, UTF-8 or MARC-8) or MARCXML."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from everyreader.catalog.marc.importer import run_job
from everyreader.catalog.models import ImportJob


class Command(BaseCommand):
    help = "Import MARC files. An interrupted import of the same file resumes where it stopped."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--encoding", choices=["auto", "utf8", "marc8"], default="auto",
                            help="auto: trust leader/09 (a = UTF-8, blank = MARC-8)")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--workers", type=int, default=None,
                            help="processes that parse, map and analyse records; 1: none, all in this "
                                 "process (default: one per CPU when there are 2 or more, see "
                                 "EVERYREADER_IMPORT_WORKERS)")
        parser.add_argument("--restart", action="store_true", help="start again instead of resuming")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        for name in options["files"]:
            path = Path(name).resolve()
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            job = None
            if not options["restart"]:
                job = (ImportJob.objects.filter(path=str(path), file="")
                       .exclude(status=ImportJob.Status.DONE).order_by("-id").first())
            if job is not None:
                self.stdout.write(f"Resuming {path.name} after record {job.position}.")
            else:
                job = ImportJob.objects.create(path=str(path), filename=path.name)
            bar = tqdm(total=None, initial=job.position, unit="rec", desc=path.name,
                       disable=options["no_progress"], file=self.stderr._out)

            def progress(n, bar=bar, job=job):
                if bar.total is None and job.total:
                    bar.total = job.total
                    bar.refresh()
                bar.update(n)

            try:
                totals = run_job(job, progress=progress, batch_size=options["batch_size"],
                                 encoding=options["encoding"], workers=options["workers"])
            except KeyboardInterrupt:
                job.status = ImportJob.Status.FAILED
                job.message = "Interrupted"
                job.save(update_fields=["status", "message", "updated_at"])
                bar.close()
                raise CommandError(f"Interrupted after record {job.position}; run the command again to resume.")
            bar.close()
            self.stdout.write(
                f"{path.name}: {totals.processed} records read, {totals.created} added, {totals.updated} updated, "
                f"{totals.unchanged} unchanged, {totals.skipped} skipped.")
            for problem in job.problems.all()[:20]:
                self.stdout.write(f"  record {problem.position} (offset {problem.offset}, "
                                  f"001 {problem.control_number or '-'}): {problem.reason}")
            if job.error_count > 20:
                self.stdout.write(f"  ... and {job.error_count - 20} more (see the import in the staff workspace)")
