"""Staff forms: entry on a reader's behalf, assignment, response, closing, filters, settings."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch, Department
from everyreader.accounts.roles import STAFF_ROLES
from everyreader.feedback.forms import attachments_field
from everyreader.feedback.models import (
    ActionStatus, Category, CauseCategory, Channel, ImprovementAction, Kind, ServiceTarget, Severity, State,
)


def _staff():
    return (get_user_model().objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True), is_active=True)
            .distinct().order_by("username"))


class StaffEntryForm(forms.Form):
    channel = forms.ChoiceField(label=_("How did the reader contact us?"), widget=forms.RadioSelect,
                                choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    received_on = forms.DateField(label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("For the suggestion box: the day the note was written or found."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM,
                                 widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    branch = forms.ModelChoiceField(label=_("Branch concerned"), queryset=Branch.objects.none(), required=False)
    card_number = forms.CharField(label=_("Reader's library card number"), max_length=32, required=False,
                                  help_text=_("Links the feedback to the reader; the reply goes to their "
                                              "preferred channel."))
    anonymous = forms.BooleanField(label=_("The reader wants to stay anonymous"), required=False)
    contact_name = forms.CharField(label=_("Name (if not a registered reader)"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    subject = forms.CharField(label=_("Summary"), max_length=200)
    description = forms.CharField(label=_("What the reader told us"), widget=forms.Textarea, max_length=5000)
    expectation = forms.CharField(label=_("What the reader would like us to do"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    attachments = attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_card_number(self):
        from everyreader.readers.selectors import reader_by_card

        card = self.cleaned_data["card_number"].strip()
        if not card:
            self.reader = None
            return ""
        self.reader = reader_by_card(card)
        if self.reader is None:
            raise forms.ValidationError(_("No reader has this card number. Check it, or leave it empty."))
        return card


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("Note for the handler"), required=False, max_length=500)

    def __init__(self, *args, department: Department | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = _staff()
        if department is not None:
            staff = staff.filter(Q(departments=department) | Q(departments_headed=department)).distinct()
        self.fields["handler"].queryset = staff


class RespondForm(forms.Form):
    response = forms.CharField(label=_("Response to the reader"), widget=forms.Textarea, max_length=5000,
                               help_text=_("Sent in the reader's preferred channel (e-mail, text, phone call "
                                           "list, large-print or braille letter)."))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen it?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    """Closing a complaint records its root cause; other kinds just close."""

    cause_category = forms.ChoiceField(label=_("Cause category"), choices=CauseCategory.choices,
                                       widget=forms.RadioSelect)
    why_1 = forms.CharField(label=_("Why did it happen?"), max_length=500)
    why_2 = forms.CharField(label=_("Why? (second)"), max_length=500, required=False)
    why_3 = forms.CharField(label=_("Why? (third)"), max_length=500, required=False)
    why_4 = forms.CharField(label=_("Why? (fourth)"), max_length=500, required=False)
    why_5 = forms.CharField(label=_("Why? (fifth)"), max_length=500, required=False)
    expected = forms.CharField(label=_("What the reader expected"), widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=2000)
    provided = forms.CharField(label=_("What we provided"), widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=2000)
    action = forms.ModelChoiceField(label=_("Link an existing improvement action"), required=False,
                                    queryset=ImprovementAction.objects.none())
    action_description = forms.CharField(label=_("Or open a new improvement action"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    action_owner = forms.ModelChoiceField(label=_("Owner of the new action"), required=False,
                                          queryset=get_user_model().objects.none())
    action_due_date = forms.DateField(label=_("Due date of the new action"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, complaint: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not complaint:
            self.fields = {}
            return
        self.fields["action"].queryset = ImprovementAction.objects.exclude(
            status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
        self.fields["action_owner"].queryset = _staff()

    def clean(self):
        data = super().clean()
        if data.get("action") and data.get("action_description"):
            raise forms.ValidationError(_("Either link an existing action or open a new one, not both."))
        return data

    def root_cause(self) -> dict | None:
        if not self.fields:
            return None
        d = self.cleaned_data
        return {"cause_category": d["cause_category"], "whys": [d.get(f"why_{n}", "") for n in range(1, 6)],
                "expected": d["expected"], "provided": d["provided"], "action": d.get("action"),
                "action_description": d.get("action_description", ""), "action_owner": d.get("action_owner"),
                "action_due_date": d.get("action_due_date")}


class QueueFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Whose items"), required=False, choices=[
        ("department", _("My departments")), ("mine", _("Assigned to me")), ("all", _("All I can see"))])
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("open", _("All open")), ("any", _("Any state")), *State.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("Any channel")), *Channel.choices])
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=Category.objects.all(),
                                      empty_label=_("Any category"))
    department = forms.ModelChoiceField(label=_("Department"), required=False, queryset=Department.objects.all(),
                                        empty_label=_("Any department"))
    overdue = forms.BooleanField(label=_("Only overdue items"), required=False)
    q = forms.CharField(label=_("Reference or summary contains"), required=False, max_length=100)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "description", "department", "order", "is_active"]


class ServiceTargetForm(forms.ModelForm):
    class Meta:
        model = ServiceTarget
        fields = ["acknowledge_days", "resolve_days"]

    def clean(self):
        data = super().clean()
        if data.get("acknowledge_days") and data.get("resolve_days") is not None \
                and data["acknowledge_days"] > data["resolve_days"]:
            raise forms.ValidationError(_("Acknowledging cannot take longer than resolving."))
        return data


class ActionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), required=False, queryset=get_user_model().objects.none())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()
