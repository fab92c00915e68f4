import pytest
from django.core.management import call_command

from everyreader.accounts.models import Branch, Department, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_the_demo_logins():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    counts = (Branch.objects.count(), Department.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (Branch.objects.count(), Department.objects.count(), User.objects.count()) == counts
    assert counts[0] == 3 and counts[1] >= 10
    for username in ["admin", "librarian", "depthead", "manager", "reader"]:
        assert User.objects.get(username=username).check_password("everyreader-demo")
    assert User.objects.get(username="depthead").departments_headed.exists()
