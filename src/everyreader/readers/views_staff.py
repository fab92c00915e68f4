"""Staff pages for reader records, consent, needs (guarded and audited) and latent needs."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.readers import needs_services, selectors, services
from everyreader.readers.forms import (CardRenewForm, ConfirmForm, ConsentForm, LatentNeedForm, LatentResolveForm,
                                       NeedsProfileForm, ReaderFilterForm, StaffReaderForm)
from everyreader.readers.models import (LatentNeed, LatentNeedStatus, NeedType, Reader, ReaderCategory,
                                        RegistrationChannel)
from everyreader.readers.presenters import profile_display, version_rows


def crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Readers"), reverse("readers:list")), *extra]


class ReaderMixin:
    """Loads self.reader from the URL (erased readers are not shown)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        try:
            self.reader = selectors.reader_detail(kwargs["pk"])
        except Reader.DoesNotExist:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def reader_crumbs(self, *extra):
        return crumbs((self.reader.full_name, reverse("readers:detail", args=[self.reader.pk])), *extra)


class ReaderListView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_reader"
    template_name = "readers/staff/reader_list.html"

    def get_context_data(self, **kwargs):
        form = ReaderFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        readers = selectors.reader_list(query=data.get("q", ""), category=data.get("category", ""),
                                        branch_id=data["branch"].pk if data.get("branch") else None)
        page = Paginator(readers, 25).get_page(self.request.GET.get("page"))
        labels = dict(ReaderCategory.choices)
        for reader in page.object_list:
            reader.category_label = labels.get(reader.category, reader.category)
        return super().get_context_data(page_title=_("Readers"), filter_form=form, page_obj=page,
                                         breadcrumbs=crumbs(), **kwargs)


class ReaderDetailView(StaffRequiredMixin, ReaderMixin, TemplateView):
    permission_required = "readers.view_reader"
    template_name = "readers/staff/reader_detail.html"

    def get_context_data(self, **kwargs):
        reader = self.reader
        return super().get_context_data(
            page_title=reader.full_name, reader=reader, breadcrumbs=self.reader_crumbs(),
            service_preferences=selectors.reader_service_preferences(reader),
            consents=selectors.reader_consents(reader),
            consent=reader.valid_consents[0] if reader.valid_consents else None, **kwargs)


class ReaderRegisterView(StaffRequiredMixin, ServiceFormView):
    permission_required = "readers.add_reader"
    form_class = StaffReaderForm
    template_name = "readers/staff/reader_form.html"
    page_title = gettext_lazy("Register a reader")
    intro = gettext_lazy("For readers who register at the desk, by phone or through a partner. "
                         "We check for possible duplicates before creating the record.")
    success_message = gettext_lazy("Reader registered.")
    candidates = ()

    def perform(self, form):
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm_new", False)
        try:
            return services.reader_register(actor=self.request.user, channel=RegistrationChannel.STAFF,
                                            allow_duplicate=confirm, **data)
        except services.DuplicateReaderError as error:
            self.candidates = error.candidates
            raise

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidates=self.candidates, **kwargs)

    def get_success_url(self):
        return reverse("readers:detail", args=[self.result.pk])

    def get_breadcrumbs(self):
        return crumbs((self.page_title, ""))


class ReaderUpdateView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    permission_required = "readers.change_reader"
    form_class = StaffReaderForm
    success_message = gettext_lazy("Changes saved.")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name in ("card_number", "confirm_new"):
            form.fields.pop(name)
        return form

    def get_initial(self):
        r = self.reader
        return {f: getattr(r, f) for f in services.READER_FIELDS if f != "home_branch"} | {"home_branch": r.home_branch}

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.reader.full_name}

    def perform(self, form):
        return services.reader_update(actor=self.request.user, reader=self.reader, **form.cleaned_data)

    def get_success_url(self):
        return reverse("readers:detail", args=[self.reader.pk])

    def get_cancel_url(self):
        return self.get_success_url()

    def get_breadcrumbs(self):
        return self.reader_crumbs((self.get_page_title(), ""))


class CardRenewView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    """Renew the library card after checking the reader's details with them."""

    permission_required = "readers.change_reader"
    form_class = CardRenewForm
    submit_label = gettext_lazy("Renew the card")
    success_message = gettext_lazy("Card renewed.")

    def get_page_title(self):
        return _("Renew the card of %(name)s") % {"name": self.reader.full_name}

    def get_context_data(self, **kwargs):
        if self.reader.card_expires:
            intro = _("The card %(card)s is valid until %(date)s.") % {
                "card": self.reader.card_number, "date": self.reader.card_expires.isoformat()}
        else:
            intro = _("The card %(card)s has no expiry date.") % {"card": self.reader.card_number}
        return super().get_context_data(intro=intro, **kwargs)

    def get_initial(self):
        return {"until": services.proposed_card_expiry(self.reader)}

    def perform(self, form):
        return services.reader_card_renew(actor=self.request.user, reader=self.reader,
                                          until=form.cleaned_data["until"])

    def get_success_url(self):
        return reverse("readers:detail", args=[self.reader.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return self.reader_crumbs((self.get_page_title(), ""))


class ConsentRecordView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    permission_required = "readers.add_consent"
    form_class = ConsentForm
    template_name = "readers/staff/consent_form.html"
    success_message = gettext_lazy("Consent recorded.")

    def get_page_title(self):
        return _("Record consent for %(name)s") % {"name": self.reader.full_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(consent_text=needs_services.CONSENT_TEXT,
                                         consent_version=needs_services.CONSENT_VERSION, **kwargs)

    def get_initial(self):
        return {"guardian_name": self.reader.guardian_name, "guardian_relation": self.reader.guardian_relation}

    def perform(self, form):
        data = form.cleaned_data
        return needs_services.consent_give(actor=self.request.user, reader=self.reader, channel=data["channel"],
                                           guardian_name=data["guardian_name"],
                                           guardian_relation=data["guardian_relation"])

    def get_success_url(self):
        return reverse("readers:detail", args=[self.reader.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return self.reader_crumbs((self.get_page_title(), ""))


class ConsentWithdrawView(ConsentRecordView):
    form_class = ConfirmForm
    template_name = "core/form_page.html"
    success_message = gettext_lazy("Consent withdrawn. The reader's needs data has been deleted.")

    def get_page_title(self):
        return _("Withdraw consent for %(name)s") % {"name": self.reader.full_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("Withdrawing consent deletes the reader's needs profile, its history and latent "
                    "needs. Only anonymous counts are kept."), submit_label=_("Withdraw consent"), **kwargs)

    def get_initial(self):
        return {}

    def perform(self, form):
        return needs_services.consent_withdraw(actor=self.request.user, reader=self.reader)


class NeedsView(StaffRequiredMixin, ReaderMixin, TemplateView):
    """The sensitive needs profile. Every view is audited (needs_services.needs_profile_read)."""

    permission_required = "readers.view_sensitive_needs"
    template_name = "readers/staff/needs.html"

    def get_context_data(self, **kwargs):
        profile = needs_services.needs_profile_read(actor=self.request.user, reader=self.reader)
        return super().get_context_data(
            page_title=_("Needs of %(name)s") % {"name": self.reader.full_name}, reader=self.reader,
            profile=profile_display(profile), has_consent=bool(self.reader.valid_consents),
            latent=self.reader.latent_needs.filter(status=LatentNeedStatus.OPEN).count(),
            breadcrumbs=self.reader_crumbs((_("Needs"), "")), **kwargs)


class NeedsEditView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    permission_required = ("readers.view_sensitive_needs", "readers.change_needsprofile")
    form_class = NeedsProfileForm
    template_name = "readers/needs_form.html"
    success_message = gettext_lazy("Needs profile saved. A new version is in the history.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["profile"] = needs_services.needs_profile_read(actor=self.request.user, reader=self.reader,
                                                                  purpose="viewed_for_edit")
        return kwargs

    def get_page_title(self):
        return _("Edit needs of %(name)s") % {"name": self.reader.full_name}

    def perform(self, form):
        return needs_services.needs_profile_set(actor=self.request.user, reader=self.reader,
                                                data=form.profile_data(), reason=form.cleaned_data["reason"])

    def get_success_url(self):
        return reverse("readers:needs", args=[self.reader.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return self.reader_crumbs((_("Needs"), reverse("readers:needs", args=[self.reader.pk])),
                                  (_("Edit"), ""))


class NeedsHistoryView(StaffRequiredMixin, ReaderMixin, TemplateView):
    permission_required = "readers.view_sensitive_needs"
    template_name = "readers/needs_history.html"

    def get_context_data(self, **kwargs):
        versions = needs_services.needs_history_read(actor=self.request.user, reader=self.reader)
        return super().get_context_data(
            page_title=_("Needs history of %(name)s") % {"name": self.reader.full_name},
            versions=version_rows(versions), base_template="staff/base_staff.html",
            breadcrumbs=self.reader_crumbs((_("Needs"), reverse("readers:needs", args=[self.reader.pk])),
                                           (_("History"), "")), **kwargs)


class LatentNeedCreateView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    permission_required = "readers.add_latentneed"
    form_class = LatentNeedForm
    success_message = gettext_lazy("Observation recorded for follow-up.")

    def get_page_title(self):
        return _("Record a possible need of %(name)s") % {"name": self.reader.full_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=_("Note what you observed so that a colleague can follow "
                                                "it up with the reader. Only possible with the reader's consent."),
                                        **kwargs)

    def perform(self, form):
        return needs_services.latent_need_record(actor=self.request.user, reader=self.reader,
                                                 **form.cleaned_data)

    def get_success_url(self):
        return reverse("readers:detail", args=[self.reader.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return self.reader_crumbs((self.get_page_title(), ""))


class LatentListView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_sensitive_needs"
    template_name = "readers/staff/latent_list.html"

    def get_context_data(self, **kwargs):
        items = needs_services.latent_needs_read(actor=self.request.user)
        labels = {t.code: t.label for t in NeedType.objects.all()}
        for item in items:
            item.need_label = labels.get(item.data.get("need_type"), "")
        return super().get_context_data(page_title=_("Latent needs to follow up"), items=items,
                                         breadcrumbs=crumbs((_("Latent needs to follow up"), "")), **kwargs)


class LatentResolveView(StaffRequiredMixin, ServiceFormView):
    permission_required = ("readers.view_sensitive_needs", "readers.change_latentneed")
    form_class = LatentResolveForm
    page_title = gettext_lazy("Resolve an observation")
    success_message = gettext_lazy("Observation resolved.")

    def dispatch(self, request, *args, **kwargs):
        self.latent = get_object_or_404(LatentNeed.objects.select_related("reader"), pk=kwargs["pk"],
                                        status=LatentNeedStatus.OPEN)
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return needs_services.latent_need_resolve(actor=self.request.user, latent=self.latent,
                                                  **form.cleaned_data)

    def get_success_url(self):
        if self.result.status == LatentNeedStatus.CONFIRMED:
            return reverse("readers:needs_edit", args=[self.latent.reader_id])
        return reverse("readers:latent_list")

    def get_cancel_url(self):
        return reverse("readers:latent_list")

    def get_breadcrumbs(self):
        return crumbs((_("Latent needs to follow up"), reverse("readers:latent_list")), (self.page_title, ""))


class ErasureRequestsView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.erase_reader"
    template_name = "readers/staff/erasure_requests.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Data deletion requests"),
                                        readers=selectors.readers_requesting_erasure(),
                                        breadcrumbs=crumbs((_("Data deletion requests"), "")), **kwargs)


class ReaderEraseView(StaffRequiredMixin, ReaderMixin, ServiceFormView):
    permission_required = "readers.erase_reader"
    form_class = ConfirmForm
    success_message = gettext_lazy("The reader's personal data has been erased. Anonymous statistics remain.")

    def get_page_title(self):
        return _("Erase %(name)s") % {"name": self.reader.full_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("This removes the reader's name, contact details, needs, consents and sign-in account. "
                    "Anonymous counts stay. It cannot be undone."), submit_label=_("Erase this reader"),
            **kwargs)

    def perform(self, form):
        return services.reader_erase(actor=self.request.user, reader=self.reader)

    def get_success_url(self):
        return reverse("readers:erasure_requests")

    def get_cancel_url(self):
        return reverse("readers:detail", args=[self.reader.pk])

    def get_breadcrumbs(self):
        return self.reader_crumbs((self.get_page_title(), ""))
