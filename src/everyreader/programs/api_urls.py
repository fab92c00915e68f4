from rest_framework.routers import SimpleRouter

from everyreader.programs import api

router = SimpleRouter()
router.register("programmes", api.ProgrammeViewSet, basename="programme")
router.register("programme-tasks", api.TaskViewSet, basename="programme-task")
router.register("programme-risks", api.RiskViewSet, basename="programme-risk")
router.register("programme-meetings", api.MeetingViewSet, basename="programme-meeting")
router.register("programme-reports", api.MonthlyReportViewSet, basename="programme-report")

urlpatterns = router.urls
