from __future__ import annotations

from everyreader.readers.models import Reader


def reader_by_card(card_number: str) -> Reader | None:
    return Reader.objects.select_related("user").filter(card_number=card_number.strip()).first()


def reader_for_user(user) -> Reader | None:
    if not user.is_authenticated:
        return None
    return Reader.objects.select_related("home_branch").filter(user=user).first()
