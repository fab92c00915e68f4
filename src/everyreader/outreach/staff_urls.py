from django.urls import path

from everyreader.outreach import views_delivery as d
from everyreader.outreach import views_postal as p
from everyreader.outreach import views_print as pr
from everyreader.outreach import views_roster as r

app_name = "outreach"

urlpatterns = [
    path("week/", d.HomeView.as_view(), name="home"),
    path("profiles/", d.ProfileListView.as_view(), name="profile_list"),
    path("profiles/new/", d.ProfileCreateView.as_view(), name="profile_create"),
    path("profiles/<int:pk>/", d.ProfileDetailView.as_view(), name="profile_detail"),
    path("profiles/<int:pk>/edit/", d.ProfileUpdateView.as_view(), name="profile_update"),
    path("profiles/<int:pk>/pause/", d.ProfilePauseView.as_view(), name="profile_pause"),
    path("profiles/<int:pk>/resume/", d.ProfileResumeView.as_view(), name="profile_resume"),
    path("visits/", d.VisitListView.as_view(), name="visit_list"),
    path("visits/new/", d.VisitScheduleView.as_view(), name="visit_schedule"),
    path("visits/<int:pk>/", d.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/assign/", d.VisitAssignView.as_view(), name="visit_assign"),
    path("visits/<int:pk>/record/", d.VisitRecordView.as_view(), name="visit_record"),
    path("visits/<int:pk>/feedback/", d.VisitFeedbackView.as_view(), name="visit_feedback"),
    path("routes/", pr.RouteSheetView.as_view(), name="route_sheet"),
    path("routes/pdf/", pr.RouteSheetPdfView.as_view(), name="route_sheet_pdf"),
    path("roster/", r.RosterListView.as_view(), name="roster_list"),
    path("roster/new/", r.MemberCreateView.as_view(), name="member_create"),
    path("roster/<int:pk>/", r.MemberDetailView.as_view(), name="member_detail"),
    path("roster/<int:pk>/edit/", r.MemberUpdateView.as_view(), name="member_update"),
    path("roster/<int:pk>/availability/", r.AvailabilityView.as_view(), name="member_availability"),
    path("postal/", p.PostalListView.as_view(), name="postal_list"),
    path("postal/dispatch/", p.PostalDispatchView.as_view(), name="postal_dispatch"),
    path("postal/labels/", pr.PostalLabelsView.as_view(), name="postal_labels"),
    path("postal/<int:pk>/return/", p.PostalReturnView.as_view(), name="postal_return"),
    path("postal/<int:pk>/tracking/", p.PostalTrackingView.as_view(), name="postal_tracking"),
]
