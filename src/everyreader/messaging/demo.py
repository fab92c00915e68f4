"""Demo messages: a few notices to readers in each channel (idempotent by dedupe key)."""

from everyreader.messaging import services
from everyreader.readers.models import ContactChannel, Reader

NOTICES = [
    ("新到大字本图书", "总馆新到 30 种大字本图书，欢迎到一楼视障阅览室借阅。", "collection.new_titles"),
    ("读者证即将到期", "您的读者证将于下月到期，请携带身份证件到任一服务台续期。", "card.expiring"),
    ("上门送书时间确认", "本周四上午 9:00–11:00 将为您送书，如需改期请致电 010-6000 1000。", "delivery.scheduled"),
]


def seed(ctx):
    channels = [ContactChannel.PHONE, ContactChannel.LARGE_PRINT_LETTER, ContactChannel.BRAILLE_LETTER,
                ContactChannel.EMAIL, ContactChannel.SMS]
    for channel in channels:
        readers = list(Reader.objects.filter(preferred_contact=channel).order_by("pk")[:3])
        for index, reader in enumerate(readers):
            subject, body, purpose = NOTICES[index % len(NOTICES)]
            services.message_send(reader=reader, subject=subject, body=body, purpose=purpose,
                                  dedupe_key=f"demo:{purpose}:{reader.pk}")
