from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.circulation import services
from everyreader.circulation.models import CirculationPolicy
from everyreader.circulation.policies import FALLBACK, PRINT_DISABLED, policy_for
from everyreader.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_seeded_defaults_cover_the_special_arrangements(central):
    standard = policy_for(reader_category="adult", format="print", branch_id=central.pk)
    braille = policy_for(reader_category="adult", format="braille", branch_id=central.pk)
    device = policy_for(reader_category="adult", format="device", branch_id=central.pk)
    disabled = policy_for(reader_category=PRINT_DISABLED, format="print", branch_id=central.pk)
    disabled_device = policy_for(reader_category=PRINT_DISABLED, format="device", branch_id=central.pk)
    assert standard.loan_days == 28 and not standard.free_postal
    assert braille.loan_days > standard.loan_days and braille.free_postal and braille.fine_per_day == 0
    assert device.loan_days < standard.loan_days and device.item_limit == 1
    assert disabled.loan_days > braille.loan_days and disabled.free_postal
    assert disabled_device.loan_days == device.loan_days
    assert not CirculationPolicy.objects.filter(fine_per_day__gt=0).exists()


def test_category_beats_format_beats_branch(central, east):
    CirculationPolicy.objects.all().delete()
    any_row = CirculationPolicy.objects.create(loan_days=10)
    branch_row = CirculationPolicy.objects.create(branch=east, loan_days=11)
    format_row = CirculationPolicy.objects.create(format="audio", loan_days=12)
    format_branch = CirculationPolicy.objects.create(format="audio", branch=east, loan_days=13)
    category_row = CirculationPolicy.objects.create(reader_category="senior", loan_days=14)
    category_format = CirculationPolicy.objects.create(reader_category="senior", format="audio", loan_days=15)

    def resolve(category, fmt, branch):
        return policy_for(reader_category=category, format=fmt, branch_id=branch.pk)

    assert resolve("adult", "print", central) == any_row
    assert resolve("adult", "print", east) == branch_row
    assert resolve("adult", "audio", central) == format_row
    assert resolve("adult", "audio", east) == format_branch
    assert resolve("senior", "print", east) == category_row  # category beats branch
    assert resolve("senior", "braille", east) == category_row  # category beats format and branch
    assert resolve("senior", "audio", east) == category_format


def test_fallback_when_nothing_matches(central):
    CirculationPolicy.objects.all().delete()
    policy = policy_for(reader_category="adult", format="print", branch_id=central.pk)
    assert policy.pk is None and policy.note == FALLBACK.note and policy.loan_days == FALLBACK.loan_days
    assert FALLBACK.fine_per_day == 0


def test_policy_save_validates_and_audits(make_user, central):
    admin = make_user("administrator")
    policy = services.policy_save(actor=admin, reader_category="teen", format="audio", branch=central,
                                  loan_days=30, fine_per_day="0.50")
    assert policy.pk and policy.fine_per_day == Decimal("0.50")
    with pytest.raises(DomainError) as error:
        services.policy_save(actor=admin, reader_category="teen", format="audio", branch=central, loan_days=5)
    assert error.value.field == "reader_category"
    for bad in ({"reader_category": "nope"}, {"format": "scroll"}, {"loan_days": 0},
                {"loan_days": "x"}, {"fine_per_day": "-1"}, {"fine_per_day": "abc"}, {"fine_per_day": "0.001"}):
        before = CirculationPolicy.objects.count()
        with pytest.raises(DomainError):
            services.policy_save(actor=admin, **{"loan_days": 7, **bad})
        assert CirculationPolicy.objects.count() == before


def test_only_administrators_write_policies(make_user):
    policy = CirculationPolicy.objects.first()
    for role in ("librarian", "department_head", "programme_manager", "reader"):
        with pytest.raises(PermissionDenied):
            services.policy_save(actor=make_user(role), policy=policy, loan_days=3)
        with pytest.raises(PermissionDenied):
            services.policy_delete(actor=make_user(role), policy=policy)
    policy.refresh_from_db()
    assert policy.loan_days != 3


def test_periodic_jobs_are_registered():
    from everyreader.core import periodic

    names = {job.name for job in periodic.jobs()}
    assert {"circulation.auto_renew", "circulation.expire_holds"} <= names
