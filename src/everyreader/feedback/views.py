"""Reader-facing pages: the feedback form, one question per page, status and rating, my feedback."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.errors import DomainError
from everyreader.core.permissions import ReaderRequiredMixin
from everyreader.feedback import ratelimit, selectors, services
from everyreader.feedback.forms import FeedbackForm, RatingForm
from everyreader.feedback.models import Severity, State

HONEYPOT = "website"


def _has_reader(request) -> bool:
    from everyreader.readers.selectors import reader_for_user

    return reader_for_user(request.user) is not None


def make_form(request, data=None, files=None, **kwargs) -> FeedbackForm:
    return FeedbackForm(data, files, easy_read=request.display.easy_read, **kwargs,
                        signed_in_reader=request.user.is_authenticated and _has_reader(request))


def submit(request, form: FeedbackForm):
    """Shared by both forms. Returns a response (redirect or re-render) or None if form errors."""
    data = form.cleaned_data
    return services.feedback_submit(
        actor=request.user, kind=data["kind"], category=data["category"], subject=data["subject"],
        description=data["description"], expectation=data.get("expectation", ""), branch=data.get("branch"),
        severity=Severity.HIGH if data.get("urgent") else Severity.MEDIUM, anonymous=data.get("anonymous", False),
        contact_name=data.get("contact_name", ""), contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""), files=data.get("attachments") or [])


def received(request, item):
    ratelimit.hit(request)
    request.session["feedback_received"] = item.access_token
    return redirect("feedback:received")


def spam_or_limited(request, template: str, context: dict):
    """The honeypot was filled (a robot), or too many submissions: nothing is stored."""
    if request.POST.get(HONEYPOT):
        return render(request, "feedback/discarded.html", {"page_title": _("Thank you")})
    if ratelimit.is_limited(request):
        context["limited"] = True
        return render(request, template, context, status=429)
    return None


class FeedbackView(View):
    template_name = "feedback/form.html"

    def context(self, form):
        return {"form": form, "page_title": _("Tell us what you think"), "honeypot": HONEYPOT,
                "signed_in_reader": "contact_email" not in form.fields}

    def get(self, request):
        return render(request, self.template_name, self.context(make_form(request)))

    def post(self, request):
        form = make_form(request, request.POST, request.FILES)
        blocked = spam_or_limited(request, self.template_name, self.context(form))
        if blocked is not None:
            return blocked
        if form.is_valid():
            try:
                item = submit(request, form)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return received(request, item)
        return render(request, self.template_name, self.context(form))


class ReceivedView(View):
    """Shows the reference number once, right after submitting."""

    def get(self, request):
        token = request.session.get("feedback_received")
        item = selectors.item_by_token(token) if token else None
        if item is None:
            return redirect("feedback:form")
        return render(request, "feedback/received.html", {
            "page_title": _("Thank you: we have your feedback"), "item": item,
            "status_url": request.build_absolute_uri(reverse("feedback:status", args=[item.access_token]))})


class StatusView(View):
    """The private link: follow the feedback and rate the resolution without signing in."""

    def get_item(self, token):
        item = selectors.item_by_token(token)
        if item is None:
            raise Http404
        return item

    def render(self, request, item, form=None):
        can_rate = item.state in (State.RESPONDED, State.CLOSED) and item.rated_at is None
        return render(request, "feedback/status.html", {
            "page_title": _("Feedback %(ref)s") % {"ref": item.reference}, "item": item,
            "form": form or (RatingForm() if can_rate else None)})

    def get(self, request, token):
        return self.render(request, self.get_item(token))

    def post(self, request, token):
        item = self.get_item(token)
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.item_rate(item=item, rating=form.cleaned_data["rating"],
                                   comment=form.cleaned_data["comment"], actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you for rating our response."))
            return redirect("feedback:status", token=token)
        return self.render(request, item, form)


class MyFeedbackView(ReaderRequiredMixin, TemplateView):
    template_name = "feedback/mine.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.items_of_reader(self.request.user), 20).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("My feedback"), page_obj=page, **kwargs)
