"""Online self-registration: all questions on one page, or one question per page (no JavaScript:
answers are kept in the session; the password is asked last and never stored in the session)."""

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.accounts.models import Branch
from everyreader.core import ratelimit
from everyreader.core.errors import DomainError
from everyreader.core.views_base import ServiceFormView
from everyreader.readers import services
from everyreader.readers.forms import SelfRegisterForm
from everyreader.readers.models import ReaderCategory, RegistrationChannel

SESSION_KEY = "readers_join"
DONE_KEY = "readers_join_card"
STEPS = [
    ("name", gettext_lazy("Your name"), ["family_name", "given_name"]),
    ("birth", gettext_lazy("Your year of birth"), ["birth_year"]),
    ("category", gettext_lazy("Which card is for you?"), ["category"]),
    ("guardian", gettext_lazy("Parent or guardian"), ["guardian_name", "guardian_relation", "guardian_phone"]),
    ("contact", gettext_lazy("How to reach you"), ["phone", "email", "address"]),
    ("channel", gettext_lazy("How should we contact you?"), ["preferred_contact"]),
    ("language", gettext_lazy("Preferred language"), ["preferred_language"]),
    ("branch", gettext_lazy("Your home branch"), ["home_branch"]),
    ("preferences", gettext_lazy("Service preferences"), ["service_preferences"]),
    ("password", gettext_lazy("Choose a password"), ["password1", "password2"]),
]


def _crumbs(*extra):
    return [(_("Home"), reverse("core:home")), (_("Get a library card"), reverse("readers:join")), *extra]


class JoinStartView(TemplateView):
    template_name = "readers/join/start.html"
    extra_context = {"page_title": gettext_lazy("Get a library card")}


RATE_SCOPE = "join"


class RegistrationLimited(DomainError):
    """Too many registration attempts from one connection this hour (answered with 429)."""


def _limit() -> int:
    return getattr(settings, "READERS_JOIN_LIMIT_PER_HOUR", 10)


def _register(request, data: dict):
    """Registers the reader. Attempts that reach the register (new cards and "you may already have
    a card" answers) count towards the per-connection hourly limit; bad answers do not."""
    if ratelimit.is_limited(request, RATE_SCOPE, _limit(), 3600):
        raise RegistrationLimited(_("Too many library cards were requested from this connection in the last "
                                    "hour. Please try again later, or ask at any service desk or call us: we "
                                    "will register you."))
    password = data.pop("password1")
    data.pop("password2", None)
    try:
        reader = services.reader_register(actor=None, channel=RegistrationChannel.ONLINE, password=password, **data)
    except services.DuplicateReaderError:
        ratelimit.hit(request, RATE_SCOPE, 3600)
        # Never show a member of the public who else is registered.
        raise DomainError(_("You may already have a library card. Please ask at any service desk or "
                            "call us: we will find your card.")) from None
    ratelimit.hit(request, RATE_SCOPE, 3600)
    login(request, reader.user, backend="everyreader.accounts.backends.UsernameBackend")
    request.session[DONE_KEY] = reader.card_number
    request.session.pop(SESSION_KEY, None)
    return reader


class JoinFormView(ServiceFormView):
    form_class = SelfRegisterForm
    template_name = "readers/join/form.html"
    page_title = gettext_lazy("Get a library card: all questions")
    submit_label = gettext_lazy("Get my card")

    def get_context_data(self, **kwargs):
        return super().get_context_data(base_template="base.html", breadcrumbs=_crumbs((self.page_title, "")),
                                        **kwargs)

    def perform(self, form):
        try:
            return _register(self.request, dict(form.cleaned_data))
        except RegistrationLimited:
            self.limited = True
            raise

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(self, "limited", False):
            response.status_code = 429
        return response

    def get_success_url(self):
        return reverse("readers:join_done")


def _step_form(index: int, data=None, initial=None):
    form = SelfRegisterForm(data=data, initial=initial)
    keep = STEPS[index][2]
    for name in list(form.fields):
        if name not in keep:
            form.fields.pop(name)
    return form


def _serialise(cleaned: dict) -> dict:
    return {k: (v.pk if isinstance(v, Branch) else v) for k, v in cleaned.items()
            if k not in ("password1", "password2")}


def _deserialise(stored: dict) -> dict:
    data = dict(stored)
    if data.get("home_branch"):
        data["home_branch"] = Branch.objects.filter(pk=data["home_branch"]).first()
    return data


class JoinStepView(ServiceFormView):
    template_name = "readers/join/step.html"

    def dispatch(self, request, *args, **kwargs):
        self.index = kwargs["step"] - 1
        if not 0 <= self.index < len(STEPS):
            return redirect("readers:join_step", step=1)
        self.stored = request.session.get(SESSION_KEY, {})
        return super().dispatch(request, *args, **kwargs)

    def _skip_guardian(self):
        return STEPS[self.index][0] == "guardian" and \
            not ReaderCategory.requires_guardian(self.stored.get("category"))

    def _previous_step(self) -> int | None:
        """The step number of the question before this one (skipping the guardian for adults)."""
        index = self.index - 1
        if index >= 0 and STEPS[index][0] == "guardian" and \
                not ReaderCategory.requires_guardian(self.stored.get("category")):
            index -= 1
        return index + 1 if index >= 0 else None

    def get(self, request, *args, **kwargs):
        if self._skip_guardian():
            return redirect("readers:join_step", step=self.index + 2)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.request.method == "POST":
            return _step_form(self.index, data=self.request.POST)
        initial = dict(self.stored)
        return _step_form(self.index, initial=initial or None)

    def form_valid(self, form):
        self.stored.update(_serialise(form.cleaned_data))
        self.request.session[SESSION_KEY] = self.stored
        if self.index < len(STEPS) - 1:
            return redirect("readers:join_step", step=self.index + 2)
        data = {**_deserialise(self.stored), **form.cleaned_data}
        for name in SelfRegisterForm.base_fields:
            data.setdefault(name, SelfRegisterForm.base_fields[name].initial)
        data["service_preferences"] = data.get("service_preferences") or []
        try:
            _register(self.request, data)
        except DomainError as error:
            form.add_error(None, error.message)
            response = self.form_invalid(form)
            if isinstance(error, RegistrationLimited):
                response.status_code = 429
            return response
        return redirect("readers:join_done")

    def get_context_data(self, **kwargs):
        key, title, _fields = STEPS[self.index]
        answers_missing = self.index == len(STEPS) - 1 and not self.stored.get("family_name")
        return super().get_context_data(
            page_title=title, step=self.index + 1, steps=len(STEPS), answers_missing=answers_missing,
            previous=self._previous_step(),
            submit_label=_("Get my card") if self.index == len(STEPS) - 1 else _("Continue"),
            breadcrumbs=_crumbs((_("Question %(n)s of %(total)s") % {"n": self.index + 1, "total": len(STEPS)}, "")),
            **kwargs)


class JoinDoneView(TemplateView):
    template_name = "readers/join/done.html"

    def get(self, request, *args, **kwargs):
        if not request.session.get(DONE_KEY):
            return redirect("readers:join")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Welcome to the library"),
                                        card_number=self.request.session.get(DONE_KEY), **kwargs)
