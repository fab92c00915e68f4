"""Writes for delivery profiles and visit scheduling (manual and the idempotent periodic job)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.catalog.vocab import Format
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.outreach import selectors
from everyreader.outreach.models import (FREQUENCY_DAYS, DeliveredRecord, DeliveryProfile, Frequency, PostalLoan,
                                         ProfileStatus, RosterMember, Skill, Visit, VisitStatus)
from everyreader.readers.models import ConsentPurpose

PROFILE_FIELDS = ("branch", "frequency", "weekday", "window_start", "window_end", "address", "access_notes",
                  "interests", "formats", "items_per_visit", "start_on", "deliverer")
READER_FIELDS = ("weekday", "window_start", "window_end")  # what readers may change themselves
HORIZON_DAYS = 28


def _is_self(actor, reader) -> bool:
    return actor is not None and actor.is_authenticated and reader.user_id == actor.pk


def home_delivery_consent(reader):
    from everyreader.readers.services import valid_consent

    return valid_consent(reader, ConsentPurpose.HOME_DELIVERY)


def ensure_schedulable(member: RosterMember | None, day: dt.date) -> None:
    if member is None:
        return
    reasons = selectors.why_not_schedulable(member, skill=Skill.HOME_DELIVERY, day=day)
    if reasons:
        raise DomainError(" ".join(reasons), field="deliverer", code="not_schedulable")


def _clean(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    if "frequency" in data and data["frequency"] not in Frequency.values:
        raise DomainError(_("Choose how often to visit."), field="frequency")
    if "weekday" in data and data["weekday"] not in range(7):
        raise DomainError(_("Choose a day of the week."), field="weekday")
    if "address" in data:
        data["address"] = (data["address"] or "").strip()
        if not data["address"]:
            raise DomainError(_("Enter the delivery address."), field="address")
    if "interests" in data:
        data["interests"] = [s.strip()[:60] for s in data["interests"] if s and s.strip()][:20]
    if "formats" in data:
        if any(f not in Format.values for f in data["formats"]):
            raise DomainError(_("Choose formats from the list."), field="formats")
        data["formats"] = list(dict.fromkeys(data["formats"]))
    if "items_per_visit" in data and not 1 <= (data["items_per_visit"] or 0) <= 10:
        raise DomainError(_("Choose between 1 and 10 items per visit."), field="items_per_visit")
    return data


def _check_window(profile: DeliveryProfile) -> None:
    if profile.window_end <= profile.window_start:
        raise DomainError(_("The time window must end after it starts."), field="window_end")


@transaction.atomic
def profile_create(*, actor, reader, consent_channel: str = "", **fields) -> DeliveryProfile:
    """Create a reader's delivery profile. Needs the reader's home-delivery consent: pass
    `consent_channel` to record it now (through the readers app), or it must already exist."""
    require_perm(actor, "outreach.add_deliveryprofile")
    if reader.is_anonymised:
        raise DomainError(_("This reader's record has been erased."))
    if DeliveryProfile.objects.filter(reader=reader).exists():
        raise DomainError(_("This reader already has a delivery profile."), field="reader")
    data = _clean(fields)
    for required in ("branch", "window_start", "window_end", "address", "start_on"):
        if data.get(required) in (None, ""):
            raise DomainError(_("Fill in every required field."), field=required)
    consent = home_delivery_consent(reader)
    if consent is None and consent_channel:
        from everyreader.readers.services import consent_give

        consent = consent_give(actor=actor, reader=reader, channel=consent_channel,
                               purpose=ConsentPurpose.HOME_DELIVERY,
                               guardian_name=reader.guardian_name, guardian_relation=reader.guardian_relation)
    if consent is None:
        raise DomainError(_("Record the reader's consent to home delivery first."), field="consent_channel",
                          code="no_consent")
    profile = DeliveryProfile(reader=reader, consent=consent, created_by=actor, **data)
    _check_window(profile)
    ensure_schedulable(profile.deliverer, profile.start_on)
    profile.save()
    audit.record(actor=actor, action="delivery.profile_created", obj=profile, object_repr=reader.card_number,
                 details={"frequency": profile.frequency, "weekday": profile.weekday})
    return profile


@transaction.atomic
def profile_update(*, actor, profile: DeliveryProfile, **fields) -> DeliveryProfile:
    """Staff change anything; the reader may change only the day and time window."""
    profile = DeliveryProfile.objects.select_for_update().select_related("reader").get(pk=profile.pk)
    if _is_self(actor, profile.reader):
        fields = {k: v for k, v in fields.items() if k in READER_FIELDS}
    else:
        require_perm(actor, "outreach.change_deliveryprofile")
    data = _clean(fields)
    changed = sorted(k for k, v in data.items() if getattr(profile, k) != v)
    for key, value in data.items():
        setattr(profile, key, value)
    _check_window(profile)
    if "deliverer" in changed:
        ensure_schedulable(profile.deliverer, max(profile.start_on, timezone.localdate()))
    profile.save()
    if {"weekday", "window_start", "window_end", "frequency"} & set(changed):
        _drop_future_generated(profile)
    audit.record(actor=actor, action="delivery.profile_updated", obj=profile, object_repr=profile.reader.card_number,
                 details={"fields": changed})
    return profile


def _drop_future_generated(profile: DeliveryProfile) -> int:
    """The schedule changed: remove generated visits not yet prepared (no items chosen); the job
    regenerates them on the new day."""
    deleted, _rows = Visit.objects.filter(profile=profile, generated=True, status=VisitStatus.PLANNED,
                                          date__gte=timezone.localdate(), items__isnull=True).delete()
    return deleted


@transaction.atomic
def profile_pause(*, actor, profile: DeliveryProfile, until: dt.date | None = None, reason: str = "") -> DeliveryProfile:
    profile = DeliveryProfile.objects.select_for_update().select_related("reader").get(pk=profile.pk)
    if not _is_self(actor, profile.reader):
        require_perm(actor, "outreach.change_deliveryprofile")
    today = timezone.localdate()
    if until is not None and until <= today:
        raise DomainError(_("Choose a date in the future, or leave it empty to pause until further notice."),
                          field="until")
    profile.status, profile.paused_until = ProfileStatus.PAUSED, until
    profile.save(update_fields=["status", "paused_until", "updated_at"])
    cancelled = Visit.objects.filter(profile=profile, status=VisitStatus.PLANNED, date__gte=today)
    if until:
        cancelled = cancelled.filter(date__lt=until)
    count = cancelled.update(status=VisitStatus.CANCELLED, note=reason[:500] or _("Service paused."),
                             recorded_at=timezone.now())
    audit.record(actor=actor, action="delivery.profile_paused", obj=profile, object_repr=profile.reader.card_number,
                 details={"until": until.isoformat() if until else None, "visits_cancelled": count})
    return profile


@transaction.atomic
def profile_resume(*, actor, profile: DeliveryProfile) -> DeliveryProfile:
    profile = DeliveryProfile.objects.select_for_update().select_related("reader").get(pk=profile.pk)
    if actor is not None and not _is_self(actor, profile.reader):
        require_perm(actor, "outreach.change_deliveryprofile")
    if profile.status != ProfileStatus.PAUSED:
        raise DomainError(_("The service is not paused."))
    profile.status, profile.paused_until = ProfileStatus.ACTIVE, None
    profile.save(update_fields=["status", "paused_until", "updated_at"])
    audit.record(actor=actor, action="delivery.profile_resumed", obj=profile, object_repr=profile.reader.card_number)
    return profile


# --- scheduling -----------------------------------------------------------------------------------

def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def planned_dates(profile: DeliveryProfile, *, today: dt.date, horizon_days: int = HORIZON_DAYS) -> list[dt.date]:
    """The dates the profile's rhythm gives from today to the horizon, counted from the last visit."""
    interval = dt.timedelta(days=FREQUENCY_DAYS[profile.frequency])
    last = Visit.objects.filter(profile=profile, date__lt=today).exclude(status=VisitStatus.CANCELLED) \
        .order_by("-date").values_list("date", flat=True).first()
    start = max(profile.start_on, today)
    day = _on_or_after(max(start, last + interval - dt.timedelta(days=3)) if last else start, profile.weekday)
    end = today + dt.timedelta(days=horizon_days)
    dates = []
    while day <= end:
        dates.append(day)
        day += interval
    return dates


def _pick_deliverer(profile: DeliveryProfile, day: dt.date) -> RosterMember | None:
    if profile.deliverer and not selectors.why_not_schedulable(profile.deliverer, skill=Skill.HOME_DELIVERY, day=day):
        return profile.deliverer
    when = dt.datetime.combine(day, profile.window_start)
    busy = set(Visit.objects.filter(date=day, status=VisitStatus.PLANNED, deliverer__isnull=False)
               .values_list("deliverer_id", flat=True))
    members = list(selectors.available_volunteers(skill=Skill.HOME_DELIVERY, when=when))
    free = [m for m in members if m.pk not in busy]
    return (free or members or [None])[0]


def _notify_reader(visit: Visit) -> None:
    from django.utils import formats

    from everyreader.messaging.services import message_send

    reader = visit.profile.reader
    body = _("We will bring your books on %(date)s between %(start)s and %(end)s. To change the day or "
             "pause the service, call the library or use “Home delivery” in your account.") % {
        "date": formats.date_format(visit.date, "DATE_FORMAT"), "start": f"{visit.window_start:%H:%M}",
        "end": f"{visit.window_end:%H:%M}"}
    message_send(reader=reader, subject=_("Home delivery scheduled"), body=body, purpose="delivery.scheduled",
                 dedupe_key=f"outreach:visit:{visit.pk}:{visit.date.isoformat()}:scheduled")


def _create_visit(profile, day, *, deliverer, generated, note="", window=None) -> Visit | None:
    start, end = window or (profile.window_start, profile.window_end)
    try:
        with transaction.atomic():
            visit = Visit.objects.create(profile=profile, date=day, window_start=start, window_end=end,
                                         deliverer=deliverer, generated=generated, note=note)
    except IntegrityError:
        return None
    _notify_reader(visit)
    return visit


def visits_generate(*, today: dt.date | None = None, horizon_days: int = HORIZON_DAYS) -> int:
    """Periodic job: create the visits each active, consented profile needs up to the horizon.
    Idempotent: a visit for a profile and day is created once (unique constraint)."""
    today = today or timezone.localdate()
    DeliveryProfile.objects.filter(status=ProfileStatus.PAUSED, paused_until__isnull=False,
                                   paused_until__lte=today).update(status=ProfileStatus.ACTIVE, paused_until=None)
    created = 0
    profiles = DeliveryProfile.objects.filter(status=ProfileStatus.ACTIVE).select_related("reader", "deliverer")
    for profile in profiles:
        if profile.reader.is_anonymised or home_delivery_consent(profile.reader) is None:
            continue
        existing = set(Visit.objects.filter(profile=profile, date__gte=today).values_list("date", flat=True))
        for day in planned_dates(profile, today=today, horizon_days=horizon_days):
            if any(abs((day - e).days) < 3 for e in existing):
                continue
            with transaction.atomic():
                visit = _create_visit(profile, day, deliverer=_pick_deliverer(profile, day), generated=True)
            if visit is not None:
                existing.add(day)
                created += 1
    if created:
        audit.record(actor=None, action="delivery.visits_generated", details={"created": created})
    return created


@transaction.atomic
def visit_schedule(*, actor, profile: DeliveryProfile, date: dt.date, window_start: dt.time | None = None,
                   window_end: dt.time | None = None, deliverer: RosterMember | None = None, note: str = "") -> Visit:
    require_perm(actor, "outreach.add_visit")
    if date < timezone.localdate():
        raise DomainError(_("Choose today or a later date."), field="date")
    if profile.reader.is_anonymised or home_delivery_consent(profile.reader) is None:
        raise DomainError(_("This reader has no valid consent to home delivery."), field="profile")
    window = (window_start or profile.window_start, window_end or profile.window_end)
    if window[1] <= window[0]:
        raise DomainError(_("The time window must end after it starts."), field="window_end")
    ensure_schedulable(deliverer, date)
    visit = _create_visit(profile, date, deliverer=deliverer, generated=False, note=note.strip(), window=window)
    if visit is None:
        raise DomainError(_("This reader already has a visit on that day."), field="date")
    audit.record(actor=actor, action="delivery.visit_scheduled", obj=visit, object_repr=profile.reader.card_number,
                 details={"date": date.isoformat(), "deliverer": getattr(deliverer, "pk", None)})
    return visit


@transaction.atomic
def visit_assign(*, actor, visit: Visit, deliverer: RosterMember | None) -> Visit:
    require_perm(actor, "outreach.change_visit")
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != VisitStatus.PLANNED:
        raise DomainError(_("Only a planned visit can be given to another deliverer."))
    ensure_schedulable(deliverer, visit.date)
    visit.deliverer = deliverer
    visit.save(update_fields=["deliverer", "updated_at"])
    audit.record(actor=actor, action="delivery.visit_assigned", obj=visit,
                 details={"deliverer": getattr(deliverer, "pk", None)})
    return visit


def profiles_forget_withdrawn() -> int:
    """Periodic job: when a reader has withdrawn the home-delivery consent, delete the profile (its
    visits go with it) and the delivered history, once nothing lent by delivery is still at the
    reader's home (the loans themselves stay in circulation until returned)."""
    from everyreader.readers.models import Consent

    withdrawn = Consent.objects.filter(purpose=ConsentPurpose.HOME_DELIVERY, withdrawn_at__isnull=False)
    valid = Consent.objects.filter(purpose=ConsentPurpose.HOME_DELIVERY, withdrawn_at__isnull=True)
    forgotten = 0
    for profile in DeliveryProfile.objects.filter(reader__consents__in=withdrawn).exclude(
            reader__consents__in=valid).select_related("reader").distinct():
        if selectors.outstanding_items(profile):
            continue
        with transaction.atomic():
            reader = profile.reader
            DeliveredRecord.objects.filter(reader=reader).delete()
            profile.delete()
            audit.record(actor=None, action="delivery.consent_withdrawn_data_deleted", obj=reader,
                         object_repr=reader.card_number)
        forgotten += 1
    return forgotten


def erase_reader_delivery(*, actor, reader) -> int:
    """readers' erasure handler: the profile, its visits, the delivered history and postal loans go."""
    count = DeliveredRecord.objects.filter(reader=reader).delete()[0]
    count += DeliveryProfile.objects.filter(reader=reader).delete()[0]
    count += PostalLoan.objects.filter(reader=reader).delete()[0]
    audit.record(actor=actor, action="delivery.reader_erased", object_type="readers.reader", object_id=reader.pk,
                 details={"rows": count})
    return count
