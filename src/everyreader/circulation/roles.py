"""What each role may do in circulation. Readers act on their own loans and holds through the
services' self-checks (no model permission needed)."""

from everyreader.accounts.roles import ADMINISTRATOR, DEPARTMENT_HEAD, LIBRARIAN, PROGRAMME_MANAGER, READER

DESK = ["circulation.view_loan", "circulation.add_loan", "circulation.change_loan",
        "circulation.view_hold", "circulation.add_hold", "circulation.change_hold",
        "circulation.view_transfer", "circulation.add_transfer", "circulation.change_transfer",
        "circulation.view_circulationpolicy", "circulation.view_fine", "circulation.change_fine"]
POLICY_ADMIN = ["circulation.add_circulationpolicy", "circulation.change_circulationpolicy",
                "circulation.delete_circulationpolicy"]

ROLE_PERMISSIONS = {
    READER: [],
    LIBRARIAN: DESK,
    DEPARTMENT_HEAD: [*DESK, "circulation.waive_fine", "circulation.view_loanstatistic"],
    PROGRAMME_MANAGER: ["circulation.view_circulationpolicy", "circulation.view_loanstatistic"],
    ADMINISTRATOR: [*DESK, *POLICY_ADMIN, "circulation.waive_fine", "circulation.view_loanstatistic",
                    "circulation.change_loanhistorysetting"],
}
