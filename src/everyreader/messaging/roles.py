ROLE_PERMISSIONS = {
    "librarian": ["messaging.view_outboundmessage", "messaging.change_outboundmessage"],
    "department_head": ["messaging.view_outboundmessage", "messaging.change_outboundmessage"],
    "programme_manager": ["messaging.view_outboundmessage"],
}
