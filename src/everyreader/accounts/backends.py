from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from everyreader.accounts.access import CachedPermissionsMixin


class UsernameBackend(CachedPermissionsMixin, ModelBackend):
    """Sign in with a username, case-insensitively. Card numbers: see readers.backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = get_user_model().objects.filter(username__iexact=username.strip()).first()
        if user is None:
            get_user_model()().set_password(password)  # equalise timing with a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
