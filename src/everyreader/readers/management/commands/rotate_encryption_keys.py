"""Re-encrypt every encrypted field with the first key of EVERYREADER_FIELD_ENCRYPTION_KEY and
rebuild the blind index (which is keyed by the first key). See docs/readers.md.

Loading a value decrypts it with whichever configured key matches; saving encrypts it with the
first key. So: put the new key first, keep the old one after it, run this, then drop the old key.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from everyreader.readers.models import LatentNeed, NeedsProfile, NeedsProfileVersion
from everyreader.readers.needs_services import _write_tags

ENCRYPTED = [(NeedsProfile, "data"), (NeedsProfileVersion, "data"), (LatentNeed, "data")]
BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt sensitive fields with the newest key and rebuild the needs blind index."

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model, column in ENCRYPTED:
                objects = list(model.objects.only("pk", column))
                model.objects.bulk_update(objects, [column], batch_size=BATCH)
                total += len(objects)
            profiles = NeedsProfile.objects.select_related("reader")
            for profile in profiles:
                _write_tags(profile.reader, profile.data or {})
        self.stdout.write(self.style.SUCCESS(
            f"Re-encrypted {total} values; rebuilt the blind index for {profiles.count()} readers."))
