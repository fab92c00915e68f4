"""Writes and guarded reads of sensitive needs data: consent, the needs profile and its versions,
latent needs, and the anonymous statistics. Nothing sensitive is stored without a valid consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.core import audit
from everyreader.core.crypto import blind_index
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers.models import (AssistanceNeed, AssistiveTech, Consent, ConsentChannel,
                                        ConsentPurpose, LatentNeed, LatentNeedStatus, NeedEvent,
                                        NeedLevel, NeedSource, NeedsProfile, NeedsProfileVersion,
                                        NeedStatistic, NeedType, PreferredFormat, Reader,
                                        ReaderCategory, ReaderNeedTag)

SENSITIVE_PERM = "readers.view_sensitive_needs"
CONSENT_VERSION = "2026-1"
CONSENT_TEXT = gettext_lazy(
    "I agree that the library records my functional needs (for example low vision or difficulty "
    "holding a book), the formats and help I prefer, and notes by staff about needs I may have, so "
    "that it can offer me suitable formats, notices, events and home delivery. This is sensitive "
    "personal information. It is encrypted, only staff with a specific permission can see it, and "
    "every look at it is logged. I can see it and withdraw this consent at any time; the library "
    "then deletes it and keeps only anonymous counts.")

HOME_DELIVERY_CONSENT_TEXT = gettext_lazy(
    "I agree that the library keeps my address, notes on how to reach my door, my preferred days, "
    "the subjects and formats I like, and a list of what it has brought me, so that volunteers or "
    "staff can bring me books at home without bringing the same book twice. Only staff who "
    "organise home delivery and the person who visits me see these details. I can pause the "
    "service or withdraw this consent at any time; the library then stops the visits and deletes "
    "these details.")
PURPOSE_TEXTS = {ConsentPurpose.SENSITIVE_NEEDS: CONSENT_TEXT, ConsentPurpose.HOME_DELIVERY: HOME_DELIVERY_CONSENT_TEXT}

EMPTY_PROFILE: dict[str, Any] = {"needs": [], "formats": [], "braille_grade": "", "large_print_size": None,
                                 "assistance": [], "assistive_tech": [], "notes": ""}


def valid_consent(reader: Reader, purpose: str = ConsentPurpose.SENSITIVE_NEEDS) -> Consent | None:
    return reader.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()


def _require_consent(reader: Reader) -> Consent:
    consent = valid_consent(reader)
    if consent is None:
        raise DomainError(_("This reader has not given consent to record needs. Record the consent "
                            "first."), code="no_consent")
    return consent


def _is_self(actor, reader: Reader) -> bool:
    return actor is not None and actor.is_authenticated and reader.user_id == actor.pk


def _guard(actor, reader: Reader, perm: str) -> None:
    if not _is_self(actor, reader):
        require_perm(actor, perm)


# --- consent ------------------------------------------------------------------------------------

@transaction.atomic
def consent_give(*, actor, reader: Reader, channel: str, guardian_name: str = "",
                 guardian_relation: str = "", when: dt.datetime | None = None,
                 purpose: str = ConsentPurpose.SENSITIVE_NEEDS) -> Consent:
    if _is_self(actor, reader):
        channel = ConsentChannel.ONLINE
    else:
        require_perm(actor, "readers.add_consent")
    if channel not in ConsentChannel.values:
        raise DomainError(_("Choose how the consent was given."), field="channel")
    if reader.is_anonymised:
        raise DomainError(_("This reader's record has been erased."))
    if ReaderCategory.requires_guardian(reader.category) and not (guardian_name.strip() and guardian_relation.strip()):
        raise DomainError(_("For a child under 14, a parent or guardian must give consent: enter their "
                            "name and relation."), field="guardian_name")
    if purpose not in PURPOSE_TEXTS:
        raise DomainError(_("Choose what the consent is for."), field="purpose")
    existing = valid_consent(reader, purpose)
    if existing is not None:
        return existing
    consent = Consent.objects.create(
        reader=reader, purpose=purpose, purpose_version=CONSENT_VERSION,
        purpose_text=str(PURPOSE_TEXTS[purpose]), given_at=when or timezone.now(), channel=channel,
        recorded_by=None if _is_self(actor, reader) else actor,
        guardian_name=guardian_name.strip(), guardian_relation=guardian_relation.strip())
    audit.record(actor=actor, action="reader.consent_given", obj=reader, object_repr=reader.card_number,
                 details={"purpose": consent.purpose, "version": CONSENT_VERSION, "channel": channel})
    return consent


@transaction.atomic
def consent_withdraw(*, actor, reader: Reader, purpose: str = ConsentPurpose.SENSITIVE_NEEDS) -> int:
    """Withdraw consent and delete every piece of sensitive data (statistics are kept).

    For another purpose (home delivery), only that consent is withdrawn; the app that relies on it
    stops using and deletes its data when it sees no valid consent."""
    _guard(actor, reader, "readers.add_consent")
    consent = valid_consent(reader, purpose)
    if consent is None:
        raise DomainError(_("There is no consent to withdraw."))
    removed = _delete_sensitive(reader) if purpose == ConsentPurpose.SENSITIVE_NEEDS else 0
    Consent.objects.filter(reader=reader, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    audit.record(actor=actor, action="reader.consent_withdrawn", obj=reader, object_repr=reader.card_number,
                 details={"needs_removed": removed, "purpose": purpose})
    return removed


def _delete_sensitive(reader: Reader) -> int:
    """Count current needs as ended in the statistics, then delete all sensitive rows."""
    profile = NeedsProfile.objects.filter(reader=reader).first()
    removed = 0
    if profile is not None and profile.data:
        month = _month(timezone.now())
        for need in profile.data.get("needs", []):
            _bump(month, need["type"], NeedEvent.ENDED)
            removed += 1
    NeedsProfile.objects.filter(reader=reader).delete()
    NeedsProfileVersion.objects.filter(reader=reader).delete()
    ReaderNeedTag.objects.filter(reader=reader).delete()
    LatentNeed.objects.filter(reader=reader).delete()
    return removed


# --- needs profile ------------------------------------------------------------------------------

def clean_profile_data(data: dict) -> dict:
    """Validate a needs profile; return a normalised copy or raise DomainError."""
    if not isinstance(data, dict):
        raise DomainError(_("The needs profile is not valid."))
    known = set(NeedType.objects.filter(is_active=True).values_list("code", flat=True))
    needs, seen = [], set()
    for item in data.get("needs") or []:
        if not isinstance(item, dict) or item.get("type") not in known:
            raise DomainError(_("Unknown need type: %(type)s") % {"type": getattr(item, "get", lambda k: item)("type")},
                              field="needs")
        if item["type"] in seen:
            raise DomainError(_("A need is listed twice."), field="needs")
        seen.add(item["type"])
        level = item.get("level") or NeedLevel.SOME
        source = item.get("source") or NeedSource.SELF
        since = str(item.get("since") or "")
        if level not in NeedLevel.values:
            raise DomainError(_("Choose a valid level for each need."), field="needs")
        if source not in NeedSource.values:
            raise DomainError(_("Choose a valid source for each need."), field="needs")
        if since and not _valid_month(since):
            raise DomainError(_("Enter “since” as year and month, for example 2024-03."), field="needs")
        needs.append({"type": item["type"], "level": level, "source": source, "since": since})
    clean = {"needs": needs}
    for key, choices in (("formats", PreferredFormat), ("assistance", AssistanceNeed),
                         ("assistive_tech", AssistiveTech)):
        values = list(dict.fromkeys(data.get(key) or []))
        if any(v not in choices.values for v in values):
            raise DomainError(_("Unknown choice in %(field)s.") % {"field": key}, field=key)
        clean[key] = values
    grade = str(data.get("braille_grade") or "")
    if grade not in ("", "1", "2"):
        raise DomainError(_("Braille grade must be 1 or 2."), field="braille_grade")
    size = data.get("large_print_size")
    if size not in (None, ""):
        try:
            size = int(size)
        except (TypeError, ValueError):
            size = 0
        if not 14 <= size <= 72:
            raise DomainError(_("Large-print size must be between 14 and 72 points."), field="large_print_size")
    else:
        size = None
    notes = str(data.get("notes") or "").strip()
    if len(notes) > 1000:
        raise DomainError(_("Notes are limited to 1000 characters."), field="notes")
    clean.update(braille_grade=grade, large_print_size=size, notes=notes)
    return clean


def _valid_month(value: str) -> bool:
    try:
        dt.datetime.strptime(value, "%Y-%m")
    except ValueError:
        return False
    return True


def _month(when: dt.datetime) -> dt.date:
    return timezone.localtime(when).date().replace(day=1) if timezone.is_aware(when) else when.date().replace(day=1)


def _bump(month: dt.date, need_type: str, event: str, n: int = 1) -> None:
    stat, _created = NeedStatistic.objects.get_or_create(month=month, need_type=need_type, event=event)
    NeedStatistic.objects.filter(pk=stat.pk).update(count=F("count") + n)


def need_tags(data: dict) -> set[str]:
    tags = {f"need:{n['type']}" for n in data.get("needs", [])}
    tags |= {f"format:{f}" for f in data.get("formats", [])}
    tags |= {f"assist:{a}" for a in data.get("assistance", [])}
    tags |= {f"at:{a}" for a in data.get("assistive_tech", [])}
    if data.get("needs"):
        tags.add("any-need")
    print_types = set(NeedType.objects.filter(print_disability=True).values_list("code", flat=True))
    if any(n["type"] in print_types for n in data.get("needs", [])):
        tags.add("print-disabled")
    return tags


def _write_tags(reader: Reader, data: dict) -> None:
    ReaderNeedTag.objects.filter(reader=reader).delete()
    ReaderNeedTag.objects.bulk_create([ReaderNeedTag(reader=reader, tag=blind_index(t)) for t in need_tags(data)])


@transaction.atomic
def needs_profile_set(*, actor, reader: Reader, data: dict, reason: str,
                      when: dt.datetime | None = None) -> NeedsProfile:
    """Replace the reader's needs profile; keeps a version (who, when, why) and counts events."""
    _guard(actor, reader, "readers.change_needsprofile")
    _require_consent(reader)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the needs profile changes."), field="reason")
    clean = clean_profile_data(data)
    when = when or timezone.now()
    profile, _created = NeedsProfile.objects.select_for_update().get_or_create(reader=reader)
    old = {n["type"]: n["level"] for n in (profile.data or EMPTY_PROFILE).get("needs", [])}
    new = {n["type"]: n["level"] for n in clean["needs"]}
    if profile.data == clean:
        return profile
    month = _month(when)
    for code in new.keys() - old.keys():
        _bump(month, code, NeedEvent.NEW)
    for code in old.keys() - new.keys():
        _bump(month, code, NeedEvent.ENDED)
    for code in new.keys() & old.keys():
        if new[code] != old[code]:
            _bump(month, code, NeedEvent.CHANGED)
    profile.data = clean
    profile.version += 1
    profile.save()
    NeedsProfileVersion.objects.create(reader=reader, number=profile.version, created_at=when,
                                       changed_by=actor if getattr(actor, "is_authenticated", False) else None,
                                       data={"profile": clean, "reason": reason})
    _write_tags(reader, clean)
    audit.record(actor=actor, action="reader.needs_changed", obj=reader, object_repr=reader.card_number,
                 details={"version": profile.version})
    return profile


def needs_profile_read(*, actor, reader: Reader, purpose: str = "view") -> dict:
    """The reader's needs profile for someone allowed to see it. Every read is audited."""
    _guard(actor, reader, SENSITIVE_PERM)
    profile = NeedsProfile.objects.filter(reader=reader).first()
    audit.record(actor=actor, action=f"reader.needs_{purpose}", obj=reader, object_repr=reader.card_number)
    return dict(profile.data) if profile and profile.data else dict(EMPTY_PROFILE)


def needs_history_read(*, actor, reader: Reader) -> list[NeedsProfileVersion]:
    _guard(actor, reader, SENSITIVE_PERM)
    audit.record(actor=actor, action="reader.needs_history_viewed", obj=reader, object_repr=reader.card_number)
    return list(NeedsProfileVersion.objects.filter(reader=reader).select_related("changed_by"))


# --- latent needs -------------------------------------------------------------------------------

@transaction.atomic
def latent_need_record(*, actor, reader: Reader, need_type: str, observation: str,
                       when: dt.datetime | None = None) -> LatentNeed:
    require_perm(actor, "readers.add_latentneed")
    _require_consent(reader)
    if not NeedType.objects.filter(code=need_type, is_active=True).exists():
        raise DomainError(_("Choose a need type."), field="need_type")
    observation = (observation or "").strip()
    if not observation:
        raise DomainError(_("Describe what you observed."), field="observation")
    latent = LatentNeed.objects.create(reader=reader, data={"need_type": need_type, "observation": observation},
                                       observed_at=when or timezone.now(), observed_by=actor)
    audit.record(actor=actor, action="reader.latent_need_recorded", obj=reader, object_repr=reader.card_number,
                 details={"latent_need": latent.pk})
    return latent


@transaction.atomic
def latent_need_resolve(*, actor, latent: LatentNeed, outcome: str, note: str = "") -> LatentNeed:
    require_perm(actor, "readers.change_latentneed")
    if latent.status != LatentNeedStatus.OPEN:
        raise DomainError(_("This observation has already been resolved."))
    if outcome not in (LatentNeedStatus.CONFIRMED, LatentNeedStatus.DISMISSED):
        raise DomainError(_("Choose whether the need was confirmed or dismissed."), field="outcome")
    data = dict(latent.data)
    data["resolution"] = (note or "").strip()
    if outcome == LatentNeedStatus.DISMISSED:
        data["observation"] = ""  # minimise: a dismissed observation keeps no content
    latent.data = data
    latent.status = outcome
    latent.resolved_at = timezone.now()
    latent.resolved_by = actor
    latent.save()
    audit.record(actor=actor, action="reader.latent_need_resolved", obj=latent.reader,
                 object_repr=latent.reader.card_number, details={"latent_need": latent.pk, "outcome": outcome})
    return latent


def latent_needs_read(*, actor, status: str = LatentNeedStatus.OPEN) -> list[LatentNeed]:
    require_perm(actor, SENSITIVE_PERM)
    items = list(LatentNeed.objects.filter(status=status).select_related("reader", "observed_by")[:200])
    audit.record(actor=actor, action="reader.latent_needs_viewed", object_type="readers.latentneed",
                 details={"readers": sorted({i.reader_id for i in items})})
    return items
