"""Demo home delivery: 8 deliverers (volunteers and staff), 25 housebound readers with profiles,
three months of past visits (items lent and collected through circulation, outcomes, feedback)
and the coming visits. Deterministic (ctx["random"]) and idempotent (skipped when present)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from everyreader.accounts.models import Branch, User
from everyreader.outreach import roster_services, selectors, services
from everyreader.outreach.models import (FREQUENCY_DAYS, DeliveryProfile, RosterMember, Skill, Visit, VisitStatus)
from everyreader.readers.models import ContactChannel, Reader, ReaderCategory, RegistrationChannel

DELIVERERS = [  # name, kind, skills, weekdays, vetted, notify_by
    ("周志强", "volunteer", [Skill.HOME_DELIVERY, Skill.ESCORT], [0, 1, 2], True, "sms"),
    ("吴秀兰", "volunteer", [Skill.HOME_DELIVERY, Skill.READING_ALOUD], [1, 3], True, "sms"),
    ("郑海燕", "volunteer", [Skill.HOME_DELIVERY], [2, 4], True, "email"),
    ("孙建国", "volunteer", [Skill.HOME_DELIVERY, Skill.ESCORT], [0, 3, 4], True, "sms"),
    ("马丽娟", "volunteer", [Skill.READING_ALOUD, Skill.SIGN_LANGUAGE], [1, 2], True, "sms"),
    ("胡文博", "volunteer", [Skill.HOME_DELIVERY], [0, 4], False, "sms"),  # background check pending
    ("林晓", "staff", [Skill.HOME_DELIVERY, Skill.READING_ALOUD], [0, 1, 2, 3, 4], True, "account"),
    ("何静", "staff", [Skill.HOME_DELIVERY, Skill.SIGN_LANGUAGE], [1, 3], True, "account"),
]
COURSES = {Skill.HOME_DELIVERY: "上门送书服务规范与安全", Skill.READING_ALOUD: "朗读志愿者培训",
           Skill.SIGN_LANGUAGE: "手语服务基础", Skill.ESCORT: "助残陪同与急救常识"}
FAMILY = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩"
GIVEN = ["桂英", "淑珍", "建华", "秀珍", "玉兰", "国强", "德明", "凤英", "志华", "丽华", "振国", "淑英", "美兰",
         "福生", "金凤", "玉珍", "长顺", "秀英", "文华", "庆云", "瑞芳", "永昌", "惠兰", "宝山", "素云"]
STREETS = ["和平里七区", "安定门外大街", "东四十条", "交道口南大街", "北新桥三条", "雍和宫大街", "地坛北里",
           "青年湖西里", "民旺园", "黄寺大街"]
NOTES = ["三楼无电梯，请敲门两次", "门铃坏了，请打电话", "单元门密码 1204#", "老人耳背，请大声敲门",
         "家里有狗，请先打电话", "一楼东户，门口有坡道", "", "请在上午十点后到"]
INTERESTS = [["历史", "传记"], ["戏曲", "文学"], ["养生", "中医"], ["诗词", "文学"], ["小说"], ["旅游", "地理"],
             ["历史", "小说"], ["养生", "烹饪"]]
FORMATS = [["large_print", "print"], ["audio", "daisy"], ["print", "easy_read"], ["braille", "tactile", "daisy"],
           ["large_print", "daisy", "print"]]
OUTCOMES = [VisitStatus.DELIVERED] * 17 + [VisitStatus.NOT_HOME, VisitStatus.UNWELL, VisitStatus.CANCELLED]
COMMENTS = ["志愿者很耐心，谢谢！", "这次的书字有点小", "希望多带些戏曲的", "很好，下次还想要历史书", "", ""]


def _roster(ctx, head, branch):
    rng = ctx["random"]
    staff_users = [u for u in User.objects.filter(username__in=["librarian", "depthead"]).order_by("username")]
    members = []
    for index, (name, kind, skills, weekdays, vetted, notify_by) in enumerate(DELIVERERS):
        member = RosterMember.objects.filter(name=name).first()
        if member is None:
            user = None
            if kind == "staff" and staff_users:
                user = staff_users.pop(0) if not RosterMember.objects.filter(user=staff_users[0]).exists() else None
            member = roster_services.member_create(
                actor=head, kind=kind, name=name, phone=f"1391000{index:04d}",
                email=f"volunteer{index}@example.org" if notify_by == "email" else "", branch=branch, skills=skills,
                vetting_status="cleared" if vetted else "pending",
                vetted_on=dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 120)) if vetted else None,
                vetting_expires_on=dt.date(2028, 9, 1) if vetted else None,
                notify_by=notify_by if (notify_by != "account" or user) else "sms", user=user)
            for skill in skills:
                roster_services.training_add(actor=head, member=member, course=COURSES[skill], skill=skill,
                                             completed_on=dt.date(2025, 10, 1) + dt.timedelta(days=rng.randint(0, 40)),
                                             expires_on=dt.date(2027, 12, 31))
            roster_services.availability_set(actor=head, member=member,
                                             slots=[(d, dt.time(8, 30), dt.time(17)) for d in weekdays])
        members.append(member)
    return members


def _readers(ctx, head, branch):
    from everyreader.readers.services import reader_register

    rng = ctx["random"]
    readers = []
    for index in range(25):
        card = f"HD{2026}{index + 1:04d}"
        reader = Reader.objects.filter(card_number=card).first()
        if reader is None:
            reader = reader_register(
                actor=head, channel=RegistrationChannel.STAFF, card_number=card, allow_duplicate=True,
                family_name=FAMILY[index], given_name=GIVEN[index], birth_year=rng.randint(1930, 1955),
                category=ReaderCategory.SENIOR, home_branch=branch, phone=f"1380100{index:04d}",
                address=f"北京市东城区{STREETS[index % len(STREETS)]}{rng.randint(1, 30)}号",
                preferred_contact=rng.choice([ContactChannel.PHONE, ContactChannel.SMS, ContactChannel.LARGE_PRINT_LETTER]))
        readers.append(reader)
    return readers


def seed(ctx):
    head = User.objects.filter(username="depthead").first()
    branch = Branch.objects.filter(code="central").first() or Branch.objects.order_by("pk").first()
    if head is None or branch is None or DeliveryProfile.objects.filter(reader__card_number="HD20260001").exists():
        return
    rng = ctx["random"]
    members = [m for m in _roster(ctx, head, branch) if Skill.HOME_DELIVERY in m.skills]
    today = timezone.localdate()
    start = today - dt.timedelta(days=91)
    profiles = []
    for index, reader in enumerate(_readers(ctx, head, branch)):
        weekday = index % 5
        profile = services.profile_create(
            actor=head, reader=reader, consent_channel="in_person", branch=branch,
            frequency=rng.choice(["weekly", "fortnightly", "fortnightly", "monthly"]), weekday=weekday,
            window_start=dt.time(9 + index % 2 * 5), window_end=dt.time(11 + index % 2 * 5),
            address=f"{reader.address}{rng.randint(1, 6)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室",
            access_notes=NOTES[index % len(NOTES)], interests=INTERESTS[index % len(INTERESTS)],
            formats=FORMATS[index % len(FORMATS)], items_per_visit=rng.choice([1, 2, 2, 3]), start_on=start)
        if index in (7, 19):
            profile.deliverer = None
        else:
            candidates = [m for m in members if m.vetting_status == "cleared"
                          and any(a.weekday == weekday for a in m.availability.all())]
            profile.deliverer = rng.choice(candidates) if candidates else None
        profile.save(update_fields=["deliverer"])
        profiles.append(profile)
    _past_visits(ctx, head, profiles, start, today)
    services.visits_generate(today=today)
    for visit in selectors.visit_list(start=today, end=today + dt.timedelta(days=6), status=VisitStatus.PLANNED):
        picks = selectors.suggest_items(visit.profile, visit=visit)
        if picks:
            services.visit_choose_items(actor=head, visit=visit, item_ids=[i.pk for i in picks])
    services.profile_pause(actor=head, profile=profiles[12], until=today + dt.timedelta(days=20),
                           reason="住院治疗")
    _demo_reader(ctx, head, branch, members, today)
    _postal(ctx, head, branch, today)
    if ctx.get("stdout"):
        ctx["stdout"].write(f"  home delivery: {len(profiles)} profiles, {Visit.objects.count()} visits")


def _past_visits(ctx, head, profiles, start, today):
    """Visits from three months ago to yesterday, in date order across readers (so that the copies
    lent to one reader are back before another needs them)."""
    rng = ctx["random"]
    plan = []
    for profile in profiles:
        day = start + dt.timedelta(days=(profile.weekday - start.weekday()) % 7)
        while day < today:
            plan.append((day, profile))
            day += dt.timedelta(days=FREQUENCY_DAYS[profile.frequency])
    for day, profile in sorted(plan, key=lambda p: (p[0], p[1].pk)):
        when = timezone.make_aware(dt.datetime.combine(day, profile.window_start)) + dt.timedelta(minutes=20)
        visit = Visit.objects.create(profile=profile, date=day, window_start=profile.window_start,
                                     window_end=profile.window_end, deliverer=profile.deliverer, generated=True)
        picks = selectors.suggest_items(profile, visit=visit)
        if picks:
            services.visit_choose_items(actor=head, visit=visit, item_ids=[i.pk for i in picks])
        outcome = rng.choice(OUTCOMES)
        handed = [i.pk for i in picks] if outcome == VisitStatus.DELIVERED else []
        collected = [vi.item_id for vi in selectors.outstanding_items(profile)] if outcome == VisitStatus.DELIVERED else []
        services.visit_record(actor=head, visit=visit, outcome=outcome, handed_over_ids=handed,
                              collected_ids=collected, now=when)
        if outcome == VisitStatus.DELIVERED and rng.random() < 0.6:
            services.visit_feedback(actor=head, visit=visit, rating=rng.choice([5, 5, 4, 4, 3, 2]),
                                    comment=rng.choice(COMMENTS), now=when + dt.timedelta(days=1))


def _demo_reader(ctx, head, branch, members, today):
    """The demo sign-in `reader` receives home delivery too, so that /me/delivery/ shows it all."""
    reader = Reader.objects.filter(card_number=ctx.get("reader_card", "")).first()
    if reader is None or DeliveryProfile.objects.filter(reader=reader).exists():
        return
    profile = services.profile_create(
        actor=head, reader=reader, consent_channel="in_person", branch=branch, frequency="fortnightly", weekday=3,
        window_start=dt.time(14), window_end=dt.time(16), address="北京市东城区和平里七区 5 号楼 2 单元 302 室",
        access_notes="三楼无电梯，请敲门两次", interests=["历史", "诗词"], formats=["large_print", "daisy", "print"],
        items_per_visit=2, start_on=today - dt.timedelta(days=30), deliverer=members[0])
    day = today - dt.timedelta(days=(today.weekday() - 3) % 7 or 7)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 30)))
    visit = Visit.objects.create(profile=profile, date=day, window_start=dt.time(14), window_end=dt.time(16),
                                 deliverer=members[0], generated=True)
    picks = selectors.suggest_items(profile, visit=visit)
    if picks:
        services.visit_choose_items(actor=head, visit=visit, item_ids=[i.pk for i in picks])
    services.visit_record(actor=head, visit=visit, outcome=VisitStatus.DELIVERED,
                          handed_over_ids=[i.pk for i in picks], now=when)
    services.visits_generate(today=today)


def _postal(ctx, head, branch, today):
    """Postal loans of braille and DAISY: some back, some out, one overdue."""
    from everyreader.catalog.models import Item

    readers = list(Reader.objects.filter(card_number__startswith="HD2026").order_by("card_number")[:6])
    items = list(Item.objects.filter(status="available", format__in=["braille", "daisy", "tactile"], branch=branch)
                 .order_by("barcode")[:6])
    for index, (reader, item) in enumerate(zip(readers, items, strict=False)):
        sent = today - dt.timedelta(days=[70, 60, 40, 20, 5, 1][index])
        when = timezone.make_aware(dt.datetime.combine(sent, dt.time(10)))
        postal = services.postal_dispatch(actor=head, reader=reader, item=item, branch=branch,
                                          tracking_number=f"XA{8000 + index:06d}CN" if index != 5 else "", now=when)
        if index in (1, 2):
            back = sent + dt.timedelta(days=25)
            services.postal_return(actor=head, postal=postal, returned_on=back, return_tracking_number=f"XB{index:06d}CN",
                                   now=timezone.make_aware(dt.datetime.combine(back, dt.time(11))))
