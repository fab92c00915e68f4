"""Indicators computed on hand-built data."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from everyreader.feedback import analysis
from everyreader.feedback.models import Channel, FeedbackItem, Kind, RootCause
from everyreader.feedback.tests.conftest import ROOT_CAUSE
from everyreader.readers.models import Reader, ReaderCategory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 1, 10, 0))


def build(org, submit, *, respond_days=None, close_days=None, rating=None, reopen=False, cause=None, **kwargs):
    item = submit(received_at=NOW, **kwargs)
    updates = {}
    if respond_days is not None:
        responded = NOW + timedelta(days=respond_days)
        updates.update(state="responded", first_responded_at=responded, responded_at=responded,
                       responded_within_target=responded.date() <= item.due_date)
    if close_days is not None:
        updates.update(state="closed", closed_at=NOW + timedelta(days=close_days))
    if rating:
        updates.update(rating=rating)
    if reopen:
        updates.update(reopen_count=1)
    FeedbackItem.objects.filter(pk=item.pk).update(**updates)
    if cause:
        RootCause.objects.create(item=item, **{**ROOT_CAUSE, "cause_category": cause})
    return item


def test_indicators(org, submit):
    build(org, submit, respond_days=1, close_days=2, rating=5)
    build(org, submit, respond_days=3, close_days=4, rating=4, reopen=True)
    build(org, submit, respond_days=20, close_days=30, rating=2)  # late
    build(org, submit, respond_days=2, rating=None)
    build(org, submit)  # still open
    result = analysis.indicators(analysis.period_items(date(2026, 1, 1), date(2026, 12, 31)))
    assert result.received == 5 and result.responded == 4
    assert result.within_target_pct == 75.0
    assert result.median_days_to_respond == 2.5  # 1, 2, 3, 20
    assert result.median_days_to_close == 4.0  # 2, 4, 30
    assert result.reopen_rate_pct == 25.0  # 1 of 4 finished
    assert result.satisfaction_mean == pytest.approx(3.67, abs=0.01)
    assert result.satisfied_pct == pytest.approx(66.7, abs=0.1)
    assert result.rated == 3


def test_period_filter(org, submit):
    build(org, submit)
    assert analysis.period_items(date(2026, 6, 1), date(2026, 6, 1)).count() == 1
    assert analysis.period_items(date(2026, 6, 2), date(2026, 12, 31)).count() == 0
    empty = analysis.indicators(FeedbackItem.objects.none())
    assert empty.within_target_pct is None and empty.median_days_to_close is None


def test_pareto_sorted_with_cumulative_share(org, submit):
    for cause in ["process"] * 3 + ["communication"] * 2 + ["policy"]:
        build(org, submit, cause=cause)
    rows = analysis.pareto(FeedbackItem.objects.all())
    assert [(r[1], r[2], r[3]) for r in rows] == [(3, 50.0, 50.0), (2, 33.3, 83.3), (1, 16.7, 100.0)]


def test_breakdowns_suppress_small_reader_groups(org, submit):
    seniors = [Reader.objects.create(card_number=f"S{n}", family_name="王", category=ReaderCategory.SENIOR,
                                     home_branch=org.branch) for n in range(6)]
    child = Reader.objects.create(card_number="C1", family_name="李", category=ReaderCategory.CHILD)
    for reader in seniors:
        build(org, submit, reader=reader, actor=org.handler, channel=Channel.PHONE)
    build(org, submit, reader=child, actor=org.handler, channel=Channel.PHONE, kind=Kind.PRAISE)
    tables = {b.key: dict(b.rows) for b in analysis.breakdowns(FeedbackItem.objects.all())}
    assert tables["reader_category"][str(ReaderCategory.SENIOR.label)] == 6
    assert tables["reader_category"][str(ReaderCategory.CHILD.label)] == "<5"
    assert tables["kind"][str(Kind.COMPLAINT.label)] == 6  # kinds are not about people: not suppressed
    assert tables["kind"][str(Kind.PRAISE.label)] == 1
    assert tables["channel"][str(Channel.PHONE.label)] == 7
    assert sum(analysis.by_month(FeedbackItem.objects.all())[0][1:]) == 7


def test_breakdown_by_reader_segment_with_suppression(org, submit):
    from everyreader.readers.models import Segment

    seniors = Segment.objects.create(name="老年读者", rules={"match": "all", "conditions": [
        {"field": "category", "op": "in", "value": ["senior"]}]})
    children = Segment.objects.create(name="少儿读者", rules={"match": "all", "conditions": [
        {"field": "category", "op": "in", "value": ["child"]}]})
    for n in range(5):
        reader = Reader.objects.create(card_number=f"S{n}", family_name="王", category=ReaderCategory.SENIOR)
        build(org, submit, reader=reader, actor=org.handler, channel=Channel.PHONE)
    child = Reader.objects.create(card_number="C1", family_name="李", category=ReaderCategory.CHILD)
    build(org, submit, reader=child, actor=org.handler, channel=Channel.PHONE)
    build(org, submit)  # anonymous web feedback belongs to no segment
    segment = next(b for b in analysis.breakdowns(FeedbackItem.objects.all()) if b.key == "segment")
    assert dict(segment.rows) == {seniors.name: 5, children.name: "<5"}
