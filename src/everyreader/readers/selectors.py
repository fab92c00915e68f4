"""Reads for readers and segments. Nothing here returns sensitive needs data: that goes through
needs_services (permission-checked and audited)."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import generations
from everyreader.core.crypto import blind_index
from everyreader.core.generations import GenerationCache
from everyreader.readers import segments as rules
from everyreader.readers.models import (Consent, ConsentPurpose, LatentNeed, LatentNeedStatus,
                                        NeedStatistic, NeedType, Reader, ReaderCategory, ReaderNeedTag,
                                        Segment)


def reader_by_card(card_number: str) -> Reader | None:
    return Reader.objects.select_related("user").filter(card_number=card_number.strip()).first()


def reader_for_user(user) -> Reader | None:
    if not user.is_authenticated:
        return None
    return Reader.objects.select_related("home_branch").filter(user=user).first()


def _valid_consents():
    return Prefetch("consents", queryset=Consent.objects.filter(
        purpose=ConsentPurpose.SENSITIVE_NEEDS, withdrawn_at__isnull=True), to_attr="valid_consents")


def reader_list(*, query: str = "", category: str = "", branch_id: int | None = None,
                include_erased: bool = False) -> QuerySet[Reader]:
    qs = Reader.objects.select_related("home_branch").prefetch_related(_valid_consents())
    if not include_erased:
        qs = qs.filter(anonymised_at__isnull=True)
    query = (query or "").strip()
    if query:
        q = Q(card_number__iexact=query) | Q(family_name__icontains=query) | Q(given_name__icontains=query)
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 4:
            q |= Q(phone__contains=digits)
        for split in range(1, min(3, len(query) - 1) + 1):  # full Chinese name: family name first
            q |= Q(family_name__iexact=query[:split], given_name__istartswith=query[split:])
        qs = qs.filter(q)
    if category:
        qs = qs.filter(category=category)
    if branch_id:
        qs = qs.filter(home_branch_id=branch_id)
    return qs.order_by("family_name", "given_name", "pk")


def reader_detail(pk: int) -> Reader:
    return Reader.objects.select_related("home_branch", "user", "registered_by").prefetch_related(
        _valid_consents()).get(pk=pk)


def reader_service_preferences(reader: Reader) -> list[str]:
    """The neutral summary the reader agreed to share with all staff (e.g. “prefers large print”)."""
    return reader.service_preference_labels


def reader_consents(reader: Reader) -> QuerySet[Consent]:
    return reader.consents.select_related("recorded_by").order_by("-given_at")


def readers_requesting_erasure() -> QuerySet[Reader]:
    return Reader.objects.filter(erasure_requested_at__isnull=False, anonymised_at__isnull=True) \
        .select_related("home_branch").order_by("erasure_requested_at")


def open_latent_need_count() -> int:
    return LatentNeed.objects.filter(status=LatentNeedStatus.OPEN).count()


@dataclass
class Candidate:
    reader: Reader
    score: float
    reasons: list[str]


def _sound(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower().replace(" ", "")


def possible_duplicates(*, family_name: str, given_name: str = "", phone: str = "",
                        birth_year: int | None = None, exclude_pk: int | None = None,
                        limit: int = 5) -> list[Candidate]:
    """Readers who may be the same person: same phone; a very similar name (difflib ratio ≥ 0.8);
    the same name sound in pinyin (homophones, e.g. 国/囯); or a fairly similar name (≥ 0.6, one
    character of a short Chinese name) with the same birth year."""
    from everyreader.readers.services import normalise_phone

    family_name, given_name = family_name.strip(), given_name.strip()
    full = f"{family_name}{given_name}".lower()
    digits = normalise_phone(phone)
    q = Q()
    if family_name:
        q |= Q(family_name__iexact=family_name) | Q(given_name__iexact=given_name or family_name)
        q |= Q(family_name__istartswith=family_name[:1])
    if len(digits) >= 6:
        q |= Q(phone__contains=digits[-8:])
    if not q:
        return []
    pool = Reader.objects.filter(q, anonymised_at__isnull=True).select_related("home_branch")
    if exclude_pk:
        pool = pool.exclude(pk=exclude_pk)
    found = []
    for reader in pool[:2000]:
        reasons, score = [], 0.0
        other = f"{reader.family_name}{reader.given_name}".lower()
        ratio = difflib.SequenceMatcher(None, full, other).ratio()
        if ratio >= 0.8 or (ratio >= 0.6 and birth_year and reader.birth_year == birth_year):
            reasons.append(_("similar name"))
            score += ratio
        elif full and _sound(full) == _sound(other):
            reasons.append(_("name sounds the same"))
            score += 0.9
        if len(digits) >= 6 and normalise_phone(reader.phone) == digits:
            reasons.append(_("same phone number"))
            score += 1
        if reasons:
            found.append(Candidate(reader, score, reasons))
    return sorted(found, key=lambda c: -c.score)[:limit]


# --- segments -------------------------------------------------------------------------------------

def segment_list() -> QuerySet[Segment]:
    return Segment.objects.filter(is_active=True).select_related("created_by").order_by("name")


def segment_members(segment: Segment) -> QuerySet[Reader]:
    """Active readers matching the segment's rules (the audience for notices, surveys, events)."""
    return Reader.objects.filter(rules.build_q(segment.rules), is_active=True, anonymised_at__isnull=True) \
        .select_related("home_branch").order_by("family_name", "given_name", "pk")


def segment_size(segment: Segment) -> int:
    return segment_members(segment).count()


def _age_band(year: int | None, this_year: int) -> str:
    if year is None:
        return _("Not given")
    age = this_year - year
    for limit, label in ((14, _("Under 14")), (18, "14–17"), (35, "18–34"), (60, "35–59"), (75, "60–74")):
        if age < limit:
            return label
    return _("75 and over")


def segment_breakdowns(segment: Segment, *, include_needs: bool = False) -> list[rules.Breakdown]:
    """Counts by category, branch, age band (and need type); groups under 5 become “<5”."""
    members = segment_members(segment)
    labels = dict(ReaderCategory.choices)
    by_category = members.order_by().values("category").annotate(n=Count("pk"))
    by_branch = members.order_by().values("home_branch__name").annotate(n=Count("pk"))
    this_year = timezone.localdate().year
    ages = Counter(_age_band(y, this_year) for y in members.values_list("birth_year", flat=True))
    result = [
        rules.Breakdown(_("By reader category"), [(str(labels.get(r["category"], r["category"])),
                                                  rules.suppress(r["n"])) for r in by_category]),
        rules.Breakdown(_("By home branch"), [(r["home_branch__name"] or _("None"), rules.suppress(r["n"]))
                                             for r in by_branch]),
        rules.Breakdown(_("By age band"), [(k, rules.suppress(v)) for k, v in sorted(ages.items())]),
    ]
    if include_needs:
        from everyreader.readers.models import ReaderNeedTag

        types = list(NeedType.objects.filter(is_active=True))
        by_hash = {blind_index(f"need:{t.code}"): t for t in types}
        counts = ReaderNeedTag.objects.filter(reader__in=members.values("pk"), tag__in=by_hash.keys()) \
            .values("tag").annotate(n=Count("reader", distinct=True))
        result.append(rules.Breakdown(_("By need"), [(by_hash[r["tag"]].label, rules.suppress(r["n"]))
                                                     for r in counts]))
    for breakdown in result:
        breakdown.rows.sort(key=lambda row: row[0])
    return result


# --- population report ------------------------------------------------------------------------------

def needs_population(*, months: int = 24, need_type: str = "") -> dict:
    """New, changed and ended needs per month (of one type, or all) and per type, from the
    anonymous statistics."""
    today = timezone.localdate().replace(day=1)
    first = today
    for _step in range(months - 1):
        first = (first.replace(year=first.year - 1, month=12) if first.month == 1
                 else first.replace(month=first.month - 1))
    stats = NeedStatistic.objects.filter(month__gte=first).order_by("month")
    month_keys = []
    cursor = first
    while cursor <= today:
        month_keys.append(cursor)
        cursor = (cursor.replace(year=cursor.year + 1, month=1) if cursor.month == 12
                  else cursor.replace(month=cursor.month + 1))
    per_month = {m: {"new": 0, "changed": 0, "ended": 0} for m in month_keys}
    per_type: dict[str, dict[str, int]] = {}
    for stat in stats:
        if stat.month in per_month and (not need_type or stat.need_type == need_type):
            per_month[stat.month][stat.event] += stat.count
        per_type.setdefault(stat.need_type, {"new": 0, "changed": 0, "ended": 0})[stat.event] += stat.count
    labels = {t.code: t.label for t in NeedType.objects.all()}
    return {
        "months": month_keys,
        "per_month": per_month,
        "per_type": sorted(((labels.get(code, code), v) for code, v in per_type.items()), key=lambda x: x[0]),
        "current": current_needs_counts(),
    }


def current_needs_counts() -> list[tuple[str, str]]:
    """Readers with each need now (from the blind index; <5 suppressed)."""
    from everyreader.readers.models import ReaderNeedTag

    types = list(NeedType.objects.filter(is_active=True).select_related("category"))
    by_hash = {blind_index(f"need:{t.code}"): t for t in types}
    counts = {r["tag"]: r["n"] for r in ReaderNeedTag.objects.filter(tag__in=by_hash.keys())
              .values("tag").annotate(n=Count("reader", distinct=True))}
    return [(t.label, rules.suppress(counts.get(h, 0))) for h, t in by_hash.items()]


#: Broad need groups for anonymous statistics (need category codes of the taxonomy in each group).
NEED_GROUPS = {
    "vision": {"vision"},
    "hearing": {"hearing"},
    "mobility": {"mobility", "dexterity", "health"},
    "learning": {"reading", "intellectual", "communication", "language"},
}


SEGMENT_FLAGS = ("print_disabled", *NEED_GROUPS)
_NEED_TAGS = GenerationCache(generations.NEEDS)


def _flag_tags() -> dict[str, frozenset[str]]:
    """For each flag of reader_segment_flags, the blind-index tags that set it (kept per process
    until the needs taxonomy changes; core/generations.py)."""
    def load():
        by_flag = {"print_disabled": {blind_index("print-disabled")}, **{group: set() for group in NEED_GROUPS}}
        for code, category in NeedType.objects.values_list("code", "category__code"):
            for group, categories in NEED_GROUPS.items():
                if category in categories:
                    by_flag[group].add(blind_index(f"need:{code}"))
        return {flag: frozenset(tags) for flag, tags in by_flag.items()}

    return _NEED_TAGS.get("flags", load)


def needs_taxonomy_changed(**kwargs) -> None:
    generations.bump(generations.NEEDS)


def reader_segment_flags(reader: Reader) -> dict[str, bool]:
    """Coarse, non-identifying flags for anonymous statistics: print-disabled and the broad need
    groups of NEED_GROUPS, read from the blind-indexed need tags (never the encrypted profile).
    One query (the taxonomy's tags are kept per process; core/generations.py)."""
    # Plain SQL: every checkout reads this, and compiling the ORM query costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tag FROM readers_readerneedtag WHERE reader_id = %s", [reader.pk])
        tags = {tag for (tag,) in cursor.fetchall()}
    if not tags:
        return dict.fromkeys(SEGMENT_FLAGS, False)
    return {flag: not tags.isdisjoint(flag_tags) for flag, flag_tags in _flag_tags().items()}
