import datetime as dt

import pytest

from everyreader.accounts.tests.factories import DepartmentFactory
from everyreader.programs.services import import_plan

DEPARTMENT_CODES = ["needs-research", "acquisitions", "digital-resources", "facilities", "training", "activities",
                    "partnerships", "evaluation", "service-improvement", "circulation"]
START = dt.date(2026, 1, 5)  # a Monday


@pytest.fixture
def departments(make_user):
    result = {}
    for code in DEPARTMENT_CODES:
        head = make_user("department_head", username=f"head-{code}")
        result[code] = DepartmentFactory(code=code, name=f"Dept {code}", head=head)
        result[code].members.add(head)
    return result


@pytest.fixture
def manager(make_user):
    return make_user("programme_manager", username="pm")


@pytest.fixture
def programme(departments, manager):
    return import_plan(actor=manager, start_date=START, manager=manager)


@pytest.fixture
def tasks(programme):
    return {t.code: t for t in programme.tasks.select_related("programme")}
