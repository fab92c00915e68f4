import factory

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import Format, ItemStatus


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    title = factory.Sequence(lambda n: f"测试图书 {n}")
    responsibility = "张三著"
    contributors = factory.LazyFunction(lambda: ["张三"])
    control_number = factory.Sequence(lambda n: f"T{n:06d}")
    control_source = "TEST"
    language = "chi"
    year = 2020
    format = Format.PRINT
    work_key = factory.LazyAttribute(lambda o: o.title)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    record = factory.SubFactory(RecordFactory)
    barcode = factory.Sequence(lambda n: f"B{n:08d}")
    branch = factory.SubFactory(BranchFactory, code="central", name="总馆")
    format = factory.LazyAttribute(lambda o: o.record.format)
    status = ItemStatus.AVAILABLE
