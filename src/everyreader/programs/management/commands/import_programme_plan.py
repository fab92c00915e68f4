import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from everyreader.core.errors import DomainError
from everyreader.programs.services import import_plan


class Command(BaseCommand):
    help = "Create a programme from the 56-week plan template (programs/data/plan_56_weeks.json)."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="start date of week 1, YYYY-MM-DD")
        parser.add_argument("--code", default=None, help="programme code (default: the template's)")
        parser.add_argument("--manager", default=None, help="username of the programme manager")

    def handle(self, *args, **options):
        from everyreader.accounts.models import User

        try:
            start = dt.date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError("--start must be a date, YYYY-MM-DD") from None
        manager = None
        if options["manager"]:
            manager = User.objects.filter(username=options["manager"]).first()
            if manager is None:
                raise CommandError(f"No user {options['manager']!r}")
        try:
            programme = import_plan(actor=None, start_date=start, code=options["code"], manager=manager)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Imported {programme.code}: {programme.tasks.count()} tasks, {programme.risks.count()} risks."))
