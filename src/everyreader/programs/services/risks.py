"""Risk register: reviews (status history) and edits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.programs import policies, schedule
from everyreader.programs.models import Risk, RiskReview
from everyreader.programs.services.tasks import _apply

R = Risk.Status
RISK_FLOW = StateMachine({
    R.OPEN: [R.OPEN, R.MITIGATING, R.OCCURRED, R.CLOSED],
    R.MITIGATING: [R.MITIGATING, R.OPEN, R.OCCURRED, R.CLOSED],
    R.OCCURRED: [R.OCCURRED, R.MITIGATING, R.CLOSED],
    R.CLOSED: [R.CLOSED, R.OPEN],
})


def score_level(score: int) -> str:
    """5x5 matrix bands: 1-4 low, 5-9 medium, 10-16 high, 20-25 very high."""
    if score >= 20:
        return "very_high"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


def _check_scores(likelihood: int, impact_score: int) -> None:
    if not 1 <= likelihood <= 5:
        raise DomainError(_("Likelihood must be from 1 to 5."), field="likelihood")
    if not 1 <= impact_score <= 5:
        raise DomainError(_("Impact must be from 1 to 5."), field="impact_score")


@transaction.atomic
def risk_review(*, actor, risk: Risk, likelihood: int, impact_score: int, status: str, note: str = "",
                today: dt.date | None = None) -> RiskReview:
    """Record a review: new scores and status, a history entry, and the next review date."""
    if not policies.can_edit_risk(actor, risk):
        raise PermissionDenied
    _check_scores(likelihood, impact_score)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    RISK_FLOW.check(risk.status, status, R)
    today = today or timezone.localdate()
    review = RiskReview.objects.create(
        risk=risk, reviewed_by=actor, reviewed_at=timezone.now(), likelihood=likelihood,
        impact_score=impact_score, status=status, note=note)
    before = {"likelihood": risk.likelihood, "impact": risk.impact_score, "status": risk.status}
    risk.likelihood, risk.impact_score, risk.status = likelihood, impact_score, status
    risk.next_review = None if status == R.CLOSED else schedule.next_date(today, risk.review_cadence)
    risk.save()
    audit.record(actor=actor, action="programme_risk.reviewed", obj=risk, details={
        "before": before, "after": {"likelihood": likelihood, "impact": impact_score, "status": status},
        "next_review": str(risk.next_review or "")})
    return review


@transaction.atomic
def risk_update(*, actor, risk: Risk, tasks=None, **data) -> Risk:
    if not policies.can_edit_risk(actor, risk):
        raise PermissionDenied
    if "department" in data and not policies.is_manager(actor):
        data.pop("department")  # only the programme manager moves a risk to another department
    _check_scores(data.get("likelihood", risk.likelihood), data.get("impact_score", risk.impact_score))
    changes = _apply(risk, data, ("factor", "impact", "mitigation", "mitigation_schedule", "owner",
                                  "department", "review_cadence", "next_review"))
    if changes:
        risk.save()
    if tasks is not None:
        tasks = list(tasks)
        if any(t.programme_id != risk.programme_id for t in tasks):
            raise DomainError(_("Choose tasks of this programme."), field="tasks")
        old = sorted(risk.tasks.values_list("code", flat=True))
        new = sorted(t.code for t in tasks)
        if old != new:
            risk.tasks.set(tasks)
            changes["tasks"] = [old, new]
    if changes:
        audit.record(actor=actor, action="programme_risk.updated", obj=risk, details={"changes": changes})
    return risk
