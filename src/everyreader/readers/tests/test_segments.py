"""Segment rules against hand-built data; suppression of small groups; audited export."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers import needs_services, segment_services, selectors
from everyreader.readers import segments as rules
from everyreader.readers.models import Segment
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _needs(actor, reader, *codes):
    needs_services.consent_give(actor=actor, reader=reader, channel="in_person")
    needs_services.needs_profile_set(actor=actor, reader=reader, reason="test",
                                     data={"needs": [{"type": c, "level": "a_lot"} for c in codes]})


@pytest.fixture
def people(depthead):
    east, west = BranchFactory(code="east"), BranchFactory(code="west")
    p = {
        "senior_lv_east": ReaderFactory(category="senior", birth_year=YEAR - 70, home_branch=east),
        "senior_lv_west": ReaderFactory(category="senior", birth_year=YEAR - 65, home_branch=west),
        "senior_east": ReaderFactory(category="senior", birth_year=YEAR - 80, home_branch=east),
        "adult_blind_east": ReaderFactory(category="adult", birth_year=YEAR - 40, home_branch=east),
        "adult_deaf": ReaderFactory(category="adult", birth_year=YEAR - 30, home_branch=west),
        "child": ReaderFactory(category="child", birth_year=YEAR - 8, guardian_name="母", guardian_relation="母亲"),
    }
    _needs(depthead, p["senior_lv_east"], "low-vision")
    _needs(depthead, p["senior_lv_west"], "low-vision", "walking")
    _needs(depthead, p["adult_blind_east"], "blind")
    _needs(depthead, p["adult_deaf"], "deaf")
    p["east"], p["west"] = east, west
    return p


def members(rule):
    return set(selectors.segment_members(Segment(rules=rule)))


def test_low_vision_and_senior_and_branch(people):
    rule = {"match": "all", "conditions": [
        {"field": "need", "op": "has_any", "value": ["low-vision"]},
        {"field": "category", "op": "in", "value": ["senior"]},
        {"field": "home_branch", "op": "in", "value": [str(people["east"].pk)]}]}
    assert members(rule) == {people["senior_lv_east"]}


def test_print_disabled_any_not_and_age(people):
    assert members({"conditions": [{"field": "print_disabled", "op": "is", "value": True}]}) == {
        people["senior_lv_east"], people["senior_lv_west"], people["adult_blind_east"]}
    assert members({"match": "any", "conditions": [
        {"field": "need", "op": "has_any", "value": ["deaf"]},
        {"field": "age", "op": "lte", "value": 13}]}) == {people["adult_deaf"], people["child"]}
    assert members({"conditions": [{"not": {"field": "need", "op": "has_any", "value": ["low-vision"]}},
                                   {"field": "age", "op": "gte", "value": 60}]}) == {people["senior_east"]}
    assert members({"conditions": [{"field": "need", "op": "has_all", "value": ["low-vision", "walking"]}]}) == {
        people["senior_lv_west"]}
    assert members({"conditions": [{"field": "has_consent", "op": "is", "value": False}]}) == {
        people["senior_east"], people["child"]}


def test_withdrawn_consent_leaves_the_segment(people, depthead):
    rule = {"conditions": [{"field": "need", "op": "has_any", "value": ["blind"]}]}
    assert members(rule) == {people["adult_blind_east"]}
    needs_services.consent_withdraw(actor=depthead, reader=people["adult_blind_east"])
    assert members(rule) == set()


@pytest.mark.parametrize("bad", [
    {"conditions": [{"field": "shoe_size", "op": "gte", "value": 40}]},
    {"conditions": [{"field": "category", "op": "gte", "value": ["senior"]}]},
    {"conditions": [{"field": "category", "op": "in", "value": ["martian"]}]},
    {"conditions": [{"field": "age", "op": "gte", "value": "old"}]},
    {"conditions": [{"field": "has_consent", "op": "is", "value": "yes"}]},
    {"match": "most", "conditions": []},
    {"conditions": "category = senior; DROP TABLE readers_reader"},
    {"not": {"not": {"not": {"not": {"not": {"not": {"field": "age", "op": "gte", "value": 1}}}}}}},
])
def test_invalid_rules_are_refused(bad):
    with pytest.raises(DomainError):
        rules.build_q(bad)


def test_rules_build_a_q_object():
    assert isinstance(rules.build_q({"conditions": [{"field": "category", "op": "in", "value": "senior"}]}), Q)


def test_other_apps_can_register_fields(people):
    rules.register_segment_field(rules.SegmentField(
        "test_branch_code", "branch code", "choice", rules.choice_q("home_branch__code"),
        lambda: [("east", "east"), ("west", "west")]))
    try:
        assert len(members({"conditions": [{"field": "test_branch_code", "op": "in", "value": ["west"]}]})) == 2
    finally:
        rules._fields.pop("test_branch_code")


def test_small_groups_are_suppressed(people, depthead):
    segment = segment_services.segment_create(actor=depthead, name="all", rules={"conditions": []})
    assert rules.suppress(3) == "<5" and rules.suppress(0) == "0" and rules.suppress(5) == "5"
    breakdowns = selectors.segment_breakdowns(segment, include_needs=True)
    values = [v for b in breakdowns for _label, v in b.rows]
    assert values and all(v == "<5" for v in values)


def test_sensitive_segment_export_needs_sensitive_permission(people, depthead, make_user):
    segment = segment_services.segment_create(actor=depthead, name="lv", rules={
        "conditions": [{"field": "need", "op": "has_any", "value": ["low-vision"]}]})
    manager = make_user("programme_manager")
    with pytest.raises(PermissionDenied):
        segment_services.segment_export(actor=manager, segment=segment, fmt="csv")
    assert not AuditEvent.objects.filter(action="segment.exported").exists()
    content, _type = segment_services.segment_export(actor=depthead, segment=segment, fmt="csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == segment_services.EXPORT_COLUMNS and len(rows) == 3
    assert "low-vision" not in content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action="segment.exported")
    assert event.details["count"] == 2 and event.actor == depthead


def test_xlsx_export(people, depthead):
    from openpyxl import load_workbook

    segment = segment_services.segment_create(actor=depthead, name="seniors", rules={
        "conditions": [{"field": "category", "op": "in", "value": ["senior"]}]})
    content, _type = segment_services.segment_export(actor=depthead, segment=segment, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 4


def test_segment_names_are_unique_and_librarians_cannot_create(depthead, make_user):
    segment_services.segment_create(actor=depthead, name="A", rules={"conditions": []})
    with pytest.raises(DomainError):
        segment_services.segment_create(actor=depthead, name="a", rules={"conditions": []})
    with pytest.raises(PermissionDenied):
        segment_services.segment_create(actor=make_user("librarian"), name="B", rules={"conditions": []})
    assert Segment.objects.count() == 1
