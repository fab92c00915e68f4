from rest_framework.routers import SimpleRouter

from everyreader.surveys import api

router = SimpleRouter()
router.register("surveys", api.SurveyViewSet, basename="survey")
router.register("survey-runs", api.RunViewSet, basename="survey-run")

urlpatterns = router.urls
