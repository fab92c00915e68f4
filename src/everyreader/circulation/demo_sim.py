"""Simulated circulation history for the demo library (pure Python, no database).

Readers visit their branch on days drawn from a weekly and seasonal rhythm (busier weekends,
closed days per branch, school holidays for children) at a personal rate (gamma-distributed, so
a few readers borrow a lot and many rarely). At each visit they borrow one to four titles chosen
by title popularity (gamma-distributed weights: a negative-binomial number of loans per title,
many titles never lent) times how well the title suits them (children's books for children,
accessible formats for readers who asked for them). A free copy at the branch is lent at once;
otherwise the reader may place a hold, served in queue order when a copy comes back.

Every loan gets its policy's loan period, renewals (cut when someone starts waiting) and a return
day (most on time or early, a tail late). Loans and holds still running today stay open, so the
current state agrees with the history: an item is on loan exactly while its last loan is open.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass, field

DAYS = 730
WEEKDAY_WEIGHT = [0.8, 0.85, 0.9, 0.95, 1.05, 1.6, 1.5]  # Monday .. Sunday
ITEMS_PER_VISIT = ([1, 2, 3, 4], [55, 27, 12, 6])
RENEWALS = ([0, 1, 2, 3], [45, 33, 14, 8])
HOLD_OUTCOME = (["collected", "expired", "cancelled"], [88, 8, 4])
TRANSIT_DAYS = 2
POPULARITY_SHAPE = 0.45
SHELF_SITTERS = 0.2  # titles nobody borrows in two years
HOLD_SHARE = 0.03  # readers who find no free copy and a short queue place a hold


@dataclass
class ItemInfo:
    id: int
    record_id: int
    branch_id: int
    format: str
    audience: str


@dataclass
class ReaderInfo:
    id: int
    category: str
    prefs: list[str]
    home_branch_id: int
    since: dt.date
    rate: float | None = None  # visits per 30 days; drawn when None


@dataclass
class SimLoan:
    item: ItemInfo
    reader: ReaderInfo
    branch_id: int
    channel: str
    start: dt.date
    loan_days: int
    renewals_planned: int
    late_kind: str  # "early" (return_on is absolute) or "late" (offset from the final due day)
    offset: int
    return_on: dt.date = None
    renewals: int = 0
    due: dt.date = None

    def renewal_days(self) -> list[dt.date]:
        """The days the planned renewals happen (two days before each due day)."""
        return [self.start + dt.timedelta(days=self.loan_days * (j + 1) - 2)
                for j in range(self.renewals_planned)]

    def settle(self, opening: dict[int, list[int]]):
        final_due = self.start + dt.timedelta(days=self.loan_days * (1 + self.renewals_planned))
        if self.late_kind == "early":
            back = min(self.return_on or final_due, final_due)
        else:
            back = final_due + dt.timedelta(days=self.offset)
        self.return_on = next_open(max(back, self.start + dt.timedelta(days=1)), opening[self.branch_id])
        self.renewals = sum(1 for d in self.renewal_days() if d < self.return_on)
        self.due = self.start + dt.timedelta(days=self.loan_days * (1 + self.renewals))

    def cut_renewals_after(self, day: dt.date, opening):
        """Someone started waiting on `day`: renewals after it are refused."""
        kept = sum(1 for d in self.renewal_days() if d <= day)
        if kept < self.renewals_planned:
            self.renewals_planned = kept
            self.settle(opening)


@dataclass
class SimHold:
    reader: ReaderInfo
    record_id: int
    pickup_branch_id: int
    placed: dt.date
    outcome: str
    item: ItemInfo | None = None
    ready: dt.date | None = None
    closed: dt.date | None = None
    loan: SimLoan | None = None


@dataclass
class Result:
    loans: list[SimLoan] = field(default_factory=list)
    holds: list[SimHold] = field(default_factory=list)


def next_open(day: dt.date, opening_days: list[int]) -> dt.date:
    if not opening_days:
        return day
    while day.weekday() not in opening_days:
        day += dt.timedelta(days=1)
    return day


def school_holiday(day: dt.date) -> bool:
    """Summer (mid-July to August) and winter holidays (mid-January to mid-February)."""
    return (day.month == 7 and day.day >= 10) or day.month == 8 or \
        (day.month == 1 and day.day >= 15) or (day.month == 2 and day.day <= 20)


def season(day: dt.date, child: bool) -> float:
    if school_holiday(day):
        return 2.2 if child else 1.1
    if day.month in (3, 4, 5, 9, 10, 11):
        return 0.75 if child else 1.0
    return 1.0


def poisson(rng, lam: float) -> int:
    if lam > 30:  # normal approximation keeps this fast for very active readers
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def profile_of(reader: ReaderInfo) -> str:
    prefs = set(reader.prefs)
    if reader.category == "child":
        return "child"
    if "braille_letters" in prefs:
        return "braille"
    if prefs & {"large_print_letters", "audio"}:
        return "vision"
    if "easy_read" in prefs:
        return "easy"
    return "general"


FORMAT_FIT = {
    "child": {"tactile": 0.6, "easy_read": 0.5, "sign_video": 0.3, "print": 1.0, "audio": 0.5},
    "braille": {"braille": 1.0, "audio": 0.9, "daisy": 0.9, "device": 0.6, "tactile": 0.2},
    "vision": {"large_print": 1.0, "audio": 0.8, "daisy": 0.6, "print": 0.15, "device": 0.4},
    "easy": {"easy_read": 1.0, "print": 0.3, "audio": 0.5, "captioned_video": 0.4, "sign_video": 0.3},
    "general": {"print": 1.0, "etext": 0.3, "large_print": 0.15, "audio": 0.3,
                "captioned_video": 0.3, "sign_video": 0.05},
}


def fit(profile: str, item: ItemInfo) -> float:
    weight = FORMAT_FIT[profile].get(item.format, 0.0)
    young = item.audience in ("children", "preschool")
    if profile == "child":
        return weight * (1.0 if young else 0.15)
    return weight * (0.08 if young else 1.0)


class Simulation:
    def __init__(self, rng, *, today: dt.date, items: list[ItemInfo], readers: list[ReaderInfo],
                 opening: dict[int, list[int]], policy, channel):
        self.rng, self.today, self.opening = rng, today, opening
        self.policy, self.channel = policy, channel  # callables (see circulation.demo)
        self.start = today - dt.timedelta(days=DAYS)
        self.readers = readers
        self.copies: dict[int, list[ItemInfo]] = {}
        for item in items:
            self.copies.setdefault(item.record_id, []).append(item)
        self.busy_until: dict[int, dt.date] = {item.id: self.start for item in items}
        self.last_loan: dict[int, SimLoan] = {}
        self.reader_loans: dict[int, list[SimLoan]] = {r.id: [] for r in readers}
        self.reader_holds: dict[int, list[SimHold]] = {r.id: [] for r in readers}
        self.queues: dict[int, list[SimHold]] = {}
        # Popularity per title (record), drawn once: gamma with a small shape (a long tail; the
        # number of loans per title is then negative binomial), and a share that nobody asks for.
        self.popularity = {rid: 0.0 if rng.random() < SHELF_SITTERS else rng.gammavariate(POPULARITY_SHAPE, 1.0)
                           for rid in sorted(self.copies)}
        self.tables = {}
        self.result = Result()

    def title_table(self, profile: str):
        if profile not in self.tables:
            ids, cum, total = [], [], 0.0
            for rid, copies in sorted(self.copies.items()):
                weight = self.popularity[rid] * fit(profile, copies[0])
                if weight > 0:
                    total += weight
                    ids.append(rid)
                    cum.append(total)
            self.tables[profile] = (ids, cum, total)
        return self.tables[profile]

    def pick_title(self, profile: str) -> int | None:
        ids, cum, total = self.title_table(profile)
        if not ids:
            return None
        return ids[min(bisect.bisect(cum, self.rng.random() * total), len(ids) - 1)]

    def visit_days(self, reader: ReaderInfo) -> list[dt.date]:
        rng = self.rng
        rate = reader.rate if reader.rate is not None else rng.gammavariate(0.7, 1.3 / 0.7)
        child = reader.category == "child"
        first = max(self.start, reader.since)
        span = (self.today - first).days
        if span <= 0:
            return []
        days = [first + dt.timedelta(days=i) for i in range(span)]
        home = self.opening[reader.home_branch_id]
        weights = [WEEKDAY_WEIGHT[d.weekday()] * season(d, child) * (d.weekday() in home) for d in days]
        count = poisson(rng, rate * span / 30)
        return sorted(rng.choices(days, weights=weights, k=count)) if count else []

    def run(self) -> Result:
        rng = self.rng
        visits = []
        for reader in self.readers:
            for day in self.visit_days(reader):
                visits.append((day, reader.id, reader))
        visits.sort(key=lambda v: (v[0], v[1]))
        for day, _, reader in visits:
            branch = reader.home_branch_id
            if rng.random() < 0.15:  # now and then another branch, if it is open that day
                other = rng.choice(sorted(self.opening))
                branch = other if day.weekday() in self.opening[other] else branch
            profile = profile_of(reader)
            for _ in range(rng.choices(*ITEMS_PER_VISIT)[0]):
                for _attempt in range(3):  # nothing free: maybe a hold, else another title
                    record_id = self.pick_title(profile)
                    if record_id is None or self.borrow(reader, record_id, branch, day):
                        break
        return self.result

    def open_loans(self, reader: ReaderInfo, day: dt.date) -> list[SimLoan]:
        return [loan for loan in self.reader_loans[reader.id] if loan.start <= day < loan.return_on]

    def borrow(self, reader, record_id, branch, day) -> bool:
        """Lend a free copy here, or place a hold when the queue is short. True when done."""
        current = self.open_loans(reader, day)
        if any(loan.item.record_id == record_id for loan in current):
            return False
        if any(h.record_id == record_id and h.placed <= day < h.closed for h in self.reader_holds[reader.id]):
            return False
        copies = self.copies[record_id]
        free = [c for c in copies if c.branch_id == branch and self.busy_until[c.id] <= day]
        if free:
            if len(current) >= self.policy(reader, free[0], branch)["item_limit"]:
                return True
            self.lend(reader, free[0], branch, day)
            return True
        queue = sum(1 for h in self.queues.get(record_id, []) if h.placed <= day < h.closed)
        if queue < len(copies) + 1 and self.rng.random() < HOLD_SHARE:
            self.place_hold(reader, record_id, branch, day)
            return True
        return False

    def lend(self, reader, copy, branch, day) -> SimLoan:
        rng = self.rng
        rules = self.policy(reader, copy, branch)
        renewals = min(rng.choices(*RENEWALS)[0], rules["max_renewals"])
        roll = rng.random()
        loan = SimLoan(item=copy, reader=reader, branch_id=branch, channel=self.channel(reader, copy),
                       start=day, loan_days=rules["loan_days"], renewals_planned=renewals,
                       late_kind="early" if roll < 0.8 else "late", offset=0)
        total = rules["loan_days"] * (1 + renewals)
        if roll < 0.55:
            loan.return_on = day + dt.timedelta(days=rng.randint(min(3, total), total))
        elif roll < 0.8:
            loan.return_on = day + dt.timedelta(days=total - rng.randint(0, 3))
        elif roll < 0.95:
            loan.offset = rng.randint(1, 14)
        else:
            loan.offset = rng.randint(15, 75)
        loan.settle(self.opening)
        self.result.loans.append(loan)
        self.reader_loans[reader.id].append(loan)
        self.last_loan[copy.id] = loan
        self.busy_until[copy.id] = loan.return_on + dt.timedelta(
            days=TRANSIT_DAYS if branch != copy.branch_id else 0)
        return loan

    def place_hold(self, reader, record_id, branch, day):
        rng = self.rng
        copies = self.copies[record_id]
        for copy in copies:  # whoever has a copy now may no longer renew it
            loan = self.last_loan.get(copy.id)
            if loan is not None and loan.return_on > day:
                loan.cut_renewals_after(day, self.opening)
                self.busy_until[copy.id] = loan.return_on + dt.timedelta(
                    days=TRANSIT_DAYS if loan.branch_id != copy.branch_id else 0)
        copy = min(copies, key=lambda c: (self.busy_until[c.id], c.id))
        hold = SimHold(reader=reader, record_id=record_id, pickup_branch_id=branch, placed=day,
                       outcome=rng.choices(*HOLD_OUTCOME)[0])
        self.result.holds.append(hold)
        self.reader_holds[reader.id].append(hold)
        self.queues.setdefault(record_id, []).append(hold)
        free_on = max(self.busy_until[copy.id], day)
        ready = next_open(free_on + dt.timedelta(days=TRANSIT_DAYS if copy.branch_id != branch else 0),
                          self.opening[branch])
        if hold.outcome == "cancelled":
            hold.closed = day + dt.timedelta(days=rng.randint(1, max(1, (ready - day).days)))
            return
        hold.item, hold.ready = copy, ready
        pickup_days = self.policy(reader, copy, branch)["hold_pickup_days"]
        if hold.outcome == "expired":
            hold.closed = ready + dt.timedelta(days=pickup_days)
            self.busy_until[copy.id] = hold.closed
            self.last_loan.pop(copy.id, None)
            return
        collect = next_open(ready + dt.timedelta(days=rng.randint(0, max(0, pickup_days - 2))),
                            self.opening[branch])
        hold.closed = collect
        hold.loan = self.lend(reader, copy, branch, collect)
