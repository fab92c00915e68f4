"""Demo readers: the `reader` login (a low-vision senior who prefers large print) and about 500
more, whose needs follow the distribution in docs/readers.md (“Demo data”). Deterministic
(ctx["random"]) and idempotent (nothing is added when the demo readers exist)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from everyreader.accounts.models import User
from everyreader.readers import needs_services, segment_services
from everyreader.readers.models import (ContactChannel, Reader, ReaderCategory, RegistrationChannel,
                                        Segment)

DEMO_CARD = "R2026000001"
DEMO_READERS = 500
FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌慧鑫宇浩然欣怡子涵雨萱"
STREETS = ["人民路", "东风街", "滨河路", "解放路", "和平里", "建设路", "文化街", "光明巷"]

# (need type, weight). Weights follow the CDPF 2010 shares (physical 24.7, hearing 20.5, visual 12.6,
# mental 6.3, intellectual 5.7, speech 1.3; “multiple” 13.9 becomes a second need), with visual
# needs doubled because readers with print disabilities use the library's special services most,
# and with age-related, language and health needs added as stated in docs/readers.md.
NEED_WEIGHTS = [
    ("walking", 15), ("wheelchair", 6), ("dexterity", 4), ("hard-of-hearing", 15), ("deaf", 5),
    ("low-vision", 17), ("blind", 8), ("quiet-space", 6), ("easy-understanding", 6), ("speech", 1.5),
    ("age-related-reading", 14), ("dyslexia", 3), ("non-native", 4), ("housebound", 4), ("chronic-illness", 3),
]
HELPS = {
    "low-vision": ({"formats": ["large_print", "audio"], "large_print_size": 24, "assistive_tech": ["magnifier"]},
                   ["large_print_letters"]),
    "blind": ({"formats": ["braille", "audio"], "braille_grade": "2",
               "assistive_tech": ["screen_reader", "braille_display"], "assistance": ["escort"]}, ["braille_letters"]),
    "deaf": ({"formats": ["sign_video", "captions"], "assistance": ["sign_interpreter"]}, ["sign_language"]),
    "hard-of-hearing": ({"formats": ["captions"], "assistive_tech": ["hearing_loop"]}, ["written"]),
    "wheelchair": ({"assistance": ["seating"]}, ["step_free"]),
    "walking": ({"assistance": ["seating"]}, ["seating"]),
    "housebound": ({"assistance": ["home_delivery"]}, ["home_delivery"]),
    "dyslexia": ({"formats": ["audio", "etext"]}, ["audio"]),
    "easy-understanding": ({"formats": ["easy_read"]}, ["easy_read", "more_time"]),
    "age-related-reading": ({"formats": ["large_print"], "large_print_size": 18}, ["large_print_letters"]),
    "dexterity": ({"formats": ["etext", "audio"]}, []),
}


def seed(ctx):
    rnd = ctx["random"]
    branches = ctx["branches"]
    head = User.objects.get(username="depthead")
    librarian = User.objects.get(username="librarian")
    _seed_login_reader(ctx, head)
    ctx["reader_card"] = DEMO_CARD
    ctx.setdefault("logins", []).append(("reader", "reader"))
    if Reader.objects.filter(card_number__startswith="D").exists():
        return
    now = timezone.now()
    readers = [_demo_reader(rnd, n, list(branches.values())) for n in range(1, DEMO_READERS + 1)]
    Reader.objects.bulk_create(readers)
    readers = list(Reader.objects.filter(card_number__startswith="D").order_by("card_number"))
    for reader in readers:  # registration dates spread over the last three years; cards valid five
        registered = now - dt.timedelta(days=rnd.randint(30, 1095))
        Reader.objects.filter(pk=reader.pk).update(
            created_at=registered, card_expires=timezone.localdate(registered) + dt.timedelta(days=5 * 365 + 1))
    with_needs = [r for r in readers if rnd.random() < (0.55 if r.category == ReaderCategory.SENIOR else 0.2)]
    for reader in with_needs:
        _needs_history(rnd, reader, head, now)
    consented = [r for r in with_needs if needs_services.valid_consent(r)]
    for reader in rnd.sample(consented, min(15, len(consented))):
        code = rnd.choice(["hard-of-hearing", "low-vision", "walking", "dyslexia", "age-related-reading"])
        needs_services.latent_need_record(
            actor=librarian, reader=reader, need_type=code, when=now - dt.timedelta(days=rnd.randint(1, 60)),
            observation=rnd.choice(["在服务台填表时把表格拿得很近。", "多次请馆员重复说过的话。",
                                    "上楼梯时很吃力，需要扶栏杆。", "借书时说读长段文字很累。"]))
    _segments(head, branches)


def _seed_login_reader(ctx, head):
    user, created = User.objects.get_or_create(
        username="reader", defaults={"display_name": "读者 林芳", "email": "reader@example.org"})
    if created:
        user.set_password(ctx["password"])
        user.save()
        user.groups.set([Group.objects.get(name="reader")])
    reader, created = Reader.objects.get_or_create(
        card_number=DEMO_CARD,
        defaults={"user": user, "family_name": "林", "given_name": "芳", "birth_year": 1953,
                  "category": ReaderCategory.SENIOR, "home_branch": ctx["branches"]["central"],
                  "email": "reader@example.org", "phone": "13800000001", "address": "人民路 12 号 3 单元 501 室",
                  "preferred_contact": ContactChannel.LARGE_PRINT_LETTER,
                  "service_preferences": ["large_print_letters", "home_delivery"],
                  "registered_via": RegistrationChannel.STAFF,
                  "card_expires": timezone.localdate() + dt.timedelta(days=5 * 365 + 1 - 600)})
    if created:
        start = timezone.now() - dt.timedelta(days=600)
        needs_services.consent_give(actor=head, reader=reader, channel="in_person", when=start)
        needs_services.needs_profile_set(actor=head, reader=reader, when=start, reason="读者在服务台登记", data={
            "needs": [{"type": "low-vision", "level": "some", "source": "self", "since": "2020-05"}],
            "formats": ["large_print"], "large_print_size": 20})
        needs_services.needs_profile_set(actor=head, reader=reader, when=start + dt.timedelta(days=400),
                                         reason="复查：视力下降，改用更大字号并开始上门送书", data={
            "needs": [{"type": "low-vision", "level": "a_lot", "source": "self", "since": "2020-05"},
                      {"type": "walking", "level": "some", "source": "staff", "since": "2025-06"}],
            "formats": ["large_print", "audio"], "large_print_size": 28, "assistance": ["home_delivery"],
            "assistive_tech": ["magnifier"]})


def _demo_reader(rnd, n, branches) -> Reader:
    this_year = timezone.localdate().year
    roll = rnd.random()
    if roll < 0.30:
        category, age = ReaderCategory.SENIOR, rnd.randint(60, 92)
    elif roll < 0.42:
        category, age = ReaderCategory.CHILD, rnd.randint(5, 13)
    elif roll < 0.48:
        category, age = ReaderCategory.TEEN, rnd.randint(14, 17)
    else:
        category, age = ReaderCategory.ADULT, rnd.randint(18, 59)
    family = rnd.choice(FAMILY)
    given = "".join(rnd.choice(GIVEN) for _ in range(rnd.choice([1, 2, 2])))
    phone = f"13{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}"
    contact = rnd.choices([ContactChannel.SMS, ContactChannel.PHONE, ContactChannel.EMAIL,
                           ContactChannel.LARGE_PRINT_LETTER], weights=[50, 20, 20, 10])[0]
    guardian = {}
    if category == ReaderCategory.CHILD:
        guardian = {"guardian_name": rnd.choice(FAMILY) + rnd.choice(GIVEN), "guardian_phone": phone,
                    "guardian_relation": rnd.choice(["母亲", "父亲", "祖母", "祖父"])}
    return Reader(
        card_number=f"D{n:07d}", family_name=family, given_name=given, birth_year=this_year - age,
        category=category, home_branch=rnd.choices(branches, weights=[60, 25, 15])[0], phone=phone,
        email=f"reader{n}@example.org" if contact == ContactChannel.EMAIL else "",
        address=f"{rnd.choice(STREETS)} {rnd.randint(1, 300)} 号", preferred_contact=contact,
        registered_via=rnd.choices(RegistrationChannel.values, weights=[25, 55, 10, 10])[0], **guardian)


def _pick_needs(rnd, reader) -> list[str]:
    codes, weights = zip(*NEED_WEIGHTS)
    first = rnd.choices(codes, weights=weights)[0]
    if reader.category != ReaderCategory.SENIOR and first == "age-related-reading":
        first = "low-vision"
    needs = [first]
    if rnd.random() < 0.16:  # multiple disabilities: 13.9 of 85 million
        second = rnd.choices(codes, weights=weights)[0]
        if second not in needs and second != "age-related-reading":
            needs.append(second)
    return needs


def _profile(rnd, codes, levels) -> tuple[dict, list[str]]:
    data = {"needs": [], "formats": [], "assistance": [], "assistive_tech": []}
    prefs: list[str] = []
    for code in codes:
        data["needs"].append({"type": code, "level": levels[code],
                              "source": rnd.choices(["self", "staff", "partner"], weights=[70, 15, 15])[0],
                              "since": f"{rnd.randint(2005, 2024)}-{rnd.randint(1, 12):02d}"})
        extra, shared = HELPS.get(code, ({}, []))
        for key, value in extra.items():
            if isinstance(value, list):
                data[key] = list(dict.fromkeys(data[key] + value))
            else:
                data[key] = value
        prefs += shared
    return data, list(dict.fromkeys(prefs))


def _needs_history(rnd, reader, head, now):
    start = now - dt.timedelta(days=rnd.randint(40, 720))
    guardian = {"guardian_name": reader.guardian_name, "guardian_relation": reader.guardian_relation}
    needs_services.consent_give(actor=head, reader=reader, when=start,
                                channel=rnd.choice(["in_person", "in_person", "phone", "partner"]), **guardian)
    codes = _pick_needs(rnd, reader)
    levels = {c: rnd.choice(["some", "some", "a_lot", "cannot"]) for c in codes}
    data, prefs = _profile(rnd, codes, levels)
    needs_services.needs_profile_set(actor=head, reader=reader, data=data, when=start, reason="首次登记需求")
    when = start
    for _ in range(rnd.choice([0, 0, 1, 1, 2])):
        when = when + dt.timedelta(days=rnd.randint(30, 240))
        if when >= now:
            break
        roll = rnd.random()
        if roll < 0.5:
            code = rnd.choice(codes)
            levels[code] = {"some": "a_lot", "a_lot": "cannot", "cannot": "cannot"}[levels[code]]
            reason = "复查时需求程度加重"
        elif roll < 0.8 or len(codes) == 1:
            new = rnd.choices(*zip(*NEED_WEIGHTS))[0]
            if new in codes or (new == "age-related-reading" and reader.category != ReaderCategory.SENIOR):
                continue
            codes.append(new)
            levels[new] = "some"
            reason = "读者告知新的需求"
        else:
            ended = codes.pop()
            levels.pop(ended)
            reason = "需求已不再存在（如康复或搬家）"
        data, prefs = _profile(rnd, codes, levels)
        needs_services.needs_profile_set(actor=head, reader=reader, data=data, when=when, reason=reason)
    if rnd.random() < 0.7:  # most readers agree to share a neutral summary with all staff
        Reader.objects.filter(pk=reader.pk).update(service_preferences=prefs)
    if rnd.random() < 0.04:
        needs_services.consent_withdraw(actor=head, reader=reader)


def _segments(head, branches):
    central = str(branches["central"].pk)
    for name, description, rules in [
        ("总馆低视力老年读者", "低视力、60 岁以上、总馆读者：大字本新书通知的对象。",
         {"match": "all", "conditions": [{"field": "need", "op": "has_any", "value": ["low-vision"]},
                                         {"field": "category", "op": "in", "value": ["senior"]},
                                         {"field": "home_branch", "op": "in", "value": [central]}]}),
        ("登记的阅读障碍读者", "视力、阅读或手部动作障碍，可获得无障碍格式副本的读者。",
         {"match": "all", "conditions": [{"field": "print_disabled", "op": "is", "value": True}]}),
        ("需要上门送书的读者", "上门送书服务的对象。",
         {"match": "all", "conditions": [{"field": "assistance", "op": "has_any", "value": ["home_delivery"]}]}),
        ("少儿读者", "14 岁以下的少儿读者（由监护人陪同）。",
         {"match": "all", "conditions": [{"field": "category", "op": "in", "value": ["child"]}]}),
        ("近一年新登记的老年读者", "用于新读者回访。",
         {"match": "all", "conditions": [{"field": "category", "op": "in", "value": ["senior"]},
                                         {"field": "registered_within_months", "op": "lte", "value": 12}]}),
    ]:
        if not Segment.objects.filter(name=name).exists():
            segment_services.segment_create(actor=head, name=name, description=description, rules=rules)
