"""Writes for service programmes. Every function is atomic and audits what matters."""

from everyreader.programs.services.communication import communication_log
from everyreader.programs.services.goals import goal_create, goal_update, target_create, target_update
from everyreader.programs.services.importer import import_plan
from everyreader.programs.services.meetings import (
                                                    action_item_add,
                                                    action_item_set_status,
                                                    meeting_create,
                                                    meeting_record,
                                                    meetings_schedule,
)
from everyreader.programs.services.reports import (
                                                    report_review,
                                                    report_submit,
                                                    reports_open_for_month,
)
from everyreader.programs.services.risks import risk_review, risk_update
from everyreader.programs.services.tasks import (
                                                    TASK_FLOW,
                                                    allocation_set,
                                                    budget_line_add,
                                                    budget_line_update,
                                                    programme_update,
                                                    task_set_dependencies,
                                                    task_update,
)

__all__ = [
    "TASK_FLOW", "action_item_add", "action_item_set_status", "allocation_set", "budget_line_add",
    "budget_line_update", "communication_log", "goal_create", "goal_update", "import_plan", "meeting_create",
    "meeting_record", "meetings_schedule",
    "programme_update", "report_review", "report_submit", "reports_open_for_month", "risk_review",
    "risk_update", "target_create", "target_update", "task_set_dependencies", "task_update",
]
