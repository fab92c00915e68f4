"""Writes for the library's reader categories (configured by administrators, audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers.models import ReaderCategoryDefinition

FIELDS = ("label_zh_hans", "label_zh_hant", "label_en", "requires_guardian", "min_age", "max_age", "order",
          "is_active")


def _clean(data: dict) -> dict:
    data = {k: data[k] for k in FIELDS if k in data}
    for key in ("label_zh_hans", "label_zh_hant", "label_en"):
        data[key] = (data.get(key) or "").strip()
        if not data[key]:
            raise DomainError(_("Enter the category's name in all three languages."), field=key)
    low, high = data.get("min_age"), data.get("max_age")
    for key, value in (("min_age", low), ("max_age", high)):
        if value is not None and not 0 <= int(value) <= 130:
            raise DomainError(_("Enter an age between 0 and 130."), field=key)
    if low is not None and high is not None and int(low) > int(high):
        raise DomainError(_("The minimum age must not be above the maximum age."), field="max_age")
    return data


def _details(category: ReaderCategoryDefinition) -> dict:
    return {"code": category.code, **{k: getattr(category, k) for k in FIELDS}}


@transaction.atomic
def category_create(*, actor, code: str, **fields) -> ReaderCategoryDefinition:
    require_perm(actor, "readers.add_readercategorydefinition")
    code = (code or "").strip().lower()
    if not code or slugify(code) != code:
        raise DomainError(_("Enter a code of lower-case letters, digits and hyphens, for example “student”."),
                          field="code")
    if ReaderCategoryDefinition.objects.filter(code=code).exists():
        raise DomainError(_("A reader category with this code already exists."), field="code")
    category = ReaderCategoryDefinition.objects.create(code=code, **_clean(fields))
    audit.record(actor=actor, action="reader_category.created", obj=category, details=_details(category))
    return category


@transaction.atomic
def category_update(*, actor, category: ReaderCategoryDefinition, **fields) -> ReaderCategoryDefinition:
    """The code never changes: readers and other apps' rules refer to it."""
    require_perm(actor, "readers.change_readercategorydefinition")
    category = ReaderCategoryDefinition.objects.select_for_update().get(pk=category.pk)
    before = _details(category)
    for key, value in _clean(fields).items():
        setattr(category, key, value)
    category.save()
    after = _details(category)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record(actor=actor, action="reader_category.updated", obj=category, details={"changed": changed})
    return category
