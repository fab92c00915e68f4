import factory

from everyreader.readers.models import ContactChannel, Reader, ReaderCategory, RegistrationChannel


class ReaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reader

    card_number = factory.Sequence(lambda n: f"T{n:08d}")
    family_name = factory.Iterator(["王", "李", "张", "刘", "陈", "杨", "赵", "黄"])
    given_name = factory.Sequence(lambda n: f"读者{n}")
    birth_year = 1980
    category = ReaderCategory.ADULT
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    preferred_contact = ContactChannel.SMS
    registered_via = RegistrationChannel.STAFF
