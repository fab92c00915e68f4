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


def make_profile(*, actor, reader=None, branch=None, **fields):
    from everyreader.accounts.tests.factories import BranchFactory
    from everyreader.outreach import services
    from everyreader.readers.tests.factories import ReaderFactory

    reader = reader or ReaderFactory()
    data = {"branch": branch or BranchFactory(), "frequency": "fortnightly", "weekday": 1,
            "window_start": dt.time(9), "window_end": dt.time(11), "address": "北京市东城区和平里七区5号楼302",
            "access_notes": "三楼无电梯，请敲门两次", "interests": ["历史", "戏曲"], "formats": ["large_print"],
            "items_per_visit": 2, "start_on": dt.date(2026, 11, 23), "consent_channel": "in_person"}
    data.update(fields)
    return services.profile_create(actor=actor, reader=reader, **data)
