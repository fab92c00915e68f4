"""Forms for devices and assistance (validation only; the services decide)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch
from everyreader.assistance.models import (
    BookingChannel, BookingStatus, CheckOutcome, DeviceKind, GuideFormat, SKILL_CHOICES, ServiceType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
STAFF_CHANNELS = [c for c in BookingChannel.choices if c[0] != BookingChannel.SELF]


class CardNumberMixin(forms.Form):
    card_number = forms.CharField(label=_("Reader's library card number"), max_length=32)
    channel = forms.ChoiceField(label=_("How did the reader ask?"), choices=STAFF_CHANNELS, widget=forms.RadioSelect,
                                initial=BookingChannel.DESK)

    def clean_card_number(self):
        from everyreader.readers.selectors import reader_by_card

        self.reader = reader_by_card(self.cleaned_data["card_number"])
        if self.reader is None:
            raise forms.ValidationError(_("No reader has this card number."))
        return self.cleaned_data["card_number"]


class DeviceForm(forms.Form):
    barcode = forms.CharField(label=_("Barcode of the catalogue item"), max_length=40,
                              help_text=_("Add the device to the catalogue first, with the format “assistive "
                                          "device”."))
    kind = forms.ChoiceField(label=_("Kind of device"), choices=DeviceKind.choices)
    model_name = forms.CharField(label=_("Make and model"), max_length=150)
    serial_number = forms.CharField(label=_("Serial number"), max_length=80)
    purpose = forms.CharField(label=_("What it does, in plain language"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Readers see this. Short sentences, no jargon."))
    accessories = forms.CharField(label=_("Accessories"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("One a line, e.g. charger, carrying case. Checked at every return."))
    needs_charging = forms.BooleanField(label=_("Has a battery to charge"), required=False, initial=True)
    last_safety_check = forms.DateField(label=_("Last safety check"), required=False, widget=DATE)
    safety_check_months = forms.IntegerField(label=_("Safety check every (months)"), min_value=1, max_value=60,
                                             initial=12)
    guide_formats = forms.MultipleChoiceField(label=_("User guide available in"), choices=GuideFormat.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    guide_url = forms.URLField(label=_("User guide address"), required=False, assume_scheme="https")
    is_bookable = forms.BooleanField(label=_("Readers may book it"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["barcode"]

    def clean_accessories(self):
        return [line.strip() for line in self.cleaned_data["accessories"].splitlines() if line.strip()]

    def clean_barcode(self):
        from everyreader.assistance.selectors import item_by_barcode

        self.item = item_by_barcode(self.cleaned_data["barcode"])
        if self.item is None:
            raise forms.ValidationError(_("No catalogue item has this barcode."))
        return self.cleaned_data["barcode"]


class DeviceFilterForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.filter(is_active=True), required=False,
                                    empty_label=_("All branches"))
    kind = forms.ChoiceField(label=_("Kind of device"), choices=[("", _("All kinds")), *DeviceKind.choices],
                             required=False)


class DeviceBookingForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DATE, help_text=_("The day you want to collect it."))
    end_date = forms.DateField(label=_("Until"), widget=DATE, help_text=_("The day you will bring it back."))
    note = forms.CharField(label=_("Anything we should know"), max_length=300, required=False,
                           help_text=_("For example: please show me how to use it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start_date"].widget.attrs["min"] = today.isoformat()
        self.fields["end_date"].widget.attrs["min"] = today.isoformat()


class StaffDeviceBookingForm(CardNumberMixin, DeviceBookingForm):
    pass


class BookingFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Current and upcoming")), *BookingStatus.choices],
                               required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.filter(is_active=True), required=False,
                                    empty_label=_("All branches"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("The reader is told this."))


class CheckInForm(forms.Form):
    missing_accessories = forms.MultipleChoiceField(label=_("Accessories missing"), required=False,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text=_("Tick only what did not come back."))
    charged = forms.ChoiceField(label=_("Battery checked and charging?"), choices=YES_NO, widget=forms.RadioSelect,
                                required=False)
    outcome = forms.ChoiceField(label=_("What happens next"), choices=CheckOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Condition notes"), max_length=500, required=False, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Needed when the device goes to repair: describe the fault."))

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing_accessories"].choices = [(a, a) for a in (device.accessories if device else [])]
        if device is not None and not device.needs_charging:
            del self.fields["charged"]

    def clean_charged(self):
        value = self.cleaned_data.get("charged")
        return None if not value else value == "yes"


class SafetyCheckForm(forms.Form):
    passed = forms.ChoiceField(label=_("Did the device pass the safety check?"), choices=YES_NO,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Notes"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Needed when it failed: describe the fault for the repair."))

    def clean_passed(self):
        return self.cleaned_data["passed"] == "yes"


class RepairedForm(forms.Form):
    note = forms.CharField(label=_("What was repaired"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ServiceTypeForm(forms.ModelForm):
    code = forms.SlugField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Latin letters, digits and hyphens; made from the English name if empty."))

    class Meta:
        model = ServiceType
        fields = ["label_zh_hans", "label_zh_hant", "label_en", "description_zh_hans", "description_zh_hant",
                  "description_en", "skill", "duration_minutes", "is_active"]
        widgets = {f"description_{lang}": forms.Textarea(attrs={"rows": 2}) for lang in ("zh_hans", "zh_hant", "en")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = SKILL_CHOICES
        if self.instance.pk:
            del self.fields["code"]
        else:
            self.order_fields(["code"])


def _helper_field():
    return forms.ModelChoiceField(label=_("Assigned helper"), queryset=None, required=False,
                                  empty_label=_("Nobody yet"),
                                  help_text=_("Only people vetted and trained for the service's skill are listed; "
                                              "they must also be available at that time."))


class _SlotBase(forms.Form):
    service_type = forms.ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.filter(is_active=True))
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.filter(is_active=True))
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=480, initial=60)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1,
                                  help_text=_("How many readers can be helped at this time."))
    location = forms.CharField(label=_("Where in the library"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        from everyreader.assistance.selectors import qualified_helpers

        super().__init__(*args, **kwargs)
        self.fields["helper"] = _helper_field()
        self.fields["helper"].queryset = qualified_helpers()


class SlotForm(_SlotBase):
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    field_order = ["service_type", "branch", "date", "start_time", "duration_minutes", "capacity", "helper",
                   "location"]


class RuleForm(_SlotBase):
    weekday = forms.TypedChoiceField(label=_("Every"), coerce=int, choices=Branch.WEEKDAYS)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    valid_from = forms.DateField(label=_("From"), widget=DATE, required=False)
    valid_until = forms.DateField(label=_("Until"), widget=DATE, required=False)
    field_order = ["service_type", "branch", "weekday", "start_time", "duration_minutes", "capacity", "helper",
                   "location", "valid_from", "valid_until"]


class AssignHelperForm(forms.Form):
    def __init__(self, *args, slot=None, **kwargs):
        from everyreader.assistance.helpers import qualified_on_day

        super().__init__(*args, **kwargs)
        self.fields["helper"] = _helper_field()
        day = timezone.localtime(slot.starts_at).date()
        self.fields["helper"].queryset = qualified_on_day(skill=slot.service_type.skill, day=day)


class SlotFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("Show"), choices=[("upcoming", _("Today and later")), ("past", _("Past"))],
                             required=False)
    service_type = forms.ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.all(), required=False,
                                          empty_label=_("All services"))
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.filter(is_active=True), required=False,
                                    empty_label=_("All branches"))


class PublicSlotFilterForm(forms.Form):
    service_type = forms.ModelChoiceField(label=_("Kind of help"), queryset=ServiceType.objects.filter(is_active=True),
                                          required=False, empty_label=_("Any kind of help"))
    branch = forms.ModelChoiceField(label=_("Library"), queryset=Branch.objects.filter(is_active=True), required=False,
                                    empty_label=_("Any library"))


class SlotBookForm(forms.Form):
    note = forms.CharField(label=_("What would help you"), max_length=300, required=False,
                           help_text=_("For example: the newspaper I would like read, or where to meet."))


class StaffSlotBookForm(CardNumberMixin, SlotBookForm):
    pass


class OutcomeForm(forms.Form):
    attended = forms.ChoiceField(label=_("Did the reader come?"), choices=YES_NO, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_attended(self):
        return self.cleaned_data["attended"] == "yes"
