"""Writes of the policy matrix (administrators only)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.catalog.vocab import Format
from everyreader.circulation.models import CirculationPolicy
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers.models import ReaderCategory

POLICY_FIELDS = ("reader_category", "format", "branch", "loan_days", "max_renewals", "item_limit",
                 "hold_limit", "fine_per_day", "grace_days", "max_fine", "free_postal", "auto_renew",
                 "hold_pickup_days", "note")
NUMBERS = {"loan_days": (1, 365), "max_renewals": (0, 50), "item_limit": (0, 500), "hold_limit": (0, 500),
           "grace_days": (0, 365), "hold_pickup_days": (1, 60)}


def _amount(value, *, high: int, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal("-1")
    if not amount.is_finite() or amount < 0 or amount > high or amount != round(amount, 2):
        raise DomainError(_("Enter an amount from 0 to %(high)s with at most two decimals.") % {"high": high},
                          field=field)
    return amount


def _validate(policy: CirculationPolicy) -> None:
    if policy.reader_category and policy.reader_category not in ReaderCategory.values:
        raise DomainError(_("Choose a reader category from the list."), field="reader_category")
    if policy.format and policy.format not in Format.values:
        raise DomainError(_("Choose a format from the list."), field="format")
    for name, (low, high) in NUMBERS.items():
        value = getattr(policy, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise DomainError(_("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
                              field=name)
    for name, high in (("fine_per_day", 1000), ("max_fine", 10000)):
        setattr(policy, name, _amount(getattr(policy, name), high=high, field=name))
    clash = CirculationPolicy.objects.filter(reader_category=policy.reader_category, format=policy.format,
                                             branch=policy.branch).exclude(pk=policy.pk)
    if clash.exists():
        raise DomainError(_("There is already a policy for this reader category, format and branch."),
                          field="reader_category")


@transaction.atomic
def policy_save(*, actor, policy: CirculationPolicy | None = None, **fields) -> CirculationPolicy:
    """Create (policy=None) or update a row of the policy matrix."""
    require_perm(actor, "circulation.change_circulationpolicy" if policy else "circulation.add_circulationpolicy")
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(name)s.") % {"name": ", ".join(sorted(unknown))})
    created = policy is None
    policy = policy or CirculationPolicy()
    for name, value in fields.items():
        setattr(policy, name, "" if value is None and name in ("reader_category", "format", "note") else value)
    _validate(policy)
    policy.save()
    audit.record(actor=actor, action="circulation_policy.created" if created else "circulation_policy.changed",
                 obj=policy, details={"fields": sorted(fields)})
    return policy


@transaction.atomic
def policy_delete(*, actor, policy: CirculationPolicy) -> None:
    require_perm(actor, "circulation.delete_circulationpolicy")
    audit.record(actor=actor, action="circulation_policy.deleted", obj=policy)
    policy.delete()
