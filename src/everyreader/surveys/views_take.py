"""Taking a survey: accessible above all. Works without JavaScript, one page or one question at
a time, progress as text, save and resume (session, or a resume code), no time limits."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.errors import DomainError
from everyreader.surveys import logic, selectors
from everyreader.surveys import services_responses as responses
from everyreader.surveys.forms_take import AnswerForm, ResumeForm, StartForm
from everyreader.surveys.models import Response, ResponseMode, ResponseStatus
from everyreader.surveys.services_invite import reader_from_token

SESSION_KEY = "surveys_in_progress"


def _url(name, run, kiosk, *args):
    return reverse(f"surveys:{'kiosk_' if kiosk else ''}{name}", args=[run.token, *args])


def _remember(request, run, response):
    store = dict(request.session.get(SESSION_KEY, {}))
    if response is None:
        store.pop(run.token, None)
    else:
        store[run.token] = response.pk
    request.session[SESSION_KEY] = store


def _current(request, run) -> Response | None:
    pk = request.session.get(SESSION_KEY, {}).get(run.token)
    if pk is None:
        return None
    return Response.objects.filter(pk=pk, run=run, status=ResponseStatus.IN_PROGRESS).first()


def _signed_in_reader(request):
    from everyreader.readers.selectors import reader_for_user

    return reader_for_user(request.user)


class SurveyIndexView(TemplateView):
    template_name = "surveys/take_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Surveys"), runs=selectors.open_runs(), **kwargs)


class _RunMixin:
    kiosk = False

    def dispatch(self, request, token, *args, **kwargs):
        self.run = selectors.run_by_token(token)
        if self.run is None:
            raise Http404
        return super().dispatch(request, token, *args, **kwargs)

    def context(self, **extra):
        base = "surveys/base_kiosk.html" if self.kiosk else "base.html"
        return {"run": self.run, "survey": self.run.survey, "kiosk": self.kiosk, "base_template": base, **extra}


class StartView(_RunMixin, View):
    def get(self, request, token):
        if "invite" in request.GET:
            request.session["surveys_invite"] = {token: request.GET["invite"][:500]}
            return redirect(_url("take", self.run, False))
        reader = self._reader(request)
        form = StartForm(initial={"easy_read": request.display.easy_read})
        return self._render(request, form, reader)

    def _reader(self, request):
        if self.kiosk:
            return None
        invite = request.session.get("surveys_invite", {}).get(self.run.token)
        if invite:
            reader = reader_from_token(self.run, invite)
            if reader is not None:
                return reader
        return _signed_in_reader(request)

    def _render(self, request, form, reader, status=200):
        return render(request, "surveys/take_start.html", self.context(
            page_title=self.run.survey.title_text, form=form, reader=reader,
            in_progress=None if self.kiosk else _current(request, self.run),
            may_link=bool(reader and self.run.survey.link_to_reader and reader.user_id == request.user.pk),
            question_count=len(selectors.survey_questions(self.run.survey))), status=status)

    def post(self, request, token):
        reader = self._reader(request)
        form = StartForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, reader, status=400)
        may_link = bool(reader and reader.user_id and reader.user_id == request.user.pk)
        try:
            response, code = responses.response_start(
                run=self.run, mode=ResponseMode.KIOSK if self.kiosk else ResponseMode.ONLINE, reader=reader,
                link_reader=may_link and form.cleaned_data["link_reader"], language=get_language() or "zh-hans",
                easy_read=form.cleaned_data["easy_read"])
        except DomainError as error:
            messages.error(request, error.message)
            return self._render(request, form, reader, status=400)
        _remember(request, self.run, response)
        if not self.kiosk:
            request.session["surveys_code"] = code
        return redirect(_url("page", self.run, self.kiosk, max(response.page, 1)))


class PageView(_RunMixin, View):
    def _load(self, request):
        response = _current(request, self.run)
        if response is None:
            return None, None, None
        questions = selectors.survey_questions(self.run.survey)
        answers = responses.current_answers(response)
        return response, questions, answers

    def _pages(self, response, questions, answers):
        return logic.pages(questions, answers, response.item_codes, self.run.survey.one_question_per_page)

    def get(self, request, token, page):
        response, questions, answers = self._load(request)
        if response is None:
            return redirect(_url("take", self.run, self.kiosk))
        pages = self._pages(response, questions, answers)
        if not pages:
            return redirect(_url("take", self.run, self.kiosk))
        page = min(max(page, 1), len(pages))
        current = pages[page - 1]
        form = AnswerForm(questions=current.questions, easy_read=response.easy_read,
                          initial=AnswerForm.initial_for(current.questions, answers))
        return self._render(request, response, pages, page, form)

    def _render(self, request, response, pages, page, form, status=200):
        one = self.run.survey.one_question_per_page
        progress = (_("Question %(n)s of %(total)s") if one else _("Page %(n)s of %(total)s")) % {
            "n": page, "total": len(pages)}
        code = request.session.pop("surveys_code", None)
        return render(request, "surveys/take_page.html", self.context(
            page_title=f"{self.run.survey.title_text} — {progress}", form=form, page=page, pages=pages,
            current=pages[page - 1], progress=progress, is_last=page == len(pages), response=response,
            resume_code=code,
            sq_hint=_("Give three scores from 1 (lowest) to 9 (highest), or tick “Not applicable to me”.")
            if self.run.survey.scale_form == "three" else
            _("Give two scores from 1 (lowest) to 9 (highest), or tick “Not applicable to me”.")), status=status)

    def post(self, request, token, page):
        response, questions, answers = self._load(request)
        if response is None:
            messages.error(request, _("Your answers could not be found. Start again or use your resume code."))
            return redirect(_url("take", self.run, self.kiosk))
        pages = self._pages(response, questions, answers)
        page = min(max(page, 1), max(len(pages), 1))
        current = pages[page - 1]
        action = request.POST.get("action", "next")
        form = AnswerForm(request.POST, questions=current.questions, easy_read=response.easy_read,
                          strict_required=action != "save")
        if not form.is_valid() or (action in ("next", "send") and not form.check_required()):
            return self._render(request, response, pages, page, form, status=400)
        try:
            responses.response_save(response=response, raw=form.raw_answers(), page=page)
        except DomainError as error:
            form.add_service_error(error.field, error.message)
            return self._render(request, response, pages, page, form, status=400)
        if action == "save":
            code = responses.new_resume_code()
            Response.objects.filter(pk=response.pk).update(resume_hash=responses._hash_code(code))
            return render(request, "surveys/take_saved.html", self.context(
                page_title=_("Your answers are saved"), resume_code=code,
                continue_url=_url("page", self.run, self.kiosk, page)))
        answers = responses.current_answers(response)
        pages = self._pages(response, questions, answers)
        if action == "back":
            return redirect(_url("page", self.run, self.kiosk, max(page - 1, 1)))
        if page < len(pages):
            return redirect(_url("page", self.run, self.kiosk, page + 1))
        try:
            responses.response_submit(response=response)
        except DomainError as error:
            messages.error(request, error.message)
            target = next((i for i, p in enumerate(pages, start=1) if any(q.code == error.field for q in p.questions)), 1)
            return redirect(_url("page", self.run, self.kiosk, target))
        _remember(request, self.run, None)
        return redirect(_url("done", self.run, self.kiosk))


class ResumeView(_RunMixin, View):
    def get(self, request, token):
        return render(request, "surveys/take_resume.html", self.context(page_title=_("Continue a saved survey"),
                                                                        form=ResumeForm()))

    def post(self, request, token):
        form = ResumeForm(request.POST)
        if form.is_valid():
            try:
                response = responses.response_resume(run=self.run, code=form.cleaned_data["code"])
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                _remember(request, self.run, response)
                return redirect(_url("page", self.run, self.kiosk, max(response.page, 1)))
        return render(request, "surveys/take_resume.html", self.context(
            page_title=_("Continue a saved survey"), form=form), status=400)


class DoneView(_RunMixin, TemplateView):
    template_name = "surveys/take_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.context(page_title=_("Thank you"))}
