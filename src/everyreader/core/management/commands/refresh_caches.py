from django.core.management.base import BaseCommand

from everyreader.core import generations


class Command(BaseCommand):
    help = ("Make every server process read roles, permissions, branches, loan policies and the needs "
            "taxonomy again (after changing those tables directly in the database; the application's "
            "own pages, the API and migrations do this by themselves).")

    def handle(self, *args, **options):
        generations.clear_all()
        self.stdout.write("Every server process reads its cached tables again at its next request.")
