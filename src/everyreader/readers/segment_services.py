"""Writes for segments and the audited export of their members."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.core import audit, exports
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers import segments as rules
from everyreader.readers.models import Segment

EXPORT_COLUMNS = ["card_number", "family_name", "given_name", "category", "home_branch", "preferred_contact",
                  "preferred_language", "phone", "email", "address", "service_preferences"]


def _check(actor, name: str, segment_rules: dict, exclude_pk=None) -> None:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the segment a name."), field="name")
    if Segment.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise DomainError(_("A segment with this name already exists."), field="name")
    rules.build_q(segment_rules)
    if rules.uses_sensitive(segment_rules) and not actor.has_perm("readers.view_needs_report") \
            and not actor.has_perm("readers.view_sensitive_needs"):
        raise DomainError(_("Segments over needs data need the permission to see needs statistics."))


@transaction.atomic
def segment_create(*, actor, name: str, description: str = "", rules: dict) -> Segment:
    require_perm(actor, "readers.add_segment")
    _check(actor, name, rules)
    segment = Segment.objects.create(name=name.strip(), description=description, rules=rules, created_by=actor)
    audit.record(actor=actor, action="segment.created", obj=segment, details={"rules": rules})
    return segment


@transaction.atomic
def segment_update(*, actor, segment: Segment, name: str, description: str = "", rules: dict) -> Segment:
    require_perm(actor, "readers.change_segment")
    _check(actor, name, rules, exclude_pk=segment.pk)
    segment.name, segment.description, segment.rules = name.strip(), description, rules
    segment.save()
    audit.record(actor=actor, action="segment.updated", obj=segment, details={"rules": rules})
    return segment


def may_export(user, segment: Segment) -> bool:
    if not user.has_perm("readers.export_readers"):
        return False
    return not rules.uses_sensitive(segment.rules) or user.has_perm("readers.view_sensitive_needs")


def segment_members_read(*, actor, segment: Segment):
    """Members for an API client allowed to export them; audited like an export."""
    from everyreader.readers.selectors import segment_members

    if not may_export(actor, segment):
        require_perm(actor, "readers.view_sensitive_needs")
        require_perm(actor, "readers.export_readers")
    members = list(segment_members(segment))
    audit.record(actor=actor, action="segment.members_listed", obj=segment,
                 details={"count": len(members), "readers": [r.pk for r in members][:5000]})
    return members


def segment_export(*, actor, segment: Segment, fmt: str) -> tuple[bytes, str]:
    """Members as CSV or XLSX (no needs data). Permission-guarded and audited."""
    from everyreader.readers.selectors import segment_members

    if not may_export(actor, segment):
        require_perm(actor, "readers.view_sensitive_needs")
        require_perm(actor, "readers.export_readers")
    if fmt not in ("csv", "xlsx"):
        raise DomainError(_("Choose CSV or XLSX."))
    members = list(segment_members(segment))
    rows = [[r.card_number, r.family_name, r.given_name, r.category,
             r.home_branch.code if r.home_branch else "", r.preferred_contact, r.preferred_language,
             r.phone, r.email, r.address, ";".join(r.service_preferences)] for r in members]
    audit.record(actor=actor, action="segment.exported", obj=segment,
                 details={"format": fmt, "count": len(rows), "readers": [r.pk for r in members][:5000]})
    if fmt == "csv":
        return exports.csv_bytes(EXPORT_COLUMNS, rows), exports.CSV_CONTENT_TYPE
    return exports.xlsx_bytes([exports.Sheet("members", EXPORT_COLUMNS, rows)]), exports.XLSX_CONTENT_TYPE
