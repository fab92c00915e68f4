"""Reader-facing forms: the feedback form (whole or one question per page) and the rating form."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Branch
from everyreader.feedback.attachments import ALLOWED_LABEL, MAX_FILES
from everyreader.feedback.models import Category, Kind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _attachments_hint() -> str:
    return gettext("Up to %(count)d files of at most 5 MB each: %(types)s.") % {
        "count": MAX_FILES, "types": ALLOWED_LABEL}


def attachments_field():
    return MultipleFileField(label=_("Photos, documents or recordings"), required=False,
                             help_text=lazy(_attachments_hint, str)())


# Easy-read wording: short sentences, everyday words (used when the easy-read preference is on).
EASY_READ = {
    "kind": (_("What do you want to tell us?"), ""),
    "category": (_("What is it about?"), _("Choose the closest one.")),
    "branch": (_("Which library?"), _("You can skip this.")),
    "subject": (_("Say it in a few words"), _("For example: the lift is broken.")),
    "description": (_("Tell us what happened"), _("Write as much as you like.")),
    "expectation": (_("What should we do?"), _("You can skip this.")),
    "urgent": (_("This stops me using the library"), ""),
    "anonymous": (_("Do not tell anyone my name"), _("Then we cannot reply to you.")),
    "contact_name": (_("Your name"), _("You can skip this.")),
    "contact_email": (_("Your e-mail"), _("We send our answer here.")),
    "contact_phone": (_("Your phone number"), _("We can call you with our answer.")),
    "attachments": (_("Add photos or files"), _("You can skip this.")),
}


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of feedback is it?"), choices=Kind.choices,
                             widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("What is it about?"), queryset=Category.objects.none(),
                                      empty_label=_("Choose a topic"))
    branch = forms.ModelChoiceField(label=_("Which library is it about?"), queryset=Branch.objects.none(),
                                    required=False, empty_label=_("Not about one library"))
    subject = forms.CharField(label=_("Summary"), max_length=200,
                              help_text=_("One line, for example “No large-print newspapers on Sundays”."))
    description = forms.CharField(label=_("What happened, or what is your idea?"), widget=forms.Textarea,
                                  max_length=5000)
    expectation = forms.CharField(label=_("What would you like us to do?"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=2000)
    urgent = forms.BooleanField(label=_("This stops me using the library or its services"), required=False)
    anonymous = forms.BooleanField(
        label=_("Send without my name"), required=False,
        help_text=_("We keep no name, contact details or internet address. We cannot reply, but you get a "
                    "reference number and a private link to follow your feedback."))
    contact_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("E-mail for our reply"), required=False)
    contact_phone = forms.CharField(label=_("Phone for our reply"), max_length=40, required=False)
    attachments = attachments_field()

    def __init__(self, *args, easy_read: bool = False, signed_in_reader: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)
        if signed_in_reader:
            for name in ("contact_name", "contact_email", "contact_phone"):
                del self.fields[name]
            self.fields["anonymous"].help_text = _(
                "We will not link this feedback to your account and cannot reply to you.")
        if easy_read:
            for name, (label, hint) in EASY_READ.items():
                if name in self.fields:
                    self.fields[name].label = label
                    self.fields[name].help_text = hint

    def only(self, names):
        """Keep just these fields (one step of the one-question-per-page form)."""
        self.fields = {name: f for name, f in self.fields.items() if name in names}
        return self


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did we resolve it?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 — very well")), (4, _("4 — well")), (3, _("3 — partly")),
                 (2, _("2 — badly")), (1, _("1 — not at all"))])
    comment = forms.CharField(label=_("Anything else you want to tell us?"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
