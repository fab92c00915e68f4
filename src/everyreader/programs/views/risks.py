from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import matrix_svg, policies, selectors, services
from everyreader.programs.forms import RiskEditForm, RiskReviewForm
from everyreader.programs.services.risks import score_level
from everyreader.programs.views.common import ProgrammeMixin, crumbs, load, require

LEVEL_LABELS = {"low": gettext_lazy("Low"), "medium": gettext_lazy("Medium"), "high": gettext_lazy("High"),
                "very_high": gettext_lazy("Very high")}


def decorate(risk, user, today):
    risk.level = score_level(risk.score)
    risk.level_label = LEVEL_LABELS[risk.level]
    risk.review_due = bool(risk.next_review and risk.next_review <= today and risk.status != "closed")
    risk.can_edit = policies.can_edit_risk(user, risk)
    return risk


class RiskListView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_risk"
    template_name = "programs/risk_list.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        risks = [decorate(r, self.request.user, self.today) for r in selectors.risk_list(programme)]
        matrix = selectors.risk_matrix(risks)
        rows = [(impact, [matrix[impact - 1][likelihood - 1] for likelihood in range(1, 6)])
                for impact in range(5, 0, -1)]
        return super().get_context_data(
            programme=programme, risks=risks, matrix_rows=rows, likelihoods=range(1, 6),
            matrix_svg=matrix_svg.render(matrix, x_label=_("Likelihood"), y_label=_("Impact")),
            page_title=_("Risk register"), breadcrumbs=crumbs(programme, (_("Risk register"), "")), **kwargs)


class RiskDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_risk"
    template_name = "programs/risk_detail.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        risk = decorate(load(selectors.risk_detail, self.kwargs["pk"]), self.request.user, timezone.localdate())
        return super().get_context_data(
            risk=risk, programme=risk.programme,
            page_title=_("Risk %(code)s") % {"code": risk.code},
            breadcrumbs=crumbs(risk.programme,
                               (_("Risk register"), reverse("programmes:risks", args=[risk.programme_id])),
                               (risk.code, "")), **kwargs)


class RiskReviewView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.change_risk"
    form_class = RiskReviewForm
    success_message = gettext_lazy("Review recorded.")
    submit_label = gettext_lazy("Record the review")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.risk = load(selectors.risk_detail, kwargs["pk"])
            require(policies.can_edit_risk(request.user, self.risk))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"likelihood": self.risk.likelihood, "impact_score": self.risk.impact_score,
                "status": self.risk.status}

    def get_page_title(self):
        return _("Review risk %(code)s") % {"code": self.risk.code}

    def get_context_data(self, **kwargs):
        lang = self.request.LANGUAGE_CODE.lower()
        return super().get_context_data(intro=self.risk.localized("factor", lang), **kwargs)

    def perform(self, form):
        return services.risk_review(actor=self.request.user, risk=self.risk, **form.cleaned_data)

    def get_success_url(self):
        return reverse("programmes:risk_detail", args=[self.risk.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.risk.programme,
                      (_("Risk register"), reverse("programmes:risks", args=[self.risk.programme_id])),
                      (self.risk.code, reverse("programmes:risk_detail", args=[self.risk.pk])), (_("Review"), ""))


class RiskEditView(RiskReviewView):
    form_class = RiskEditForm
    success_message = gettext_lazy("Risk saved.")
    submit_label = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.risk.programme}

    def get_initial(self):
        r = self.risk
        lang = self.request.LANGUAGE_CODE.lower()
        return {"mitigation": r.localized("mitigation", lang), "owner": r.owner, "review_cadence": r.review_cadence,
                "next_review": r.next_review, "tasks": list(r.tasks.all())}

    def get_page_title(self):
        return _("Edit risk %(code)s") % {"code": self.risk.code}

    def perform(self, form):
        data = dict(form.cleaned_data)
        if data["mitigation"] == self.risk.localized("mitigation", self.request.LANGUAGE_CODE.lower()):
            data.pop("mitigation")  # unchanged: keep the plan's text in every language
        tasks = data.pop("tasks")
        return services.risk_update(actor=self.request.user, risk=self.risk, tasks=tasks, **data)
