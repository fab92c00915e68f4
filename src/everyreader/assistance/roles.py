"""Who may do what with devices and assistance. Readers act on their own bookings only (through
/me/ and the API, checked in the services); they hold no model permissions here."""

_DESK = ["assistance.view_device", "assistance.view_devicebooking", "assistance.change_devicebooking",
         "assistance.book_for_reader", "assistance.view_conditioncheck", "assistance.add_conditioncheck",
         "assistance.view_servicetype", "assistance.view_slot", "assistance.view_slotbooking",
         "assistance.change_slotbooking", "assistance.view_availabilityrule"]
_PLAN = ["assistance.add_device", "assistance.change_device", "assistance.add_slot", "assistance.change_slot",
         "assistance.add_availabilityrule", "assistance.change_availabilityrule"]
_CONFIGURE = ["assistance.view_servicetype", "assistance.add_servicetype", "assistance.change_servicetype"]

ROLE_PERMISSIONS = {
    "reader": [],
    "librarian": [*_DESK],
    "department_head": [*_DESK, *_PLAN],
    "programme_manager": [*_DESK, *_PLAN, *_CONFIGURE],
    # Administrators keep the device inventory and the list of services; they do not see bookings.
    "administrator": ["assistance.view_device", "assistance.add_device", "assistance.change_device",
                      *_CONFIGURE],
}
