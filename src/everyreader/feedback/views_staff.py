"""Staff workspace: working queues, entry on a reader's behalf, one item and its workflow."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.feedback import access, selectors, services
from everyreader.feedback.models import Attachment, FeedbackItem, Kind, State
from everyreader.feedback.staff_forms import AssignForm, CloseForm, QueueFilterForm, RespondForm, ReopenForm, StaffEntryForm

VIEW = "feedback.view_feedbackitem"
CHANGE = "feedback.change_feedbackitem"


def crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Feedback"), reverse("feedback_staff:queue")),
            *extra]


class QueueView(StaffRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "feedback/staff/queue.html"

    def get_context_data(self, **kwargs):
        form = QueueFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        scope = data.get("scope") or ("department" if not access.sees_all(self.request.user) else "all")
        items = selectors.queue(self.request.user, scope=scope, department=data.get("department"),
                                state=data.get("state", ""), kind=data.get("kind", ""),
                                category=data.get("category"), channel=data.get("channel", ""),
                                overdue_only=data.get("overdue", False), query=data.get("q", ""))
        page = Paginator(items, 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Feedback queue"), form=form, page_obj=page,
                                        today=timezone.localdate(), breadcrumbs=crumbs(), **kwargs)


class EntryView(StaffRequiredMixin, ServiceFormView):
    permission_required = "feedback.add_feedbackitem"
    form_class = StaffEntryForm
    template_name = "feedback/staff/entry.html"
    page_title = gettext_lazy("Record feedback for a reader")
    submit_label = gettext_lazy("Record feedback")

    def get_breadcrumbs(self):
        return crumbs((self.page_title, ""))

    def perform(self, form):
        data = form.cleaned_data
        received_on = data["received_on"]
        now = timezone.localtime()
        received_at = now if received_on == now.date() else timezone.make_aware(
            datetime.combine(received_on, time(12, 0)))
        return services.feedback_submit(
            actor=self.request.user, kind=data["kind"], category=data["category"], subject=data["subject"],
            description=data["description"], expectation=data["expectation"], branch=data["branch"],
            severity=data["severity"], channel=data["channel"], anonymous=data["anonymous"], reader=form.reader,
            contact_name=data["contact_name"], contact_email=data["contact_email"],
            contact_phone=data["contact_phone"], files=data["attachments"], received_at=received_at)

    def get_success_message(self):
        return _("Feedback recorded with reference %(ref)s. Tell the reader this number.") % {
            "ref": self.result.reference}

    def get_success_url(self):
        return reverse("feedback_staff:detail", args=[self.result.pk])


class ItemMixin(StaffRequiredMixin):
    permission_required = VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(FeedbackItem.objects.select_related("department", "handler"),
                                          pk=kwargs["pk"])
            if request.user.is_staff_member and not access.can_view(request.user, self.item):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DetailView(ItemMixin, TemplateView):
    template_name = "feedback/staff/detail.html"

    def get_context_data(self, **kwargs):
        item = selectors.item_detail(self.item.pk)
        user = self.request.user
        can_handle = access.can_handle(user, item)
        targets = services.TRANSITIONS.targets(item.state)
        return super().get_context_data(
            page_title=f"{item.reference} {item.subject}", item=item, events=selectors.item_events(item),
            today=timezone.localdate(), can_see_submitter=access.can_see_submitter(user, item),
            can_assign=access.can_assign(user, item) and item.state in (State.NEW, *services.REASSIGNABLE),
            can_start=can_handle and State.IN_PROGRESS in targets,
            can_respond=can_handle and State.RESPONDED in targets,
            can_close=can_handle and State.CLOSED in targets,
            can_reopen=(can_handle or access.can_assign(user, item)) and State.REOPENED in targets,
            breadcrumbs=crumbs((item.reference, "")), **kwargs)


class SubmitterView(ItemMixin, TemplateView):
    """The submitter's contact details, on their own page so that every look is audited."""

    template_name = "feedback/staff/submitter.html"

    def get_context_data(self, **kwargs):
        details = services.submitter_reveal(actor=self.request.user, item=self.item)
        return super().get_context_data(
            page_title=_("Who sent %(ref)s") % {"ref": self.item.reference}, item=self.item, details=details,
            breadcrumbs=crumbs((self.item.reference, reverse("feedback_staff:detail", args=[self.item.pk])),
                               (_("Submitter"), "")), **kwargs)


class ItemFormView(ItemMixin, ServiceFormView):
    permission_required = CHANGE

    def get_breadcrumbs(self):
        return crumbs((self.item.reference, reverse("feedback_staff:detail", args=[self.item.pk])),
                      (self.get_page_title(), ""))

    def get_cancel_url(self):
        return reverse("feedback_staff:detail", args=[self.item.pk])

    def get_success_url(self):
        return reverse("feedback_staff:detail", args=[self.item.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class AssignView(ItemFormView):
    permission_required = "feedback.assign_feedbackitem"
    form_class = AssignForm
    submit_label = gettext_lazy("Assign")
    success_message = gettext_lazy("Assigned. The handler has been notified.")

    def get_page_title(self):
        return _("Assign %(ref)s") % {"ref": self.item.reference}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "department": self.item.department}

    def perform(self, form):
        return services.item_assign(actor=self.request.user, item=self.item, handler=form.cleaned_data["handler"],
                                    note=form.cleaned_data["note"])


class RespondView(ItemFormView):
    form_class = RespondForm
    submit_label = gettext_lazy("Send the response")
    success_message = gettext_lazy("Response sent to the reader.")

    def get_page_title(self):
        return _("Respond to %(ref)s") % {"ref": self.item.reference}

    def perform(self, form):
        return services.item_respond(actor=self.request.user, item=self.item, response=form.cleaned_data["response"])


class CloseView(ItemFormView):
    form_class = CloseForm
    template_name = "feedback/staff/close.html"
    submit_label = gettext_lazy("Close")
    success_message = gettext_lazy("Closed.")

    def get_page_title(self):
        return _("Close %(ref)s") % {"ref": self.item.reference}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "complaint": self.item.kind == Kind.COMPLAINT}

    def perform(self, form):
        return services.item_close(actor=self.request.user, item=self.item, root_cause=form.root_cause())


class ReopenView(ItemFormView):
    form_class = ReopenForm
    submit_label = gettext_lazy("Reopen")
    success_message = gettext_lazy("Reopened with a new due date.")

    def get_page_title(self):
        return _("Reopen %(ref)s") % {"ref": self.item.reference}

    def perform(self, form):
        return services.item_reopen(actor=self.request.user, item=self.item, reason=form.cleaned_data["reason"])


class StartView(ItemMixin, View):
    permission_required = CHANGE

    def post(self, request, pk):
        try:
            services.item_start(actor=request.user, item=self.item)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Marked as in progress."))
        return redirect("feedback_staff:detail", pk=pk)


class AttachmentView(ItemMixin, View):
    def get(self, request, pk, attachment_id):
        attachment = get_object_or_404(Attachment, pk=attachment_id, item=self.item)
        audit.record(actor=request.user, action="feedback.attachment_downloaded", obj=self.item,
                     details={"attachment": attachment.pk})
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                                as_attachment=True, filename=attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
