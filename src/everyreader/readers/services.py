"""Writes for reader records: registration (self, staff, import), updates, erasure.

Needs, consent and latent needs live in needs_services.py and are re-exported here so that other
apps only import `readers.services`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.accounts.models import User
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers import needs_services
from everyreader.readers.models import (Consent, ContactChannel, Reader, ReaderCategory,
                                        RegistrationChannel, ServicePreference)
from everyreader.readers.needs_services import (consent_give, consent_withdraw,  # noqa: F401
                                                latent_need_record, latent_need_resolve,
                                                needs_history_read, needs_profile_read,
                                                needs_profile_set, valid_consent)

READER_FIELDS = ("family_name", "given_name", "birth_year", "category", "home_branch", "email", "phone",
                 "address", "preferred_language", "preferred_contact", "guardian_name",
                 "guardian_relation", "guardian_phone", "service_preferences")
CARD_RE = re.compile(r"^[A-Za-z0-9-]{4,32}$")


_erasure_handlers: list = []


def register_erasure_handler(handler) -> None:
    """Other apps register handler(*, actor, reader) to remove or anonymise their personal data
    about a reader; handlers run inside reader_erase's transaction (a failure undoes everything)."""
    if handler not in _erasure_handlers:
        _erasure_handlers.append(handler)


class DuplicateReaderError(DomainError):
    def __init__(self, candidates):
        super().__init__(_("This person may already be registered. Check the possible matches below; "
                           "if this is a different person, confirm and register again."),
                         code="possible_duplicate")
        self.candidates = candidates


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) > 11 and digits.startswith("86") else digits


def next_card_number() -> str:
    prefix = f"R{timezone.localdate().year}"
    last = Reader.objects.filter(card_number__startswith=prefix, card_number__regex=r"^R\d{10}$") \
        .aggregate(m=Max("card_number"))["m"]
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def card_valid_years() -> int:
    """Years a new or renewed card is valid (EVERYREADER_CARD_VALID_YEARS; 0 = cards never expire)."""
    return max(0, int(getattr(settings, "EVERYREADER_CARD_VALID_YEARS", 5)))


def _years_after(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def proposed_card_expiry(reader: Reader | None = None):
    """The date a card renewed today would be valid until (None when cards never expire)."""
    years = card_valid_years()
    if not years:
        return None
    start = timezone.localdate()
    if reader is not None and reader.card_expires and reader.card_expires > start:
        start = reader.card_expires
    return _years_after(start, years)


@transaction.atomic
def reader_card_renew(*, actor, reader: Reader, until=None) -> Reader:
    """Extend the card (after checking the reader's details with them). `until` defaults to
    proposed_card_expiry(); None with cards that never expire clears the date."""
    require_perm(actor, "readers.change_reader")
    if reader.is_anonymised:
        raise DomainError(_("This reader's record has been erased."))
    until = until or proposed_card_expiry(reader)
    today = timezone.localdate()
    if until is not None and not today < until <= _years_after(today, 10):
        raise DomainError(_("Choose a date after today and at most ten years ahead."), field="until")
    Reader.objects.filter(pk=reader.pk).update(card_expires=until, updated_at=timezone.now())
    reader.card_expires = until
    audit.record(actor=actor, action="reader.card_renewed", obj=reader, object_repr=reader.card_number,
                 details={"until": until.isoformat() if until else None})
    return reader


def _validate(fields: dict, *, instance: Reader | None = None) -> dict:
    data = {k: v for k, v in fields.items() if k in READER_FIELDS}
    for key in ("family_name", "given_name", "email", "phone", "address", "guardian_name",
                "guardian_relation", "guardian_phone"):
        if key in data:
            data[key] = (data[key] or "").strip()
    merged = {f: getattr(instance, f) for f in READER_FIELDS} if instance else {}
    merged.update(data)
    if not merged.get("family_name"):
        raise DomainError(_("Enter the reader's family name."), field="family_name")
    year = merged.get("birth_year")
    this_year = timezone.localdate().year
    if year is not None and not 1900 <= int(year) <= this_year:
        raise DomainError(_("Enter a birth year between 1900 and %(year)s.") % {"year": this_year},
                          field="birth_year")
    category = merged.get("category") or ReaderCategory.ADULT
    unchanged = instance is not None and category == instance.category
    if not unchanged and not ReaderCategory.is_active(category):
        raise DomainError(_("Choose one of the library's reader categories."), field="category")
    needs_guardian = ReaderCategory.requires_guardian(category)
    if year is not None and this_year - int(year) < 14 and not needs_guardian:
        raise DomainError(_("A reader under 14 is registered in a category with a parent or guardian."),
                          field="category")
    if needs_guardian and not (merged.get("guardian_name") and merged.get("guardian_relation")):
        raise DomainError(_("A child under 14 needs a parent or guardian: enter their name and relation."),
                          field="guardian_name")
    if merged.get("preferred_contact") and merged["preferred_contact"] not in ContactChannel.values:
        raise DomainError(_("Choose a contact channel."), field="preferred_contact")
    channel = merged.get("preferred_contact")
    if channel in (ContactChannel.SMS, ContactChannel.PHONE) and not (merged.get("phone") or merged.get("guardian_phone")):
        raise DomainError(_("Enter a phone number to be contacted by phone or SMS."), field="phone")
    if channel == ContactChannel.EMAIL and not merged.get("email"):
        raise DomainError(_("Enter an e-mail address to be contacted by e-mail."), field="email")
    if channel in (ContactChannel.LARGE_PRINT_LETTER, ContactChannel.BRAILLE_LETTER) and not merged.get("address"):
        raise DomainError(_("Enter a postal address to receive letters."), field="address")
    prefs = data.get("service_preferences")
    if prefs is not None:
        if any(p not in ServicePreference.values for p in prefs):
            raise DomainError(_("Unknown service preference."), field="service_preferences")
        data["service_preferences"] = list(dict.fromkeys(prefs))
    return data


@transaction.atomic
def reader_register(*, actor, channel: str, card_number: str = "", password: str | None = None,
                    allow_duplicate: bool = False, **fields) -> Reader:
    """Register a reader. Online self-registration creates a sign-in account (username = card)."""
    if channel != RegistrationChannel.ONLINE:
        require_perm(actor, "readers.add_reader")
    if channel not in RegistrationChannel.values:
        raise DomainError(_("Choose how the reader registered."))
    data = _validate(fields)
    card_number = (card_number or "").strip()
    if card_number:
        if not CARD_RE.match(card_number):
            raise DomainError(_("A card number has 4 to 32 letters, digits or hyphens."), field="card_number")
        if Reader.objects.filter(card_number__iexact=card_number).exists():
            raise DomainError(_("This card number is already in use."), field="card_number")
    else:
        card_number = next_card_number()
    if not allow_duplicate:
        from everyreader.readers.selectors import possible_duplicates

        candidates = possible_duplicates(family_name=data.get("family_name", ""),
                                         given_name=data.get("given_name", ""), phone=data.get("phone", ""),
                                         birth_year=data.get("birth_year"))
        if candidates:
            raise DuplicateReaderError(candidates)
    reader = Reader(card_number=card_number, registered_via=channel, card_expires=proposed_card_expiry(),
                    registered_by=actor if channel != RegistrationChannel.ONLINE else None, **data)
    if channel == RegistrationChannel.ONLINE:
        if not password:
            raise DomainError(_("Choose a password."), field="password")
        user = User(username=card_number, display_name=f"{data['family_name']}{data.get('given_name', '')}",
                    email=data.get("email", ""), preferred_language=data.get("preferred_language") or "zh-hans")
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name="reader"))
        reader.user = user
    reader.save()
    audit.record(actor=actor if getattr(actor, "is_authenticated", False) else reader.user,
                 action="reader.registered", obj=reader, object_repr=card_number,
                 details={"channel": channel})
    return reader


@transaction.atomic
def reader_update(*, actor, reader: Reader, **fields) -> Reader:
    if reader.user_id is None or reader.user_id != getattr(actor, "pk", None):
        require_perm(actor, "readers.change_reader")
    if reader.is_anonymised:
        raise DomainError(_("This reader's record has been erased."))
    data = _validate(fields, instance=reader)
    changed = []
    for key, value in data.items():
        if getattr(reader, key) != value:
            setattr(reader, key, value)
            changed.append(key)
    if changed:
        reader.save()
        # field names only: the audit log must not copy personal data
        audit.record(actor=actor, action="reader.updated", obj=reader, object_repr=reader.card_number,
                     details={"fields": sorted(changed)})
    return reader


@transaction.atomic
def reader_request_erasure(*, actor, reader: Reader) -> Reader:
    if reader.user_id != getattr(actor, "pk", None):
        require_perm(actor, "readers.change_reader")
    if reader.erasure_requested_at is None:
        reader.erasure_requested_at = timezone.now()
        reader.save(update_fields=["erasure_requested_at", "updated_at"])
        audit.record(actor=actor, action="reader.erasure_requested", obj=reader, object_repr=reader.card_number)
    return reader


@transaction.atomic
def reader_erase(*, actor, reader: Reader) -> Reader:
    """Anonymise the reader and delete everything personal; anonymous statistics stay.

    Kept: the row (so other apps' anonymous counts keep their foreign key), category, home branch,
    how they registered, the birth decade. Everything else is removed or replaced.
    """
    require_perm(actor, "readers.erase_reader")
    if reader.is_anonymised:
        raise DomainError(_("This reader's record has already been erased."))
    for handler in list(_erasure_handlers):
        handler(actor=actor, reader=reader)
    needs_services._delete_sensitive(reader)
    Consent.objects.filter(reader=reader).delete()
    old_card = reader.card_number
    reader.card_number = f"X{reader.pk:09d}"
    reader.family_name = _("(erased)")
    for key in ("given_name", "email", "phone", "address", "guardian_name", "guardian_relation",
                "guardian_phone"):
        setattr(reader, key, "")
    reader.birth_year = (reader.birth_year // 10 * 10) if reader.birth_year else None
    reader.service_preferences = []
    reader.is_active = False
    reader.anonymised_at = timezone.now()
    user = reader.user
    reader.user = None
    reader.save()
    if user is not None:
        user.username = f"erased-{user.pk}"
        user.display_name = ""
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
    audit.record(actor=actor, action="reader.erased", obj=reader, object_repr=reader.card_number,
                 details={"had_card_number_hash": _short_hash(old_card)})
    return reader


def _short_hash(value: str) -> str:
    from everyreader.core.crypto import blind_index

    return blind_index(f"card:{value}")[:16]
