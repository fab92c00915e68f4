from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.accounts.models import Department
from everyreader.accounts.selectors import staff_choices
from everyreader.programs.models import ActionItem, Meeting, MeetingSeries, Programme, Risk, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ImportPlanForm(forms.Form):
    start_date = forms.DateField(label=_("Start date (week 1)"), widget=DateInput())
    code = forms.SlugField(label=_("Code"), max_length=60, required=False,
                           help_text=_("Leave empty to use the plan's own code. Letters, digits and hyphens."))


class ProgrammeForm(forms.Form):
    start_date = forms.DateField(label=_("Start date (week 1)"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Programme.Status.choices)
    manager = forms.ModelChoiceField(label=_("Programme manager"), queryset=staff_choices(), required=False)
    report_due_day = forms.IntegerField(label=_("Report due day"), min_value=8, max_value=14,
                                        help_text=_("Day of the month (8 to 14) when monthly reports are due."))


class GoalForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10,
                           help_text=_("A short label that orders the goals, such as F or 6."))
    title = forms.CharField(label=_("Goal"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class TargetForm(forms.Form):
    indicator = forms.CharField(label=_("Indicator"), max_length=300,
                                help_text=_("What is measured, such as the satisfaction rate of readers with disabilities."))
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, help_text=_("For example %, people or items."))
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=12, decimal_places=2)
    target_value = forms.DecimalField(label=_("Target"), required=False, max_digits=12, decimal_places=2)
    current_value = forms.DecimalField(label=_("Current value"), required=False, max_digits=12, decimal_places=2)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    retired = forms.BooleanField(label=_("Retired: no longer tracked or reported"), required=False)

    def __init__(self, *args, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["retired"]
            self.fields["target_value"].required = True


class TaskFilterForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.order_by("name"),
                                        required=False, empty_label=_("All departments"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Task.Status.choices])


class TaskForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Responsible department"), required=False,
                                        queryset=Department.objects.order_by("name"))
    owner = forms.ModelChoiceField(label=_("Responsible person"), queryset=staff_choices(), required=False)
    start_week = forms.IntegerField(label=_("Start week"), min_value=1)
    end_week = forms.IntegerField(label=_("End week"), min_value=1)
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    percent_complete = forms.IntegerField(label=_("% complete"), min_value=0, max_value=100)
    blocked_reason = forms.CharField(label=_("Reason blocked"), required=False, max_length=300,
                                     help_text=_("Needed when the status is Blocked."))
    resources = forms.CharField(label=_("Required resources"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deliverables = forms.CharField(label=_("Deliverables"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    depends_on = forms.ModelMultipleChoiceField(
        label=_("Depends on"), queryset=Task.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tasks that must finish before this one starts."))

    def __init__(self, *args, can_move=True, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_move:  # only the programme manager moves tasks between departments or changes dependencies
            del self.fields["department"]
            del self.fields["depends_on"]
        elif task is not None:
            self.fields["depends_on"].queryset = (task.programme.tasks.filter(parent__isnull=False)
                                                  .exclude(pk=task.pk).order_by("start_week", "code"))


SCORES = [(n, str(n)) for n in range(1, 6)]


class RiskReviewForm(forms.Form):
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), choices=SCORES, coerce=int,
                                        widget=forms.RadioSelect,
                                        help_text=_("1 = rare, 5 = almost certain."))
    impact_score = forms.TypedChoiceField(label=_("Impact"), choices=SCORES, coerce=int,
                                          widget=forms.RadioSelect,
                                          help_text=_("1 = negligible, 5 = severe."))
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices)
    note = forms.CharField(label=_("What the review found"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MeetingRecordForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"), queryset=staff_choices(), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("One decision per line. They are added to those already recorded."))


class MeetingCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("For example: extraordinary risk review, partner workshop."))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, input_formats=["%H:%M"],
                                 widget=forms.TimeInput(format="%H:%M", attrs={"size": 5, "autocomplete": "off"}),
                                 help_text=_("24-hour clock, for example 14:30."))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    series = forms.ModelChoiceField(label=_("Meeting series"), queryset=MeetingSeries.objects.none(), required=False,
                                    empty_label=_("None: a one-off meeting"))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"), queryset=staff_choices(), required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["series"].queryset = programme.meeting_series.order_by("kind")


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=staff_choices())
    due_date = forms.DateField(label=_("Due"), widget=DateInput())
    task = forms.ModelChoiceField(label=_("Related task"), queryset=Task.objects.none(), required=False)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["task"].queryset = programme.tasks.order_by("start_week", "code")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class ReportForm(forms.Form):
    percent_complete = forms.IntegerField(label=_("% complete at the end of the month"), min_value=0,
                                          max_value=100, required=False)
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    resources_used = forms.CharField(label=_("Resources used"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    amount_spent = forms.DecimalField(label=_("Spent this month (yuan)"), required=False, min_value=0,
                                      max_digits=12, decimal_places=2)
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    solutions = forms.CharField(label=_("Solutions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("accept", _("Accept the report")), ("return", _("Return for changes"))])
    review_note = forms.CharField(label=_("Note to the task owner"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class CommunicationLogForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    summary = forms.CharField(label=_("What was sent"), widget=forms.Textarea(attrs={"rows": 3}))


class MonthForm(forms.Form):
    month = forms.RegexField(label=_("Month"), regex=r"^\d{4}-\d{2}$", help_text=_("Year and month, e.g. 2026-03."))


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Budget item"), max_length=200)
    planned = forms.DecimalField(label=_("Planned (yuan)"), min_value=0, max_digits=12, decimal_places=2)
    spent = forms.DecimalField(label=_("Spent (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0)


class AllocationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=staff_choices())
    percent = forms.IntegerField(label=_("Share of working time (%)"), min_value=0, max_value=100,
                                 help_text=_("0 removes the person from the task."))


class RiskEditForm(forms.Form):
    mitigation = forms.CharField(label=_("Mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Risk owner"), queryset=staff_choices(), required=False)
    review_cadence = forms.ChoiceField(label=_("Review cadence"), choices=Risk.Cadence.choices)
    next_review = forms.DateField(label=_("Next review"), required=False, widget=DateInput())
    tasks = forms.ModelMultipleChoiceField(label=_("Tasks threatened"), queryset=Task.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["tasks"].queryset = programme.tasks.filter(parent__isnull=False).order_by("start_week",
                                                                                                  "code")
