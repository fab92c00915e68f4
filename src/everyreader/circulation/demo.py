"""Demo circulation: two years of loans, renewals, holds and notices for the demo readers.

The history comes from circulation.demo_sim (the shape is described in docs/circulation.md, “Demo
data”); this module turns it into rows with bulk inserts: loans (anonymised after the retention
period unless the reader keeps their history), one LoanStatistic per loan, holds, the past
due-soon and overdue notices (messaging), and item statuses that agree with the open loans and
ready holds. The demo library charges small overdue fines on print books (never on accessible
formats, children or verified print-disabled readers), so late print returns carry fines: most
paid or waived, recent ones still to pay. Deterministic (its own fixed seed) and idempotent
(nothing is added when any loan exists).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from everyreader.accounts.models import Branch, User
from everyreader.catalog.models import Item
from everyreader.catalog.vocab import Format, ItemStatus
from everyreader.circulation import demo_sim
from everyreader.circulation.models import (Channel, CirculationPolicy, Fine, FineStatus, Hold, HoldStatus,
                                            Loan, LoanHistorySetting, LoanStatistic)
from everyreader.circulation.notices import hold_expired_window_days
from everyreader.circulation.policies import policy_for
from everyreader.readers.models import Reader

SEED = 20261122
LOGIN_CARD = "R2026000001"
KEEP_HISTORY_SHARE = 0.08
CIRCULATING = (ItemStatus.AVAILABLE, ItemStatus.ON_LOAN, ItemStatus.ON_HOLD)
POSTAL_FORMATS = (Format.BRAILLE, Format.AUDIO, Format.DAISY, Format.TACTILE)


def anonymise_days() -> int:
    """The retention period of returned loans (EVERYREADER_LOAN_ANONYMISE_DAYS, default 30)."""
    return max(0, int(getattr(settings, "EVERYREADER_LOAN_ANONYMISE_DAYS", 30)))


def seed(ctx):
    if not Loan.objects.exists():  # seeded before, or the library is already lending: add nothing
        _seed_history(ctx)
    reconcile_item_statuses()


def _seed_history(ctx):
    rng = random.Random(SEED)
    today = timezone.localdate()
    _fine_policies()  # before the simulation, which reads the policies
    sim, readers = _simulation(rng, today)
    if sim is None:
        return
    result = sim.run()
    keepers = _history_keepers(rng, readers)
    staff = list(User.objects.filter(username__in=["librarian", "depthead"]).order_by("username"))
    loans = _write_loans(rng, result.loans, today, keepers, staff)
    _write_statistics(result.loans)
    _write_holds(result.holds, today, keepers)
    notices = _write_notices(rng, loans, today)
    _write_fines(rng, loans, today, staff, keepers)
    ctx["circulation_demo"] = summary = figures(result, today)
    summary["notices"] = notices
    if ctx.get("stdout"):
        ctx["stdout"].write(
            f"  circulation: {summary['loans']} loans over two years ({summary['open']} open, "
            f"{summary['overdue']} overdue), {summary['holds_active']} active holds, {notices} notices")


def _simulation(rng, today):
    branches = {b.pk: list(b.opening_days or range(7)) for b in Branch.objects.filter(is_active=True)}
    items = [demo_sim.ItemInfo(i.pk, i.record_id, i.branch_id, i.format, i.record.audience or "")
             for i in Item.objects.filter(status__in=CIRCULATING, branch_id__in=branches)
             .select_related("record").order_by("pk")]
    people = list(Reader.objects.filter(is_active=True, anonymised_at__isnull=True)
                  .filter(card_number__startswith="D").order_by("card_number"))
    login = Reader.objects.filter(card_number=LOGIN_CARD).first()
    if login is not None:
        people.append(login)
    if not items or not people:
        return None, []
    readers = []
    for r in people:
        if r.home_branch_id not in branches:
            continue
        since = timezone.localtime(r.created_at).date() if r.created_at else today
        info = demo_sim.ReaderInfo(r.pk, r.category, list(r.service_preferences or []), r.home_branch_id,
                                   since)
        if r.card_number == LOGIN_CARD:  # the demo login: an active reader with loans and holds now
            info.rate, info.since = 4.0, today - dt.timedelta(days=demo_sim.DAYS)
        info.model = r
        readers.append(info)
    policies = {}

    def policy(reader, item, branch_id):
        key = (reader.category, item.format, branch_id)
        if key not in policies:
            p = policy_for(reader_category=reader.category, format=item.format, branch_id=branch_id)
            policies[key] = {"loan_days": p.loan_days, "max_renewals": p.max_renewals,
                             "item_limit": p.item_limit, "hold_pickup_days": p.hold_pickup_days,
                             "free_postal": p.free_postal}
        return policies[key]

    def channel(reader, item):
        if item.format == Format.DEVICE:
            return Channel.DEVICE
        prefs = set(reader.prefs)
        if "home_delivery" in prefs and rng.random() < 0.7:
            return Channel.HOME_DELIVERY
        if item.format in POSTAL_FORMATS and policy(reader, item, reader.home_branch_id)["free_postal"] \
                and rng.random() < 0.4:
            return Channel.POSTAL
        if reader.category in ("adult", "teen") and rng.random() < 0.3:
            return Channel.SELF_SERVICE
        return Channel.DESK

    sim = demo_sim.Simulation(rng, today=today, items=items, readers=readers, opening=branches,
                              policy=policy, channel=channel)
    return sim, readers


def _history_keepers(rng, readers) -> set[int]:
    keepers = {r.id for r in readers if r.model.card_number == LOGIN_CARD or rng.random() < KEEP_HISTORY_SHARE}
    LoanHistorySetting.objects.bulk_create(
        [LoanHistorySetting(reader_id=pk, keep_history=True) for pk in sorted(keepers)], ignore_conflicts=True)
    return keepers


def at(day: dt.date, rng=None, hour: int | None = None) -> dt.datetime:
    """An aware datetime on `day` during opening hours (local time)."""
    if hour is None:
        hour = rng.randint(9, 19)
    minute = rng.randint(0, 59) if rng else 0
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _write_loans(rng, sim_loans, today, keepers, staff) -> list[Loan]:
    retention = dt.timedelta(days=anonymise_days())
    returns = {(s.item.id, s.return_on) for s in sim_loans}
    rows = []
    for s in sim_loans:
        if s.start >= today:  # a hold that will be collected later: not a loan yet
            s.row = None
            continue
        # Returns come in the morning; a copy returned today goes out again in the afternoon.
        out = at(s.start, rng, hour=rng.randint(14, 19) if (s.item.id, s.start) in returns else None)
        renewals = s.renewals if s.return_on < today else sum(1 for d in s.renewal_days() if d < today)
        due = out + dt.timedelta(days=s.loan_days * (1 + renewals))
        returned = at(s.return_on, rng, hour=rng.randint(9, 12)) if s.return_on < today else None
        anonymised = None
        if returned and s.reader.id not in keepers and returned + retention < timezone.now():
            anonymised = returned + retention
        desk = staff[0] if staff else None
        s.row = Loan(item_id=s.item.id, reader_id=None if anonymised else s.reader.id, branch_id=s.branch_id,
                     channel=s.channel, checked_out_at=out, due_at=due, returned_at=returned,
                     return_branch_id=s.branch_id if returned else None, renewal_count=renewals,
                     checked_out_by=desk if s.channel in (Channel.DESK, Channel.DEVICE) else None,
                     returned_by=desk if returned else None, anonymised_at=anonymised)
        s.row.demo_reader = s.reader
        rows.append(s.row)
    Loan.objects.bulk_create(rows, batch_size=1000)
    return rows


def _flags(readers) -> dict[int, dict]:
    from everyreader.readers.selectors import reader_segment_flags

    return {r.id: reader_segment_flags(r.model) for r in readers}


def _write_statistics(sim_loans):
    rows = [s for s in sim_loans if s.row is not None]
    flags = _flags({s.reader.id: s.reader for s in rows}.values())
    LoanStatistic.objects.bulk_create(
        [LoanStatistic(date=s.start, branch_id=s.branch_id, format=s.item.format, channel=s.channel,
                       reader_category=s.reader.category, **flags[s.reader.id]) for s in rows],
        batch_size=1000)


def _write_holds(sim_holds, today, keepers) -> list[Hold]:
    # As if the privacy job had run: closed holds past retention are gone, except the keepers'.
    forget_before = timezone.now() - dt.timedelta(days=max(anonymise_days(), hold_expired_window_days()))
    rows = []
    for h in sim_holds:
        status, item_id, ready_at, expires_at, closed_at = HoldStatus.WAITING, None, None, None, None
        if h.closed and h.closed < today:
            status = {"collected": HoldStatus.COLLECTED, "expired": HoldStatus.EXPIRED,
                      "cancelled": HoldStatus.CANCELLED}[h.outcome]
            closed_at = at(h.closed, hour=17 if h.outcome == "collected" else 23)
        elif h.ready and h.ready < today:
            status = HoldStatus.READY
        if h.ready and h.ready < today:
            item_id, ready_at = h.item.id, at(h.ready, hour=10)
            pickup = (h.closed - h.ready).days if h.outcome == "expired" else 7
            expires_at = at(h.ready + dt.timedelta(days=pickup), hour=23)
        if closed_at and closed_at < forget_before and h.reader.id not in keepers:
            continue
        rows.append(Hold(reader_id=h.reader.id, record_id=h.record_id, pickup_branch_id=h.pickup_branch_id,
                         status=status, placed_at=at(h.placed, hour=15), item_id=item_id, ready_at=ready_at,
                         expires_at=expires_at, closed_at=closed_at,
                         cancelled_reason="读者不再需要" if status == HoldStatus.CANCELLED else ""))
    Hold.objects.bulk_create(rows, batch_size=1000)
    return rows


def reconcile_item_statuses():
    """Items agree with circulation: on loan exactly while a loan is open, on the hold shelf while
    a ready hold waits for them, otherwise available (also for copies the catalogue's demo adds
    later with a made-up status). Items in repair, missing or withdrawn are left alone."""
    on_loan = set(Loan.objects.filter(returned_at__isnull=True).values_list("item_id", flat=True))
    on_hold = set(Hold.objects.filter(status=HoldStatus.READY, item__isnull=False).values_list("item_id", flat=True))
    circulating = Item.objects.filter(status__in=CIRCULATING)
    circulating.filter(pk__in=on_loan).exclude(status=ItemStatus.ON_LOAN).update(status=ItemStatus.ON_LOAN)
    circulating.filter(pk__in=on_hold - on_loan).exclude(status=ItemStatus.ON_HOLD).update(status=ItemStatus.ON_HOLD)
    circulating.exclude(pk__in=on_loan | on_hold).exclude(status=ItemStatus.AVAILABLE).update(
        status=ItemStatus.AVAILABLE)


#: The demo library's fines on print books (category, loan terms of the row they refine, fine).
DEMO_FINE_POLICIES = [
    ("", {"loan_days": 28, "max_renewals": 2, "item_limit": 20, "hold_limit": 10, "auto_renew": True,
          "fine_per_day": Decimal("0.10"), "grace_days": 3, "max_fine": Decimal("5.00"),
          "note": "Print books: 0.10 a day after 3 grace days, at most 5.00"}),
    ("senior", {"loan_days": 42, "max_renewals": 3, "item_limit": 20, "hold_limit": 10, "auto_renew": True,
                "fine_per_day": Decimal("0.05"), "grace_days": 7, "max_fine": Decimal("2.00"),
                "note": "Senior readers, print books: 0.05 a day after 7 grace days, at most 2.00"}),
]


def _fine_policies() -> None:
    for category, fields in DEMO_FINE_POLICIES:
        CirculationPolicy.objects.get_or_create(reader_category=category, format=Format.PRINT, branch=None,
                                                defaults=fields)


def _write_fines(rng, loans, today, staff, keepers) -> int:
    """Fines for the late print returns: paid or waived when older than a month (and, once the
    retention has passed, without the loan and title, as the privacy job leaves them), to pay
    otherwise; the demo login always has one to pay."""
    from everyreader.circulation import fines as fine_rules

    items = dict(Item.objects.filter(format=Format.PRINT).values_list("pk", "barcode"))
    titles = dict(Item.objects.filter(format=Format.PRINT).values_list("pk", "record__title"))
    retention = dt.timedelta(days=anonymise_days())
    rows, login_fines = [], []
    for loan in sorted(loans, key=lambda row: row.returned_at or timezone.now()):
        if loan.returned_at is None or loan.item_id not in items:
            continue
        reader = loan.demo_reader.model
        policy = policy_for(reader_category=reader.category, format=Format.PRINT, branch_id=loan.branch_id)
        days, amount = fine_rules.fine_due(policy, loan.due_at, loan.returned_at)
        if amount <= 0:
            continue
        fine = Fine(reader_id=reader.pk, loan=loan, title=titles[loan.item_id][:500],
                    barcode=items[loan.item_id], branch_id=loan.return_branch_id or loan.branch_id,
                    days_late=days, amount=amount, assessed_at=loan.returned_at)
        if timezone.localdate(loan.returned_at) < today - dt.timedelta(days=30) or rng.random() < 0.3:
            waived = rng.random() < 0.15
            fine.status = FineStatus.WAIVED if waived else FineStatus.PAID
            fine.settled_at = loan.returned_at + dt.timedelta(days=rng.randint(1, 10) if waived else 0)
            # staff = [depthead, librarian]: the head waives, the desk takes payment
            fine.settled_by = (staff[0] if waived else staff[-1]) if staff else None
            fine.note = "行动不便，经部门主管同意免除" if waived else ""
            if fine.settled_at + retention < timezone.now() and reader.pk not in keepers:
                fine.loan, fine.title, fine.barcode = None, "", ""
        if reader.card_number == LOGIN_CARD:
            login_fines.append(fine)
        rows.append(fine)
    if login_fines and all(f.status != FineStatus.OUTSTANDING for f in login_fines):
        last = login_fines[-1]  # the demo login shows a fine to pay: their most recent
        last.status, last.settled_at, last.settled_by, last.note = FineStatus.OUTSTANDING, None, None, ""
    Fine.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _write_notices(rng, loans, today) -> int:
    """Past due-soon and overdue notices, keyed like the notice job's (never sent twice)."""
    from everyreader.messaging.models import MessageStatus, OutboundMessage
    from everyreader.messaging.services import choose_channel

    done = {"email": MessageStatus.SENT, "sms": MessageStatus.SENT, "phone": MessageStatus.CALLED,
            "large_print_letter": MessageStatus.PRINTED, "braille_letter": MessageStatus.PRINTED}
    titles = dict(Item.objects.values_list("pk", "record__title"))
    messages, when = [], []
    for loan in loans:
        reader = loan.demo_reader.model
        due = timezone.localdate(loan.due_at)
        end = timezone.localdate(loan.returned_at) if loan.returned_at else today
        if loan.anonymised_at is not None or due - dt.timedelta(days=3) >= end:
            continue
        channel, address = choose_channel(reader)
        if channel is None:
            continue
        title = titles.get(loan.item_id, "")
        kinds = [("due_soon", due - dt.timedelta(days=3), f"即将到期：{title}",
                  f"您借阅的《{title}》将于 {due:%Y-%m-%d} 到期，可在“我的账户”、电话或任一服务台续借。")]
        if end > due:
            kinds.append(("overdue_1", due + dt.timedelta(days=1), f"已逾期：{title}",
                          f"您借阅的《{title}》已于 {due:%Y-%m-%d} 到期，请尽快归还或续借。"))
        if (end - due).days >= 14:
            kinds.append(("overdue_2", due + dt.timedelta(days=14), f"第二次提醒，已逾期：{title}",
                          f"您借阅的《{title}》于 {due:%Y-%m-%d} 到期，至今未还。如有困难请联系我们，我们乐意帮助。"))
        for kind, day, subject, body in kinds:
            if day >= today or day >= end:
                continue
            sent = at(day, hour=8)
            messages.append(OutboundMessage(
                reader=reader, channel=channel, address=address, subject=subject[:200], body=body,
                purpose=f"loan.{kind}", status=done.get(channel, MessageStatus.SENT),
                dedupe_key=f"circulation:loan:{loan.pk}:{kind}:{due.isoformat()}",
                completed_at=sent + dt.timedelta(hours=rng.randint(0, 30))))
            when.append(sent)
    created = OutboundMessage.objects.bulk_create(messages, batch_size=1000, ignore_conflicts=True)
    keys = {m.dedupe_key: w for m, w in zip(messages, when)}
    ids, key_list = {}, list(keys)
    for start in range(0, len(key_list), 500):
        ids.update(OutboundMessage.objects.filter(dedupe_key__in=key_list[start:start + 500])
                   .values_list("dedupe_key", "pk"))
    pairs = [(ids[k], w) for k, w in keys.items() if k in ids]
    for start in range(0, len(pairs), 400):  # created_at is auto_now_add: date them afterwards
        chunk = pairs[start:start + 400]
        OutboundMessage.objects.filter(pk__in=[pk for pk, _ in chunk]).update(created_at=Case(
            *[When(pk=pk, then=Value(w)) for pk, w in chunk], output_field=DateTimeField()))
    return len(created)


def figures(result, today) -> dict:
    """The shape of the generated history (docs/circulation.md, “Demo data”)."""
    loans = [s for s in result.loans if s.start < today]
    per_title = Counter(s.item.record_id for s in loans)
    open_ = [s for s in loans if s.return_on >= today]
    returned = [s for s in loans if s.return_on < today]
    late = [s for s in returned if s.return_on > s.due]
    weekday = Counter(s.start.weekday() for s in loans)
    return {
        "loans": len(loans), "open": len(open_),
        "overdue": sum(1 for s in open_ if s.start + dt.timedelta(
            days=s.loan_days * (1 + sum(1 for d in s.renewal_days() if d < today))) < today),
        "titles_lent": len(per_title), "returned_late_share": round(len(late) / max(1, len(returned)), 3),
        "renewed_share": round(sum(1 for s in loans if s.renewals) / max(1, len(loans)), 3),
        "weekday": [weekday.get(d, 0) for d in range(7)],
        "top_title_loans": per_title.most_common(1)[0][1] if per_title else 0,
        "holds": len(result.holds),
        "holds_active": sum(1 for h in result.holds if not (h.closed and h.closed < today)),
    }
