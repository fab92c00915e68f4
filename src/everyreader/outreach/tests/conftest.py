import datetime as dt

import pytest

from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.outreach import services
from everyreader.outreach.models import PostalLoan
from everyreader.outreach.tests.factories import make_profile, qualified_member

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def frozen_today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


@pytest.fixture
def world(make_user, frozen_today):
    """A profile with a planned visit (items chosen), a deliverer, and a postal loan."""
    head = make_user("department_head")
    member = qualified_member(weekdays=[1, 2])
    profile = make_profile(actor=head, deliverer=member)
    record = RecordFactory(title="史记故事", subjects=["历史"], format="large_print")
    item = ItemFactory(record=record, format="large_print", branch=profile.branch)
    visit = services.visit_schedule(actor=head, profile=profile, date=TODAY + dt.timedelta(days=2), deliverer=member)
    services.visit_choose_items(actor=head, visit=visit, item_ids=[item.pk])
    braille = ItemFactory(record=RecordFactory(title="盲文诗选", format="braille"), format="braille",
                          branch=profile.branch)
    postal = services.postal_dispatch(actor=head, reader=profile.reader, item=braille, branch=profile.branch,
                                      address="上海市徐汇区漕溪北路 1 号", tracking_number="")
    return {"head": head, "member": member, "profile": profile, "visit": visit, "item": item, "postal": postal}


__all__ = ["PostalLoan"]
