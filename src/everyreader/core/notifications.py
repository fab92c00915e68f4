"""The staff workspace's own notification list, with an e-mail copy sent in the background.

Any app calls `notify(...)`; passing a `dedupe_key` makes reminders idempotent: a key that was
already used creates nothing and sends nothing.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from everyreader.core.models import Notification


def notify(*, recipient, subject: str, body: str = "", url: str = "",
           dedupe_key: str | None = None, email: bool = True) -> Notification | None:
    """Create a notification (and e-mail it after commit). Returns None if dedupe_key was used."""
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, subject=str(subject)[:200], body=str(body), url=url,
                dedupe_key=dedupe_key or None,
            )
    except IntegrityError:  # another worker used the same key at the same moment
        return None
    if email and recipient.email:
        from everyreader.core.tasks import email_notification

        transaction.on_commit(lambda: email_notification.enqueue(notification.pk))
    return notification


@transaction.atomic
def mark_read(*, actor, notification_ids) -> int:
    return Notification.objects.filter(recipient=actor, pk__in=list(notification_ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def attention_items(user):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from everyreader.core.workspace import AttentionItem

    count = unread_count(user)
    if not count:
        return []
    return [AttentionItem(label=_("Unread notifications"), count=count,
                          url=reverse("staff:notifications"), severity="info")]
