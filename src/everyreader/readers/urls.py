from django.urls import include, path

from everyreader.readers import staff_urls, views_join, views_me

app_name = "readers"

urlpatterns = [
    path("me/details/", views_me.MeProfileView.as_view(), name="me_profile"),
    path("me/needs/", views_me.MeNeedsView.as_view(), name="me_needs"),
    path("me/needs/consent/", views_me.MeConsentView.as_view(), name="me_consent"),
    path("me/needs/edit/", views_me.MeNeedsEditView.as_view(), name="me_needs_edit"),
    path("me/needs/consent/withdraw/", views_me.MeConsentWithdrawView.as_view(), name="me_consent_withdraw"),
    path("me/data/", views_me.MeDataView.as_view(), name="me_data"),
    path("me/data.json", views_me.MeDataJsonView.as_view(), name="me_data_json"),
    path("me/close-account/", views_me.MeErasureView.as_view(), name="me_erasure"),
    path("join/", views_join.JoinStartView.as_view(), name="join"),
    path("join/form/", views_join.JoinFormView.as_view(), name="join_form"),
    path("join/step/<int:step>/", views_join.JoinStepView.as_view(), name="join_step"),
    path("join/done/", views_join.JoinDoneView.as_view(), name="join_done"),
]

urlpatterns.append(path("staff/readers/", include(staff_urls.urlpatterns)))
