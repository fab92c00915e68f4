from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.messaging import selectors, services
from everyreader.messaging.forms import CallOutcomeForm, LetterBatchForm, MessageLogFilterForm
from everyreader.messaging.models import LetterBatch, OutboundMessage
from everyreader.readers.models import ContactChannel


def _crumbs(label):
    return [(_("Staff workspace"), reverse("staff:home")), (label, "")]


class CallListView(StaffRequiredMixin, TemplateView):
    permission_required = "messaging.view_outboundmessage"
    template_name = "messaging/call_list.html"

    def get_context_data(self, **kwargs):
        calls = list(selectors.call_list()[:200])
        for call in calls:
            call.form = CallOutcomeForm(prefix=f"call{call.pk}")
        return super().get_context_data(page_title=_("Call list"), calls=calls,
                                        breadcrumbs=_crumbs(_("Call list")), **kwargs)


class CallOutcomeView(StaffRequiredMixin, View):
    permission_required = "messaging.change_outboundmessage"

    def post(self, request, pk):
        message = get_object_or_404(OutboundMessage, pk=pk)
        form = CallOutcomeForm(request.POST, prefix=f"call{pk}")
        if not form.is_valid():
            messages.error(request, _("Choose whether you reached the reader, then save."))
            return redirect(f"{reverse('messaging:call_list')}#call-{pk}")
        try:
            services.call_record_outcome(actor=request.user, message=message,
                                         reached=form.cleaned_data["reached"], note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Call outcome saved."))
        return redirect("messaging:call_list")


class LettersView(StaffRequiredMixin, TemplateView):
    permission_required = "messaging.view_outboundmessage"
    template_name = "messaging/letters.html"

    def get_context_data(self, **kwargs):
        pending = selectors.letters_pending_counts()
        channels = [(ContactChannel.LARGE_PRINT_LETTER, pending.get(ContactChannel.LARGE_PRINT_LETTER, 0)),
                    (ContactChannel.BRAILLE_LETTER, pending.get(ContactChannel.BRAILLE_LETTER, 0))]
        page = Paginator(selectors.letter_batches(), 20).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Letters to print"), channels=channels,
                                        page_obj=page, breadcrumbs=_crumbs(_("Letters to print")), **kwargs)

    def post(self, request):
        if not request.user.has_perm("messaging.change_outboundmessage"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = LetterBatchForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose large-print or braille letters."))
            return redirect("messaging:letters")
        try:
            batch = services.letters_create_batch(actor=request.user, channel=form.cleaned_data["channel"])
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("messaging:letters")
        messages.success(request, _("Batch ready: download it, print it and post the letters."))
        return redirect(f"{reverse('messaging:letters')}#batch-{batch.pk}")


class LetterBatchDownloadView(StaffRequiredMixin, View):
    permission_required = "messaging.view_outboundmessage"

    def get(self, request, pk):
        batch = get_object_or_404(LetterBatch, pk=pk)
        letters = list(selectors.batch_letters(batch))
        audit.record(actor=request.user, action="letters.batch_downloaded", obj=batch)
        if batch.channel == ContactChannel.BRAILLE_LETTER:
            try:
                parts = [services.braille_translate(f"{m.address}\n\n{m.subject}\n\n{m.body}") for m in letters]
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("messaging:letters")
            response = HttpResponse("\n\f\n".join(parts), content_type="text/plain; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="braille-letters-{batch.pk}.txt"'
            return response
        from weasyprint import HTML

        html = render_to_string("messaging/large_print_letters.html", {"letters": letters, "batch": batch})
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="large-print-letters-{batch.pk}.pdf"'
        return response


class MessageLogView(StaffRequiredMixin, TemplateView):
    permission_required = "messaging.view_outboundmessage"
    template_name = "messaging/log.html"

    def get_context_data(self, **kwargs):
        form = MessageLogFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = Paginator(selectors.message_log(**filters), 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Message log"), form=form, page_obj=page,
                                        breadcrumbs=_crumbs(_("Message log")), **kwargs)
