"""Survey templates shipped with the product (data/*.json: text in zh-hans, zh-hant and en)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data"
TEMPLATES = {
    "needs": _("Reading needs of special reader populations"),
    "service_quality": _("Service quality: staff, information, place, accessibility"),
}


@lru_cache(maxsize=None)
def load(key: str) -> dict:
    if key not in TEMPLATES:
        raise KeyError(key)
    return json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))


def template_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in TEMPLATES.items()]
