"""Writes for service programmes. Every function is atomic and audits what matters."""

from everyreader.programs.services.communication import communication_log  # noqa: F401
from everyreader.programs.services.importer import import_plan  # noqa: F401
from everyreader.programs.services.meetings import (  # noqa: F401
                                                    action_item_add,
                                                    action_item_set_status,
                                                    meeting_record,
                                                    meetings_schedule,
)
from everyreader.programs.services.reports import (  # noqa: F401
                                                    report_review,
                                                    report_submit,
                                                    reports_open_for_month,
)
from everyreader.programs.services.risks import risk_review, risk_update  # noqa: F401
from everyreader.programs.services.tasks import (  # noqa: F401
                                                    TASK_FLOW,
                                                    allocation_set,
                                                    budget_line_update,
                                                    programme_update,
                                                    target_update,
                                                    task_set_dependencies,
                                                    task_update,
)
