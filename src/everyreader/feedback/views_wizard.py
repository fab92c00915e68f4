"""One question per page: the same feedback form split into steps, kept in the session (no JavaScript)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from everyreader.core.errors import DomainError
from everyreader.feedback.views import HONEYPOT, make_form, received, spam_or_limited, submit

SESSION_KEY = "feedback_wizard"
STEPS = [
    ("kind", ["kind"]),
    ("category", ["category"]),
    ("branch", ["branch"]),
    ("subject", ["subject"]),
    ("description", ["description"]),
    ("expectation", ["expectation"]),
    ("urgent", ["urgent"]),
    ("contact", ["anonymous", "contact_name", "contact_email", "contact_phone"]),
]
CONTACT_TITLE = gettext_lazy("How can we reply to you?")
STEP_NAMES = [name for name, _fields in STEPS]


def _answers(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _step_form(request, fields, data=None):
    form = make_form(request, data).only(fields)
    return form if form.fields else None


class StepView(View):
    template_name = "feedback/step.html"

    def context(self, request, name, form):
        index = STEP_NAMES.index(name)
        back = reverse("feedback:step", args=[STEP_NAMES[index - 1]]) if index else reverse("feedback:form")
        title = CONTACT_TITLE if name == "contact" else next(iter(form.fields.values())).label
        return {"form": form, "page_title": title, "step_number": index + 1, "step_count": len(STEPS) + 1,
                "back_url": back, "single": name != "contact"}

    def get(self, request, name):
        if name not in STEP_NAMES:
            return redirect("feedback:step", name=STEP_NAMES[0])
        form = make_form(request, initial=_answers(request)).only(dict(STEPS)[name])
        if not form.fields:  # e.g. contact details are not asked of signed-in readers
            return redirect(self.next_url(name))
        return render(request, self.template_name, self.context(request, name, form))

    def post(self, request, name):
        if name not in STEP_NAMES:
            return redirect("feedback:step", name=STEP_NAMES[0])
        fields = dict(STEPS)[name]
        form = _step_form(request, fields, request.POST)
        if form is None:
            return redirect(self.next_url(name))
        if not form.is_valid():
            return render(request, self.template_name, self.context(request, name, form))
        answers = _answers(request)
        for field in form.fields:
            answers[field] = request.POST.get(field, "")
        request.session[SESSION_KEY] = answers
        return redirect(self.next_url(name))

    def next_url(self, name):
        index = STEP_NAMES.index(name)
        if index + 1 < len(STEP_NAMES):
            return reverse("feedback:step", args=[STEP_NAMES[index + 1]])
        return reverse("feedback:check")


class CheckView(View):
    """Check your answers, add attachments, send."""

    template_name = "feedback/check.html"

    def context(self, request, form, extra_errors=None):
        answers = _answers(request)
        full = make_form(request, answers)
        full.is_valid()
        rows = []
        for name, fields in STEPS:
            for field in fields:
                if field in full.fields and field != "attachments":
                    bound = full[field]
                    value = full.cleaned_data.get(field) if hasattr(full, "cleaned_data") else None
                    shown = _("Yes") if value is True else _("No") if value is False else (
                        dict(full.fields[field].choices).get(value, value) if field == "kind" else value)
                    rows.append({"label": bound.label, "value": shown or "—", "step": name,
                                 "error": "; ".join(bound.errors)})
        return {"form": form, "rows": rows, "page_title": _("Check your answers and send"),
                "honeypot": HONEYPOT, "complete": full.is_valid()}

    def get(self, request):
        if not _answers(request):
            return redirect("feedback:step", name=STEP_NAMES[0])
        return render(request, self.template_name, self.context(request, make_form(request).only(["attachments"])))

    def post(self, request):
        answers = _answers(request)
        attach_form = make_form(request, request.POST, request.FILES).only(["attachments"])
        context = self.context(request, attach_form)
        blocked = spam_or_limited(request, self.template_name, context)
        if blocked is not None:
            return blocked
        full = make_form(request, answers, request.FILES)
        if not full.is_valid():
            return render(request, self.template_name, context)
        try:
            item = submit(request, full)
        except DomainError as error:
            attach_form.add_error(error.field if error.field in attach_form.fields else None, error.message)
            return render(request, self.template_name, self.context(request, attach_form))
        request.session.pop(SESSION_KEY, None)
        return received(request, item)
