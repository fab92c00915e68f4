"""Who may do what in service programmes (least privilege).

- programme_manager: everything, through `programs.manage_programme` plus the model permissions.
- department_head: reads everything; edits tasks and risks whose responsible department they
  head, reviews those risks, and files reports for tasks they own (object rules in policies.py).
- librarian: reads programmes, tasks, timeline, risks, meetings; files reports for tasks they own
  and closes action items assigned to them.
- administrator: reads only. Running programmes is not system administration.
"""

_READ = [
    "programs.view_programme", "programs.view_task", "programs.view_risk", "programs.view_meeting",
    "programs.view_monthlyreport", "programs.view_communication",
]

ROLE_PERMISSIONS = {
    "librarian": list(_READ),
    "department_head": [*_READ, "programs.change_task", "programs.change_risk"],
    "programme_manager": [
        *_READ, "programs.manage_programme",
        "programs.add_programme", "programs.change_programme",
        "programs.change_task", "programs.change_risk", "programs.add_risk",
        "programs.add_meeting", "programs.change_meeting", "programs.change_monthlyreport",
        "programs.change_communication", "programs.change_target",
    ],
    "administrator": list(_READ),
}
