from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from everyreader.core.api import api_root_urls
from everyreader.core.api_docs import ApiReferenceView

handler400 = "everyreader.core.views.bad_request"
handler403 = "everyreader.core.views.permission_denied"
handler404 = "everyreader.core.views.page_not_found"
handler500 = "everyreader.core.views.server_error"

urlpatterns = [
    # First: the desk's API calls are the most frequent requests, and Django tries patterns in order.
    path("api/v1/", include(api_root_urls())),
    path("", include("everyreader.core.urls")),
    path("accounts/", include("everyreader.accounts.urls")),
    path("staff/", include("everyreader.core.staff_urls")),
    path("staff/organisation/", include("everyreader.accounts.staff_urls")),
    path("staff/messages/", include("everyreader.messaging.staff_urls")),
    path("staff/surveys/", include("everyreader.surveys.staff_urls")),
    path("surveys/", include("everyreader.surveys.urls")),
    path("feedback/", include("everyreader.feedback.urls")),
    path("staff/feedback/", include("everyreader.feedback.staff_urls")),
    path("", include("everyreader.readers.urls")),
    path("", include("everyreader.circulation.urls")),
    path("staff/programmes/", include("everyreader.programs.staff_urls")),
    path("catalog/", include("everyreader.catalog.urls")),
    path("staff/outreach/", include("everyreader.outreach.staff_urls")),
    path("me/delivery/", include("everyreader.outreach.urls")),
    path("staff/catalogue/", include("everyreader.catalog.staff_urls")),
    path("assistance/", include("everyreader.assistance.urls")),
    path("staff/assistance/", include("everyreader.assistance.staff_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiReferenceView.as_view(), name="api-docs"),
    path("api/docs/console/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-console"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
