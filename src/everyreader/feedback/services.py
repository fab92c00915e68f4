"""Writes for feedback: intake, assignment, the workflow, responses, ratings and root causes."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.accounts.models import Department
from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.core.notifications import notify
from everyreader.feedback import access, attachments
from everyreader.feedback.models import (
    Attachment, Category, Channel, EventType, FeedbackEvent, FeedbackItem, Kind, ServiceTarget, Severity, State,
)
from everyreader.feedback.workdays import add_working_days, open_days_for

TRANSITIONS = StateMachine({
    State.NEW: [State.ASSIGNED],
    State.ASSIGNED: [State.IN_PROGRESS, State.RESPONDED],
    State.IN_PROGRESS: [State.RESPONDED],
    State.RESPONDED: [State.CLOSED, State.REOPENED],
    State.CLOSED: [State.REOPENED],
    State.REOPENED: [State.IN_PROGRESS, State.RESPONDED],
})
REASSIGNABLE = (State.ASSIGNED, State.IN_PROGRESS, State.REOPENED)
DEFAULT_TARGET = (1, 5)


def target_for(kind: str, severity: str) -> tuple[int, int]:
    target = ServiceTarget.objects.filter(kind=kind, severity=severity).first()
    return (target.acknowledge_days, target.resolve_days) if target else DEFAULT_TARGET


def due_dates(*, kind: str, severity: str, branch, received: date) -> tuple[date, date]:
    acknowledge, resolve = target_for(kind, severity)
    days = open_days_for(branch)
    return add_working_days(received, acknowledge, days), add_working_days(received, resolve, days)


def route(category: Category) -> Department | None:
    if category.department_id:
        return category.department
    if category.department_code:
        return Department.objects.filter(code=category.department_code, is_active=True).first()
    return None


def _event(item, event, *, actor=None, from_state="", to_state="", target_user=None, level=0, note="",
           when=None):
    return FeedbackEvent.objects.create(
        item=item, event=event, actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_state=from_state, to_state=to_state, target_user=target_user, level=level, note=note,
        occurred_at=when or timezone.now())


def staff_url(item) -> str:
    return reverse("feedback_staff:detail", args=[item.pk])


def reader_url(item) -> str:
    return reverse("feedback:status", args=[item.access_token])


def _send_to_reader(item, *, subject: str, body: str, purpose: str, key: str) -> str:
    """Send through the reader's preferred channel; e-mail for contact-only submitters."""
    if item.reader_id:
        from everyreader.messaging.services import message_send

        message = message_send(reader=item.reader, subject=subject, body=body, purpose=purpose, dedupe_key=key)
        return message.channel if message else ""
    if item.contact_email:
        from everyreader.feedback.tasks import email_submitter

        transaction.on_commit(lambda: email_submitter.enqueue(item.pk, subject, body))
        return "email"
    if item.contact_phone:
        return "phone"
    return ""


@transaction.atomic
def feedback_submit(*, actor, kind: str, category: Category, subject: str, description: str,
                    expectation: str = "", branch=None, severity: str = Severity.MEDIUM,
                    channel: str = Channel.WEB, anonymous: bool = False, reader=None,
                    contact_name: str = "", contact_email: str = "", contact_phone: str = "",
                    files=(), received_at: datetime | None = None) -> FeedbackItem:
    """Record feedback from the web form (actor: the visitor) or staff entry (actor: staff)."""
    if kind not in Kind.values or severity not in Severity.values or channel not in Channel.values:
        raise DomainError(_("Choose a kind, severity and channel from the lists."))
    if not category.is_active:
        raise DomainError(_("This category is no longer in use. Choose another."), field="category")
    checked = attachments.check_all(files)
    is_staff_entry = channel != Channel.WEB
    if is_staff_entry and not (actor and actor.has_perm("feedback.add_feedbackitem")):
        raise PermissionDenied
    signed_in = bool(actor and actor.is_authenticated)
    if anonymous:
        reader, contact_name, contact_email, contact_phone = None, "", "", ""
    elif reader is None and signed_in and not is_staff_entry:
        from everyreader.readers.selectors import reader_for_user

        reader = reader_for_user(actor)
    received_at = received_at or timezone.now()
    acknowledge_due, due = due_dates(kind=kind, severity=severity, branch=branch,
                                     received=timezone.localdate(received_at))
    department = route(category)
    item = FeedbackItem.objects.create(
        reference=f"tmp-{secrets.token_hex(7)}", kind=kind, severity=severity, channel=channel,
        category=category, department=department, branch=branch, subject=subject.strip()[:200],
        description=description.strip(), expectation=expectation.strip(), is_anonymous=anonymous,
        reader=reader, submitted_by=actor if signed_in and not anonymous and not is_staff_entry else None,
        contact_name=contact_name.strip(), contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(), entered_by=actor if is_staff_entry else None,
        received_at=received_at, acknowledge_due=acknowledge_due, due_date=due)
    item.reference = f"FB{timezone.localdate(received_at):%Y}-{item.pk:06d}"
    item.save(update_fields=["reference"])
    for upload, content_type, extension in checked:
        stored = Attachment(item=item, original_name=upload.name[:200], content_type=content_type, size=upload.size)
        stored.file.save(attachments.storage_name(extension), File(upload), save=False)
        stored.save()
    _event(item, EventType.RECEIVED, actor=actor if is_staff_entry else None, to_state=State.NEW,
           note=item.get_channel_display(), when=received_at)
    if department is not None:
        _event(item, EventType.ROUTED, note=department.name, when=received_at)
        if department.head_id:
            notify(recipient=department.head, subject=_("New feedback to assign: %(ref)s") % {"ref": item.reference},
                   body=item.subject, url=staff_url(item), dedupe_key=f"feedback:{item.pk}:new")
    ack = _("We have received your feedback. Your reference number is %(ref)s. We will reply by %(due)s.") % {
        "ref": item.reference, "due": item.due_date.isoformat()}
    _send_to_reader(item, subject=_("Feedback received: %(ref)s") % {"ref": item.reference}, body=ack,
                    purpose="feedback.acknowledgement", key=f"feedback:{item.pk}:ack")
    audit.record(actor=None if anonymous else actor, action="feedback.received", obj=item,
                 details={"kind": kind, "channel": channel, "anonymous": anonymous},
                 without_ip=anonymous)
    return item


def _transition(item, target, *, actor, note="", event=None, target_user=None):
    TRANSITIONS.check(item.state, target, State)
    previous = item.state
    item.state = target
    _event(item, event or target, actor=actor, from_state=previous, to_state=target, note=note,
           target_user=target_user)
    audit.record(actor=actor, action=f"feedback.{target}", obj=item, details={"from": previous})
    return previous


def _locked(item) -> FeedbackItem:
    return FeedbackItem.objects.select_for_update(of=("self",)).select_related("department", "reader").get(pk=item.pk)


@transaction.atomic
def item_assign(*, actor, item: FeedbackItem, handler, note: str = "") -> FeedbackItem:
    item = _locked(item)
    if not access.can_assign(actor, item):
        raise PermissionDenied
    department = item.department
    if department is not None and not (department.head_id == handler.pk
                                       or department.members.filter(pk=handler.pk).exists()):
        raise DomainError(_("Choose a member of %(dept)s.") % {"dept": department.name}, field="handler")
    if not handler.is_active or not handler.has_perm("feedback.change_feedbackitem"):
        raise DomainError(_("This person cannot handle feedback."), field="handler")
    if item.state == State.NEW:
        _transition(item, State.ASSIGNED, actor=actor, note=note, target_user=handler)
    elif item.state in REASSIGNABLE:
        if item.handler_id == handler.pk:
            raise DomainError(_("%(name)s already handles this item.") % {"name": handler}, field="handler")
        _event(item, EventType.REASSIGNED, actor=actor, target_user=handler, note=note,
               from_state=item.state, to_state=item.state)
        audit.record(actor=actor, action="feedback.reassigned", obj=item,
                     details={"from": item.handler_id, "to": handler.pk})
    else:
        raise DomainError(_("Only open feedback can be assigned."))
    item.handler = handler
    if item.acknowledged_at is None:
        item.acknowledged_at = timezone.now()
    item.save(update_fields=["state", "handler", "acknowledged_at", "updated_at"])
    notify(recipient=handler, subject=_("Feedback assigned to you: %(ref)s") % {"ref": item.reference},
           body=f"{item.subject}\n{note}".strip(), url=staff_url(item),
           dedupe_key=f"feedback:{item.pk}:assigned:{handler.pk}:{item.events.count()}")
    return item


def _require_handler(actor, item):
    if not access.can_handle(actor, item):
        raise PermissionDenied


@transaction.atomic
def item_start(*, actor, item: FeedbackItem) -> FeedbackItem:
    item = _locked(item)
    _require_handler(actor, item)
    _transition(item, State.IN_PROGRESS, actor=actor, event=EventType.STARTED)
    item.save(update_fields=["state", "updated_at"])
    return item


@transaction.atomic
def item_respond(*, actor, item: FeedbackItem, response: str) -> FeedbackItem:
    item = _locked(item)
    _require_handler(actor, item)
    if not response.strip():
        raise DomainError(_("Write the response to the reader."), field="response")
    _transition(item, State.RESPONDED, actor=actor)
    now = timezone.now()
    item.response = response.strip()
    item.responded_at = now
    if item.first_responded_at is None:
        item.first_responded_at = now
        item.responded_within_target = timezone.localdate(now) <= item.due_date
    if item.acknowledged_at is None:
        item.acknowledged_at = now
    body = _("Reply to your feedback %(ref)s:\n\n%(response)s\n\nTell us how well we resolved it: %(url)s") % {
        "ref": item.reference, "response": item.response, "url": reader_url(item)}
    item.response_channel = _send_to_reader(
        item, subject=_("Our reply to your feedback %(ref)s") % {"ref": item.reference}, body=body,
        purpose="feedback.response", key=f"feedback:{item.pk}:response:{item.reopen_count}")
    item.save(update_fields=["state", "response", "responded_at", "first_responded_at",
                             "responded_within_target", "acknowledged_at", "response_channel", "updated_at"])
    return item


@transaction.atomic
def item_close(*, actor, item: FeedbackItem, root_cause: dict | None = None) -> FeedbackItem:
    from everyreader.feedback.root_causes import root_cause_record

    item = _locked(item)
    _require_handler(actor, item)
    TRANSITIONS.check(item.state, State.CLOSED, State)
    if item.kind == Kind.COMPLAINT:
        if not root_cause:
            raise DomainError(_("Record the root cause before closing a complaint."))
        root_cause_record(actor=actor, item=item, **root_cause)
    _transition(item, State.CLOSED, actor=actor)
    item.closed_at = timezone.now()
    item.save(update_fields=["state", "closed_at", "updated_at"])
    return item


@transaction.atomic
def item_reopen(*, actor, item: FeedbackItem, reason: str) -> FeedbackItem:
    item = _locked(item)
    if not (access.can_handle(actor, item) or access.can_assign(actor, item)):
        raise PermissionDenied
    if not reason.strip():
        raise DomainError(_("Say why the item is reopened."), field="reason")
    _transition(item, State.REOPENED, actor=actor, note=reason.strip())
    resolve = target_for(item.kind, item.severity)[1]
    item.due_date = add_working_days(timezone.localdate(), resolve, open_days_for(item.branch))
    item.reopen_count += 1
    item.escalation_level = 0
    item.closed_at = None
    item.save(update_fields=["state", "due_date", "reopen_count", "escalation_level", "closed_at", "updated_at"])
    if item.handler_id:
        notify(recipient=item.handler, subject=_("Feedback reopened: %(ref)s") % {"ref": item.reference},
               body=reason, url=staff_url(item), dedupe_key=f"feedback:{item.pk}:reopened:{item.reopen_count}")
    return item


@transaction.atomic
def item_rate(*, item: FeedbackItem, rating: int, comment: str = "", actor=None) -> FeedbackItem:
    """The reader rates the resolution (once), from /me/ or the private link."""
    item = _locked(item)
    if item.state not in (State.RESPONDED, State.CLOSED):
        raise DomainError(_("You can rate the resolution once we have replied."))
    if item.rated_at is not None:
        raise DomainError(_("You have already rated this resolution. Thank you."))
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    item.rating, item.rating_comment, item.rated_at = int(rating), comment.strip(), timezone.now()
    item.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _event(item, EventType.RATED, note=str(rating))
    if item.handler_id:
        notify(recipient=item.handler, subject=_("The reader rated %(ref)s: %(n)d of 5")
               % {"ref": item.reference, "n": item.rating}, body=item.rating_comment, url=staff_url(item),
               dedupe_key=f"feedback:{item.pk}:rated", email=False)
    return item


def submitter_reveal(*, actor, item: FeedbackItem) -> dict:
    """The submitter's identity and contact details, for those allowed; every access is audited."""
    if not access.can_see_submitter(actor, item):
        raise PermissionDenied
    reader = item.reader
    details = {
        "anonymous": item.is_anonymous,
        "name": reader.full_name if reader else item.contact_name,
        "card_number": reader.card_number if reader else "",
        "email": (reader.email if reader else item.contact_email),
        "phone": (reader.phone if reader else item.contact_phone),
        "preferred_contact": reader.get_preferred_contact_display() if reader else "",
        "category": reader.get_category_display() if reader else "",
    }
    audit.record(actor=actor, action="feedback.submitter_viewed", obj=item,
                 details={"reader": reader.pk if reader else None})
    return details
