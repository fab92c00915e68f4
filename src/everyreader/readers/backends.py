from django.contrib.auth.backends import ModelBackend

from everyreader.accounts.access import CachedPermissionsMixin

from everyreader.readers.selectors import reader_by_card


class CardNumberBackend(CachedPermissionsMixin, ModelBackend):
    """Sign in with a library card number and the password of the reader's account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        reader = reader_by_card(username)
        if reader is None or reader.user is None or not reader.is_active:
            return None
        user = reader.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
