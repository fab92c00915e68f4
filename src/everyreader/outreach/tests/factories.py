import datetime as dt

import factory

from everyreader.outreach.models import Availability, RosterMember, Skill, TrainingRecord, VettingStatus


class RosterMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterMember

    name = factory.Sequence(lambda n: f"志愿者{n}")
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")
    skills = factory.LazyFunction(lambda: [Skill.HOME_DELIVERY])
    vetting_status = VettingStatus.CLEARED
    vetted_on = dt.date(2026, 1, 5)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    member = factory.SubFactory(RosterMemberFactory)
    course = "上门服务安全与礼仪"
    skill = Skill.HOME_DELIVERY
    completed_on = dt.date(2026, 2, 1)


def qualified_member(*, skill=Skill.HOME_DELIVERY, weekdays=range(7), start=dt.time(8), end=dt.time(18), **fields):
    member = RosterMemberFactory(skills=[skill], **fields)
    TrainingRecordFactory(member=member, skill=skill)
    for weekday in weekdays:
        Availability.objects.create(member=member, weekday=weekday, start=start, end=end)
    return member
