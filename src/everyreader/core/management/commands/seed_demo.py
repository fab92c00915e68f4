"""Build a believable demo library. Deterministic and safe to run again.

Each app may have a `demo.py` with `seed(ctx)`; they run in INSTALLED_APPS order and share
`ctx` (a dict: the random generator, the demo users, branches, ...).
"""

import random
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from everyreader.accounts.roles import sync_roles

DEMO_PASSWORD = "everyreader-demo"


class Command(BaseCommand):
    help = "Load the demo library (idempotent)."

    def handle(self, *args, **options):
        sync_roles()
        ctx = {"random": random.Random(20261121), "password": DEMO_PASSWORD, "stdout": self.stdout}
        for config in apps.get_app_configs():
            if not config.name.startswith("everyreader."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(ctx)
            self.stdout.write(f"  demo data: {config.label}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Demo sign-ins (password: %s):" % DEMO_PASSWORD)
        for username, role in ctx.get("logins", []):
            self.stdout.write(f"  {username:<10} {role}")
        if ctx.get("reader_card"):
            self.stdout.write(f"  reader's library card number: {ctx['reader_card']}")
