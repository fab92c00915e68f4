from django import forms
from django.utils.translation import gettext_lazy as _


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60,
                           help_text=_("Lower-case letters, digits and hyphens, for example “student”. "
                                       "It cannot be changed later."))
    label_zh_hans = forms.CharField(label=_("Name (simplified Chinese)"), max_length=120)
    label_zh_hant = forms.CharField(label=_("Name (traditional Chinese)"), max_length=120)
    label_en = forms.CharField(label=_("Name (English)"), max_length=120)
    requires_guardian = forms.BooleanField(
        label=_("A parent or guardian registers the reader and gives consent"), required=False,
        help_text=_("Tick for children under 14."))
    min_age = forms.IntegerField(label=_("Minimum age (hint)"), required=False, min_value=0, max_value=130)
    max_age = forms.IntegerField(label=_("Maximum age (hint)"), required=False, min_value=0, max_value=130)
    order = forms.IntegerField(label=_("Order in lists"), min_value=0, max_value=32767, initial=50,
                               help_text=_("Smaller numbers come first."))
    is_active = forms.BooleanField(label=_("Offered when registering readers"), required=False, initial=True,
                                   help_text=_("Readers already in a category keep it when it is switched off."))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
