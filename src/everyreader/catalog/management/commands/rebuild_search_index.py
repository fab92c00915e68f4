"""everyreader rebuild_search_index — rebuild the search index of the catalogue from the records."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from everyreader.catalog import indexing
from everyreader.catalog.models import Record


class Command(BaseCommand):
    help = "Rebuild the catalogue's search index (one transaction: searches see the old index until done)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        bar = tqdm(total=Record.objects.count(), unit="rec", disable=options["no_progress"],
                   file=self.stderr._out)
        with transaction.atomic():
            count = indexing.rebuild(progress=bar.update, batch_size=options["batch_size"])
        bar.close()
        self.stdout.write(f"{count} records indexed.")
