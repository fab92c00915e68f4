"""Staff workspace: the survey builder, versions, runs (waves), invitations and staff entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.surveys import selectors
from everyreader.surveys import services_builder as builder
from everyreader.surveys.forms_builder import QuestionForm, RunForm, SectionForm, SurveyForm, TemplateForm, initial_texts
from everyreader.surveys.models import Question, Section, Survey, SurveyRun


def crumbs(*items):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Surveys"), reverse("surveys_staff:list")), *items]


def survey_crumbs(survey, *items):
    return crumbs((survey.title_text, reverse("surveys_staff:detail", args=[survey.pk])), *items)


class SurveyListView(StaffRequiredMixin, TemplateView):
    permission_required = "surveys.view_survey"
    template_name = "surveys/staff_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Surveys"), surveys=selectors.survey_list(),
                                        breadcrumbs=crumbs((_("Surveys"), "")), **kwargs)


class SurveyCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "surveys.add_survey"
    form_class = SurveyForm
    page_title = _("New survey")
    submit_label = _("Create the survey")

    def get_breadcrumbs(self):
        return crumbs((_("New survey"), ""))

    def get_cancel_url(self):
        return reverse("surveys_staff:list")

    def perform(self, form):
        return builder.survey_create(actor=self.request.user, **form.service_kwargs())

    def get_success_url(self):
        return reverse("surveys_staff:detail", args=[self.result.pk])


class SurveyFromTemplateView(SurveyCreateView):
    form_class = TemplateForm
    page_title = _("New survey from a template")
    intro = _("The templates come written in Simplified Chinese, Traditional Chinese and English. "
              "You can change everything before publishing.")

    def get_breadcrumbs(self):
        return crumbs((_("New survey from a template"), ""))

    def perform(self, form):
        return builder.survey_from_template(actor=self.request.user, key=form.cleaned_data["template"])


class SurveyDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "surveys.view_survey"
    template_name = "surveys/staff_detail.html"

    def get_context_data(self, pk, **kwargs):
        survey = get_object_or_404(Survey, pk=pk)
        return super().get_context_data(
            page_title=survey.title_text, survey=survey, sections=selectors.survey_sections(survey),
            versions=selectors.survey_versions(survey), runs=selectors.run_list(survey),
            breadcrumbs=crumbs((survey.title_text, "")), **kwargs)


class _DraftMixin(StaffRequiredMixin):
    permission_required = "surveys.change_survey"

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(Survey, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return reverse("surveys_staff:detail", args=[self.survey.pk])

    def get_success_url(self):
        return reverse("surveys_staff:detail", args=[self.survey.pk])


class SurveyEditView(_DraftMixin, ServiceFormView):
    form_class = SurveyForm
    page_title = _("Survey settings")
    success_message = _("Survey settings saved.")

    def get_breadcrumbs(self):
        return survey_crumbs(self.survey, (_("Survey settings"), ""))

    def get_initial(self):
        s = self.survey
        return {"kind": s.kind, "scale_form": s.scale_form, "one_question_per_page": s.one_question_per_page,
                "lite_item_count": s.lite_item_count, "link_to_reader": s.link_to_reader,
                **initial_texts("title", s.title), **initial_texts("intro", s.intro)}

    def perform(self, form):
        return builder.survey_update(actor=self.request.user, survey=self.survey, **form.service_kwargs())


class SectionAddView(_DraftMixin, ServiceFormView):
    form_class = SectionForm
    page_title = _("Add a section")

    def get_breadcrumbs(self):
        return survey_crumbs(self.survey, (_("Add a section"), ""))

    def perform(self, form):
        from everyreader.surveys.forms_builder import texts_from

        return builder.section_add(actor=self.request.user, survey=self.survey,
                                   title=texts_from(form.cleaned_data, "title"))


class SectionEditView(_DraftMixin, ServiceFormView):
    form_class = SectionForm
    page_title = _("Rename a section")

    def dispatch(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, pk=kwargs["section"], survey_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return survey_crumbs(self.survey, (_("Rename a section"), ""))

    def get_initial(self):
        return initial_texts("title", self.section.title)

    def perform(self, form):
        from everyreader.surveys.forms_builder import texts_from

        return builder.section_update(actor=self.request.user, section=self.section,
                                      title=texts_from(form.cleaned_data, "title"))


class QuestionEditView(_DraftMixin, ServiceFormView):
    form_class = QuestionForm
    success_message = _("Question saved.")

    def dispatch(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, pk=kwargs["section"], survey_id=kwargs["pk"])
        self.question = None
        if "question" in kwargs:
            self.question = get_object_or_404(Question, pk=kwargs["question"], section=self.section)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit a question") if self.question else _("Add a question")

    def get_breadcrumbs(self):
        return survey_crumbs(self.survey, (self.get_page_title(), ""))

    def get_initial(self):
        return QuestionForm.initial_from(self.question) if self.question else {}

    def perform(self, form):
        return builder.question_save(actor=self.request.user, section=self.section, question=self.question,
                                     **form.service_kwargs())


class _PostAction(StaffRequiredMixin, View):
    permission_required = "surveys.change_survey"
    success = ""

    def post(self, request, pk, **kwargs):
        survey = get_object_or_404(Survey, pk=pk)
        try:
            target = self.act(request, survey, **kwargs)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("surveys_staff:detail", pk=survey.pk)
        messages.success(request, self.success)
        return redirect("surveys_staff:detail", pk=(target or survey).pk)


class QuestionDeleteView(_PostAction):
    success = _("Question deleted.")

    def act(self, request, survey, question):
        builder.question_delete(actor=request.user, question=get_object_or_404(
            Question, pk=question, section__survey=survey))


class PublishView(_PostAction):
    success = _("Survey published. This version is now frozen; you can start runs with it.")

    def act(self, request, survey):
        return builder.survey_publish(actor=request.user, survey=survey)


class NewVersionView(_PostAction):
    success = _("A new draft version was made. Edit it, then publish it.")

    def act(self, request, survey):
        return builder.survey_new_version(actor=request.user, survey=survey)


class RunCreateView(_DraftMixin, ServiceFormView):
    permission_required = "surveys.add_surveyrun"
    form_class = RunForm
    page_title = _("Start a run")
    intro = _("A run puts this version in front of readers, as one wave of a programme: before, during or after.")
    submit_label = _("Start the run")

    def get_breadcrumbs(self):
        return survey_crumbs(self.survey, (_("Start a run"), ""))

    def perform(self, form):
        return builder.run_create(actor=self.request.user, survey=self.survey, **form.cleaned_data)

    def get_success_url(self):
        return reverse("surveys_staff:run", args=[self.result.pk])


class RunDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "surveys.view_surveyrun"
    template_name = "surveys/staff_run.html"

    def get_context_data(self, pk, invite_form=None, **kwargs):
        from everyreader.surveys.forms_builder import InviteForm

        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        counts = {s: run.responses.filter(status=s).count() for s in ("submitted", "in_progress")}
        return super().get_context_data(
            page_title=run.name, run=run, survey=run.survey, counts=counts,
            invite_form=invite_form or InviteForm(user=self.request.user),
            public_url=self.request.build_absolute_uri(reverse("surveys:take", args=[run.token])),
            kiosk_url=self.request.build_absolute_uri(reverse("surveys:kiosk_take", args=[run.token])),
            breadcrumbs=survey_crumbs(run.survey, (run.name, "")), **kwargs)


class RunOpenView(StaffRequiredMixin, View):
    permission_required = "surveys.change_surveyrun"

    def post(self, request, pk):
        run = get_object_or_404(SurveyRun, pk=pk)
        is_open = request.POST.get("open") == "1"
        builder.run_set_open(actor=request.user, run=run, is_open=is_open)
        messages.success(request, _("The run is open for answers.") if is_open else _("The run is closed."))
        return redirect("surveys_staff:run", pk=run.pk)


class RunInviteView(RunDetailView):
    permission_required = "surveys.change_surveyrun"

    def get(self, request, pk):
        return redirect("surveys_staff:run", pk=pk)

    def post(self, request, pk):
        from everyreader.surveys.forms_builder import InviteForm
        from everyreader.surveys.services_invite import run_invite

        run = get_object_or_404(SurveyRun, pk=pk)
        form = InviteForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                result = run_invite(actor=request.user, run=run, readers=audience_readers(
                    form.cleaned_data["audience"], request.user), audience=form.cleaned_data["audience"],
                    base_url=request.build_absolute_uri("/"))
            except DomainError as error:
                form.add_error("audience", error.message)
            else:
                messages.success(request, _("%(queued)s invitations queued; %(already)s readers had already been "
                                            "invited.") % {"queued": result.queued, "already": result.already})
                return redirect("surveys_staff:run", pk=run.pk)
        return self.render_to_response(self.get_context_data(pk=pk, invite_form=form), status=400)


def audience_readers(audience: str, user):
    from everyreader.readers import selectors as reader_selectors
    from everyreader.readers.models import Reader
    from everyreader.surveys.results import visible_segments

    kind, _sep, value = audience.partition(":")
    active = Reader.objects.filter(is_active=True).order_by("pk")
    if kind == "category":
        return active.filter(category=value)
    if kind == "branch" and value.isdigit():
        return active.filter(home_branch_id=int(value))
    if kind == "segment" and value.isdigit():
        segment = next((s for s in visible_segments(user) if s.pk == int(value)), None)
        if segment is None:
            raise PermissionDenied
        return reader_selectors.segment_members(segment)
    raise DomainError(_("Choose an audience."), field="audience")


class StaffEntryView(StaffRequiredMixin, View):
    """Type in a paper, large-print, braille or interview response; all questions on one page."""

    permission_required = "surveys.add_response"

    def _context(self, run, meta, answers, **extra):
        return {"page_title": _("Enter a response"), "run": run, "survey": run.survey, "meta_form": meta,
                "form": answers, "breadcrumbs": survey_crumbs(run.survey, (run.name, reverse(
                    "surveys_staff:run", args=[run.pk])), (_("Enter a response"), "")), **extra}

    def get(self, request, pk):
        from everyreader.surveys.forms_take import AnswerForm, StaffEntryMetaForm

        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        answers = AnswerForm(questions=selectors.survey_questions(run.survey), prefix="a", strict_required=False)
        return render(request, "surveys/staff_entry.html", self._context(run, StaffEntryMetaForm(), answers))

    def post(self, request, pk):
        from everyreader.surveys.forms_take import AnswerForm, StaffEntryMetaForm
        from everyreader.surveys.services_responses import response_enter_for_reader

        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        meta = StaffEntryMetaForm(request.POST)
        answers = AnswerForm(request.POST, questions=selectors.survey_questions(run.survey), prefix="a",
                             strict_required=False)
        if meta.is_valid() and answers.is_valid():
            try:
                response_enter_for_reader(actor=request.user, run=run, mode=meta.cleaned_data["mode"],
                                          raw=answers.raw_answers(), category=meta.cleaned_data["category"],
                                          branch=meta.cleaned_data["branch"])
            except DomainError as error:
                answers.add_service_error(error.field, error.message)
            else:
                messages.success(request, _("Response saved. You can enter the next one."))
                return redirect("surveys_staff:entry", pk=run.pk)
        return render(request, "surveys/staff_entry.html", self._context(run, meta, answers), status=400)
