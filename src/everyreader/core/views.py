from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from everyreader.accounts import selectors as account_selectors
from everyreader.accounts import services as account_services
from everyreader.core import notifications, selectors, workspace
from everyreader.core.display import DisplayPreferences
from everyreader.core.forms import AuditFilterForm, DisplayPreferencesForm
from everyreader.core.permissions import ReaderRequiredMixin, StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Welcome to the library"),
            branches=account_selectors.branch_list(active_only=True),
            **kwargs,
        )


def after_login(request):
    if request.user.is_authenticated and request.user.is_staff_member:
        return redirect("staff:home")
    return redirect("core:me")


class MyAccountView(ReaderRequiredMixin, TemplateView):
    template_name = "core/me.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("My account"), reader_sections=workspace.reader_sections(), **kwargs
        )


class DisplayPreferencesView(ServiceFormView):
    template_name = "core/display.html"
    form_class = DisplayPreferencesForm
    page_title = gettext_lazy("Display settings")
    success_message = gettext_lazy("Your display settings are saved.")

    def get_initial(self):
        return self.request.display.to_dict()

    def perform(self, form):
        prefs = DisplayPreferences.from_dict(form.cleaned_data)
        if self.request.user.is_authenticated:
            account_services.user_set_display_preferences(
                actor=self.request.user, user=self.request.user, preferences=prefs.to_dict()
            )
        self.request.display = prefs
        return prefs

    def form_valid(self, form):
        response = super().form_valid(form)
        if hasattr(self, "result"):
            response.set_cookie(DisplayPreferences.COOKIE_NAME, self.result.to_cookie(),
                                max_age=DisplayPreferences.COOKIE_AGE, samesite="Lax")
        return response

    def get_success_url(self):
        return reverse("core:display")


class AccessibilityStatementView(TemplateView):
    template_name = "core/accessibility.html"
    extra_context = {"page_title": gettext_lazy("Accessibility statement")}


class HelpView(TemplateView):
    template_name = "core/help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Help"), branches=account_selectors.branch_list(active_only=True), **kwargs
        )


class StaffHomeView(StaffRequiredMixin, TemplateView):
    template_name = "staff/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Staff workspace"),
            attention=workspace.attention_for(self.request.user),
            **kwargs,
        )


class AuditLogView(StaffRequiredMixin, TemplateView):
    permission_required = "core.view_auditevent"
    template_name = "staff/audit_log.html"

    def get_context_data(self, **kwargs):
        form = AuditFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
        page = Paginator(events, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_title=_("Audit log"),
            form=form,
            page_obj=page,
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Audit log"), "")],
            **kwargs,
        )


class NotificationListView(StaffRequiredMixin, TemplateView):
    template_name = "staff/notifications.html"

    def get_context_data(self, **kwargs):
        page = Paginator(notifications.notifications_for(self.request.user), 30).get_page(
            self.request.GET.get("page"))
        return super().get_context_data(
            page_title=_("My notifications"),
            page_obj=page,
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("My notifications"), "")],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        ids = [i for i in request.POST.getlist("notification") if i.isdigit()]
        if "all" in request.POST:
            count = notifications.mark_all_read(actor=request.user)
        else:
            count = notifications.mark_read(actor=request.user, notification_ids=ids)
        messages.success(request, ngettext("%(count)d notification marked as read.",
                                           "%(count)d notifications marked as read.", count) % {"count": count})
        return redirect("staff:notifications")


@never_cache
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # report, never raise: this is what load balancers poll
        checks["database"] = f"error: {type(error).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks},
                        status=200 if healthy else 503)


def _error(request, status, title, text):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": status, "message": str(title), "detail": str(text)}},
                            status=status)
    return render(request, "core/error.html", {"page_title": title, "text": text, "status": status},
                  status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Sorry, we could not understand that request"),
                  _("Something in the request was not valid. Go back, check what you entered and try again."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("You do not have access to this page"),
                  _("Your account does not include this part of the system. If you need it for "
                    "your work, ask a system administrator."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Page not found"),
                  _("The address may be mistyped, or the page may have moved. Check the address, "
                    "or start again from the home page."))


def server_error(request):
    return _error(request, 500, _("Sorry, something went wrong on our side"),
                  _("Nothing you did caused this. Please try again in a few minutes. If it keeps "
                    "happening, tell us at any service desk."))


def csrf_failure(request, reason=""):
    return _error(request, 403, _("Please submit the form again"),
                  _("For your security, forms expire after a while or when you sign in or out. "
                    "Go back, reload the page and submit it again."))
