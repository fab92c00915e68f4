"""Create a whole programme from a plan template (data/plan_56_weeks.json).

The template is a hand transcription of the seed plan with text in zh-hans, zh-hant and en;
nothing is parsed from the seed document at run time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.accounts.models import Department
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.programs import policies, schedule
from everyreader.programs.models import (
    Communication,
    Goal,
    MeetingSeries,
    Milestone,
    Programme,
    Risk,
    Stakeholder,
    Target,
    Task,
)

PLAN_PATH = Path(__file__).resolve().parent.parent / "data" / "plan_56_weeks.json"
DEFAULT = "zh-hans"
OTHER_LANGUAGES = ("zh-hant", "en")


def load_plan(path: Path | None = None) -> dict:
    with open(path or PLAN_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def _texts(**fields) -> tuple[dict, dict]:
    """{"title": {"zh-hans":..,"en":..}} -> ({"title": zh-hans text}, i18n for the other languages)."""
    values, i18n = {}, {lang: {} for lang in OTHER_LANGUAGES}
    for name, text in fields.items():
        values[name] = text[DEFAULT]
        for lang in OTHER_LANGUAGES:
            i18n[lang][name] = text[lang]
    return values, i18n


@transaction.atomic
def import_plan(*, actor, start_date: dt.date, code: str | None = None, manager=None,
                path: Path | None = None) -> Programme:
    """Import the plan as a new programme starting on `start_date` (week 1)."""
    if actor is not None and not policies.is_manager(actor):
        raise PermissionDenied
    plan = load_plan(path)
    code = code or plan["code"]
    if Programme.objects.filter(code=code).exists():
        raise DomainError(_("A programme with this code already exists. Choose another code."), field="code")
    departments = {d.code: d for d in Department.objects.select_related("head")}

    def department(code_):
        return departments.get(code_) if code_ else None

    values, i18n = _texts(name=plan["name"], description=plan["description"])
    programme = Programme.objects.create(code=code, start_date=start_date, weeks=plan["weeks"], i18n=i18n,
                                         manager=manager, **values)
    for goal_data in plan["goals"]:
        values, i18n = _texts(title=goal_data["title"])
        goal = Goal.objects.create(programme=programme, code=goal_data["code"], i18n=i18n, **values)
        for order, target in enumerate(goal_data["targets"]):
            values, i18n = _texts(indicator=target["indicator"], unit=target["unit"])
            Target.objects.create(goal=goal, order=order, i18n=i18n, target_date=programme.end_date, **values)
    by_code = {}
    for order, key in enumerate(plan["tasks"]):
        dept = department(key["department"])
        values, i18n = _texts(title=key["title"], description=key["description"], group=key["group"])
        parent = Task.objects.create(programme=programme, code=key["code"], start_week=key["start_week"],
                                     end_week=key["end_week"], department=dept, order=order,
                                     owner=dept.head if dept else None, i18n=i18n, **values)
        milestone = key["milestone"]
        values, i18n = _texts(title=milestone["title"])
        Milestone.objects.create(programme=programme, task=parent, week=milestone["week"], i18n=i18n, **values)
        for sub_order, sub in enumerate(key["subtasks"]):
            dept = department(sub["department"])
            values, i18n = _texts(title=sub["title"], group=sub["group"], resources=sub["resources"])
            task = Task.objects.create(programme=programme, parent=parent, code=sub["code"], order=sub_order,
                                       start_week=sub["start_week"], end_week=sub["end_week"], department=dept,
                                       owner=dept.head if dept else None, i18n=i18n, **values)
            by_code[sub["code"]] = task
            task.depends_on.set([by_code[c] for c in sub["depends_on"]])
    for risk_data in plan["risks"]:
        depts = [department(c) for c in risk_data["departments"]]
        dept = depts[0] if depts else None
        values, i18n = _texts(factor=risk_data["factor"], impact=risk_data["impact"],
                              mitigation=risk_data["mitigation"], mitigation_schedule=risk_data["schedule"],
                              owner_group=risk_data["owner_group"])
        risk = Risk.objects.create(
            programme=programme, code=risk_data["code"], likelihood=risk_data["likelihood"],
            impact_score=risk_data["impact_score"], review_cadence=risk_data["review_cadence"],
            department=dept, owner=dept.head if dept else None, i18n=i18n,
            next_review=schedule.next_date(start_date, risk_data["review_cadence"]), **values)
        risk.tasks.set([by_code[c] for c in risk_data["threatens"]])
    for series in plan["meetings"]:
        values, i18n = _texts(title=series["title"], agenda=series["agenda"])
        chair = manager if series["kind"] == "coordination" else (
            department("partnerships").head if department("partnerships") else manager)
        MeetingSeries.objects.create(programme=programme, kind=series["kind"], cadence=series["cadence"],
                                     start_week=series["start_week"], end_week=series["end_week"],
                                     chair=chair, i18n=i18n, **values)
    for line in plan["communication"]:
        values, i18n = _texts(name=line["stakeholder"])
        stakeholder = Stakeholder.objects.create(programme=programme, kind=line["kind"], i18n=i18n, **values)
        values, i18n = _texts(content=line["content"], channel=line["channel"])
        dept = department(line["department"])
        owner = dept.head if dept and dept.head else manager
        Communication.objects.create(programme=programme, stakeholder=stakeholder, frequency=line["frequency"],
                                     owner=owner, next_due=schedule.next_date(start_date, line["frequency"]),
                                     i18n=i18n, **values)
    audit.record(actor=actor, action="programme.imported", obj=programme,
                 details={"template": plan["code"], "start_date": str(start_date),
                          "tasks": programme.tasks.count(), "risks": programme.risks.count()})
    return programme
