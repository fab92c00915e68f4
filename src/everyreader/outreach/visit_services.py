"""Writes for one visit: choosing the items, recording the outcome (checkouts and check-ins through
circulation with channel home_delivery), the reader's feedback, and the deliverers' schedules."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.catalog.models import Item
from everyreader.circulation.models import Channel
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.outreach import circ, selectors
from everyreader.outreach.models import (VISIT_OUTCOMES, DeliveredRecord, DelivererNotice, HistorySource,
                                         NoticeStatus, Visit, VisitItem, VisitItemKind, VisitStatus)

CHANNEL_HOME_DELIVERY = Channel.HOME_DELIVERY


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("profile__reader", "profile__branch").get(pk=visit.pk)


@transaction.atomic
def visit_choose_items(*, actor, visit: Visit, item_ids, send_again_ids=()) -> list[VisitItem]:
    """Set the items to hand over. Refuses an item (or another edition of a work) the reader already
    had, unless it is in `send_again_ids` (the reader asked for it again)."""
    require_perm(actor, "outreach.change_visit")
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise DomainError(_("Items can only be chosen for a planned visit."))
    item_ids, send_again = list(dict.fromkeys(int(i) for i in item_ids)), {int(i) for i in send_again_ids}
    profile = visit.profile
    if len(item_ids) > max(profile.items_per_visit, 10):
        raise DomainError(_("Choose at most %(n)s items.") % {"n": max(profile.items_per_visit, 10)}, field="items")
    items = {i.pk: i for i in Item.objects.select_related("record").filter(pk__in=item_ids)}
    if len(items) != len(item_ids):
        raise DomainError(_("One of the items no longer exists."), field="items")
    record_ids, work_keys = selectors.already_had(profile.reader)
    reserved = selectors.items_reserved_for_visits(exclude_visit_id=visit.pk)
    for item in items.values():
        if item.pk in reserved:
            raise DomainError(_("Item %(barcode)s is already set aside for another visit.") % {"barcode": item.barcode},
                              field="items")
        if selectors.is_repeat(item, record_ids, work_keys) and item.pk not in send_again:
            raise DomainError(_("The reader already had “%(title)s”. Tick “send again on request” only if the "
                                "reader asked for it.") % {"title": item.record.title}, field="items")
    visit.items.filter(kind=VisitItemKind.DELIVER, done=False).delete()
    chosen = VisitItem.objects.bulk_create([
        VisitItem(visit=visit, item=items[pk], kind=VisitItemKind.DELIVER, send_again=pk in send_again)
        for pk in item_ids])
    audit.record(actor=actor, action="delivery.items_chosen", obj=visit,
                 details={"items": item_ids, "send_again": sorted(send_again & set(item_ids))})
    return chosen


@transaction.atomic
def visit_record(*, actor, visit: Visit, outcome: str, handed_over_ids=(), collected_ids=(),
                 note: str = "", now: dt.datetime | None = None) -> Visit:
    """Record what happened. Delivered: the handed-over items are checked out (home_delivery) and
    enter the delivered history; collected items are checked in. Any failure undoes everything."""
    require_perm(actor, "outreach.change_visit")
    visit = _locked(visit)
    if outcome not in VISIT_OUTCOMES:
        raise DomainError(_("Choose what happened on the visit."), field="outcome")
    if visit.status != VisitStatus.PLANNED:
        raise DomainError(_("The outcome of this visit has already been recorded."), code="illegal_transition")
    if outcome != VisitStatus.CANCELLED and visit.date > timezone.localdate(now):
        raise DomainError(_("This visit is in the future: you can only cancel it now."), field="outcome")
    handed, collected = {int(i) for i in handed_over_ids}, {int(i) for i in collected_ids}
    if outcome != VisitStatus.DELIVERED and (handed or collected):
        raise DomainError(_("Items can only be handed over or collected when the visit took place."), field="outcome")
    profile, reader = visit.profile, visit.profile.reader
    chosen = {vi.item_id: vi for vi in visit.items.filter(kind=VisitItemKind.DELIVER, done=False).select_related("item__record")}
    if handed - set(chosen):
        raise DomainError(_("Only the items chosen for this visit can be handed over."), field="handed_over")
    outstanding = {vi.item_id: vi for vi in selectors.outstanding_items(profile)}
    if collected - set(outstanding):
        raise DomainError(_("Only items the reader has from earlier visits can be collected."), field="collected")
    for item_id in sorted(collected):
        vi = outstanding[item_id]
        circ.take_back(actor=actor, item=vi.item, branch=profile.branch, now=now)
        VisitItem.objects.create(visit=visit, item=vi.item, kind=VisitItemKind.COLLECT, done=True)
    for item_id in sorted(handed):
        vi = chosen[item_id]
        vi.loan_id, _due = circ.lend(actor=actor, item=vi.item, reader=reader, branch=profile.branch,
                                     channel=CHANNEL_HOME_DELIVERY, now=now)
        vi.done = True
        vi.save(update_fields=["loan_id", "done"])
        record = vi.item.record
        DeliveredRecord.objects.update_or_create(
            reader=reader, record=record,
            defaults={"work_key": record.work_key, "source": HistorySource.DELIVERY, "delivered_on": visit.date})
    visit.items.filter(kind=VisitItemKind.DELIVER, done=False).delete()  # not handed over: free them
    visit.status, visit.note = outcome, (note or visit.note).strip()[:2000]
    visit.recorded_at, visit.recorded_by = now or timezone.now(), actor
    visit.save(update_fields=["status", "note", "recorded_at", "recorded_by", "updated_at"])
    audit.record(actor=actor, action="delivery.visit_recorded", obj=visit, object_repr=reader.card_number,
                 details={"outcome": outcome, "handed_over": len(handed), "collected": len(collected)})
    return visit


@transaction.atomic
def visit_feedback(*, actor, visit: Visit, rating: int, comment: str = "", now: dt.datetime | None = None) -> Visit:
    """The reader's feedback after a visit (given by the reader, or taken down by staff by phone)."""
    visit = _locked(visit)
    if visit.profile.reader.user_id != getattr(actor, "pk", None):
        require_perm(actor, "outreach.change_visit")
    if visit.status != VisitStatus.DELIVERED:
        raise DomainError(_("Feedback can be given after a visit that took place."))
    if rating not in range(1, 6):
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    visit.rating, visit.comment, visit.feedback_at = rating, (comment or "").strip()[:2000], now or timezone.now()
    visit.save(update_fields=["rating", "comment", "feedback_at", "updated_at"])
    audit.record(actor=actor, action="delivery.feedback_given", obj=visit, details={"rating": rating})
    return visit


# --- schedules to deliverers -----------------------------------------------------------------------

def _schedule_text(route) -> str:
    lines = [_("Home delivery on %(date)s: %(n)s visits.") % {"date": route.date.isoformat(), "n": len(route.visits)}]
    for visit in route.visits:
        lines.append(f"{visit.window_start:%H:%M}–{visit.window_end:%H:%M} {visit.profile.reader.full_name}")
    lines.append(_("The route sheet with addresses is at the library."))
    return "\n".join(lines)


def notify_deliverers(*, day: dt.date | None = None) -> int:
    """Periodic job: send tomorrow's schedule to every deliverer with planned visits (once per
    deliverer and day). Staff with accounts get a workspace notification; volunteers an SMS or e-mail
    (addresses stay out of the message: the route sheet carries them)."""
    from django.urls import reverse

    from everyreader.core.notifications import notify

    day = day or timezone.localdate() + dt.timedelta(days=1)
    sent = 0
    for route in selectors.routes_for(day):
        member = route.member
        visits = [v for v in route.visits if v.status == VisitStatus.PLANNED]
        if member is None or not visits:
            continue
        route.visits = visits
        key = f"outreach:route:{member.pk}:{day.isoformat()}"
        channel = member.notify_by if member.notify_by != "account" or member.user_id else "sms"
        text = _schedule_text(route)
        try:
            with transaction.atomic():
                notice = DelivererNotice.objects.create(member=member, date=day, channel=channel, body=text,
                                                        dedupe_key=key)
        except IntegrityError:
            continue
        if channel == "account":
            notify(recipient=member.user, subject=_("Your home-delivery route for %(date)s") % {"date": day.isoformat()},
                   body=text, url=f"{reverse('outreach:route_sheet')}?date={day.isoformat()}&member={member.pk}",
                   dedupe_key=key)
            DelivererNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENT, sent_at=timezone.now())
        else:
            from everyreader.outreach.tasks import send_deliverer_notice

            transaction.on_commit(lambda pk=notice.pk: send_deliverer_notice.enqueue(pk))
        sent += 1
    return sent


def deliver_notice(notice_id: int) -> str:
    """Send one queued SMS or e-mail notice. Safe to call twice: only a queued notice is sent."""
    from django.core.mail import send_mail

    from everyreader.messaging.sms import SmsError, get_provider

    with transaction.atomic():
        notice = DelivererNotice.objects.select_for_update().select_related("member").filter(
            pk=notice_id, status=NoticeStatus.QUEUED).first()
        if notice is None:
            return "skipped"
        member = notice.member
        try:
            if notice.channel == "email":
                if not member.email:
                    raise OSError("no e-mail address")
                send_mail(_("Your home-delivery route"), notice.body, None, [member.email])
            else:
                if not member.phone:
                    raise SmsError("no phone number")
                notice.outcome = get_provider().send(member.phone, notice.body)
            notice.status = NoticeStatus.SENT
        except (OSError, SmsError) as error:
            notice.status = NoticeStatus.FAILED
            notice.outcome = f"{type(error).__name__}: {error}"[:500]
        notice.sent_at = timezone.now()
        notice.save(update_fields=["status", "outcome", "sent_at"])
        return notice.status
