from rest_framework.routers import SimpleRouter

from everyreader.readers import api

router = SimpleRouter()
router.register("readers", api.ReaderViewSet, basename="reader")
router.register("segments", api.SegmentViewSet, basename="segment")

urlpatterns = router.urls
