"""Librarians run home delivery and postal loans day to day; department heads also manage the
roster of volunteers and staff (vetting, training, availability); programme managers may look."""

_VIEW = ["outreach.view_rostermember", "outreach.view_trainingrecord", "outreach.view_availability",
         "outreach.view_deliveryprofile", "outreach.view_visit", "outreach.view_postalloan"]
_OPERATE = ["outreach.add_deliveryprofile", "outreach.change_deliveryprofile", "outreach.add_visit",
            "outreach.change_visit", "outreach.add_postalloan", "outreach.change_postalloan"]

ROLE_PERMISSIONS = {
    "librarian": [*_VIEW, *_OPERATE],
    "department_head": [*_VIEW, *_OPERATE, "outreach.manage_roster", "outreach.add_rostermember",
                        "outreach.change_rostermember", "outreach.add_trainingrecord"],
    "programme_manager": [*_VIEW],
}
