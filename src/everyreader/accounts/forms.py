from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from everyreader.accounts import selectors
from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import ALL_ROLES, ROLE_LABELS


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("Username or library card number"),
        max_length=150,
        help_text=_("Your card number is printed on your library card."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("You can paste your password or use a password manager."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The username or card number and password do not match. "
                           "Check them and try again; after several failed attempts "
                           "sign-in is paused for a while."),
        "inactive": _("This account is inactive. Please ask library staff for help."),
    }


def role_choices():
    return [(role, ROLE_LABELS[role]) for role in ALL_ROLES]


class StaffForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=role_choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("What this person may do. A person can hold several roles."),
    )
    password = forms.CharField(
        label=_("Initial password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to let the person set a password with the reset link."),
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "email", "phone", "job_title", "branch",
                  "preferred_language", "is_active"]
        widgets = {"preferred_language": forms.Select(choices=[("", "—"), ("zh-hans", "简体中文"),
                                                               ("zh-hant", "繁體中文"), ("en", "English")])}

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _("Letters, digits and @/./+/-/_ only.")
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)
        if editing:
            del self.fields["password"]
            self.fields["roles"].initial = selectors.user_roles(self.instance)

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password)
        return password


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search staff"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=lambda: [("", _("All roles"))] + role_choices())


class DepartmentForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The head is always a member."),
    )

    class Meta:
        model = Department
        fields = ["code", "name", "duties", "head", "branch", "is_active"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = selectors.staff_choices()
        self.fields["members"].queryset = selectors.staff_choices()
        if self.instance.pk:
            self.fields["members"].initial = list(self.instance.members.values_list("pk", flat=True))


class BranchForm(forms.ModelForm):
    opening_days = forms.TypedMultipleChoiceField(
        label=_("Opening days"), choices=Branch.WEEKDAYS, coerce=int,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Service-level due dates count only the days the branch is open."),
    )

    class Meta:
        model = Branch
        fields = ["code", "name", "address", "phone", "opening_days", "accessibility_notes", "is_active"]
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}
