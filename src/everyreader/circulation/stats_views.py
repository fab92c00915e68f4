"""Staff page: reading volume (loans per month × format × population group) from the anonymous
loan statistics, with a chart, the table of numbers and CSV/XLSX downloads."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.circulation import stats
from everyreader.circulation.desk_forms import StatsFilterForm
from everyreader.core import audit
from everyreader.core.charts import Chart, Series
from everyreader.core.exports import download
from everyreader.core.permissions import StaffRequiredMixin

STATS_PERM = "circulation.view_loanstatistic"


def _filters(request):
    form = StatsFilterForm(request.GET or None, flags=stats.population_choices())
    data = form.cleaned_data if form.is_valid() else {}
    return form, {"months": data.get("months") or 12, "population": data.get("flag") or "",
                  "branch_id": data["branch"].pk if data.get("branch") else None}


class ReadingVolumeView(StaffRequiredMixin, TemplateView):
    permission_required = STATS_PERM
    template_name = "circulation/stats.html"

    def get_context_data(self, **kwargs):
        form, filters = _filters(self.request)
        volume = stats.reading_volume(**filters)
        labels = [m.strftime("%Y-%m") for m in volume.months]
        totals = [volume.total(m) for m in volume.months]
        chart = Chart(title=_("Loans per month, all formats"), x_labels=labels, kind="bar",
                      x_title=_("Month"), y_title=_("Loans"),
                      series=[Series(_("Loans"), [n if n == 0 or n >= 5 else None for n in totals])])
        query = self.request.GET.urlencode()
        title = _("Reading volume")
        return super().get_context_data(
            page_title=title, filter_form=form, chart=chart, header=volume.header(), rows=volume.rows(),
            by_population=stats.population_totals(months=filters["months"], branch_id=filters["branch_id"]),
            csv_url=reverse("circulation:statistics_export", args=["csv"]) + (f"?{query}" if query else ""),
            xlsx_url=reverse("circulation:statistics_export", args=["xlsx"]) + (f"?{query}" if query else ""),
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (title, "")], **kwargs)


class ReadingVolumeExportView(StaffRequiredMixin, View):
    permission_required = STATS_PERM

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        _form, filters = _filters(request)
        content = stats.export(stats.reading_volume(**filters), fmt)
        audit.record(actor=request.user, action="circulation.statistics_exported",
                     object_type="circulation.loanstatistic",
                     details={"format": fmt, **{k: v for k, v in filters.items() if v}})
        return download(content, "reading-volume", fmt)
