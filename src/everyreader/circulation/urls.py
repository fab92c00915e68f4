from django.urls import include, path

from everyreader.circulation import desk_lists, desk_views, me_views, staff_urls, stats_views

app_name = "circulation"

desk_patterns = [
    path("staff/circulation/desk/", desk_views.DeskView.as_view(), name="desk"),
    path("staff/circulation/desk/readers/<int:pk>/", desk_views.ReaderPanelView.as_view(), name="desk_reader"),
    path("staff/circulation/desk/readers/<int:pk>/checkout/", desk_views.CheckoutView.as_view(),
         name="desk_checkout"),
    path("staff/circulation/desk/readers/<int:pk>/renew/", desk_views.RenewView.as_view(), name="desk_renew"),
    path("staff/circulation/desk/readers/<int:pk>/fines/<int:fine_pk>/", desk_views.FineSettleView.as_view(),
         name="desk_fine"),
    path("staff/circulation/checkin/", desk_views.CheckinView.as_view(), name="checkin"),
    path("staff/circulation/checkin/clear/", desk_views.ClearCheckinLogView.as_view(), name="checkin_clear"),
    path("staff/circulation/hold-shelf/", desk_lists.HoldShelfView.as_view(), name="hold_shelf"),
    path("staff/circulation/pick-list/", desk_lists.PickListView.as_view(), name="pick_list"),
    path("staff/circulation/in-transit/", desk_lists.TransitListView.as_view(), name="transfers"),
    path("staff/circulation/fines/", desk_lists.UnpaidFinesView.as_view(), name="fines"),
    path("staff/circulation/in-transit/<int:pk>/receive/", desk_lists.TransferReceiveView.as_view(),
         name="transfer_receive"),
    path("staff/circulation/statistics/", stats_views.ReadingVolumeView.as_view(), name="statistics"),
    path("staff/circulation/statistics/loans.<str:fmt>", stats_views.ReadingVolumeExportView.as_view(),
         name="statistics_export"),
]

me_patterns = [
    path("me/loans/", me_views.MeLoansView.as_view(), name="me_loans"),
    path("me/loans/renew/", me_views.MeRenewView.as_view(), name="me_renew"),
    path("me/holds/", me_views.MeHoldsView.as_view(), name="me_holds"),
    path("me/holds/new/", me_views.MeHoldNewView.as_view(), name="me_hold_new"),
    path("me/holds/<int:pk>/cancel/", me_views.MeHoldCancelView.as_view(), name="me_hold_cancel"),
    path("me/loan-history/", me_views.MeHistoryView.as_view(), name="me_history"),
]

# One namespace, "circulation": the policy pages (staff_urls) join the desk and /me/ pages here.
urlpatterns = [*desk_patterns, *me_patterns, path("staff/circulation/", include(staff_urls.urlpatterns))]
