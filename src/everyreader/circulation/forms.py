from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch
from everyreader.catalog.vocab import Format
from everyreader.circulation.policy_services import NUMBERS
from everyreader.readers.models import ReaderCategory


def _number(name, label, **kwargs):
    low, high = NUMBERS[name]
    return forms.IntegerField(label=label, min_value=low, max_value=high, **kwargs)


class PolicyForm(forms.Form):
    reader_category = forms.ChoiceField(label=_("Reader category"), required=False,
                                        help_text=_("Choose “Any category” for a rule that applies to everyone."))
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("Any format")), *Format.choices])
    branch = forms.ModelChoiceField(label=_("Branch"), required=False, queryset=Branch.objects.none(),
                                    empty_label=_("Any branch"))
    loan_days = _number("loan_days", _("Loan period (days)"), initial=28)
    max_renewals = _number("max_renewals", _("Renewals allowed"), initial=2)
    item_limit = _number("item_limit", _("Items on loan at once"), initial=20,
                         help_text=_("For a rule naming a format, counts loans of that format only."))
    hold_limit = _number("hold_limit", _("Holds at once"), initial=10)
    fine_per_day = forms.DecimalField(label=_("Fine per day overdue"), max_digits=6, decimal_places=2,
                                      min_value=0, initial=0,
                                      help_text=_("0 means no fines. The defaults charge none."))
    grace_days = _number("grace_days", _("Grace days before a fine"), initial=0,
                         help_text=_("An item returned within these days after its due date is not fined; "
                                     "after them, every day late is."))
    max_fine = forms.DecimalField(label=_("Largest fine for one item"), max_digits=7, decimal_places=2,
                                  min_value=0, max_value=10000, initial=0, required=False,
                                  help_text=_("0 means no upper limit."))
    hold_pickup_days = _number("hold_pickup_days", _("Days a hold waits on the shelf"), initial=7)
    free_postal = forms.BooleanField(label=_("Free postal loan"), required=False)
    auto_renew = forms.BooleanField(label=_("Renew automatically when nobody waits"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean_max_fine(self):
        return self.cleaned_data["max_fine"] or Decimal("0")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader_category"].choices = [("", _("Any category")), *ReaderCategory.choices]
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)


class PolicyCheckForm(forms.Form):
    """“Which rule applies?” on the policy page (a GET form)."""

    category = forms.ChoiceField(label=_("Reader category"))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ReaderCategory.choices
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)
