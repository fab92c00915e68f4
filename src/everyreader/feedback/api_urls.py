from rest_framework.routers import SimpleRouter

from everyreader.feedback import api

router = SimpleRouter()
router.register("feedback", api.FeedbackItemViewSet, basename="feedback-item")

urlpatterns = router.urls
