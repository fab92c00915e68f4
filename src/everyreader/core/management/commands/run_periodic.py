import logging

from django.core.management.base import BaseCommand

from everyreader.core import periodic

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run every registered periodic job once (reminders, escalations, anonymisation)."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], help="run only these jobs")

    def handle(self, *args, **options):
        failed = 0
        for job in periodic.jobs():
            if options["only"] and job.name not in options["only"]:
                continue
            try:
                done = job.run()
            except Exception:  # one failing job must not stop the others; it is logged
                failed += 1
                log.exception("periodic job %s failed", job.name)
                self.stderr.write(f"{job.name}: failed (see log)")
                continue
            self.stdout.write(f"{job.name}: {done or 0}")
        if failed:
            raise SystemExit(1)
