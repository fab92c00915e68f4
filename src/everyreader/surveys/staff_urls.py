from django.urls import path

from everyreader.surveys import views_builder as b
from everyreader.surveys import views_results as r

app_name = "surveys_staff"

urlpatterns = [
    path("", b.SurveyListView.as_view(), name="list"),
    path("new/", b.SurveyCreateView.as_view(), name="create"),
    path("new/template/", b.SurveyFromTemplateView.as_view(), name="from_template"),
    path("needs-report/", r.NeedsReportView.as_view(), name="needs_report"),
    path("needs-report/pdf/", r.NeedsReportView.as_view(), {"fmt": "pdf"}, name="needs_report_pdf"),
    path("<int:pk>/", b.SurveyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", b.SurveyEditView.as_view(), name="edit"),
    path("<int:pk>/sections/new/", b.SectionAddView.as_view(), name="section_add"),
    path("<int:pk>/sections/<int:section>/", b.SectionEditView.as_view(), name="section_edit"),
    path("<int:pk>/sections/<int:section>/questions/new/", b.QuestionEditView.as_view(), name="question_add"),
    path("<int:pk>/sections/<int:section>/questions/<int:question>/", b.QuestionEditView.as_view(),
         name="question_edit"),
    path("<int:pk>/questions/<int:question>/delete/", b.QuestionDeleteView.as_view(), name="question_delete"),
    path("<int:pk>/publish/", b.PublishView.as_view(), name="publish"),
    path("<int:pk>/new-version/", b.NewVersionView.as_view(), name="new_version"),
    path("<int:pk>/runs/new/", b.RunCreateView.as_view(), name="run_create"),
    path("<int:pk>/waves/", r.WaveComparisonView.as_view(), name="waves"),
    path("runs/<int:pk>/", b.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/open/", b.RunOpenView.as_view(), name="run_open"),
    path("runs/<int:pk>/invite/", b.RunInviteView.as_view(), name="run_invite"),
    path("runs/<int:pk>/entry/", b.StaffEntryView.as_view(), name="entry"),
    path("runs/<int:pk>/results/", r.RunResultsView.as_view(), name="results"),
    path("runs/<int:pk>/report/", r.RunReportView.as_view(), name="report"),
    path("runs/<int:pk>/report/pdf/", r.RunReportView.as_view(), {"fmt": "pdf"}, name="report_pdf"),
    path("runs/<int:pk>/export.csv", r.ExportView.as_view(), {"fmt": "csv"}, name="export_csv"),
    path("runs/<int:pk>/export.xlsx", r.ExportView.as_view(), {"fmt": "xlsx"}, name="export_xlsx"),
]
