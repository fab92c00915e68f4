import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from everyreader.core.errors import DomainError, IllegalTransition
from everyreader.core.models import AuditEvent, Notification
from everyreader.feedback import services
from everyreader.feedback.models import Category, Channel, EventType, FeedbackItem, Kind, RootCause, State
from everyreader.feedback.root_causes import root_cause_record
from everyreader.feedback.tests.conftest import ROOT_CAUSE
from everyreader.messaging.models import OutboundMessage
from everyreader.readers.models import ContactChannel

pytestmark = pytest.mark.django_db


def responded(org, submit, **kwargs):
    item = submit(**kwargs)
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    return services.item_respond(actor=org.handler, item=item, response="已增加周末窗口。")


def test_submission_is_routed_to_the_category_department(org, submit):
    item = submit()
    assert item.department == org.department and item.state == State.NEW
    assert item.reference.startswith("FB") and item.reference.endswith(f"{item.pk:06d}")
    assert list(item.events.values_list("event", flat=True)) == [EventType.RECEIVED, EventType.ROUTED]
    note = Notification.objects.get(recipient=org.head)
    assert item.reference in note.subject


def test_category_without_department_routes_by_code_later(org, submit):
    category = Category.objects.create(code="late", name="其他", department_code="circulation")
    assert submit(category=category).department == org.department
    unrouted = Category.objects.create(code="none", name="未分配")
    assert submit(category=unrouted).department is None


def test_inactive_category_is_refused(org, submit):
    org.category.is_active = False
    org.category.save()
    with pytest.raises(DomainError):
        submit()
    assert not FeedbackItem.objects.exists()


def test_reader_gets_acknowledgement_with_reference_in_preferred_channel(org, submit, reader,
                                                                          django_capture_on_commit_callbacks):
    reader.preferred_contact = ContactChannel.PHONE
    reader.save()
    item = submit(actor=org.handler, channel=Channel.PHONE, reader=reader)
    message = OutboundMessage.objects.get(reader=reader)
    assert message.channel == ContactChannel.PHONE and item.reference in message.body
    assert item.entered_by == org.handler and item.submitted_by is None


def test_contact_only_submitter_gets_email(org, submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(contact_email="guest@example.org", contact_name="王女士")
    to_guest = [m for m in mail.outbox if m.to == ["guest@example.org"]]
    assert len(to_guest) == 1 and item.reference in to_guest[0].body


def test_anonymous_keeps_no_identity_even_when_signed_in(org, submit, reader, make_user):
    user = make_user("reader")
    reader.user = user
    reader.save()
    item = submit(actor=user, anonymous=True, contact_email="x@example.org", contact_name="X")
    item.refresh_from_db()
    assert item.is_anonymous and item.reader is None and item.submitted_by is None
    assert (item.contact_email, item.contact_name, item.contact_phone) == ("", "", "")
    event = AuditEvent.objects.get(action="feedback.received")
    assert event.actor is None and event.ip_address is None
    assert not OutboundMessage.objects.exists() and not mail.outbox


def test_signed_in_reader_is_linked(org, submit, reader, make_user):
    user = make_user("reader")
    reader.user = user
    reader.save()
    item = submit(actor=user)
    assert item.reader == reader and item.submitted_by == user


def test_staff_entry_needs_permission(org, submit, make_user):
    with pytest.raises(PermissionDenied):
        submit(actor=make_user("reader"), channel=Channel.PHONE)
    with pytest.raises(PermissionDenied):
        submit(actor=None, channel=Channel.SUGGESTION_BOX)
    assert not FeedbackItem.objects.exists()


def test_every_legal_transition(org, submit):
    item = submit()
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    services.item_start(actor=org.handler, item=item)
    services.item_respond(actor=org.handler, item=item, response="已处理")
    services.item_reopen(actor=org.handler, item=item, reason="读者说问题还在")
    services.item_start(actor=org.handler, item=item)
    services.item_respond(actor=org.handler, item=item, response="已彻底解决")
    services.item_close(actor=org.handler, item=item, root_cause=ROOT_CAUSE)
    services.item_reopen(actor=org.head, item=item, reason="复查")
    services.item_respond(actor=org.handler, item=item, response="复查完毕")  # reopened -> responded
    item.refresh_from_db()
    assert item.state == State.RESPONDED and item.reopen_count == 2
    states = list(item.events.exclude(to_state="").values_list("to_state", flat=True))
    assert states == ["new", "assigned", "in_progress", "responded", "reopened", "in_progress", "responded",
                      "closed", "reopened", "responded"]
    item2 = submit()
    services.item_assign(actor=org.head, item=item2, handler=org.handler)
    services.item_respond(actor=org.handler, item=item2, response="直接答复")  # assigned -> responded
    assert FeedbackItem.objects.get(pk=item2.pk).state == State.RESPONDED


@pytest.mark.parametrize("action", ["start", "respond", "close", "reopen"])
def test_illegal_transitions_from_new_are_refused(org, submit, action):
    item = submit()
    calls = {
        "start": lambda: services.item_start(actor=org.head, item=item),
        "respond": lambda: services.item_respond(actor=org.head, item=item, response="x"),
        "close": lambda: services.item_close(actor=org.head, item=item, root_cause=ROOT_CAUSE),
        "reopen": lambda: services.item_reopen(actor=org.head, item=item, reason="x"),
    }
    with pytest.raises(IllegalTransition) as error:
        calls[action]()
    assert "新" in str(error.value.message) or "New" in str(error.value.message)
    item.refresh_from_db()
    assert item.state == State.NEW and not RootCause.objects.exists()


def test_closed_item_cannot_be_started_or_assigned(org, submit):
    item = responded(org, submit, kind=Kind.PRAISE)
    services.item_close(actor=org.handler, item=item)
    with pytest.raises(IllegalTransition):
        services.item_start(actor=org.handler, item=item)
    with pytest.raises(DomainError):
        services.item_assign(actor=org.head, item=item, handler=org.other)


def test_reassignment_is_recorded_and_notified(org, submit):
    item = submit()
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    services.item_assign(actor=org.head, item=item, handler=org.other, note="小李休假")
    item.refresh_from_db()
    assert item.handler == org.other and item.state == State.ASSIGNED
    event = item.events.get(event=EventType.REASSIGNED)
    assert event.target_user == org.other and event.note == "小李休假"
    assert Notification.objects.filter(recipient=org.other, subject__contains=item.reference).exists()
    assert AuditEvent.objects.filter(action="feedback.reassigned").count() == 1


def test_only_members_of_the_department_can_handle(org, submit):
    item = submit()
    with pytest.raises(DomainError):
        services.item_assign(actor=org.head, item=item, handler=org.outsider)
    with pytest.raises(PermissionDenied):
        services.item_assign(actor=org.handler, item=item, handler=org.other)  # not the head
    item.refresh_from_db()
    assert item.state == State.NEW and item.handler is None


def test_only_the_handler_can_work_on_it(org, submit):
    item = submit()
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    with pytest.raises(PermissionDenied):
        services.item_respond(actor=org.other, item=item, response="x")
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.response == ""
    services.item_start(actor=org.manager, item=item)  # the programme manager may step in


def test_response_goes_to_reader_channel_and_records_target(org, submit, reader):
    reader.preferred_contact = ContactChannel.LARGE_PRINT_LETTER
    reader.address = "人民路 1 号"
    reader.save()
    item = responded(org, submit, reader=reader, actor=org.handler, channel=Channel.LETTER)
    letter = OutboundMessage.objects.get(purpose="feedback.response")
    assert letter.channel == ContactChannel.LARGE_PRINT_LETTER and "已增加周末窗口" in letter.body
    assert item.access_token in letter.body  # the rating link
    assert item.response_channel == ContactChannel.LARGE_PRINT_LETTER
    assert item.responded_within_target is True


def test_empty_response_is_refused(org, submit):
    item = submit()
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    with pytest.raises(DomainError):
        services.item_respond(actor=org.handler, item=item, response="  ")
    assert FeedbackItem.objects.get(pk=item.pk).state == State.ASSIGNED


def test_complaint_needs_root_cause_to_close(org, submit):
    item = responded(org, submit)
    with pytest.raises(DomainError):
        services.item_close(actor=org.handler, item=item)
    with pytest.raises(DomainError):
        services.item_close(actor=org.handler, item=item, root_cause={**ROOT_CAUSE, "whys": ["", " "]})
    item.refresh_from_db()
    assert item.state == State.RESPONDED and not RootCause.objects.exists()


def test_root_cause_with_new_action(org, submit):
    item = responded(org, submit)
    services.item_close(actor=org.handler, item=item, root_cause={
        **ROOT_CAUSE, "action_description": "周末增设窗口", "action_owner": org.head, "action_due_date": None})
    cause = RootCause.objects.get(item=item)
    assert cause.cause_category == "process" and cause.whys == ROOT_CAUSE["whys"]
    assert cause.expected == "十分钟内办完" and cause.action.description == "周末增设窗口"
    assert cause.action.owner == org.head and cause.recorded_by == org.handler


def test_root_cause_limits(org, submit):
    item = responded(org, submit)
    with pytest.raises(DomainError):
        root_cause_record(actor=org.handler, item=item, **{**ROOT_CAUSE, "whys": list("一二三四五六")})
    with pytest.raises(DomainError):
        root_cause_record(actor=org.handler, item=item, **{**ROOT_CAUSE, "cause_category": "luck"})
    with pytest.raises(DomainError):
        root_cause_record(actor=org.handler, item=item, **{**ROOT_CAUSE, "expected": ""})
    assert not RootCause.objects.exists()


def test_rating_once_after_response(org, submit):
    item = submit()
    with pytest.raises(DomainError):
        services.item_rate(item=item, rating=5)
    item = responded(org, submit)
    services.item_rate(item=item, rating=4, comment="满意")
    with pytest.raises(DomainError):
        services.item_rate(item=item, rating=1)
    item.refresh_from_db()
    assert item.rating == 4 and item.rating_comment == "满意"
    with pytest.raises(DomainError):
        services.item_rate(item=responded(org, submit), rating=9)


def test_reopen_sets_new_due_date_and_notifies(org, submit):
    item = responded(org, submit)
    services.item_reopen(actor=org.handler, item=item, reason="还是要排队")
    item.refresh_from_db()
    assert item.state == State.REOPENED and item.reopen_count == 1 and item.escalation_level == 0
    assert Notification.objects.filter(recipient=org.handler, dedupe_key=f"feedback:{item.pk}:reopened:1").exists()
    with pytest.raises(DomainError):
        services.item_reopen(actor=org.handler, item=item, reason="")


def test_submitter_details_are_guarded_and_audited(org, submit, reader):
    item = submit(reader=reader, actor=org.handler, channel=Channel.PHONE)
    with pytest.raises(PermissionDenied):
        services.submitter_reveal(actor=org.other, item=item)
    assert not AuditEvent.objects.filter(action="feedback.submitter_viewed").exists()
    item = services.item_assign(actor=org.head, item=item, handler=org.handler)
    details = services.submitter_reveal(actor=org.handler, item=item)
    assert details["card_number"] == "R100" and details["email"] == "lin@example.org"
    services.submitter_reveal(actor=org.head, item=item)
    services.submitter_reveal(actor=org.manager, item=item)
    assert AuditEvent.objects.filter(action="feedback.submitter_viewed").count() == 3
