from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.accounts.models import Branch
from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import (ACCESS_MODES, ACCESSIBILITY_FEATURES, ACCESSIBILITY_HAZARDS,
                                       LANGUAGES, Audience, Format)

FACETS = ("format", "feature", "language", "audience", "available_at")
YEAR_RANGE = re.compile(r"^(\d{0,4})-(\d{0,4})$")


def _choices(mapping):
    return [(k, v) for k, v in mapping.items()]


def parse_year_range(value: str) -> tuple[int | None, int | None] | None:
    match = YEAR_RANGE.match(value or "")
    if not match or value == "-":
        return None
    start, end = match.groups()
    return (int(start) if start else None, int(end) if end else None)


class SearchForm(forms.Form):
    """The reader's search: free text plus facet filters (validated against known codes)."""

    q = forms.CharField(label=gettext_lazy("Search for"), required=False, max_length=200,
                        help_text=gettext_lazy("Title, author, subject or ISBN. Chinese, pinyin "
                                               "(for example mangwen) and English all work."))
    page = forms.IntegerField(required=False, min_value=1, max_value=10000, widget=forms.HiddenInput)

    def filters(self, data) -> dict[str, list[str]]:
        allowed = {
            "format": set(Format.values),
            "feature": set(ACCESSIBILITY_FEATURES),
            "audience": set(Audience.values),
        }
        result = {}
        for name in FACETS:
            values = [v for v in data.getlist(name) if v and len(v) <= 40]
            if name in allowed:
                values = [v for v in values if v in allowed[name]]
            else:
                values = [v for v in values if re.fullmatch(r"[\w-]+", v)]
            if values:
                result[name] = sorted(set(values))
        return result


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RecordForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    title_original = forms.CharField(label=gettext_lazy("Title in original script"), max_length=500,
                                     required=False,
                                     help_text=gettext_lazy("For example the Chinese title of a "
                                                            "record with a romanised title."))
    responsibility = forms.CharField(label=gettext_lazy("Statement of responsibility"), max_length=500,
                                     required=False, help_text=gettext_lazy("As on the title page, "
                                                                            "for example: 老舍著"))
    contributors = forms.CharField(label=gettext_lazy("Authors and contributors"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=gettext_lazy("One name per line."))
    publisher = forms.CharField(label=gettext_lazy("Publisher"), max_length=300, required=False)
    place = forms.CharField(label=gettext_lazy("Place of publication"), max_length=200, required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1000, max_value=2100)
    edition = forms.CharField(label=gettext_lazy("Edition"), max_length=200, required=False)
    series = forms.CharField(label=gettext_lazy("Series"), max_length=300, required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=[("", "—"), *_choices(LANGUAGES)],
                                 required=False)
    audience = forms.ChoiceField(label=gettext_lazy("Audience"), required=False,
                                 choices=[("", "—"), *Audience.choices])
    isbn = forms.CharField(label=gettext_lazy("ISBN"), max_length=20, required=False)
    subjects = forms.CharField(label=gettext_lazy("Subjects"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), help_text=gettext_lazy("One per line."))
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=Format.choices)
    braille_grade = forms.TypedChoiceField(label=gettext_lazy("Braille grade"), required=False, coerce=int,
                                           empty_value=None,
                                           choices=[("", "—"), (1, gettext_lazy("Grade 1 (uncontracted)")),
                                                    (2, gettext_lazy("Grade 2 (contracted)"))])
    large_print_size = forms.IntegerField(label=gettext_lazy("Large print size (points)"), required=False,
                                          min_value=14, max_value=72)
    access_modes = forms.MultipleChoiceField(label=gettext_lazy("Access modes"), required=False,
                                             choices=_choices(ACCESS_MODES), widget=forms.CheckboxSelectMultiple,
                                             help_text=gettext_lazy("How the content is perceived."))
    access_mode_sufficient = forms.CharField(
        label=gettext_lazy("Sufficient access modes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Each line is one set of modes that is enough on its own, "
                               "for example: auditory or textual, visual"))
    accessibility_features = forms.MultipleChoiceField(
        label=gettext_lazy("Accessibility features"), required=False, choices=_choices(ACCESSIBILITY_FEATURES),
        widget=forms.CheckboxSelectMultiple)
    accessibility_hazards = forms.MultipleChoiceField(
        label=gettext_lazy("Accessibility hazards"), required=False, choices=_choices(ACCESSIBILITY_HAZARDS),
        widget=forms.CheckboxSelectMultiple)
    accessibility_summary = forms.CharField(label=gettext_lazy("Accessibility summary"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))

    GROUPS = (
        (gettext_lazy("Description"), ("title", "title_original", "responsibility", "contributors", "publisher",
                                       "place", "year", "edition", "series", "language", "audience", "isbn",
                                       "subjects", "summary")),
        (gettext_lazy("Format"), ("format", "braille_grade", "large_print_size")),
        (gettext_lazy("Accessibility"), ("access_modes", "access_mode_sufficient", "accessibility_features",
                                         "accessibility_hazards", "accessibility_summary")),
    )

    def __init__(self, *args, record: Record | None = None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(record, name) for name in self.base_fields if hasattr(record, name)},
                "contributors": "\n".join(record.contributors),
                "subjects": "\n".join(record.subjects),
                "access_mode_sufficient": "\n".join(", ".join(s) for s in record.access_mode_sufficient),
            }
        super().__init__(*args, **kwargs)

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_access_mode_sufficient(self):
        sets = []
        for line in _lines(self.cleaned_data["access_mode_sufficient"]):
            modes = [m.strip() for m in re.split(r"[,，、\s]+", line) if m.strip()]
            unknown = [m for m in modes if m not in ACCESS_MODES]
            if unknown:
                raise forms.ValidationError(
                    _("Use only these access modes: %(modes)s.") % {"modes": ", ".join(ACCESS_MODES)})
            sets.append(modes)
        return sets

    def clean(self):
        data = super().clean()
        if data.get("format") == Format.BRAILLE and not data.get("braille_grade"):
            self.add_error("braille_grade", _("Choose the braille grade for a braille record."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["contributors"] = _lines(data["contributors"])
        data["subjects"] = _lines(data["subjects"])
        if data.get("format") != Format.BRAILLE:
            data["braille_grade"] = None
        if data.get("format") != Format.LARGE_PRINT:
            data["large_print_size"] = None
        return data


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["barcode", "branch", "shelf_location", "call_number", "format", "status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True).order_by("name")

    def validate_unique(self):
        # The service checks the barcode and explains the problem next to the field.
        pass


class BatchEditForm(forms.Form):
    records = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)
    format = forms.ChoiceField(label=gettext_lazy("Set the format to"), required=False,
                               choices=[("", gettext_lazy("Leave unchanged")), *Format.choices])
    item_format = forms.BooleanField(label=gettext_lazy("Also set this format on their items"), required=False)
    add_features = forms.MultipleChoiceField(label=gettext_lazy("Add accessibility features"), required=False,
                                             choices=_choices(ACCESSIBILITY_FEATURES),
                                             widget=forms.CheckboxSelectMultiple)
    remove_features = forms.MultipleChoiceField(label=gettext_lazy("Remove accessibility features"),
                                                required=False, choices=_choices(ACCESSIBILITY_FEATURES),
                                                widget=forms.CheckboxSelectMultiple)
    replace_access_modes = forms.BooleanField(label=gettext_lazy("Replace the access modes"), required=False)
    access_modes = forms.MultipleChoiceField(label=gettext_lazy("Access modes"), required=False,
                                             choices=_choices(ACCESS_MODES), widget=forms.CheckboxSelectMultiple)
    replace_hazards = forms.BooleanField(label=gettext_lazy("Replace the hazards"), required=False)
    hazards = forms.MultipleChoiceField(label=gettext_lazy("Accessibility hazards"), required=False,
                                        choices=_choices(ACCESSIBILITY_HAZARDS), widget=forms.CheckboxSelectMultiple)
    accessibility_summary = forms.CharField(label=gettext_lazy("Accessibility summary"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}),
                                            help_text=gettext_lazy("Leave empty to keep each record's summary."))

    def __init__(self, *args, record_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = [(i, i) for i in record_ids]

    def clean(self):
        data = super().clean()
        overlap = set(data.get("add_features", [])) & set(data.get("remove_features", []))
        if overlap:
            self.add_error("remove_features", _("A feature cannot be both added and removed."))
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "record_ids": data["records"], "format": data["format"] or None, "item_format": data["item_format"],
            "add_features": data["add_features"], "remove_features": data["remove_features"],
            "access_modes": data["access_modes"] if data["replace_access_modes"] else None,
            "hazards": data["hazards"] if data["replace_hazards"] else None,
            "accessibility_summary": data["accessibility_summary"] or None,
        }


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("MARC file"),
                           help_text=gettext_lazy("MARC 21 (ISO 2709, UTF-8 or MARC-8) or MARCXML."))


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title, control number, ISBN or barcode"), required=False,
                        max_length=200)
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False,
                               choices=[("", gettext_lazy("All formats")), *Format.choices])
