"""Reads for feedback: working queues, one item with its history, the reader's own items."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core.workspace import AttentionItem
from everyreader.feedback import access
from everyreader.feedback.models import (
    OPEN_STATES, Category, FeedbackItem, ImprovementAction, ServiceTarget, State,
)

SCOPES = ("mine", "department", "all")


def _visible(user) -> QuerySet[FeedbackItem]:
    qs = FeedbackItem.objects.all()
    if access.sees_all(user):
        return qs
    mine = FeedbackItem.objects.filter(access.visible_q(user), pk=OuterRef("pk"))
    return qs.filter(Exists(mine))


def items_visible_to(user) -> QuerySet[FeedbackItem]:
    return _visible(user).select_related("category", "department", "branch", "handler")


def queue(user, *, scope: str = "department", department=None, state: str = "", kind: str = "",
          category=None, channel: str = "", overdue_only: bool = False, query: str = "") -> QuerySet[FeedbackItem]:
    """A working queue: open items first, overdue at the top, then by due date."""
    today = timezone.localdate()
    qs = items_visible_to(user)
    if scope == "mine":
        qs = qs.filter(handler=user)
    elif scope == "department" and not access.sees_all(user):
        from everyreader.accounts.models import Department

        own = Department.objects.filter(Q(members=user) | Q(head=user), pk=OuterRef("department_id"))
        qs = qs.filter(Exists(own))
    if department is not None:
        qs = qs.filter(department=department)
    if state == "open" or not state:
        qs = qs.filter(state__in=OPEN_STATES)
    elif state != "any":
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if category is not None:
        qs = qs.filter(category=category)
    if channel:
        qs = qs.filter(channel=channel)
    if overdue_only:
        qs = qs.filter(state__in=OPEN_STATES, due_date__lt=today)
    if query:
        qs = qs.filter(Q(reference__icontains=query) | Q(subject__icontains=query))
    return qs.annotate(
        overdue_rank=Case(When(state__in=OPEN_STATES, due_date__lt=today, then=Value(0)),
                          When(state__in=OPEN_STATES, then=Value(1)), default=Value(2),
                          output_field=IntegerField()),
    ).order_by("overdue_rank", "due_date", "pk")


def item_detail(pk: int) -> FeedbackItem:
    return (FeedbackItem.objects.select_related("category", "department__head", "branch", "handler",
                                                "reader", "entered_by", "root_cause__action__owner")
            .prefetch_related("attachments").get(pk=pk))


def item_events(item: FeedbackItem):
    return item.events.select_related("actor", "target_user").order_by("occurred_at", "pk")


def item_by_token(token: str) -> FeedbackItem | None:
    return FeedbackItem.objects.select_related("category").filter(access_token=token).first()


def items_of_reader(user) -> QuerySet[FeedbackItem]:
    return (FeedbackItem.objects.filter(Q(submitted_by=user) | Q(reader__user=user), is_anonymous=False)
            .select_related("category").order_by("-received_at"))


def categories(*, active_only: bool = True) -> QuerySet[Category]:
    qs = Category.objects.select_related("department")
    return qs.filter(is_active=True) if active_only else qs


def service_targets() -> QuerySet[ServiceTarget]:
    return ServiceTarget.objects.order_by("kind", "severity")


def improvement_actions() -> QuerySet[ImprovementAction]:
    return ImprovementAction.objects.select_related("owner").prefetch_related("root_causes__item")


def attention_items(user) -> list[AttentionItem]:
    if not user.has_perm("feedback.view_feedbackitem"):
        return []
    today = timezone.localdate()
    url = reverse("feedback_staff:queue")
    items = []
    overdue = FeedbackItem.objects.filter(handler=user, state__in=OPEN_STATES, due_date__lt=today).count()
    if overdue:
        items.append(AttentionItem(_("My overdue feedback"), overdue, f"{url}?scope=mine&overdue=on", "urgent"))
    unassigned = FeedbackItem.objects.filter(state=State.NEW, department__head=user).count()
    if unassigned:
        items.append(AttentionItem(_("Unassigned feedback in my department"), unassigned,
                                   f"{url}?scope=department&state=new", "warning"))
    return items
