"""Librarians run home delivery and postal loans day to day; department heads also manage the
roster of volunteers and staff (vetting, training, availability); programme managers may look."""

_VIEW = ["outreach.view_rostermember", "outreach.view_trainingrecord", "outreach.view_availability"]

ROLE_PERMISSIONS = {
    "librarian": [*_VIEW],
    "department_head": [*_VIEW, "outreach.manage_roster", "outreach.add_rostermember",
                        "outreach.change_rostermember", "outreach.add_trainingrecord"],
    "programme_manager": [*_VIEW],
}
