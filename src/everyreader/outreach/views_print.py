"""Route sheets (HTML page and large-print PDF, per day and deliverer) and postal label sheets."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.outreach import selectors
from everyreader.outreach.models import RosterMember
from everyreader.outreach.views_delivery import crumbs


class RouteFilterForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.ModelChoiceField(label=gettext_lazy("Deliverer"), required=False,
                                    queryset=RosterMember.objects.none(), empty_label=gettext_lazy("Everyone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = RosterMember.objects.filter(is_active=True).order_by("name")


def _routes(request):
    form = RouteFilterForm(request.GET or None, initial={"date": timezone.localdate()})
    day, member = timezone.localdate(), None
    if form.is_bound and form.is_valid():
        day, member = form.cleaned_data["date"], form.cleaned_data["member"]
    routes = selectors.routes_for(day, member.pk if member else None)
    audit.record(actor=request.user, action="delivery.route_sheet_viewed",
                 details={"date": day.isoformat(), "member": member.pk if member else None})
    return form, day, member, routes


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RouteSheetView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_visit"
    template_name = "outreach/route_sheet.html"

    def get_context_data(self, **kwargs):
        form, day, member, routes = _routes(self.request)
        pdf_query = f"date={day.isoformat()}" + (f"&member={member.pk}" if member else "")
        return super().get_context_data(page_title=_("Route sheets"), form=form, day=day, routes=routes,
                                        pdf_url=f"{reverse('outreach:route_sheet_pdf')}?{pdf_query}",
                                        breadcrumbs=crumbs((_("Route sheets"), "")), **kwargs)


class RouteSheetPdfView(StaffRequiredMixin, View):
    permission_required = "outreach.view_visit"

    def get(self, request):
        _form, day, _member, routes = _routes(request)
        html = render_to_string("outreach/route_sheet_print.html",
                                {"routes": routes, "day": day, "lang": get_language()})
        return _pdf(html, f"route-sheet-{day.isoformat()}.pdf")


class PostalLabelsView(StaffRequiredMixin, View):
    permission_required = "outreach.view_postalloan"

    def get(self, request):
        try:
            day = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        loans = list(selectors.postal_list(dispatched_on=day))
        audit.record(actor=request.user, action="postal.labels_printed", details={"date": day.isoformat(),
                                                                                  "count": len(loans)})
        html = render_to_string("outreach/postal_labels_print.html",
                                {"loans": loans, "day": day, "lang": get_language()})
        return _pdf(html, f"postal-labels-{day.isoformat()}.pdf")
