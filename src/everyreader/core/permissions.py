"""View guards. A denied request renders the accessible 403 page (or redirects to sign in)."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied


class StaffRequiredMixin(AccessMixin):
    """Signed-in staff member; optionally with every permission in `permission_required`."""

    permission_required: str | tuple[str, ...] | None = None

    def get_permission_required(self) -> tuple[str, ...]:
        perms = self.permission_required
        if perms is None:
            return ()
        return (perms,) if isinstance(perms, str) else tuple(perms)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not user.is_staff_member or not user.has_perms(self.get_permission_required()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReaderRequiredMixin(AccessMixin):
    """Any signed-in user (readers and staff alike)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


def require_perm(user, perm: str) -> None:
    """For services: raise PermissionDenied unless the actor holds `perm`."""
    if user is None or not user.has_perm(perm):
        raise PermissionDenied
