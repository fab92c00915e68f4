"""Periodic jobs of the outreach app (registered in apps.py)."""


def generate_visits() -> int:
    from everyreader.outreach.services import visits_generate

    return visits_generate()


def send_routes() -> int:
    from everyreader.outreach.services import notify_deliverers

    return notify_deliverers()


def forget_withdrawn() -> int:
    from everyreader.outreach.services import profiles_forget_withdrawn

    return profiles_forget_withdrawn()
