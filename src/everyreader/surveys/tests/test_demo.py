import random

import pytest

from everyreader.surveys import demo, results
from everyreader.surveys.models import Answer, Response, Survey

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_idempotent_and_shows_improvement_in_some_dimensions(roles):
    ctx = {"random": random.Random(1), "staff": {}}
    demo.seed(ctx)
    counts = (Survey.objects.count(), Response.objects.count(), Answer.objects.count())
    assert counts[1] == 160 + 130 + 110 + 140
    demo.seed({"random": random.Random(1), "staff": {}})
    assert (Survey.objects.count(), Response.objects.count(), Answer.objects.count()) == counts
    rows = {row["label"]: row for row in results.wave_comparison(demo.SQ_FAMILY)["rows"] if row["is_dimension"]}
    before_after = {label: row["comparisons"][-1].direction for label, row in rows.items()}
    assert list(before_after.values()).count("up") == 2  # staff service and accessibility
    assert "none" in before_after.values()
