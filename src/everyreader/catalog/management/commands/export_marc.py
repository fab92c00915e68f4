"""everyreader export_marc OUTPUT [--xml] [--ids 1,2,3] — export records to MARC 21 or MARCXML."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from everyreader.catalog import selectors
from everyreader.catalog.marc.writing import write_records
from everyreader.catalog.models import Record


class Command(BaseCommand):
    help = "Export catalogue records (all, or the given ids) as MARC 21 (ISO 2709, UTF-8) or MARCXML."

    def add_arguments(self, parser):
        parser.add_argument("output")
        parser.add_argument("--xml", action="store_true", help="write MARCXML instead of ISO 2709")
        parser.add_argument("--ids", default="", help="comma-separated record ids (default: all)")

    def handle(self, *args, **options):
        ids = [int(i) for i in options["ids"].split(",") if i.strip()] or None
        total = len(ids) if ids else Record.objects.count()
        records = tqdm(selectors.records_for_export(ids), total=total, unit="rec", file=self.stderr._out)
        with open(options["output"], "wb") as stream:
            count = write_records(records, stream, kind="xml" if options["xml"] else "marc")
        self.stdout.write(f"{count} records written to {options['output']}.")
