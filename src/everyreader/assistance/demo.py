"""Demo devices and assistance (Chinese): about 12 devices across the three branches with their
details, a year of safety checks and a few returns, device bookings past and future (one device
lent, one in repair); weekly availability with helpers from the outreach roster, four weeks of
slots ahead and three weeks behind, with bookings and attendance. Deterministic, idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from everyreader.accounts.models import Branch, User
from everyreader.assistance import device_services, slot_services
from everyreader.assistance.models import (
    AvailabilityRule, BookingStatus, CheckOutcome, ConditionCheck, Device, DeviceBooking, ServiceType, Slot,
    SlotBooking, SlotBookingStatus,
)
from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import Format, ItemStatus
from everyreader.core.errors import DomainError

# catalogue title -> kind, model, accessories, needs charging, guide formats
DEVICE_DETAILS = {
    "便携式电子助视器（5英寸）": ("video_magnifier", "明视 M5 便携助视器", ["充电器", "腕带", "保护套"], True,
                          ["large_print", "audio"]),
    "台式电子助视器": ("video_magnifier", "明视 D22 台式助视器", ["电源线", "遥控器", "阅读托盘"], False,
                  ["large_print", "audio", "easy_read"]),
    "40方盲文点显器": ("braille_display", "触点 40 盲文点显器", ["USB 数据线", "充电器", "便携包"], True,
                  ["braille", "audio", "etext"]),
    "DAISY 有声书播放器": ("daisy_player", "听悦 DAISY 播放器 P3", ["充电器", "耳机", "SD 卡"], True,
                     ["braille", "audio", "large_print"]),
    "智能听书机": ("daisy_player", "乐听 T1 智能听书机", ["充电器", "耳机"], True, ["audio", "large_print"]),
    "阅读放大镜（带灯，3.5倍）": ("other", "手持照明放大镜 3.5×", ["电池（3 节 AAA）", "布袋"], False, ["large_print"]),
    "便携式助听环路": ("hearing_loop", "聆听 L2 便携环路", ["充电器", "领夹麦克风", "便携包"], True,
                 ["large_print", "easy_read"]),
    "点读笔": ("reading_pen", "点读 C3 扫描朗读笔", ["充电线", "耳机", "笔套"], True, ["audio", "easy_read"]),
}
EXTRA_RECORDS = [
    ("便携式助听环路", "佩戴助听器的读者把助听器调到 T 档，就能清楚地听到对面说话，不受周围噪音影响。"),
    ("点读笔", "在书上划过一行字，笔会把这行字读出来，也可以把字放大显示在笔的小屏上。"),
]
PURPOSES = {
    "video_magnifier": "把书、报纸或药品说明书上的字放大显示在屏幕上，可以调成黑底白字等颜色。",
    "braille_display": "连接电脑或手机，把屏幕上的文字变成可以用手指摸读的盲文。",
    "daisy_player": "播放有声书，大按键，可以按章节跳转，调快或调慢朗读速度。",
    "other": "把字放大，自带照明，适合看药品说明书和小字。",
}
TARGET_DEVICES = 12
COACHING = ("assistive-tech-coaching", "", 45, "辅具使用辅导", "輔具使用輔導", "Help with assistive devices",
            "馆员一对一教您使用助视器、读屏软件或听书机。", "館員一對一教您使用助視器、讀屏軟件或聽書機。",
            "A librarian shows you, one to one, how to use a magnifier, screen reader or talking-book player.")
# branch code, service code, weekday, hour, minutes, places, helper name, where
RULES = [
    ("central", "reading-aloud", 1, dt.time(10), 60, 2, "吴秀兰", "二楼视障阅览室"),
    ("central", "sign-language", 2, dt.time(14), 60, 1, "马丽娟", "一楼总服务台"),
    ("central", "escort", 0, dt.time(9, 30), 30, 2, "周志强", "正门无障碍入口"),
    ("central", "assistive-tech-coaching", 4, dt.time(15), 45, 3, "", "二楼视障阅览室"),
    ("east", "reading-aloud", 3, dt.time(14), 60, 2, "吴秀兰", "少儿与长者阅览区"),
    ("east", "escort", 3, dt.time(10), 30, 1, "孙建国", "东门"),
    ("riverside", "sign-language", 3, dt.time(10), 60, 1, "何静", "服务台"),
    ("riverside", "reading-aloud", 2, dt.time(15), 60, 2, "马丽娟", "读报角"),
]
WEEKS_BACK = 3


def seed(ctx):
    if Device.objects.exists():
        return
    rng = random.Random(8026)
    actor = User.objects.filter(username="depthead").first() or User.objects.filter(is_superuser=True).first()
    desk = User.objects.filter(username="librarian").first() or actor
    if actor is None:
        return
    branches = list(Branch.objects.filter(code__in=["central", "east", "riverside"]).order_by("code")) or list(
        Branch.objects.order_by("code")[:3])
    if not branches:
        return
    devices = _devices(actor, branches, rng)
    from everyreader.readers.models import Reader

    readers = list(Reader.objects.filter(is_active=True).exclude(card_number="R2026000001").order_by("pk")[:80])
    me = Reader.objects.filter(card_number="R2026000001").first()
    _device_bookings(desk, devices, readers, me, rng)
    _service_types()
    _slots(actor, desk, {b.code: b for b in branches}, readers, me, rng)


def _devices(actor, branches, rng) -> list[Device]:
    from everyreader.catalog.services import item_create, record_create

    for title, summary in EXTRA_RECORDS:
        if not Record.objects.filter(title=title, format=Format.DEVICE).exists():
            record_create(actor=actor, title=title, summary=summary, format=Format.DEVICE, language="chi",
                          audience="general")
    records = list(Record.objects.filter(format=Format.DEVICE, title__in=DEVICE_DETAILS).order_by("title", "pk"))
    items = list(Item.objects.filter(record__in=records).order_by("pk"))
    wanted = [r for r in records if not any(i.record_id == r.pk for i in items)]  # every kind at least once
    n = 0
    while (wanted or len(items) < TARGET_DEVICES) and records:
        record = wanted.pop(0) if wanted else records[n % len(records)]
        branch = branches[n % len(branches)]
        items.append(item_create(actor=actor, record=record, branch=branch, barcode=f"DEV-{record.pk}-{n + 1:02d}",
                                 format=Format.DEVICE, shelf_location="辅具柜"))
        n += 1
    today = timezone.localdate()
    devices = []
    for index, item in enumerate(items):
        kind, model, accessories, charging, guides = DEVICE_DETAILS[item.record.title]
        devices.append(Device.objects.create(
            item=item, kind=kind, model_name=model, serial_number=f"ER-{kind[:3].upper()}-{2024000 + index * 37}",
            purpose=item.record.summary if kind in ("hearing_loop", "reading_pen") else PURPOSES.get(
                kind, item.record.summary), accessories=accessories, needs_charging=charging,
            last_safety_check=today - dt.timedelta(days=rng.randint(20, 420)), safety_check_months=12,
            guide_formats=guides))
    return devices


def _device_bookings(desk, devices, readers, me, rng) -> None:
    today = timezone.localdate()
    for device in devices:  # a few returns from the past months, with their condition checks
        for months in (4, 2):
            reader = rng.choice(readers)
            start = today - dt.timedelta(days=30 * months + rng.randint(0, 10))
            DeviceBooking.objects.create(device=device, reader=reader, start_date=start,
                                         end_date=start + dt.timedelta(days=13), status=BookingStatus.DONE,
                                         channel=rng.choice(["self", "desk", "phone"]), created_by=desk)
            missing = [device.accessories[-1]] if rng.random() < 0.15 else []
            check = ConditionCheck.objects.create(
                device=device, occasion=ConditionCheck.Occasion.RETURN, checked_by=desk, missing_accessories=missing,
                charged=True if device.needs_charging else None,
                outcome=CheckOutcome.CLEAN if missing or rng.random() < 0.3 else CheckOutcome.OK,
                note="配件缺失，已联系读者归还" if missing else "")
            ConditionCheck.objects.filter(pk=check.pk).update(
                checked_at=timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=13), dt.time(16))))
    available = [d for d in devices if d.item.status == ItemStatus.AVAILABLE]
    if available:  # one device lent now through circulation (to a reader circulation lets borrow it)
        device = available.pop(0)
        for reader in readers[:10]:
            try:
                with transaction.atomic():
                    booking = device_services.device_booking_request(
                        actor=desk, reader=reader, device=device, start_date=today,
                        end_date=today + dt.timedelta(days=13), channel="desk")
                    device_services.device_booking_collect(actor=desk, booking=booking)
                break
            except DomainError:
                continue
    if available:  # one failed its safety check and is being repaired
        device_services.device_safety_check(actor=desk, device=available.pop(0), passed=False,
                                            note="电源适配器外壳开裂，送厂家维修")
    for index, device in enumerate(available[:6]):  # upcoming bookings: requested and confirmed
        reader = me if (index == 0 and me) else readers[(index + 3) % len(readers)]
        start = today + dt.timedelta(days=2 + index * 3)
        own = reader.user_id is not None
        try:
            with transaction.atomic():
                device_services.device_booking_request(
                    actor=reader.user if own else desk, reader=reader, device=device, start_date=start,
                    end_date=start + dt.timedelta(days=10), channel="self" if own else "phone",
                    note="希望取的时候教我用" if own else "")
        except DomainError:  # e.g. circulation's demo already lent it for those days
            continue


def _service_types() -> None:
    code, skill, minutes, hans, hant, en, d_hans, d_hant, d_en = COACHING
    ServiceType.objects.get_or_create(code=code, defaults={
        "skill": skill, "duration_minutes": minutes, "label_zh_hans": hans, "label_zh_hant": hant, "label_en": en,
        "description_zh_hans": d_hans, "description_zh_hant": d_hant, "description_en": d_en})


def _slots(actor, desk, branches, readers, me, rng) -> None:
    from everyreader.outreach.models import RosterMember

    types = {t.code: t for t in ServiceType.objects.all()}
    today = timezone.localdate()
    for code, service, weekday, start, minutes, places, helper_name, where in RULES:
        branch = branches.get(code) or next(iter(branches.values()))
        helper = RosterMember.objects.filter(name=helper_name).first() if helper_name else None
        try:
            rule = slot_services.rule_create(
                actor=actor, service_type=types[service], branch=branch, weekday=weekday, start_time=start,
                duration_minutes=minutes, capacity=places, helper=helper, location=where,
                valid_from=today - dt.timedelta(weeks=WEEKS_BACK))
        except DomainError:  # the roster helper is not schedulable (e.g. no outreach demo): no helper
            rule = slot_services.rule_create(
                actor=actor, service_type=types[service], branch=branch, weekday=weekday, start_time=start,
                duration_minutes=minutes, capacity=places, location=where,
                valid_from=today - dt.timedelta(weeks=WEEKS_BACK))
        _past_slots(rule, readers, me, rng)
    future = list(Slot.objects.filter(starts_at__gt=timezone.now()).select_related("service_type").order_by(
        "starts_at", "pk"))
    mine = 0
    for index, slot in enumerate(future):
        wanted = rng.randint(0, slot.capacity)
        for n in range(wanted):
            reader = readers[(index * 3 + n) % len(readers)]
            slot_services.slot_book(actor=desk, slot=slot, reader=reader, channel=rng.choice(["desk", "phone"]),
                                    note=rng.choice(["", "想听今天的报纸", "需要帮忙找书", "第一次来"]))
        if me and me.user_id and mine < 2 and slot.service_type.code == "reading-aloud" and wanted < slot.capacity:
            slot_services.slot_book(actor=me.user, slot=slot, reader=me, note="请读一读本周的《老年报》")
            mine += 1


def _past_slots(rule, readers, me, rng) -> None:
    now = timezone.now()
    today = timezone.localdate()
    day = today - dt.timedelta(weeks=WEEKS_BACK)
    day += dt.timedelta(days=(rule.weekday - day.weekday()) % 7)
    while True:
        starts = timezone.make_aware(dt.datetime.combine(day, rule.start_time))
        if starts >= now:
            break
        slot = Slot.objects.create(service_type=rule.service_type, branch=rule.branch, starts_at=starts,
                                   ends_at=starts + dt.timedelta(minutes=rule.duration_minutes),
                                   capacity=rule.capacity, helper=rule.helper, location=rule.location, rule=rule,
                                   created_by=rule.created_by)
        taken = rng.randint(0, rule.capacity)
        for n in range(taken):
            reader = me if (me and n == 0 and rule.service_type.code == "reading-aloud" and day.day % 2) else \
                rng.choice(readers)
            if SlotBooking.objects.filter(slot=slot, reader=reader).exists():
                continue
            # The most recent past week is left without an outcome: staff record it.
            recent = starts > now - dt.timedelta(days=7)
            status = SlotBookingStatus.BOOKED if recent else (
                SlotBookingStatus.ATTENDED if rng.random() < 0.85 else SlotBookingStatus.NO_SHOW)
            SlotBooking.objects.create(slot=slot, reader=reader, status=status, channel=rng.choice(["self", "desk",
                                                                                                    "phone"]))
            Slot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
        day += dt.timedelta(days=7)
