"""Forms for answering a survey: built from the questions on one page. Fields are optional at
the form level so that "save and continue later" always works; required questions are checked
when the respondent moves on or sends."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.surveys.models import QuestionKind, ResponseMode, STAFF_MODES, Survey

LIKERT_LABELS = {
    5: [gettext_lazy("Strongly disagree"), gettext_lazy("Disagree"), gettext_lazy("Neither agree nor disagree"),
        gettext_lazy("Agree"), gettext_lazy("Strongly agree")],
    7: [gettext_lazy("Strongly disagree"), gettext_lazy("Disagree"), gettext_lazy("Somewhat disagree"),
        gettext_lazy("Neither agree nor disagree"), gettext_lazy("Somewhat agree"), gettext_lazy("Agree"),
        gettext_lazy("Strongly agree")],
}
SQ_SCALES = {
    "minimum": gettext_lazy("The lowest level I would accept"),
    "desired": gettext_lazy("The level I would like"),
    "importance": gettext_lazy("How important this is to me"),
    "perceived": gettext_lazy("The level I find now"),
}


def sq_scales(survey: Survey) -> list[str]:
    return ["minimum", "desired", "perceived"] if survey.scale_form == "three" else ["desired", "perceived"]


def _scale_choices():
    return [("", _("Choose a score")), *[(str(n), str(n)) for n in range(1, 10)]]


def _rating_choices():
    choices = []
    for n in range(0, 11):
        label = str(n)
        if n == 0:
            label = _("0 — not at all")
        elif n == 10:
            label = _("10 — completely")
        choices.append((str(n), label))
    return choices


class AnswerForm(forms.Form):
    """One page of questions. `questions`: the Question objects shown on it."""

    def __init__(self, *args, questions, easy_read=False, strict_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.strict_required = strict_required
        self.groups = []  # for the template: question, label, bound fields
        for q in questions:
            label = q.text_for(easy_read)
            names = self._add(q, label)
            self.groups.append({"question": q, "label": label, "fields": [self[n] for n in names]})

    def _add(self, q, label) -> list[str]:
        kind, name = q.kind, f"q_{q.code}"
        hint = q.help_text
        if kind == QuestionKind.SINGLE:
            self.fields[name] = forms.ChoiceField(label=label, help_text=hint, required=False,
                                                  choices=q.choice_pairs(), widget=forms.RadioSelect)
        elif kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                label=label, required=False, choices=q.choice_pairs(), widget=forms.CheckboxSelectMultiple,
                help_text=hint or _("Choose all that apply."))
        elif kind in (QuestionKind.LIKERT5, QuestionKind.LIKERT7):
            points = 5 if kind == QuestionKind.LIKERT5 else 7
            self.fields[name] = forms.ChoiceField(
                label=label, help_text=hint, required=False, widget=forms.RadioSelect,
                choices=[(str(i + 1), f"{i + 1} — {text}") for i, text in enumerate(LIKERT_LABELS[points])])
        elif kind == QuestionKind.RATING:
            self.fields[name] = forms.ChoiceField(label=label, help_text=hint, required=False,
                                                  choices=_rating_choices(), widget=forms.RadioSelect)
        elif kind == QuestionKind.NUMBER:
            self.fields[name] = forms.CharField(label=label, required=False, max_length=20,
                                                help_text=hint or _("A whole number, for example 12."),
                                                widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                                              "class": "input-short"}))
        elif kind == QuestionKind.SHORT_TEXT:
            self.fields[name] = forms.CharField(label=label, help_text=hint, required=False, max_length=500)
        elif kind == QuestionKind.LONG_TEXT:
            self.fields[name] = forms.CharField(label=label, help_text=hint, required=False, max_length=5000,
                                                widget=forms.Textarea(attrs={"rows": 5}))
        elif kind == QuestionKind.SERVICE_QUALITY:
            names = []
            scales = sq_scales(q.section.survey)
            for scale in scales:
                field_label = SQ_SCALES["importance" if scale == "desired" and len(scales) == 2 else scale]
                self.fields[f"{name}__{scale}"] = forms.ChoiceField(
                    label=field_label, required=False, choices=_scale_choices())
                names.append(f"{name}__{scale}")
            self.fields[f"{name}__na"] = forms.BooleanField(label=_("Not applicable to me"), required=False)
            names.append(f"{name}__na")
            return names
        self.fields[name].required = q.required and self.strict_required
        return [name]

    def raw_answers(self) -> dict:
        """{code: value} in the shape the services expect."""
        data = self.cleaned_data
        raw = {}
        for q in self.questions:
            name = f"q_{q.code}"
            if q.kind == QuestionKind.SERVICE_QUALITY:
                raw[q.code] = {"na": data.get(f"{name}__na", False),
                               **{s: data.get(f"{name}__{s}") or None for s in sq_scales(q.section.survey)}}
                if not raw[q.code]["na"] and not any(raw[q.code][s] for s in sq_scales(q.section.survey)):
                    raw[q.code] = None
            else:
                raw[q.code] = data.get(name)
        return raw

    def check_required(self) -> bool:
        """Adds an error to every required question left empty; True if all are answered."""
        raw = self.raw_answers()
        ok = True
        for q in self.questions:
            if q.required and raw.get(q.code) in (None, "", []):
                field = f"q_{q.code}" if q.kind != QuestionKind.SERVICE_QUALITY else f"q_{q.code}__perceived"
                self.add_error(field, _("Answer this question to continue."))
                ok = False
        return ok

    def add_service_error(self, code, message) -> None:
        q = next((q for q in self.questions if q.code == code), None)
        if q is None:
            self.add_error(None, message)
        elif q.kind == QuestionKind.SERVICE_QUALITY:
            self.add_error(f"q_{code}__perceived", message)
        else:
            self.add_error(f"q_{code}", message)

    @staticmethod
    def initial_for(questions, answers: dict) -> dict:
        initial = {}
        for q in questions:
            value = answers.get(q.code)
            if value is None:
                continue
            if q.kind == QuestionKind.SERVICE_QUALITY:
                initial[f"q_{q.code}__na"] = value.get("na", False)
                for scale in ("minimum", "desired", "perceived"):
                    if value.get(scale) is not None:
                        initial[f"q_{q.code}__{scale}"] = str(value[scale])
            elif q.kind == QuestionKind.NUMBER:
                initial[f"q_{q.code}"] = f"{value:g}"
            else:
                initial[f"q_{q.code}"] = value if isinstance(value, list) else str(value)
        return initial


class StartForm(forms.Form):
    easy_read = forms.BooleanField(label=gettext_lazy("Use easy-read wording (short, simple questions)"),
                                   required=False)
    link_reader = forms.BooleanField(
        label=gettext_lazy("Link my answers to my library card so that staff can follow up with me"),
        required=False, help_text=gettext_lazy("Leave this unticked to answer without your name."))


class ResumeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Your resume code"), max_length=20,
                           help_text=gettext_lazy("The code we showed you when you saved, for example ABCD-2345."))


class StaffEntryMetaForm(forms.Form):
    mode = forms.ChoiceField(label=gettext_lazy("How were the answers given?"), widget=forms.RadioSelect,
                             choices=[(m, label) for m, label in ResponseMode.choices if m in STAFF_MODES])
    category = forms.ChoiceField(label=gettext_lazy("Reader category (if known)"), required=False)
    branch = forms.ModelChoiceField(label=gettext_lazy("Home branch (if known)"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        from everyreader.accounts.models import Branch
        from everyreader.readers.models import ReaderCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Not known")), *ReaderCategory.choices]
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True).order_by("name")
        self.fields["branch"].empty_label = _("Not known")
