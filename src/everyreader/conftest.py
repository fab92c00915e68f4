"""Fixtures shared by every app's tests."""

import pytest
from django.contrib.auth.models import Group

from everyreader.accounts.roles import ALL_ROLES, sync_roles


@pytest.fixture
def roles(db):
    sync_roles()
    return {name: Group.objects.get(name=name) for name in ALL_ROLES}


@pytest.fixture
def make_user(db, roles):
    """make_user("librarian") -> a user holding that role (or several: make_user("a", "b"))."""
    from everyreader.accounts.tests.factories import UserFactory

    def make(*role_names, **fields):
        user = UserFactory(**fields)
        user.groups.set([roles[r] for r in role_names])
        return user

    return make


@pytest.fixture
def client_as(client, make_user):
    """client_as("department_head") -> a test client signed in as a new user with that role."""

    def sign_in(*role_names, **fields):
        user = make_user(*role_names, **fields)
        client.force_login(user)
        client.user = user
        return client

    return sign_in
