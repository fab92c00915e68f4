"""Periodic jobs of circulation (registered with core.periodic, run by `everyreader run_periodic`)."""

from everyreader.core import periodic


def _auto_renew():
    from everyreader.circulation.services import auto_renew_due

    return auto_renew_due()


def _expire_holds():
    from everyreader.circulation.services import expire_holds

    return expire_holds()


periodic.register("circulation.auto_renew", _auto_renew)
periodic.register("circulation.expire_holds", _expire_holds)
