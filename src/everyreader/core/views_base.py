"""Base views shared by every app: a form page whose POST calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.views.generic import FormView

from everyreader.core.errors import DomainError


class ServiceFormView(FormView):
    """Validate with the form, act with one service, re-render with a clear error on DomainError.

    Subclasses implement `perform(form)` (calling a service) and may set `success_message`.
    """

    template_name = "core/form_page.html"
    page_title = ""
    intro = ""
    submit_label = None
    cancel_url = None
    success_message = None
    breadcrumbs: list = []

    def perform(self, form):  # pragma: no cover - subclasses define it
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform()")

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def get_success_message(self):
        return self.success_message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("intro", self.intro)
        context.setdefault("submit_label", self.submit_label)
        context.setdefault("cancel_url", self.get_cancel_url())
        context.setdefault("breadcrumbs", self.get_breadcrumbs())
        return context

    def get_page_title(self):
        return self.page_title

    def get_cancel_url(self):
        return self.cancel_url

    def get_breadcrumbs(self):
        return self.breadcrumbs
