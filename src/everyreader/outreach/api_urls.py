from rest_framework.routers import SimpleRouter

from everyreader.outreach import api

router = SimpleRouter()
router.register("outreach/profiles", api.ProfileViewSet, basename="outreach-profile")
router.register("outreach/visits", api.VisitViewSet, basename="outreach-visit")

urlpatterns = router.urls
