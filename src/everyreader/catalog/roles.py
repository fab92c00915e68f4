"""What each role may do in the catalogue. Searching and reading records is public."""

from everyreader.accounts.roles import (ADMINISTRATOR, DEPARTMENT_HEAD, LIBRARIAN, PROGRAMME_MANAGER,
                                        READER)

VIEW = ["catalog.view_record", "catalog.view_item"]
CATALOGUING = [*VIEW, "catalog.add_record", "catalog.change_record", "catalog.delete_record",
               "catalog.add_item", "catalog.change_item", "catalog.view_importjob", "catalog.add_importjob"]

ROLE_PERMISSIONS = {
    READER: [],
    # Desk staff look records up and keep items right (status, shelf location, new copies).
    LIBRARIAN: [*VIEW, "catalog.add_item", "catalog.change_item"],
    # Department heads (acquisitions and cataloguing) catalogue and import.
    DEPARTMENT_HEAD: CATALOGUING,
    PROGRAMME_MANAGER: VIEW,
    ADMINISTRATOR: [*CATALOGUING, "catalog.change_importjob"],
}
