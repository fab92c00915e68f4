from django.urls import path
from django.views.generic import RedirectView

from everyreader.readers import views_categories as cat
from everyreader.readers import views_segments as seg
from everyreader.readers import views_staff as v

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="readers:list"), name="home"),
    path("search/", v.ReaderListView.as_view(), name="list"),
    path("new/", v.ReaderRegisterView.as_view(), name="register"),
    path("<int:pk>/", v.ReaderDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", v.ReaderUpdateView.as_view(), name="update"),
    path("<int:pk>/card/", v.CardRenewView.as_view(), name="card_renew"),
    path("<int:pk>/consent/", v.ConsentRecordView.as_view(), name="consent"),
    path("<int:pk>/consent/withdraw/", v.ConsentWithdrawView.as_view(), name="consent_withdraw"),
    path("<int:pk>/needs/", v.NeedsView.as_view(), name="needs"),
    path("<int:pk>/needs/edit/", v.NeedsEditView.as_view(), name="needs_edit"),
    path("<int:pk>/needs/history/", v.NeedsHistoryView.as_view(), name="needs_history"),
    path("<int:pk>/observations/new/", v.LatentNeedCreateView.as_view(), name="latent_create"),
    path("<int:pk>/erase/", v.ReaderEraseView.as_view(), name="erase"),
    path("observations/", v.LatentListView.as_view(), name="latent_list"),
    path("observations/<int:pk>/resolve/", v.LatentResolveView.as_view(), name="latent_resolve"),
    path("deletion-requests/", v.ErasureRequestsView.as_view(), name="erasure_requests"),
    path("segments/", seg.SegmentListView.as_view(), name="segment_list"),
    path("segments/new/", seg.SegmentCreateView.as_view(), name="segment_create"),
    path("segments/<int:pk>/", seg.SegmentDetailView.as_view(), name="segment_detail"),
    path("segments/<int:pk>/edit/", seg.SegmentUpdateView.as_view(), name="segment_update"),
    path("segments/<int:pk>/export.<str:fmt>", seg.SegmentExportView.as_view(), name="segment_export"),
    path("needs-report/", seg.NeedsReportView.as_view(), name="needs_report"),
    path("import/", seg.ImportView.as_view(), name="import"),
    path("categories/", cat.CategoryListView.as_view(), name="category_list"),
    path("categories/new/", cat.CategoryCreateView.as_view(), name="category_create"),
    path("categories/<int:pk>/edit/", cat.CategoryUpdateView.as_view(), name="category_update"),
]
