"""The reader's own pages under /me/: details, needs and consent, all my data, erasure request."""

import json

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.models import AuditEvent
from everyreader.core.permissions import ReaderRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.readers import needs_services, selectors, services
from everyreader.readers.forms import ConfirmForm, NeedsProfileForm, ReaderForm, SelfConsentForm
from everyreader.readers.models import ReaderCategory
from everyreader.readers.presenters import profile_display, version_rows


def me_crumbs(*extra):
    return [(_("My account"), reverse("core:me")), *extra]


class MyReaderMixin(ReaderRequiredMixin):
    """The signed-in user's reader record; users without one get a short explanation (not an error)."""

    base_template = "base.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.reader = selectors.reader_for_user(request.user)
        if self.reader is None:
            return render(request, "readers/me/no_card.html", {"page_title": _("No library card"),
                                                               "breadcrumbs": me_crumbs((_("No library card"), ""))})
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(base_template=self.base_template, reader=self.reader, **kwargs)


class MeProfileView(MyReaderMixin, ServiceFormView):
    form_class = ReaderForm
    page_title = gettext_lazy("My details and preferences")
    success_message = gettext_lazy("Your details are saved.")
    own_fields = ("phone", "email", "address", "preferred_contact", "preferred_language", "home_branch",
                  "service_preferences")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name in list(form.fields):
            if name not in self.own_fields:
                form.fields.pop(name)
        return form

    def get_initial(self):
        return {f: getattr(self.reader, f) for f in self.own_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("Your name, year of birth and card number: %(name)s, %(year)s, %(card)s. To change "
                    "them, ask at any service desk.") % {"name": self.reader.full_name,
                                                        "year": self.reader.birth_year or "—",
                                                        "card": self.reader.card_number}, **kwargs)

    def perform(self, form):
        return services.reader_update(actor=self.request.user, reader=self.reader, **form.cleaned_data)

    def get_success_url(self):
        return reverse("readers:me_profile")

    def get_breadcrumbs(self):
        return me_crumbs((self.page_title, ""))


class MeNeedsView(MyReaderMixin, TemplateView):
    template_name = "readers/me/needs.html"

    def get_context_data(self, **kwargs):
        consent = needs_services.valid_consent(self.reader)
        profile = None
        if consent is not None:
            profile = profile_display(needs_services.needs_profile_read(actor=self.request.user, reader=self.reader))
        return super().get_context_data(
            page_title=_("My needs and consent"), consent=consent, profile=profile,
            consent_text=needs_services.CONSENT_TEXT, consents=selectors.reader_consents(self.reader),
            breadcrumbs=me_crumbs((_("My needs and consent"), "")), **kwargs)


class MeConsentView(MyReaderMixin, ServiceFormView):
    form_class = SelfConsentForm
    template_name = "readers/me/consent_form.html"
    page_title = gettext_lazy("Give consent to record my needs")
    success_message = gettext_lazy("Thank you. You can now tell us about your needs.")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if ReaderCategory.requires_guardian(self.reader.category):  # PIPL Art. 31: the guardian consents
            form.fields["guardian_name"] = forms.CharField(label=_("Parent or guardian's name"), max_length=120,
                                                           initial=self.reader.guardian_name)
            form.fields["guardian_relation"] = forms.CharField(label=_("Relation to the child"), max_length=60,
                                                               initial=self.reader.guardian_relation)
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(consent_text=needs_services.CONSENT_TEXT,
                                         consent_version=needs_services.CONSENT_VERSION, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return needs_services.consent_give(actor=self.request.user, reader=self.reader, channel="online",
                                           guardian_name=data.get("guardian_name", ""),
                                           guardian_relation=data.get("guardian_relation", ""))

    def get_success_url(self):
        return reverse("readers:me_needs_edit")

    def get_cancel_url(self):
        return reverse("readers:me_needs")

    def get_breadcrumbs(self):
        return me_crumbs((_("My needs and consent"), reverse("readers:me_needs")), (self.page_title, ""))


class MeNeedsEditView(MyReaderMixin, ServiceFormView):
    form_class = NeedsProfileForm
    template_name = "readers/needs_form.html"
    page_title = gettext_lazy("Tell us about your needs")
    success_message = gettext_lazy("Your needs are saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if needs_services.valid_consent(self.reader):
            kwargs["profile"] = needs_services.needs_profile_read(actor=self.request.user, reader=self.reader,
                                                                  purpose="viewed_for_edit")
        kwargs["initial"] = {"reason": _("Updated by the reader online")}
        kwargs["self_declared"] = True
        return kwargs

    def perform(self, form):
        return needs_services.needs_profile_set(actor=self.request.user, reader=self.reader,
                                                data=form.profile_data(), reason=form.cleaned_data["reason"])

    def get_success_url(self):
        return reverse("readers:me_needs")

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return me_crumbs((_("My needs and consent"), reverse("readers:me_needs")), (self.page_title, ""))


class MeConsentWithdrawView(MyReaderMixin, ServiceFormView):
    form_class = ConfirmForm
    page_title = gettext_lazy("Withdraw my consent")
    success_message = gettext_lazy("Consent withdrawn. We have deleted your needs information.")
    submit_label = gettext_lazy("Withdraw consent and delete my needs")

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=_("We will delete your needs profile, its history and staff "
                                                "notes about your needs. We keep only anonymous counts."),
                                        **kwargs)

    def perform(self, form):
        return needs_services.consent_withdraw(actor=self.request.user, reader=self.reader)

    def get_success_url(self):
        return reverse("readers:me_needs")

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return me_crumbs((_("My needs and consent"), reverse("readers:me_needs")), (self.page_title, ""))


def my_data(user, reader) -> dict:
    """Everything the library holds about the reader, for the export (PIPL Art. 45)."""
    data = {
        "card_number": reader.card_number, "family_name": reader.family_name, "given_name": reader.given_name,
        "birth_year": reader.birth_year, "category": reader.category,
        "home_branch": reader.home_branch.name if reader.home_branch else None,
        "email": reader.email, "phone": reader.phone, "address": reader.address,
        "preferred_language": reader.preferred_language, "preferred_contact": reader.preferred_contact,
        "registered_via": reader.registered_via, "registered_at": reader.created_at.isoformat(),
        "card_valid_until": reader.card_expires.isoformat() if reader.card_expires else None,
        "guardian": {"name": reader.guardian_name, "relation": reader.guardian_relation,
                     "phone": reader.guardian_phone},
        "service_preferences": reader.service_preferences,
        "consents": [{"purpose": c.purpose, "version": c.purpose_version, "text": c.purpose_text,
                      "given_at": c.given_at.isoformat(), "channel": c.channel,
                      "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
                     for c in reader.consents.all()],
        "needs_profile": None, "needs_history": [], "latent_needs": [],
        "erasure_requested_at": reader.erasure_requested_at.isoformat() if reader.erasure_requested_at else None,
    }
    if needs_services.valid_consent(reader):
        data["needs_profile"] = needs_services.needs_profile_read(actor=user, reader=reader, purpose="exported")
        data["needs_history"] = [{"version": v.number, "at": v.created_at.isoformat(), **v.data}
                                 for v in needs_services.needs_history_read(actor=user, reader=reader)]
        data["latent_needs"] = [{"observed_at": item.observed_at.isoformat(), "status": item.status, **item.data}
                                for item in reader.latent_needs.all()]
    data["access_log"] = [{"at": e.occurred_at.isoformat(), "action": e.action, "by": e.actor_label}
                          for e in AuditEvent.objects.filter(object_type="readers.reader",
                                                             object_id=str(reader.pk))[:500]]
    return data


class MeDataView(MyReaderMixin, TemplateView):
    template_name = "readers/me/data.html"

    def get_context_data(self, **kwargs):
        consent = needs_services.valid_consent(self.reader)
        profile = history = None
        if consent:
            profile = profile_display(needs_services.needs_profile_read(actor=self.request.user, reader=self.reader))
            history = version_rows(needs_services.needs_history_read(actor=self.request.user, reader=self.reader))
        return super().get_context_data(
            page_title=_("All my data"), profile=profile, versions=history,
            consents=selectors.reader_consents(self.reader),
            access_log=AuditEvent.objects.filter(object_type="readers.reader", object_id=str(self.reader.pk))[:100],
            breadcrumbs=me_crumbs((_("All my data"), "")), **kwargs)


class MeDataJsonView(MyReaderMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        payload = my_data(request.user, self.reader)
        audit.record(actor=request.user, action="reader.data_downloaded", obj=self.reader,
                     object_repr=self.reader.card_number)
        response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="my-library-data-{stamp}.json"'
        return response


class MeErasureView(MyReaderMixin, ServiceFormView):
    form_class = ConfirmForm
    template_name = "readers/me/erasure.html"
    page_title = gettext_lazy("Delete my account")
    success_message = gettext_lazy("We have received your request. Staff will delete your data and "
                                   "confirm by your preferred contact channel.")
    submit_label = gettext_lazy("Ask to delete my account")

    def perform(self, form):
        return services.reader_request_erasure(actor=self.request.user, reader=self.reader)

    def get_success_url(self):
        return reverse("core:me")

    def get_breadcrumbs(self):
        return me_crumbs((self.page_title, ""))
