from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.programs.models import Programme
from everyreader.programs.templatetags.programmes import localized


def crumbs(programme=None, *extra):
    items = [(_("Staff workspace"), reverse("staff:home")), (_("Programmes"), reverse("programmes:index"))]
    if programme is not None:
        items.append((localized(programme, "name"), reverse("programmes:overview", args=[programme.pk])))
    return [*items, *extra]


class ProgrammeMixin(StaffRequiredMixin):
    """Loads `self.programme` from the URL's `pk` (or `programme_pk`)."""

    permission_required = "programs.view_programme"
    programme_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_programme(self):
        if not hasattr(self, "programme"):
            self.programme = get_object_or_404(Programme, pk=self.kwargs[self.programme_kwarg])
        return self.programme


def load(model_getter, pk):
    try:
        return model_getter(pk)
    except Exception as error:  # DoesNotExist of whichever model
        if error.__class__.__name__ == "DoesNotExist":
            raise Http404 from None
        raise


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
