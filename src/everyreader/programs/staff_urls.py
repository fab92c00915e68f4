from django.urls import path

from everyreader.programs.views import (
    communications,
    meetings,
    overview,
    reports,
    resources,
    risks,
    tasks,
)

app_name = "programmes"

urlpatterns = [
    path("", overview.ProgrammeIndexView.as_view(), name="index"),
    path("import/", overview.ImportPlanView.as_view(), name="import"),
    path("my-work/", overview.MyWorkView.as_view(), name="my_work"),
    path("<int:pk>/", overview.OverviewView.as_view(), name="overview"),
    path("<int:pk>/settings/", overview.ProgrammeEditView.as_view(), name="edit"),
    path("targets/<int:pk>/edit/", overview.TargetEditView.as_view(), name="target_edit"),
    path("<int:pk>/tasks/", tasks.TaskListView.as_view(), name="tasks"),
    path("<int:pk>/timeline/", tasks.TimelineView.as_view(), name="timeline"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/budget/new/", resources.BudgetLineAddView.as_view(), name="budget_add"),
    path("tasks/<int:pk>/staff/", resources.AllocationSetView.as_view(), name="allocation_set"),
    path("<int:pk>/risks/", risks.RiskListView.as_view(), name="risks"),
    path("risks/<int:pk>/", risks.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/review/", risks.RiskReviewView.as_view(), name="risk_review"),
    path("risks/<int:pk>/edit/", risks.RiskEditView.as_view(), name="risk_edit"),
    path("<int:pk>/meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/minutes/", meetings.MeetingRecordView.as_view(), name="meeting_record"),
    path("meetings/<int:pk>/actions/new/", meetings.ActionItemAddView.as_view(), name="action_add"),
    path("actions/<int:pk>/status/", meetings.ActionStatusView.as_view(), name="action_status"),
    path("<int:pk>/reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/fill/", reports.ReportFillView.as_view(), name="report_fill"),
    path("reports/<int:pk>/review/", reports.ReportReviewView.as_view(), name="report_review"),
    path("<int:pk>/monthly/<str:month>/", reports.MonthlyProgrammeReportView.as_view(), name="monthly"),
    path("<int:pk>/monthly/<str:month>/pdf/", reports.MonthlyReportFileView.as_view(kind="pdf"), name="monthly_pdf"),
    path("<int:pk>/monthly/<str:month>/xlsx/", reports.MonthlyReportFileView.as_view(kind="xlsx"),
         name="monthly_xlsx"),
    path("<int:pk>/communications/", communications.CommunicationPlanView.as_view(), name="communications"),
    path("communications/<int:pk>/log/", communications.CommunicationLogView.as_view(), name="communication_log"),
]
