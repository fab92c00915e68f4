import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from everyreader.feedback.models import OPEN_STATES, FeedbackItem, RootCause, State

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_a_realistic_year_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    items = FeedbackItem.objects.all()
    count = items.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert FeedbackItem.objects.count() == count == 320
    today = timezone.localdate()
    closed_complaints = items.filter(state=State.CLOSED, kind="complaint")
    assert items.filter(state=State.CLOSED).count() > count * 0.7
    assert RootCause.objects.count() == closed_complaints.count() > 50
    assert items.filter(state__in=OPEN_STATES, due_date__lt=today).exists()
    assert items.values("channel").distinct().count() == 6
    assert items.values("category").distinct().count() >= 10
    oldest = items.order_by("received_at").first().received_at.date()
    assert (today - oldest).days > 300
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in subject)  # Chinese text
               for subject in items.values_list("subject", flat=True))
    mine = items.filter(reader__user__username="reader")
    assert mine.filter(state=State.RESPONDED, rating__isnull=True).exists()
