import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.outreach import roster_services, selectors
from everyreader.outreach.models import RosterMember, Skill, TrainingRecord, VettingStatus
from everyreader.outreach.tests.factories import RosterMemberFactory, TrainingRecordFactory, qualified_member

pytestmark = pytest.mark.django_db
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0)


def test_available_volunteers_needs_vetting_training_skill_and_slot():
    ok = qualified_member(weekdays=[1], start=dt.time(9), end=dt.time(12))
    qualified_member(weekdays=[1], vetting_status=VettingStatus.PENDING, vetted_on=None)
    qualified_member(weekdays=[1], vetting_expires_on=dt.date(2026, 6, 1))
    qualified_member(weekdays=[1], is_active=False)
    qualified_member(weekdays=[2])  # wrong day
    qualified_member(weekdays=[1], start=dt.time(13), end=dt.time(17))  # wrong time
    qualified_member(skill=Skill.ESCORT, weekdays=[1])  # other skill
    untrained = RosterMemberFactory()
    TrainingRecordFactory(member=untrained, expires_on=dt.date(2026, 3, 1))  # expired training
    found = list(selectors.available_volunteers(skill=Skill.HOME_DELIVERY, when=TUESDAY_10))
    assert found == [ok]
    assert list(selectors.available_volunteers(skill=Skill.HOME_DELIVERY, when=TUESDAY_10.date())) != []
    assert list(selectors.available_volunteers(skill="juggling", when=TUESDAY_10)) == []


def test_available_volunteers_query_count(django_assert_max_num_queries):
    for _ in range(5):
        qualified_member(weekdays=[1])
    with django_assert_max_num_queries(4):
        members = list(selectors.available_volunteers(skill=Skill.HOME_DELIVERY, when=TUESDAY_10))
        for member in members:
            list(member.training.all())
            list(member.availability.all())
    assert len(members) == 5


def test_why_not_schedulable_lists_reasons():
    member = RosterMemberFactory(vetting_status=VettingStatus.PENDING, vetted_on=None, skills=[])
    reasons = selectors.why_not_schedulable(member, skill=Skill.HOME_DELIVERY, day=dt.date(2026, 11, 24))
    assert len(reasons) == 3
    assert selectors.why_not_schedulable(qualified_member(), skill=Skill.HOME_DELIVERY,
                                         day=dt.date(2026, 11, 24)) == []


def test_member_create_requires_manage_permission(make_user):
    with pytest.raises(PermissionDenied):
        roster_services.member_create(actor=make_user("librarian"), name="张三", phone="13900000000")
    assert not RosterMember.objects.exists()
    member = roster_services.member_create(actor=make_user("department_head"), name="张三", phone="13900000000",
                                           skills=[Skill.HOME_DELIVERY])
    assert AuditEvent.objects.filter(action="roster.member_created", object_id=str(member.pk)).exists()


@pytest.mark.parametrize("fields, field", [
    ({"name": " "}, "name"),
    ({"name": "李四", "skills": ["flying"]}, "skills"),
    ({"name": "李四", "vetting_status": VettingStatus.CLEARED}, "vetted_on"),
    ({"name": "李四", "notify_by": "sms"}, "phone"),
    ({"name": "李四", "notify_by": "account"}, "notify_by"),
])
def test_member_create_bad_input(make_user, fields, field):
    with pytest.raises(DomainError) as error:
        roster_services.member_create(actor=make_user("department_head"), **fields)
    assert error.value.field == field
    assert not RosterMember.objects.exists()


def test_training_and_availability(make_user):
    head = make_user("department_head")
    member = RosterMemberFactory()
    with pytest.raises(DomainError):
        roster_services.training_add(actor=head, member=member, course="急救", skill=Skill.ESCORT,
                                     completed_on=dt.date(2026, 5, 1), expires_on=dt.date(2026, 1, 1))
    assert not TrainingRecord.objects.exists()
    roster_services.training_add(actor=head, member=member, course="急救", skill=Skill.HOME_DELIVERY,
                                 completed_on=dt.date(2026, 5, 1))
    with pytest.raises(DomainError):
        roster_services.availability_set(actor=head, member=member, slots=[(1, dt.time(12), dt.time(9))])
    roster_services.availability_set(actor=head, member=member, slots=[(1, dt.time(9), dt.time(12))])
    assert list(selectors.available_volunteers(skill=Skill.HOME_DELIVERY, when=TUESDAY_10)) == [member]
