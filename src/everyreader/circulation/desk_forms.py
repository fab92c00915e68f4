"""Forms of the circulation desk and the reader's own circulation pages (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch

SCAN_ATTRS = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false", "class": "scan-input"}


class CardForm(forms.Form):
    card = forms.CharField(label=_("Reader's card number"), max_length=32,
                           help_text=_("Scan the library card or type the number, then press Enter."),
                           widget=forms.TextInput(attrs=SCAN_ATTRS))

    def clean_card(self):
        return self.cleaned_data["card"].strip()


class BarcodeForm(forms.Form):
    barcode = forms.CharField(label=_("Item barcode"), max_length=40,
                              help_text=_("Scan the item or type its barcode, then press Enter."),
                              widget=forms.TextInput(attrs=SCAN_ATTRS))

    def clean_barcode(self):
        return self.cleaned_data["barcode"].strip()


class BranchFilterForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), required=False, empty_label=_("All branches"),
                                    queryset=Branch.objects.order_by("name"))


class HistoryOptInForm(forms.Form):
    keep = forms.BooleanField(label=_("Keep a list of the items I borrow"), required=False,
                              help_text=_("Only you can see this list, here in your account. Staff use "
                                          "it only to help you when you ask. If you turn it off, the list is "
                                          "no longer shown and past loans are forgotten under our normal "
                                          "rule."))


class HoldPlaceForm(forms.Form):
    pickup_branch = forms.ModelChoiceField(label=_("Where do you want to collect it?"),
                                           queryset=Branch.objects.order_by("name"),
                                           empty_label=None)

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branches is not None:
            self.fields["pickup_branch"].queryset = branches


class StatsFilterForm(forms.Form):
    months = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, initial=12,
                                    choices=[(12, _("Last 12 months")), (24, _("Last 24 months")),
                                             (36, _("Last 36 months"))])
    flag = forms.ChoiceField(label=_("Readers"), required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), required=False, empty_label=_("All branches"),
                                    queryset=Branch.objects.order_by("name"))

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag"].choices = [("", _("All readers")), *flags]


class FineSettleForm(forms.Form):
    """Pay (the note may hold a receipt number) or waive (the note is the required reason) a fine."""

    action = forms.ChoiceField(choices=[("pay", _("Paid")), ("waive", _("Waive"))])
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
