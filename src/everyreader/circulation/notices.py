"""Notices to readers about their loans and holds: due soon, overdue (first and second), hold
ready (with the date it will be kept until), hold expired. Loan notices name the overdue fine when
the loan's policy charges one.

Each notice goes through messaging.message_send, which picks the reader's preferred channel
(e-mail, SMS, the staff call list, a large-print or braille letter). A dedupe key per notice makes
sending idempotent: the periodic job can run every few minutes and each notice still goes out once.
The due date is part of the loan keys, so a renewed loan gets fresh reminders for its new date.

Settings: EVERYREADER_DUE_SOON_DAYS (default 3), EVERYREADER_OVERDUE_SECOND_DAYS (default 14: the
second overdue notice this many days after the due date), EVERYREADER_HOLD_EXPIRED_NOTICE_DAYS
(default 7: holds that expired longer ago than this get no notice, so a first run does not
message every hold that ever expired).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.circulation import fines
from everyreader.circulation import notice_queries as q
from everyreader.circulation.policies import policy_for
from everyreader.messaging.services import in_language_of


def due_soon_days() -> int:
    return int(getattr(settings, "EVERYREADER_DUE_SOON_DAYS", 3))


def overdue_second_days() -> int:
    return int(getattr(settings, "EVERYREADER_OVERDUE_SECOND_DAYS", 14))


def hold_expired_window_days() -> int:
    return int(getattr(settings, "EVERYREADER_HOLD_EXPIRED_NOTICE_DAYS", 7))


@dataclass(frozen=True)
class Notice:
    purpose: str
    dedupe_key: str
    reader: object
    subject: str
    body: str


def _title(item) -> str:
    return item.record.title if item is not None else ""


def _in_language(reader, build):
    with in_language_of(reader):
        return build()


def _loan_notice(loan, kind: str) -> Notice:
    due = q.due_date(loan)

    def build():
        title, when = _title(loan.item), due.isoformat()
        if kind == "due_soon":
            subject = _("Due soon: %(title)s") % {"title": title}
            body = _("“%(title)s” is due back on %(date)s. You can renew it in your account at %(url)s, "
                     "by phone or at any desk.")
        elif kind == "overdue_1":
            subject = _("Overdue: %(title)s") % {"title": title}
            body = _("“%(title)s” was due back on %(date)s. Please return or renew it. You can renew it "
                     "in your account at %(url)s, by phone or at any desk.")
        else:
            subject = _("Second reminder, overdue: %(title)s") % {"title": title}
            body = _("“%(title)s” was due back on %(date)s and is still on your card. Please return it, "
                     "or contact us if something is wrong; we are glad to help. Your account: %(url)s")
        body = body % {"title": title, "date": when, "url": _account_url()}
        fine_terms = _fine_terms(loan)
        return subject, f"{body} {fine_terms}" if fine_terms else body

    subject, body = _in_language(loan.reader, build)
    return Notice(f"loan.{kind}", f"circulation:loan:{loan.pk}:{kind}:{due.isoformat()}", loan.reader,
                  subject, body)


def _fine_terms(loan) -> str:
    """The overdue fine of the loan's policy in plain words ("" when it charges none)."""
    policy = policy_for(reader_category=loan.reader.category, format=loan.item.format, branch_id=loan.branch_id)
    if not policy.fine_per_day or policy.fine_per_day <= 0:
        return ""
    parts = [_("Overdue fine: %(rate)s a day.") % {"rate": fines.money(policy.fine_per_day)}]
    if policy.grace_days:
        parts.append(_("Nothing is charged if it is back within %(days)s days of the due date.")
                     % {"days": policy.grace_days})
    if policy.max_fine and policy.max_fine > 0:
        parts.append(_("At most %(cap)s for this item.") % {"cap": fines.money(policy.max_fine)})
    return " ".join(parts)


def _hold_notice(hold, kind: str) -> Notice:
    def build():
        title = hold.record.title
        branch = hold.pickup_branch.name if hold.pickup_branch_id else ""
        if kind == "ready":
            until = q.hold_expiry(hold)
            subject = _("Ready to collect: %(title)s") % {"title": title}
            body = _("“%(title)s” is waiting for you at %(branch)s. We keep it for you until %(date)s.") % {
                "title": title, "branch": branch, "date": until.isoformat() if until else "—"}
        else:
            subject = _("Hold ended: %(title)s") % {"title": title}
            body = _("You did not collect “%(title)s” at %(branch)s in time, so it has gone to the next "
                     "reader or back to the shelf. You can place a new hold in the catalogue at %(url)s.") % {
                "title": title, "branch": branch, "url": f"{settings.EVERYREADER_BASE_URL}/catalog/"}
        return subject, body

    subject, body = _in_language(hold.reader, build)
    return Notice(f"hold.{kind}", f"circulation:hold:{hold.pk}:{kind}", hold.reader, subject, body)


def _account_url() -> str:
    return f"{settings.EVERYREADER_BASE_URL}/me/loans/"


def due_notices(today: dt.date) -> list[Notice]:
    notices = []
    soon, second = due_soon_days(), overdue_second_days()
    for loan in q.open_loans_due_by(today + dt.timedelta(days=soon)):
        due = q.due_date(loan)
        if today <= due:
            if soon > 0 and due - today <= dt.timedelta(days=soon):
                notices.append(_loan_notice(loan, "due_soon"))
        elif today - due >= dt.timedelta(days=second):
            notices.append(_loan_notice(loan, "overdue_2"))
        else:
            notices.append(_loan_notice(loan, "overdue_1"))
    return notices


def hold_notices(today: dt.date) -> list[Notice]:
    notices = [_hold_notice(hold, "ready") for hold in q.ready_holds()]
    since = timezone.now() - dt.timedelta(days=hold_expired_window_days())
    notices += [_hold_notice(hold, "expired") for hold in q.expired_holds_since(since)]
    return notices


def send(notices: list[Notice]) -> int:
    """Send each notice once; returns how many were new. Safe to run concurrently (dedupe key)."""
    from everyreader.messaging.models import OutboundMessage
    from everyreader.messaging.services import message_send

    keys = [n.dedupe_key for n in notices]
    already = set()
    for start in range(0, len(keys), 500):
        already.update(OutboundMessage.objects.filter(dedupe_key__in=keys[start:start + 500])
                       .values_list("dedupe_key", flat=True))
    sent = 0
    for notice in notices:
        if notice.dedupe_key in already or notice.reader is None:
            continue
        if message_send(reader=notice.reader, subject=notice.subject, body=notice.body,
                        purpose=notice.purpose, dedupe_key=notice.dedupe_key) is not None:
            sent += 1
    return sent


def run_loan_notices() -> int:
    """Periodic job: due-soon and overdue notices."""
    return send(due_notices(timezone.localdate()))


def run_hold_notices() -> int:
    """Periodic job: hold-ready and hold-expired notices."""
    return send(hold_notices(timezone.localdate()))
