import pytest

from everyreader.accounts.tests.factories import BranchFactory, DepartmentFactory
from everyreader.feedback import services
from everyreader.feedback.models import Category, Channel, Kind
from everyreader.readers.models import ContactChannel, Reader


@pytest.fixture
def org(make_user):
    """A branch open Monday–Friday, a department with a head and two members, a routed category."""
    head = make_user("department_head", "librarian", username="head")
    handler = make_user("librarian", username="handler")
    other = make_user("librarian", username="other")
    outsider = make_user("librarian", username="outsider")
    manager = make_user("programme_manager", username="manager")
    department = DepartmentFactory(code="circulation", name="流通部", head=head)
    department.members.add(handler, other, head)
    branch = BranchFactory(code="main", name="总馆", opening_days=[0, 1, 2, 3, 4])
    category = Category.objects.create(code="wait", name="等候时间", department=department)
    return type("Org", (), {"head": head, "handler": handler, "other": other, "outsider": outsider,
                            "manager": manager, "department": department, "branch": branch,
                            "category": category})


@pytest.fixture
def reader(db):
    return Reader.objects.create(card_number="R100", family_name="林", given_name="芳", email="lin@example.org",
                                 phone="13800000001", preferred_contact=ContactChannel.EMAIL)


@pytest.fixture
def submit(org):
    def make(**kwargs):
        data = {"actor": None, "kind": Kind.COMPLAINT, "category": org.category, "subject": "排队太久",
                "description": "等了四十分钟。", "branch": org.branch, "channel": Channel.WEB}
        data.update(kwargs)
        return services.feedback_submit(**data)

    return make


ROOT_CAUSE = {"cause_category": "process", "whys": ["窗口太少", "排班没有考虑周末高峰"], "expected": "十分钟内办完",
              "provided": "等了四十分钟"}
