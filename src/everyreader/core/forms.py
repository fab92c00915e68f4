from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.core.display import CONTRASTS, TEXT_SIZES


class DisplayPreferencesForm(forms.Form):
    size = forms.ChoiceField(label=_("Text size"), choices=TEXT_SIZES, widget=forms.RadioSelect,
                             help_text=_("Makes all text and the page layout larger."))
    contrast = forms.ChoiceField(label=_("Colours"), choices=CONTRASTS, widget=forms.RadioSelect)
    dyslexia = forms.BooleanField(label=_("Dyslexia-friendly spacing"), required=False,
                                  help_text=_("More space between letters, words and lines; no italics or justified text."))
    reduced_motion = forms.BooleanField(label=_("Reduce motion"), required=False,
                                        help_text=_("Turns off animations and smooth scrolling."))
    easy_read = forms.BooleanField(label=_("Easy-read layout"), required=False,
                                   help_text=_("Shorter sentences where available, one column, bigger buttons."))


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (username)"), required=False)
    action = forms.CharField(label=_("Action"), required=False,
                             help_text=_("For example staff.updated, or the start of one: staff."))
    object_type = forms.CharField(label=_("Object type"), required=False,
                                  help_text=_("For example accounts.user."))
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
