from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch
from everyreader.catalog.vocab import Format
from everyreader.outreach.models import (DeliveryProfile, Frequency, MemberKind, RosterMember, Skill, VettingStatus,
                                         VisitStatus, Weekday)
from everyreader.readers.models import ConsentChannel

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def deliverer_choices():
    return RosterMember.objects.filter(is_active=True).order_by("name")


class ListField(forms.CharField):
    """Comma- or line-separated words to a list."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace("，", ",").replace("\n", ",").split(",") if part.strip()]

    def prepare_value(self, value):
        return "，".join(value) if isinstance(value, list | tuple) else value


class ProfileForm(forms.Form):
    card_number = forms.CharField(label=_("Library card number"), max_length=32,
                                  help_text=_("The housebound reader's card."))
    consent_channel = forms.ChoiceField(
        label=_("Consent to home delivery"), required=False, choices=[("", _("Already recorded"))] + list(ConsentChannel.choices),
        help_text=_("Read the home-delivery consent text to the reader; record how they agreed. Leave as "
                    "“Already recorded” if the consent is on file."))
    branch = forms.ModelChoiceField(label=_("Serving branch"), queryset=Branch.objects.filter(is_active=True))
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    weekday = forms.TypedChoiceField(label=_("Preferred day"), choices=Weekday.choices, coerce=int)
    window_start = forms.TimeField(label=_("From"), widget=TIME)
    window_end = forms.TimeField(label=_("Until"), widget=TIME)
    address = forms.CharField(label=_("Delivery address"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    access_notes = forms.CharField(label=_("Notes for the deliverer"), required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("How to reach the door: floor, lift, entry code, ring twice…"))
    interests = ListField(label=_("Subjects of interest"), required=False, max_length=600,
                          help_text=_("Separate with commas, e.g. 历史，戏曲，养生."))
    formats = forms.MultipleChoiceField(label=_("Formats wanted"), choices=Format.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    items_per_visit = forms.IntegerField(label=_("Items per visit"), min_value=1, max_value=10, initial=3)
    start_on = forms.DateField(label=_("First visit on or after"), widget=DATE)
    deliverer = forms.ModelChoiceField(label=_("Usual deliverer"), required=False, queryset=RosterMember.objects.none(),
                                       help_text=_("Leave empty to pick a free, vetted and trained person for each visit."))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverer"].queryset = deliverer_choices()
        if editing:
            del self.fields["card_number"]
            del self.fields["consent_channel"]

    @staticmethod
    def initial_from(profile: DeliveryProfile) -> dict:
        return {k: getattr(profile, k) for k in ("branch", "frequency", "weekday", "window_start", "window_end",
                                                 "address", "access_notes", "interests", "formats", "items_per_visit",
                                                 "start_on", "deliverer")}


class ProfileFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or card number"), required=False, max_length=80)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + list(
        DeliveryProfile._meta.get_field("status").choices))


class VisitScheduleForm(forms.Form):
    profile = forms.ModelChoiceField(label=_("Reader"), queryset=DeliveryProfile.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    window_start = forms.TimeField(label=_("From"), required=False, widget=TIME,
                                   help_text=_("Empty: the reader's usual time window."))
    window_end = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    deliverer = forms.ModelChoiceField(label=_("Deliverer"), required=False, queryset=RosterMember.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = DeliveryProfile.objects.select_related("reader").order_by("reader__family_name")
        self.fields["profile"].label_from_instance = lambda p: f"{p.reader.full_name}（{p.reader.card_number}）"
        self.fields["deliverer"].queryset = deliverer_choices()


class VisitFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + list(VisitStatus.choices))
    unassigned = forms.BooleanField(label=_("Only visits without a deliverer"), required=False)


class AssignForm(forms.Form):
    deliverer = forms.ModelChoiceField(label=_("Deliverer"), required=False, queryset=RosterMember.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverer"].queryset = deliverer_choices()


class ChooseItemsForm(forms.Form):
    items = forms.MultipleChoiceField(label=_("Suggested items"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Available in the reader's formats, matching their interests, "
                                                  "never something they already had."))
    barcodes = ListField(label=_("Other items by barcode"), required=False, max_length=400,
                         help_text=_("Separate with commas. For a title the reader asked for by name."))
    send_again = forms.BooleanField(label=_("Send again on request"), required=False,
                                    help_text=_("Tick only if the reader asked for a title they already had."))

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (str(i.pk), f"{i.record.title} — {i.get_format_display()} — {i.barcode}（{i.branch.name}）")
            for i in suggestions]


class RecordVisitForm(forms.Form):
    outcome = forms.ChoiceField(label=_("What happened"), widget=forms.RadioSelect,
                                choices=[(s.value, s.label) for s in VisitStatus if s != VisitStatus.PLANNED])
    handed_over = forms.MultipleChoiceField(label=_("Items handed over"), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    collected = forms.MultipleChoiceField(label=_("Items collected"), required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Items the reader gives back from earlier visits."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, chosen=(), outstanding=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handed_over"].choices = [(str(vi.item_id), f"{vi.item.record.title} — {vi.item.barcode}")
                                              for vi in chosen]
        self.fields["collected"].choices = [(str(vi.item_id), f"{vi.item.record.title} — {vi.item.barcode}")
                                            for vi in outstanding]
        self.initial.setdefault("handed_over", [c for c, _label in self.fields["handed_over"].choices])


RATINGS = [(5, _("5 — Very good")), (4, _("4 — Good")), (3, _("3 — All right")), (2, _("2 — Poor")),
           (1, _("1 — Very poor"))]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How was the visit?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Anything you want to tell us"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MemberKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    username = forms.CharField(label=_("Staff sign-in name"), max_length=150, required=False,
                               help_text=_("For staff members: links the roster entry to their account."))
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.filter(is_active=True), required=False)
    skills = forms.MultipleChoiceField(label=_("Skills"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    vetting_status = forms.ChoiceField(label=_("Background check"), choices=VettingStatus.choices)
    vetted_on = forms.DateField(label=_("Background check date"), required=False, widget=DATE)
    vetting_expires_on = forms.DateField(label=_("Background check valid until"), required=False, widget=DATE)
    notify_by = forms.ChoiceField(label=_("Send schedules by"),
                                  choices=RosterMember._meta.get_field("notify_by").choices)
    is_active = forms.BooleanField(label=_("Active on the roster"), required=False, initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_username(self):
        from everyreader.accounts.models import User

        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this sign-in name."))
        return user


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Course"), max_length=200)
    skill = forms.ChoiceField(label=_("Qualifies for"), choices=Skill.choices)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DATE)


class AvailabilityForm(forms.Form):
    """One optional time slot per weekday."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, label in Weekday.choices:
            self.fields[f"d{day}_start"] = forms.TimeField(label=_("%(day)s from") % {"day": label}, required=False,
                                                           widget=TIME)
            self.fields[f"d{day}_end"] = forms.TimeField(label=_("%(day)s until") % {"day": label}, required=False,
                                                         widget=TIME)

    def clean(self):
        data = super().clean()
        slots = []
        for day, _label in Weekday.choices:
            start, end = data.get(f"d{day}_start"), data.get(f"d{day}_end")
            if bool(start) != bool(end):
                self.add_error(f"d{day}_end", _("Enter both times, or neither."))
            elif start and end:
                if end <= start:
                    self.add_error(f"d{day}_end", _("The slot must end after it starts."))
                slots.append((day, start, end))
        data["slots"] = slots
        return data


class PostalDispatchForm(forms.Form):
    card_number = forms.CharField(label=_("Library card number"), max_length=32)
    barcode = forms.CharField(label=_("Item barcode"), max_length=40)
    branch = forms.ModelChoiceField(label=_("Dispatching branch"), queryset=Branch.objects.filter(is_active=True))
    address = forms.CharField(label=_("Post to"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Empty: the reader's postal address on file."))
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=60)


class PostalReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE)
    return_tracking_number = forms.CharField(label=_("Return tracking number"), required=False, max_length=60)


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60)


class MeScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Preferred day"), choices=Weekday.choices, coerce=int)
    window_start = forms.TimeField(label=_("From"), widget=TIME)
    window_end = forms.TimeField(label=_("Until"), widget=TIME)


class PauseForm(forms.Form):
    until = forms.DateField(label=_("Pause until"), required=False, widget=DATE,
                            help_text=_("Empty: until you tell us to start again."))
