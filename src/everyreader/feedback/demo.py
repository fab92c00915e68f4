"""A year of demo feedback across channels and categories (Chinese text): most closed with a
root cause, some open and overdue. Deterministic (own random seed) and idempotent; written in
bulk so that it is fast."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from everyreader.accounts.models import Branch, Department
from everyreader.feedback import demo_text, services
from everyreader.feedback.models import (
    ActionStatus, Category, Channel, EventType, FeedbackEvent, FeedbackItem, ImprovementAction, RootCause,
    Severity, State,
)
from everyreader.feedback.workdays import add_working_days, open_days_for

COUNT = 320
MARK = "-D"  # demo references look like FB2026-D0001

CHANNELS = [(Channel.WEB, 40), (Channel.PHONE, 20), (Channel.VISIT, 15), (Channel.SUGGESTION_BOX, 12),
            (Channel.PARTNER, 8), (Channel.LETTER, 5)]
CAUSES = [("process", 30), ("communication", 22), ("resources", 18), ("staff_skill", 12), ("facility", 9),
          ("system", 6), ("policy", 3)]


def _pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def seed(ctx):
    for category in Category.objects.filter(department__isnull=True).exclude(department_code=""):
        category.department = Department.objects.filter(code=category.department_code).first()
        if category.department:
            category.save(update_fields=["department"])
    if FeedbackItem.objects.filter(reference__contains=MARK).exists():
        return
    rng = random.Random(6026)
    from everyreader.readers.models import Reader

    today = timezone.localdate()
    categories = {c.code: c for c in Category.objects.select_related("department")}
    branches = list(Branch.objects.order_by("pk"))
    readers = list(Reader.objects.order_by("pk")[:300])
    members = {d.pk: sorted({*(u for u in d.members.all()), *([d.head] if d.head else [])}, key=lambda u: u.pk)
               for d in Department.objects.prefetch_related("members").select_related("head")}
    staff = ctx.get("staff", {})
    actions = []
    for text, dept_code in demo_text.ACTIONS:
        dept = Department.objects.filter(code=dept_code).select_related("head").first()
        actions.append(ImprovementAction.objects.create(
            description=text, owner=dept.head if dept else None,
            due_date=today + timedelta(days=rng.randint(-60, 90)),
            status=rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE])))
    targets = {}
    items, plans = [], []
    codes = [code for code in demo_text.SAMPLES if code in categories]
    for n in range(COUNT):
        code = codes[int(rng.triangular(0, len(codes), 0)) % len(codes)]
        kind, subject, description, expectation = rng.choice(demo_text.SAMPLES[code])
        category = categories[code]
        age = int(rng.triangular(0, 365, 120)) if n % 9 else rng.randint(0, 20)
        received = timezone.make_aware(datetime.combine(today - timedelta(days=age),
                                                        time(rng.randint(8, 20), rng.randint(0, 59))))
        branch = rng.choice(branches) if branches and rng.random() < 0.85 else None
        severity = Severity.HIGH if kind in ("barrier", "complaint") and rng.random() < 0.25 else (
            Severity.LOW if rng.random() < 0.15 else Severity.MEDIUM)
        key = (kind, severity)
        if key not in targets:
            targets[key] = services.target_for(kind, severity)
        ack_days, resolve_days = targets[key]
        days = open_days_for(branch)
        channel = _pick(rng, CHANNELS)
        anonymous = channel in (Channel.SUGGESTION_BOX, Channel.WEB) and rng.random() < 0.3
        reader = rng.choice(readers) if readers and not anonymous and rng.random() < 0.6 else None
        department = category.department
        team = members.get(department.pk, []) if department else []
        handler = rng.choice(team) if team else None
        item = FeedbackItem(
            reference=f"FB{received:%Y}{MARK}{n + 1:04d}", kind=kind, severity=severity, channel=channel,
            category=category, department=department, branch=branch, subject=subject, description=description,
            expectation=expectation, is_anonymous=anonymous, reader=reader,
            contact_name="" if anonymous or reader else rng.choice(["王女士", "张先生", "刘阿姨", "陈同学"]),
            contact_phone="" if anonymous or reader else f"1390000{rng.randint(1000, 9999)}",
            entered_by=staff.get("librarian") if channel != Channel.WEB else None,
            received_at=received, acknowledge_due=add_working_days(received.date(), ack_days, days),
            due_date=add_working_days(received.date(), resolve_days, days))
        plan = _lifecycle(rng, item, handler, today, age, resolve_days)
        items.append(item)
        plans.append(plan)
    FeedbackItem.objects.bulk_create(items)
    events, causes = [], []
    for item, plan in zip(items, plans, strict=True):
        events.extend(_events(item, plan))
        if item.state == State.CLOSED and item.kind == "complaint":
            cause = _pick(rng, CAUSES)
            chain = demo_text.WHYS[cause][: rng.randint(2, 3)]
            causes.append(RootCause(item=item, cause_category=cause, whys=chain,
                                    expected=item.expectation or "问题得到及时解决",
                                    provided="当时只做了口头解释，问题没有当场解决",
                                    action=rng.choice(actions) if rng.random() < 0.35 else None,
                                    recorded_by=item.handler))
    FeedbackEvent.objects.bulk_create(events)
    RootCause.objects.bulk_create(causes)
    _give_login_reader_items(items)


def _give_login_reader_items(items):
    """The demo `reader` login sees one answered item to rate and one closed, rated item."""
    from everyreader.readers.models import Reader

    reader = Reader.objects.filter(user__username="reader").first()
    if reader is None:
        return
    answered = next((i for i in items if i.state == State.RESPONDED), None)
    rated = next((i for i in items if i.state == State.CLOSED and i.rating and i.kind != "complaint"), None)
    for item in (answered, rated):
        if item is not None:
            FeedbackItem.objects.filter(pk=item.pk).update(
                reader=reader, is_anonymous=False, contact_name="", contact_phone="",
                rating=None if item is answered else item.rating,
                rated_at=None if item is answered else item.rated_at)


def _lifecycle(rng, item, handler, today, age, resolve_days) -> dict:
    """Decide what has happened to the item by now; set its state and dates."""
    received = item.received_at
    plan = {"handler": handler, "steps": []}
    overdue_open = age > resolve_days + 5 and rng.random() < 0.06
    if handler is None or (age <= 2 and rng.random() < 0.5):
        item.state = State.NEW
        return plan
    item.handler = handler
    item.acknowledged_at = received + timedelta(hours=rng.randint(1, 30))
    plan["steps"].append((EventType.ASSIGNED, State.NEW, State.ASSIGNED, item.acknowledged_at))
    respond_after = timedelta(days=rng.choice([0.5, 1, 2, 3, 4, 5, 6, 8, 12]))
    responded = received + respond_after
    if overdue_open or responded.date() >= today:
        item.state = rng.choice([State.ASSIGNED, State.IN_PROGRESS])
        if item.state == State.IN_PROGRESS:
            plan["steps"].append((EventType.STARTED, State.ASSIGNED, State.IN_PROGRESS, item.acknowledged_at))
        return plan
    item.first_responded_at = item.responded_at = responded
    item.responded_within_target = responded.date() <= item.due_date
    item.response = "感谢您的反馈。我们已核实情况并作出改进，具体安排已由负责馆员与您联系说明。"
    item.response_channel = "email" if item.reader_id else ("phone" if item.contact_phone else "")
    plan["steps"].append((EventType.RESPONDED, State.ASSIGNED, State.RESPONDED, responded))
    if rng.random() < 0.65:
        item.rating = rng.choices([5, 4, 3, 2, 1], [40, 30, 15, 10, 5])[0]
        item.rated_at = responded + timedelta(days=1)
    if age < 10 and rng.random() < 0.5:
        item.state = State.RESPONDED
        return plan
    if rng.random() < 0.07:
        item.reopen_count = 1
        reopened = responded + timedelta(days=2)
        plan["steps"].append((EventType.REOPENED, State.RESPONDED, State.REOPENED, reopened))
        plan["steps"].append((EventType.RESPONDED, State.REOPENED, State.RESPONDED, reopened + timedelta(days=2)))
        responded = reopened + timedelta(days=2)
        item.responded_at = responded
    item.state = State.CLOSED
    item.closed_at = responded + timedelta(days=rng.randint(1, 6))
    plan["steps"].append((EventType.CLOSED, State.RESPONDED, State.CLOSED, item.closed_at))
    return plan


def _events(item, plan):
    events = [FeedbackEvent(item=item, event=EventType.RECEIVED, to_state=State.NEW, occurred_at=item.received_at,
                            note=item.get_channel_display())]
    for event, before, after, when in plan["steps"]:
        events.append(FeedbackEvent(item=item, event=event, from_state=before, to_state=after, occurred_at=when,
                                    actor=plan["handler"],
                                    target_user=plan["handler"] if event == EventType.ASSIGNED else None))
    return events
