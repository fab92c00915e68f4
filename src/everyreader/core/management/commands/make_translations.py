"""Update every app's catalogues, convert zh_Hans to zh_Hant where missing, report what is left."""

from pathlib import Path

from django.core.management.base import BaseCommand

from everyreader.core import i18n


class Command(BaseCommand):
    help = "makemessages for each app, fill zh_Hant from zh_Hans (OpenCC), list untranslated strings."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="app labels (default: all EveryReader apps)")

    def handle(self, *args, **options):
        wanted = set(options["apps"])
        missing_total = 0
        for app_dir in i18n.project_apps():
            if wanted and app_dir.name not in wanted:
                continue
            i18n.run_makemessages(app_dir)
            filled = i18n.fill_traditional(app_dir)
            missing = i18n.untranslated(app_dir)
            count = sum(len(v) for v in missing.values())
            missing_total += count
            self.stdout.write(f"{app_dir.name}: {filled} filled from zh_Hans, {count} untranslated")
            for locale, ids in missing.items():
                for msgid in ids:
                    self.stdout.write(f"  [{locale}] {msgid}")
        if missing_total:
            self.stdout.write(self.style.WARNING(f"{missing_total} strings still need a translation."))
