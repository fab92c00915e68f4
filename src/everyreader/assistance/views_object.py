"""One base for the staff form pages that act on one device or one slot: the object is loaded
from the URL, the breadcrumbs lead back to its page, and Cancel and success return there."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse


class ObjectFormMixin:
    object_queryset = None  # the objects a URL may name, e.g. Device.objects.select_related(...)
    object_attr = ""        # where the object is kept on the view, e.g. "device"
    detail_url = ""         # the object's own page, e.g. "assistance_staff:device"
    crumbs = staticmethod(lambda *extra: list(extra))  # the section's breadcrumbs

    def object_label(self, obj) -> str:
        return str(obj)

    def dispatch(self, request, *args, **kwargs):
        setattr(self, self.object_attr, get_object_or_404(self.object_queryset.all(), pk=kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def object_url(self) -> str:
        return reverse(self.detail_url, args=[getattr(self, self.object_attr).pk])

    def get_breadcrumbs(self):
        obj = getattr(self, self.object_attr)
        return self.crumbs((self.object_label(obj), self.object_url()), (self.get_page_title(), ""))

    def get_cancel_url(self):
        return self.object_url()

    def get_success_url(self):
        return self.object_url()
