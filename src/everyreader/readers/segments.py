"""The segment rule language: saved JSON rules evaluated to a Django Q (never SQL strings).

    {"match": "all" | "any",
     "conditions": [{"field": "category", "op": "in", "value": ["senior"]},
                    {"field": "age", "op": "gte", "value": 60},
                    {"not": {"field": "need", "op": "has_any", "value": ["low-vision"]}},
                    {"match": "any", "conditions": [...]}]}

Fields come from a registry. This app registers the profile fields; other apps register
behaviour fields (e.g. circulation: "no loan in N months") with `register_segment_field()`
in their AppConfig.ready(). A field's `to_q(op, value)` returns a Q over Reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.core.crypto import blind_index
from everyreader.core.errors import DomainError

OPS = {
    "choice": ("in", "not_in"),
    "number": ("eq", "gte", "lte"),
    "boolean": ("is",),
    "tags": ("has_any", "has_all", "has_none"),
}
MAX_DEPTH = 4
MAX_CONDITIONS = 50


@dataclass(frozen=True)
class SegmentField:
    key: str
    label: Any
    kind: str  # choice | number | boolean | tags
    to_q: Callable[[str, Any], Q]
    choices: Callable[[], list[tuple[str, str]]] | None = None
    sensitive: bool = False  # based on needs data: members only for holders of view_sensitive_needs
    order: int = 50
    min_value: int | None = None
    max_value: int | None = None

    def validate(self, op: str, value: Any) -> Any:
        if op not in OPS[self.kind]:
            raise DomainError(_("“%(op)s” cannot be used with “%(field)s”.") % {"op": op, "field": self.label})
        if self.kind in ("choice", "tags"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value:
                raise DomainError(_("Choose at least one value for “%(field)s”.") % {"field": self.label})
            allowed = {str(c) for c, _label in (self.choices() if self.choices else [])}
            unknown = [v for v in value if str(v) not in allowed]
            if unknown:
                raise DomainError(_("Unknown value for “%(field)s”: %(values)s")
                                  % {"field": self.label, "values": ", ".join(map(str, unknown))})
            return [str(v) for v in value]
        if self.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise DomainError(_("“%(field)s” needs a whole number.") % {"field": self.label}) from None
            if (self.min_value is not None and value < self.min_value) or (
                    self.max_value is not None and value > self.max_value):
                raise DomainError(_("“%(field)s” is out of range.") % {"field": self.label})
            return value
        if not isinstance(value, bool):
            raise DomainError(_("“%(field)s” must be true or false.") % {"field": self.label})
        return value


_fields: dict[str, SegmentField] = {}


def register_segment_field(segment_field: SegmentField) -> None:
    _fields[segment_field.key] = segment_field


def segment_fields() -> list[SegmentField]:
    return sorted(_fields.values(), key=lambda f: (f.order, f.key))


def get_field(key: str) -> SegmentField:
    try:
        return _fields[key]
    except KeyError:
        raise DomainError(_("Unknown field in a segment rule: %(field)s") % {"field": key}) from None


def build_q(rules: dict) -> Q:
    """Validate `rules` and return the Q selecting matching readers (raises DomainError)."""
    counter = [0]
    return _node(rules, 0, counter)


def _node(node: Any, depth: int, counter: list[int]) -> Q:
    if depth > MAX_DEPTH:
        raise DomainError(_("Segment rules are nested too deeply."))
    if not isinstance(node, dict):
        raise DomainError(_("A segment rule is not valid."))
    if "not" in node:
        return ~_node(node["not"], depth + 1, counter)
    if "conditions" in node:
        match = node.get("match", "all")
        if match not in ("all", "any"):
            raise DomainError(_("A group must match “all” or “any” of its conditions."))
        conditions = node["conditions"]
        if not isinstance(conditions, list):
            raise DomainError(_("A segment rule is not valid."))
        q = Q()
        for child in conditions:
            child_q = _node(child, depth + 1, counter)
            q = (q & child_q) if match == "all" else (q | child_q)
        if match == "any" and not conditions:
            return Q(pk__in=[])
        return q
    counter[0] += 1
    if counter[0] > MAX_CONDITIONS:
        raise DomainError(_("A segment may have at most %(n)s conditions.") % {"n": MAX_CONDITIONS})
    segment_field = get_field(node.get("field", ""))
    op = node.get("op", "")
    value = segment_field.validate(op, node.get("value"))
    return segment_field.to_q(op, value)


def uses_sensitive(rules: dict) -> bool:
    return any(_fields.get(key) is not None and _fields[key].sensitive for key in _field_keys(rules))


def _field_keys(node: Any):
    if isinstance(node, dict):
        if "field" in node:
            yield node["field"]
        if "not" in node:
            yield from _field_keys(node["not"])
        for child in node.get("conditions", []) or []:
            yield from _field_keys(child)


# --- the profile fields ---------------------------------------------------------------------------

def choice_q(column: str) -> Callable[[str, Any], Q]:
    def to_q(op, value):
        q = Q(**{f"{column}__in": value})
        return q if op == "in" else ~q
    return to_q


def _age_q(op: str, value: int) -> Q:
    year = timezone.localdate().year
    # age is computed from the birth year only: a reader born in year Y is (year - Y) this year
    target = year - value
    return {"eq": Q(birth_year=target), "gte": Q(birth_year__lte=target), "lte": Q(birth_year__gte=target)}[op]


def tags_q(prefix: str) -> Callable[[str, Any], Q]:
    def to_q(op, values):
        hashes = [blind_index(f"{prefix}:{v}") for v in values]
        if op == "has_any":
            return Q(pk__in=_tag_readers(hashes))
        if op == "has_none":
            return ~Q(pk__in=_tag_readers(hashes))
        q = Q()
        for h in hashes:
            q &= Q(pk__in=_tag_readers([h]))
        return q
    return to_q


def _tag_readers(hashes):
    from everyreader.readers.models import ReaderNeedTag

    return ReaderNeedTag.objects.filter(tag__in=hashes).values("reader_id")


def _bool_tag_q(tag: str) -> Callable[[str, bool], Q]:
    def to_q(op, value):
        q = Q(pk__in=_tag_readers([blind_index(tag)]))
        return q if value else ~q
    return to_q


def _consent_q(op: str, value: bool) -> Q:
    from everyreader.readers.models import Consent

    q = Q(pk__in=Consent.objects.filter(withdrawn_at__isnull=True).values("reader_id"))
    return q if value else ~q


def _registered_within_q(op: str, value: int) -> Q:
    since = timezone.now() - timezone.timedelta(days=30 * value)
    return {"lte": Q(created_at__gte=since), "gte": Q(created_at__lte=since), "eq": Q(created_at__gte=since)}[op]


def _card_expires_within_q(op: str, value: int) -> Q:
    """Cards still valid today that expire within `value` days (for a renewal reminder campaign)."""
    today = timezone.localdate()
    return Q(card_expires__gte=today, card_expires__lte=today + timezone.timedelta(days=value))


def _card_expired_q(op: str, value: bool) -> Q:
    q = Q(card_expires__lt=timezone.localdate())
    return q if value else ~q  # NOT (expires < today) also keeps cards without an expiry date


def register_profile_fields() -> None:
    from everyreader.accounts.models import Branch
    from everyreader.readers.models import (AssistanceNeed, ContactChannel, NeedType, PreferredFormat,
                                            ReaderCategory, RegistrationChannel)

    def need_choices():
        return [(t.code, t.label) for t in NeedType.objects.filter(is_active=True).select_related("category")]

    def branch_choices():
        return [(str(b.pk), b.name) for b in Branch.objects.order_by("name")]

    for f in (
        SegmentField("category", gettext_lazy("Reader category"), "choice", choice_q("category"),
                     lambda: ReaderCategory.choices, order=10),
        SegmentField("home_branch", gettext_lazy("Home branch"), "choice", choice_q("home_branch_id"),
                     branch_choices, order=11),
        SegmentField("age", gettext_lazy("Age (from birth year)"), "number", _age_q, order=12,
                     min_value=0, max_value=120),
        SegmentField("preferred_contact", gettext_lazy("Preferred contact channel"), "choice",
                     choice_q("preferred_contact"), lambda: ContactChannel.choices, order=13),
        SegmentField("registered_via", gettext_lazy("How they registered"), "choice",
                     choice_q("registered_via"), lambda: RegistrationChannel.choices, order=14),
        SegmentField("registered_within_months", gettext_lazy("Registered within the last N months"),
                     "number", _registered_within_q, order=15, min_value=1, max_value=600),
        SegmentField("has_consent", gettext_lazy("Has consented to needs recording"), "boolean",
                     _consent_q, order=16),
        SegmentField("card_expired", gettext_lazy("Library card has expired"), "boolean", _card_expired_q,
                     order=17),
        SegmentField("card_expires_within_days", gettext_lazy("Library card expires within N days"), "number",
                     _card_expires_within_q, order=18, min_value=0, max_value=3650),
        SegmentField("need", gettext_lazy("Needs"), "tags", tags_q("need"), need_choices,
                     sensitive=True, order=20),
        SegmentField("print_disabled", gettext_lazy("Print-disabled (registered)"), "boolean",
                     _bool_tag_q("print-disabled"), sensitive=True, order=21),
        SegmentField("format", gettext_lazy("Preferred formats"), "tags", tags_q("format"),
                     lambda: PreferredFormat.choices, sensitive=True, order=22),
        SegmentField("assistance", gettext_lazy("Assistance needed"), "tags", tags_q("assist"),
                     lambda: AssistanceNeed.choices, sensitive=True, order=23),
    ):
        register_segment_field(f)


@dataclass
class Breakdown:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


SMALL = 5


def suppress(count: int) -> str:
    """Counts under 5 are shown as “<5” so that small groups cannot be singled out."""
    return "<5" if 0 < count < SMALL else str(count)
