from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.messaging.models import MessageStatus
from everyreader.readers.models import ContactChannel


class CallOutcomeForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Did you reach the reader?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, I passed on the message")), ("no", _("No answer or wrong number"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           help_text=_("For example: asked to call back after 3 pm."))


class LetterBatchForm(forms.Form):
    channel = forms.ChoiceField(choices=[(ContactChannel.LARGE_PRINT_LETTER.value, ContactChannel.LARGE_PRINT_LETTER.label),
                                         (ContactChannel.BRAILLE_LETTER.value, ContactChannel.BRAILLE_LETTER.label)])


class MessageLogFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(MessageStatus.choices))
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("Any channel"))] + list(ContactChannel.choices))
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=60)
