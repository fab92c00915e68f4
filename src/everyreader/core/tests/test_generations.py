"""Process-local caches (core/generations.py) and their uses: a change is seen at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from everyreader.accounts.access import access_of, branch_by_code
from everyreader.accounts.models import Branch, User
from everyreader.accounts.tests.factories import BranchFactory
from everyreader.circulation.models import CirculationPolicy
from everyreader.circulation.policies import policy_for
from everyreader.core import generations
from everyreader.core.generations import GenerationCache
from everyreader.core.models import CacheGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture
def central():
    return BranchFactory(code="central", name="总馆")


def another_process_changed(name):
    """What another server process's bump looks like from here: only the row changes."""
    CacheGeneration.objects.update_or_create(name=name, defaults={"token": "f" * 32})


def test_token_is_created_random_and_replaced_by_bump():
    CacheGeneration.objects.all().delete()
    first = generations.token("demo")
    assert len(first) == 32 and generations.token("demo") == first
    generations.bump("demo")
    assert generations.token("demo") not in ("", first)


def test_cache_recomputes_only_after_a_new_generation():
    cache, calls = GenerationCache("demo"), []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1 and cache.get("k", compute) == 1
    another_process_changed("demo")
    assert cache.get("k", compute) == 2


def test_cache_is_bounded():
    cache = GenerationCache("demo", max_entries=3)
    for key in range(10):
        cache.get(key, lambda key=key: key)
    assert len(cache._values) <= 3


def test_rolled_back_change_brings_back_the_old_copy(central):
    before = policy_for(reader_category="", format="print", branch_id=central.pk).loan_days
    standard = CirculationPolicy.objects.get(reader_category="", format="", branch=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        standard.loan_days = before + 5
        standard.save()
        assert policy_for(reader_category="", format="print", branch_id=central.pk).loan_days == before + 5
        raise RuntimeError
    assert policy_for(reader_category="", format="print", branch_id=central.pk).loan_days == before


def test_revoked_role_stops_working_at_once(make_user):
    user = make_user("librarian")
    assert User.objects.get(pk=user.pk).has_perm("circulation.add_loan")
    user.groups.clear()
    fresh = User.objects.get(pk=user.pk)
    assert not fresh.has_perm("circulation.add_loan") and not fresh.is_staff_member


def test_permission_taken_from_a_role_stops_working_at_once(make_user):
    user = make_user("librarian")
    assert User.objects.get(pk=user.pk).has_perm("circulation.add_loan")
    group = Group.objects.get(name="librarian")
    group.permissions.remove(*group.permissions.filter(codename="add_loan"))
    assert not User.objects.get(pk=user.pk).has_perm("circulation.add_loan")


def test_deactivated_user_has_no_permissions_and_gets_them_back(make_user):
    user = make_user("librarian")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not User.objects.get(pk=user.pk).has_perm("circulation.add_loan")
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert User.objects.get(pk=user.pk).has_perm("circulation.add_loan")


def test_superuser_has_every_permission(make_user):
    user = make_user()
    assert access_of(user).permissions == frozenset()
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert "circulation.add_loan" in access_of(User.objects.get(pk=user.pk)).permissions


def test_change_in_another_process_is_seen(make_user, central):
    assert branch_by_code("central").name == central.name
    Branch.objects.filter(pk=central.pk).update(name="Renamed")  # no signal: as if elsewhere
    another_process_changed(generations.BRANCHES)
    assert branch_by_code("central").name == "Renamed"


def test_branch_copies_are_the_callers_own(central):
    branch_by_code("central").name = "changed by a caller"
    assert branch_by_code("central").name == central.name
    assert branch_by_code("nope") is None


def test_one_generation_query_per_request(client, make_user):
    user = make_user("librarian")
    client.force_login(user)
    client.get("/staff/")  # fills the copies
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/").status_code == 200
    reads = [q for q in queries if "FROM core_cachegeneration" in q["sql"].replace('"', '')]
    assert len(reads) == 1
    assert not [q for q in queries if 'FROM "auth_permission"' in q["sql"]]


def test_migrations_start_new_generations():
    generations.token("demo")
    generations.clear_all()
    assert not CacheGeneration.objects.exists()



def test_refresh_caches_command_starts_new_generations(central):
    from io import StringIO

    from django.core.management import call_command

    assert branch_by_code("central").name == central.name
    Branch.objects.filter(pk=central.pk).update(name="Changed in SQL")  # no signal
    assert branch_by_code("central").name == central.name  # the process's copy, as documented
    out = StringIO()
    call_command("refresh_caches", stdout=out)
    assert branch_by_code("central").name == "Changed in SQL" and "next request" in out.getvalue()
