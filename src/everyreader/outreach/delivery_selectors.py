"""Reads for home delivery: profiles, visits, a day's routes, the delivered history and item
suggestions that never repeat what the reader already had."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from everyreader.catalog.models import Item
from everyreader.catalog.vocab import ItemStatus
from everyreader.outreach import circ
from everyreader.outreach.models import (DeliveredRecord, DeliveryProfile, PostalLoan, PostalStatus, ProfileStatus,
                                         Visit, VisitItem, VisitItemKind, VisitStatus)


def profile_list(*, query: str = "", status: str = "", weekday: int | None = None) -> QuerySet[DeliveryProfile]:
    qs = DeliveryProfile.objects.select_related("reader", "branch", "deliverer")
    if status in ProfileStatus.values:
        qs = qs.filter(status=status)
    if weekday is not None:
        qs = qs.filter(weekday=weekday)
    if query:
        qs = qs.filter(Q(reader__family_name__icontains=query) | Q(reader__given_name__icontains=query)
                       | Q(reader__card_number__iexact=query))
    return qs.order_by("weekday", "window_start", "reader__family_name", "id")


def profile_detail(pk: int) -> DeliveryProfile:
    return profile_list().get(pk=pk)


def profile_for_reader(reader) -> DeliveryProfile | None:
    if reader is None:
        return None
    return DeliveryProfile.objects.select_related("reader", "branch", "deliverer").filter(reader=reader).first()


def _visit_items():
    return Prefetch("items", queryset=VisitItem.objects.select_related("item__record", "item__branch").order_by("kind", "id"))


def visit_list(*, start: dt.date | None = None, end: dt.date | None = None, member_id: int | None = None,
               status: str = "", unassigned: bool = False) -> QuerySet[Visit]:
    qs = Visit.objects.select_related("profile__reader", "profile__branch", "deliverer").prefetch_related(_visit_items())
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if member_id:
        qs = qs.filter(deliverer_id=member_id)
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    if unassigned:
        qs = qs.filter(deliverer__isnull=True)
    return qs.order_by("date", "window_start", "id")


def visit_detail(pk: int) -> Visit:
    return visit_list().get(pk=pk)


def visits_of_profile(profile: DeliveryProfile) -> QuerySet[Visit]:
    return visit_list().filter(profile=profile).order_by("-date", "-id")


def next_visit(profile: DeliveryProfile | None, today: dt.date) -> Visit | None:
    if profile is None:
        return None
    return visit_list(start=today, status=VisitStatus.PLANNED).filter(profile=profile).first()


@dataclass
class Route:
    member: object
    date: dt.date
    visits: list


def routes_for(day: dt.date, member_id: int | None = None) -> list[Route]:
    """A day's planned visits, one route per deliverer (unassigned visits last), in time order."""
    visits = visit_list(start=day, end=day, member_id=member_id).filter(
        status__in=[VisitStatus.PLANNED, VisitStatus.DELIVERED])
    visits = list(visits)
    to_collect = outstanding_items_for({v.profile_id for v in visits if v.status == VisitStatus.PLANNED})
    routes: dict = {}
    for visit in visits:
        visit.to_collect = to_collect.get(visit.profile_id, [])
        routes.setdefault(visit.deliverer_id, Route(visit.deliverer, day, [])).visits.append(visit)
    return sorted(routes.values(), key=lambda r: (r.member is None, getattr(r.member, "name", "")))


def delivered_history(reader) -> QuerySet[DeliveredRecord]:
    return DeliveredRecord.objects.filter(reader=reader).select_related("record").order_by("-delivered_on", "-id")


def already_had(reader) -> tuple[set[int], set[str]]:
    """(record ids, work keys) the reader already had through delivery, postal or ordinary loans."""
    rows = list(DeliveredRecord.objects.filter(reader=reader).values_list("record_id", "work_key"))
    record_ids = {r for r, _ in rows} | circ.borrowed_record_ids(reader)
    work_keys = {w for _, w in rows if w}
    extra = record_ids - {r for r, _ in rows}
    if extra:
        from everyreader.catalog.models import Record

        work_keys |= set(Record.objects.filter(pk__in=extra).exclude(work_key="").values_list("work_key", flat=True))
    return record_ids, work_keys


def is_repeat(item: Item, record_ids: set[int], work_keys: set[str]) -> bool:
    return item.record_id in record_ids or bool(item.record.work_key and item.record.work_key in work_keys)


def items_reserved_for_visits(exclude_visit_id: int | None = None) -> set[int]:
    """Items already chosen for another planned visit."""
    qs = VisitItem.objects.filter(kind=VisitItemKind.DELIVER, done=False, visit__status=VisitStatus.PLANNED)
    if exclude_visit_id:
        qs = qs.exclude(visit_id=exclude_visit_id)
    return set(qs.values_list("item_id", flat=True))


def suggest_items(profile: DeliveryProfile, *, limit: int | None = None, visit: Visit | None = None,
                  pool: int = 400) -> list[Item]:
    """Available items in the reader's formats at the serving branch (then elsewhere), best match of
    interests first, never a record or another edition of a work the reader already had."""
    limit = limit or profile.items_per_visit
    record_ids, work_keys = already_had(profile.reader)
    reserved = items_reserved_for_visits(visit.pk if visit else None)
    qs = Item.objects.select_related("record", "branch").filter(status=ItemStatus.AVAILABLE)
    if profile.formats:
        qs = qs.filter(format__in=profile.formats)
    qs = qs.exclude(record_id__in=record_ids).exclude(pk__in=reserved)
    if work_keys:
        qs = qs.exclude(record__work_key__in=work_keys)
    candidates = list(qs.order_by("record_id", "id")[:pool])
    interests = {s.strip() for s in profile.interests if s.strip()}

    def score(item: Item):
        subjects = {str(s) for s in (item.record.subjects or [])}
        hits = sum(1 for i in interests if any(i in s for s in subjects))
        return (-hits, item.branch_id != profile.branch_id, item.record.title, item.pk)

    chosen, seen = [], set()
    for item in sorted(candidates, key=score):
        key = item.record.work_key or f"record:{item.record_id}"
        if key in seen:
            continue
        seen.add(key)
        chosen.append(item)
        if len(chosen) >= limit:
            break
    return chosen


def outstanding_items_for(profile_ids) -> dict[int, list[VisitItem]]:
    """Per profile: items handed over on earlier visits and not collected since (two queries)."""
    profile_ids = list(profile_ids)
    handed = VisitItem.objects.filter(visit__profile_id__in=profile_ids, kind=VisitItemKind.DELIVER, done=True) \
        .select_related("item__record", "visit").order_by("visit__date", "id")
    collected: dict[tuple[int, int], dt.date] = {}
    for row in VisitItem.objects.filter(visit__profile_id__in=profile_ids, kind=VisitItemKind.COLLECT, done=True) \
            .values("item_id", "visit__profile_id", "visit__date"):
        key = (row["visit__profile_id"], row["item_id"])
        collected[key] = max(collected.get(key, row["visit__date"]), row["visit__date"])
    result: dict[int, list[VisitItem]] = {pk: [] for pk in profile_ids}
    for vi in handed:
        last = collected.get((vi.visit.profile_id, vi.item_id))
        if last is None or last < vi.visit.date:
            result[vi.visit.profile_id].append(vi)
    return result


def outstanding_items(profile: DeliveryProfile) -> list[VisitItem]:
    """Items handed over on earlier visits and not yet collected (what the deliverer picks up)."""
    return outstanding_items_for([profile.pk])[profile.pk]


def visits_needing_attention(today: dt.date) -> dict[str, int]:
    horizon = today + dt.timedelta(days=7)
    planned = Visit.objects.filter(status=VisitStatus.PLANNED)
    return planned.aggregate(
        unassigned=Count("id", filter=Q(deliverer__isnull=True, date__gte=today, date__lte=horizon)),
        unrecorded=Count("id", filter=Q(date__lt=today)))


def postal_list(*, status: str = "", overdue_on: dt.date | None = None, dispatched_on: dt.date | None = None):
    qs = PostalLoan.objects.select_related("reader", "item__record", "branch")
    if status in PostalStatus.values:
        qs = qs.filter(status=status)
    if overdue_on:
        qs = qs.filter(status=PostalStatus.DISPATCHED, due_on__lt=overdue_on)
    if dispatched_on:
        qs = qs.filter(dispatched_on=dispatched_on)
    return qs.order_by("-dispatched_on", "-id")
