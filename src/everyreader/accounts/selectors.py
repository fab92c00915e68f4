"""Reads for staff, departments and branches."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import STAFF_ROLES


def staff_list(*, query: str = "", role: str = "", branch_id: int | None = None) -> QuerySet[User]:
    qs = (
        User.objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
        .select_related("branch")
        .prefetch_related("groups", Prefetch("departments", queryset=Department.objects.only("id", "name")))
        .distinct()
        .order_by("username")
    )
    if query:
        qs = qs.filter(
            Q(username__icontains=query) | Q(display_name__icontains=query)
            | Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
        )
    if role:
        qs = qs.filter(groups__name=role)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    return qs


def staff_choices() -> QuerySet[User]:
    return User.objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True), is_active=True).distinct().order_by("username")


def department_list() -> QuerySet[Department]:
    return (
        Department.objects.select_related("head", "branch")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def department_detail(pk: int) -> Department:
    return Department.objects.select_related("head", "branch").prefetch_related("members").get(pk=pk)


def departments_of(user: User) -> QuerySet[Department]:
    return Department.objects.filter(Q(members=user) | Q(head=user)).distinct()


def departments_headed_by(user: User) -> QuerySet[Department]:
    return Department.objects.filter(head=user)


def branch_list(*, active_only: bool = False) -> QuerySet[Branch]:
    qs = Branch.objects.annotate(staff_count=Count("staff", distinct=True)).order_by("name")
    return qs.filter(is_active=True) if active_only else qs


def user_roles(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
