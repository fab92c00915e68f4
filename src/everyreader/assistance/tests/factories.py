import datetime as dt

import factory
from django.utils import timezone

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.assistance.models import Device, DeviceKind, ServiceType, Slot
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import Format


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    item = factory.SubFactory(ItemFactory, record=factory.SubFactory(RecordFactory, format=Format.DEVICE,
                                                                     title="助视器"))
    kind = DeviceKind.VIDEO_MAGNIFIER
    model_name = factory.Sequence(lambda n: f"台式助视器 V{n}")
    serial_number = factory.Sequence(lambda n: f"SN{n:06d}")
    purpose = "把书上的字放大到屏幕上，颜色可以调。"
    accessories = factory.LazyFunction(lambda: ["充电器", "便携包"])
    needs_charging = True
    last_safety_check = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


def service_type(code="reading-aloud"):
    """A built-in service (recreated when a transactional test flushed the migration's rows)."""
    skill = {"reading-aloud": "reading_aloud", "sign-language": "sign_language", "escort": "escort"}.get(code, "")
    return ServiceType.objects.get_or_create(code=code, defaults={
        "label_zh_hans": code, "label_zh_hant": code, "label_en": code, "skill": skill})[0]


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    service_type = factory.LazyFunction(service_type)
    branch = factory.SubFactory(BranchFactory, code="central", name="总馆")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    capacity = 1
