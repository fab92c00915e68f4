"""Forms for the survey builder (staff). Texts are entered in the three languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.surveys import templates_data
from everyreader.surveys.models import Dimension, QuestionKind, ScaleForm, SurveyKind, Wave

LANG_FIELDS = (("zh_hans", "zh-hans", gettext_lazy("Simplified Chinese")),
               ("zh_hant", "zh-hant", gettext_lazy("Traditional Chinese")),
               ("en", "en", gettext_lazy("English")))


def add_text_fields(form, name, label, required_first=True, widget=None):
    for index, (suffix, _lang, lang_label) in enumerate(LANG_FIELDS):
        form.fields[f"{name}_{suffix}"] = forms.CharField(
            label=f"{label} ({lang_label})", required=required_first and index == 0, max_length=2000,
            widget=widget() if widget else None)


def texts_from(data, name) -> dict:
    return {lang: data.get(f"{name}_{suffix}", "") for suffix, lang, _label in LANG_FIELDS}


def initial_texts(name, texts) -> dict:
    return {f"{name}_{suffix}": (texts or {}).get(lang, "") for suffix, lang, _label in LANG_FIELDS}


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of survey"), choices=SurveyKind.choices)
    scale_form = forms.ChoiceField(label=gettext_lazy("Service-quality scales"), choices=ScaleForm.choices)
    one_question_per_page = forms.BooleanField(label=gettext_lazy("Show one question per page"), required=False)
    lite_item_count = forms.IntegerField(
        label=gettext_lazy("Lite form: service-quality items per respondent"), min_value=0, max_value=100,
        initial=0, help_text=gettext_lazy("0 asks every item; a number asks each respondent that many, chosen at random."))
    link_to_reader = forms.BooleanField(
        label=gettext_lazy("Readers may agree to link their answers to their card"), required=False,
        help_text=gettext_lazy("Leave off to keep every response pseudonymous."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "title", _("Title"))
        add_text_fields(self, "intro", _("Introduction"), required_first=False, widget=lambda: forms.Textarea(attrs={"rows": 3}))
        order = [f"title_{s}" for s, _l, _x in LANG_FIELDS] + [f"intro_{s}" for s, _l, _x in LANG_FIELDS]
        self.order_fields(order)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": texts_from(data, "title"), "intro": texts_from(data, "intro"), "kind": data["kind"],
                "scale_form": data["scale_form"], "one_question_per_page": data["one_question_per_page"],
                "lite_item_count": data["lite_item_count"], "link_to_reader": data["link_to_reader"]}


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=gettext_lazy("Template"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates_data.template_choices()


class SectionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "title", _("Section title"))


class QuestionForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Short code"), max_length=40,
                           help_text=gettext_lazy("Letters, digits and _ only, e.g. read_freq. Keep it the same across versions."))
    kind = forms.ChoiceField(label=gettext_lazy("Question type"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Choice questions only. One per line: code | Simplified Chinese | Traditional Chinese | English."))
    dimension = forms.ChoiceField(label=gettext_lazy("Dimension (service-quality items)"), required=False,
                                  choices=[("", "—"), *Dimension.choices])
    show_if_code = forms.CharField(label=gettext_lazy("Show only if the question with this code…"), required=False,
                                   max_length=40)
    show_if_values = forms.CharField(label=gettext_lazy("…has one of these answer codes"), required=False,
                                     max_length=400, help_text=gettext_lazy("Separate codes with commas."))
    min_value = forms.FloatField(label=gettext_lazy("Smallest number allowed"), required=False)
    max_value = forms.FloatField(label=gettext_lazy("Largest number allowed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_fields(self, "text", _("Question"))
        add_text_fields(self, "easy", _("Easy-read wording"), required_first=False)
        add_text_fields(self, "help", _("Hint"), required_first=False)
        self.order_fields(["code", "kind", *[f"text_{s}" for s, _l, _x in LANG_FIELDS],
                           *[f"easy_{s}" for s, _l, _x in LANG_FIELDS], *[f"help_{s}" for s, _l, _x in LANG_FIELDS]])

    def clean_choices(self):
        result = []
        for line in (self.cleaned_data.get("choices") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if not parts[0] or len(parts) < 2:
                raise forms.ValidationError(_("Write each choice as: code | label."))
            labels = dict(zip(("zh-hans", "zh-hant", "en"), parts[1:4]))
            result.append({"value": parts[0], "label": {k: v for k, v in labels.items() if v}})
        return result

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        values = [v.strip() for v in (data.get("show_if_values") or "").split(",") if v.strip()]
        return {"code": data["code"], "kind": data["kind"], "required": data["required"],
                "text": texts_from(data, "text"), "easy_text": texts_from(data, "easy"),
                "help": texts_from(data, "help"), "choices": data["choices"], "dimension": data["dimension"],
                "show_if_code": data["show_if_code"].strip(), "show_if_values": values,
                "min_value": data["min_value"], "max_value": data["max_value"]}

    @staticmethod
    def initial_from(question) -> dict:
        lines = [" | ".join([c["value"], *[c.get("label", {}).get(lang, "") for lang in ("zh-hans", "zh-hant", "en")]])
                 for c in question.choices]
        return {"code": question.code, "kind": question.kind, "required": question.required,
                "choices": "\n".join(lines), "dimension": question.dimension, "show_if_code": question.show_if_code,
                "show_if_values": ", ".join(question.show_if_values), "min_value": question.min_value,
                "max_value": question.max_value, **initial_texts("text", question.text),
                **initial_texts("easy", question.easy_text), **initial_texts("help", question.help)}


class RunForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of this run"), max_length=120)
    wave = forms.CharField(label=gettext_lazy("Wave"), max_length=40,
                           help_text=gettext_lazy("Type before, during or after, or a label of your own."))
    programme = forms.CharField(label=gettext_lazy("Programme"), max_length=120, required=False)

    def clean_wave(self):
        value = self.cleaned_data["wave"].strip()
        labels = {str(label): key for key, label in Wave.choices}
        return labels.get(value, value)


class InviteForm(forms.Form):
    audience = forms.ChoiceField(label=gettext_lazy("Who should be invited?"))

    def __init__(self, *args, user=None, **kwargs):
        from everyreader.accounts.models import Branch
        from everyreader.readers.models import ReaderCategory
        from everyreader.surveys.results import visible_segments

        super().__init__(*args, **kwargs)
        choices = [(f"category:{v}", _("Reader category: %(label)s") % {"label": label})
                   for v, label in ReaderCategory.choices]
        choices += [(f"branch:{b.pk}", _("Home branch: %(label)s") % {"label": b.name})
                    for b in Branch.objects.filter(is_active=True).order_by("name")]
        choices += [(f"segment:{s.pk}", _("Segment: %(label)s") % {"label": s.name}) for s in visible_segments(user)]
        self.fields["audience"].choices = [("", _("Choose an audience")), *choices]
