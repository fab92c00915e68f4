"""Demo readers. The `reader` login is a low-vision senior who prefers large print."""

from django.contrib.auth.models import Group

from everyreader.accounts.models import User
from everyreader.readers.models import ContactChannel, Reader, ReaderCategory, RegistrationChannel

DEMO_CARD = "R2026000001"


def seed(ctx):
    user, created = User.objects.get_or_create(
        username="reader", defaults={"display_name": "读者 林芳", "email": "reader@example.org"})
    if created:
        user.set_password(ctx["password"])
        user.save()
        user.groups.set([Group.objects.get(name="reader")])
    Reader.objects.get_or_create(
        card_number=DEMO_CARD,
        defaults={"user": user, "family_name": "林", "given_name": "芳", "birth_year": 1953,
                  "category": ReaderCategory.SENIOR, "home_branch": ctx["branches"]["central"],
                  "email": "reader@example.org", "phone": "13800000001",
                  "preferred_contact": ContactChannel.LARGE_PRINT_LETTER,
                  "registered_via": RegistrationChannel.STAFF})
    ctx["logins"].append(("reader", "reader"))
    ctx["reader_card"] = DEMO_CARD
