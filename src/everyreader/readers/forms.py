from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch
from everyreader.readers.models import (AssistanceNeed, AssistiveTech, ConsentChannel, ContactChannel,
                                        LatentNeedStatus, NeedLevel, NeedSource, NeedType,
                                        PreferredFormat, ReaderCategory, ServicePreference)

PHONE_ATTRS = {"autocomplete": "tel", "inputmode": "tel"}


class CategoryChoiceField(forms.ChoiceField):
    """The library's active reader categories, read from the table when the form is built."""

    default_error_messages = {"invalid_choice": _("Choose one of the library's reader categories.")}

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.choices = ReaderCategory.active_choices()
        return field


class ReaderFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, card number or phone"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Reader category"), required=False)
    branch = forms.ModelChoiceField(label=_("Home branch"), required=False, empty_label=_("All branches"),
                                    queryset=Branch.objects.order_by("name"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *ReaderCategory.choices]


class ReaderForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=80,
                                  widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    given_name = forms.CharField(label=_("Given name"), max_length=80, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100,
                                    help_text=_("Only the year, for example 1958."),
                                    widget=forms.NumberInput(attrs={"autocomplete": "bday-year"}))
    category = CategoryChoiceField(label=_("Reader category"), initial=ReaderCategory.ADULT,
                                   widget=forms.RadioSelect)
    guardian_name = forms.CharField(label=_("Parent or guardian's name"), max_length=120, required=False,
                                    help_text=_("Needed for a child under 14."))
    guardian_relation = forms.CharField(label=_("Relation to the child"), max_length=60, required=False,
                                        help_text=_("For example mother, father, grandparent."))
    guardian_phone = forms.CharField(label=_("Parent or guardian's phone"), max_length=40, required=False,
                                     widget=forms.TextInput(attrs=PHONE_ATTRS))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs=PHONE_ATTRS))
    email = forms.EmailField(label=_("E-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Postal address"), max_length=250, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    preferred_contact = forms.ChoiceField(label=_("How should we contact you?"), choices=ContactChannel.choices,
                                          initial=ContactChannel.SMS, widget=forms.RadioSelect)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES,
                                           initial="zh-hans", widget=forms.RadioSelect)
    home_branch = forms.ModelChoiceField(label=_("Home branch"), required=False,
                                         queryset=Branch.objects.filter(is_active=True).order_by("name"),
                                         empty_label=_("No preference"))
    service_preferences = forms.MultipleChoiceField(
        label=_("Service preferences all staff may see"), required=False, choices=ServicePreference.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what you tick is shown to staff at the desk. Your needs profile is separate and private."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("category")
        field = self.fields.get("category")
        if field is not None and current and current not in dict(field.choices):
            # an existing reader keeps a category the library has since switched off
            field.choices = [*field.choices, (current, ReaderCategory.label(current))]


class StaffReaderForm(ReaderForm):
    card_number = forms.CharField(label=_("Library card number"), max_length=32, required=False,
                                  help_text=_("Leave empty to issue a new number."))
    confirm_new = forms.BooleanField(label=_("I have checked the possible matches: this is a different person"),
                                     required=False)

    field_order = ["card_number"]


class PasswordStep(forms.Form):
    password1 = forms.CharField(label=_("Choose a password"), strip=False,
                                help_text=_("At least 10 characters. You can paste it or use a password manager."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Type the password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SelfRegisterForm(ReaderForm, PasswordStep):
    pass


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(label=_("How was consent given?"), widget=forms.RadioSelect,
                                choices=[c for c in ConsentChannel.choices if c[0] != ConsentChannel.ONLINE])
    guardian_name = forms.CharField(label=_("Guardian's name (for a child under 14)"), max_length=120,
                                    required=False)
    guardian_relation = forms.CharField(label=_("Guardian's relation"), max_length=60, required=False)
    agreed = forms.BooleanField(label=_("The reader (or guardian) has read the text above and agrees"))


class SelfConsentForm(forms.Form):
    agreed = forms.BooleanField(label=_("I have read the text above and I agree"))


class CardRenewForm(forms.Form):
    until = forms.DateField(label=_("Card valid until"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text=_("Check the reader's address and phone with them first. Format: "
                                        "YYYY-MM-DD."))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I understand this cannot be undone"))


def _need_types():
    return list(NeedType.objects.filter(is_active=True).select_related("category").order_by("order", "code"))


class NeedsProfileForm(forms.Form):
    """One level/source/since trio per need type, grouped by category in the template."""

    formats = forms.MultipleChoiceField(label=_("Preferred formats"), required=False,
                                        choices=PreferredFormat.choices, widget=forms.CheckboxSelectMultiple)
    braille_grade = forms.ChoiceField(label=_("Braille grade"), required=False,
                                      choices=[("", _("Not applicable")), ("1", _("Grade 1 (uncontracted)")),
                                               ("2", _("Grade 2 (contracted)"))])
    large_print_size = forms.IntegerField(label=_("Large-print size (points)"), required=False,
                                          min_value=14, max_value=72)
    assistance = forms.MultipleChoiceField(label=_("Assistance needed"), required=False,
                                           choices=AssistanceNeed.choices, widget=forms.CheckboxSelectMultiple)
    assistive_tech = forms.MultipleChoiceField(label=_("Assistive technology used"), required=False,
                                               choices=AssistiveTech.choices, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes about how to serve this reader"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Functional needs only. Never write a diagnosis."))
    reason = forms.CharField(label=_("Why is this changing?"), max_length=300,
                             help_text=_("Kept in the history, for example “reader asked at the desk”."))

    def __init__(self, *args, profile=None, self_declared=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_declared = self_declared  # a reader declaring their own needs: the source is "self"
        self.need_types = _need_types()
        current = {n["type"]: n for n in (profile or {}).get("needs", [])}
        self.current = current
        self.need_groups = {}
        for need_type in self.need_types:
            now = current.get(need_type.code, {})
            prefix = f"need_{need_type.code}"
            self.fields[f"{prefix}_level"] = forms.ChoiceField(
                label=need_type.label, required=False, initial=now.get("level", ""),
                choices=[("", _("No")), *NeedLevel.choices])
            if not self_declared:
                self.fields[f"{prefix}_source"] = forms.ChoiceField(
                    label=_("Source: %(need)s") % {"need": need_type.label}, required=False,
                    initial=now.get("source", NeedSource.SELF), choices=NeedSource.choices)
            self.fields[f"{prefix}_since"] = forms.CharField(
                label=_("Since (year-month): %(need)s") % {"need": need_type.label}, required=False,
                max_length=7, initial=now.get("since", ""))
            self.need_groups.setdefault(need_type.category.label, []).append(prefix)
        if profile:
            for key in ("formats", "braille_grade", "large_print_size", "assistance", "assistive_tech", "notes"):
                self.fields[key].initial = profile.get(key)

    def need_rows(self):
        return [(category, [[self[f"{p}_{part}"] for part in ("level", "source", "since") if f"{p}_{part}" in self.fields]
                            for p in prefixes])
                for category, prefixes in self.need_groups.items()]

    def profile_data(self) -> dict:
        data = self.cleaned_data
        needs = []
        for need_type in self.need_types:
            prefix = f"need_{need_type.code}"
            if data.get(f"{prefix}_level"):
                needs.append({"type": need_type.code, "level": data[f"{prefix}_level"],
                              "source": data.get(f"{prefix}_source")
                              or self.current.get(need_type.code, {}).get("source") or NeedSource.SELF,
                              "since": (data.get(f"{prefix}_since") or "").strip()})
        return {"needs": needs, "formats": data["formats"], "braille_grade": data["braille_grade"],
                "large_print_size": data["large_print_size"], "assistance": data["assistance"],
                "assistive_tech": data["assistive_tech"], "notes": data["notes"]}


class LatentNeedForm(forms.Form):
    need_type = forms.ChoiceField(label=_("Possible need"))
    observation = forms.CharField(label=_("What did you observe?"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Describe what happened, not a diagnosis. For example: "
                                              "held the form very close to read it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_type"].choices = [(t.code, t.label) for t in _need_types()]


class LatentResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect,
                                choices=[(LatentNeedStatus.CONFIRMED, _("Confirmed with the reader")),
                                         (LatentNeedStatus.DISMISSED, _("Dismissed"))])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           help_text=_("Columns: family_name, given_name, card_number, birth_year, category, "
                                       "home_branch (code), phone, email, address, preferred_contact, "
                                       "guardian_name, guardian_relation. UTF-8 for CSV."))


class NeedsReportForm(forms.Form):
    need_type = forms.ChoiceField(label=_("Need type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_type"].choices = [("", _("All needs")), *[(t.code, t.label) for t in _need_types()]]
