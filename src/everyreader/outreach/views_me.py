"""The reader's own home-delivery page at /me/delivery/: next visit, change day, pause, feedback."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from everyreader.core.errors import DomainError
from everyreader.core.permissions import ReaderRequiredMixin
from everyreader.outreach import selectors, services
from everyreader.outreach.forms import FeedbackForm, MeScheduleForm, PauseForm
from everyreader.outreach.models import ProfileStatus, Visit, VisitStatus

FORMS = {"schedule": MeScheduleForm, "pause": PauseForm, "feedback": FeedbackForm}


class MyDeliveryView(ReaderRequiredMixin, TemplateView):
    template_name = "outreach/me.html"

    def _profile(self):
        from everyreader.readers.selectors import reader_for_user

        return selectors.profile_for_reader(reader_for_user(self.request.user))

    def get_context_data(self, bound=None, **kwargs):
        profile = self._profile()
        today = timezone.localdate()
        context = {"page_title": _("Home delivery"), "profile": profile,
                   "breadcrumbs": [(_("My account"), "/me/"), (_("Home delivery"), "")]}
        if profile is not None:
            past = list(selectors.visits_of_profile(profile).filter(date__lte=today, status=VisitStatus.DELIVERED)[:6])
            context.update(
                next_visit=selectors.next_visit(profile, today), past=past,
                to_rate=next((v for v in past if v.rating is None), None),
                is_paused=profile.status == ProfileStatus.PAUSED,
                schedule_form=MeScheduleForm(prefix="schedule", initial={
                    "weekday": profile.weekday, "window_start": profile.window_start,
                    "window_end": profile.window_end}),
                pause_form=PauseForm(prefix="pause"), feedback_form=FeedbackForm(prefix="feedback"))
            if bound is not None:
                context[f"{bound.prefix}_form"] = bound
        return super().get_context_data(**context, **kwargs)

    def post(self, request):
        profile = self._profile()
        if profile is None:
            raise Http404
        action = request.POST.get("action", "")
        if action == "resume":
            return self._act(lambda: services.profile_resume(actor=request.user, profile=profile),
                             _("Home delivery starts again. We will tell you the next visit."))
        if action not in FORMS:
            messages.error(request, _("Something went wrong. Please try again."))
            return redirect("delivery:me")
        form = FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "schedule":
                    services.profile_update(actor=request.user, profile=profile, **data)
                    message = _("Your preferred day and time are saved.")
                elif action == "pause":
                    services.profile_pause(actor=request.user, profile=profile, until=data["until"])
                    message = _("Home delivery is paused.")
                else:
                    visit = get_object_or_404(Visit, pk=request.POST.get("visit"), profile=profile)
                    services.visit_feedback(actor=request.user, visit=visit, **data)
                    message = _("Thank you for your feedback.")
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, message)
                return redirect("delivery:me")
        return self.render_to_response(self.get_context_data(bound=form))

    def _act(self, fn, success):
        try:
            fn()
        except DomainError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, success)
        return redirect("delivery:me")
