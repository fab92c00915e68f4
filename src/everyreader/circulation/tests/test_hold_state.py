import pytest

from everyreader.circulation import hold_state
from everyreader.circulation.models import HoldStatus as H
from everyreader.circulation.tests.factories import HoldFactory
from everyreader.core.errors import IllegalTransition

pytestmark = pytest.mark.django_db

LEGAL = {
    (H.WAITING, H.IN_TRANSIT), (H.WAITING, H.READY), (H.WAITING, H.COLLECTED), (H.WAITING, H.CANCELLED),
    (H.IN_TRANSIT, H.READY), (H.IN_TRANSIT, H.COLLECTED), (H.IN_TRANSIT, H.CANCELLED),
    (H.READY, H.COLLECTED), (H.READY, H.CANCELLED), (H.READY, H.EXPIRED),
}


@pytest.mark.parametrize("current,target", [(a, b) for a in H for b in H])
def test_every_hold_transition(current, target, central):
    hold = HoldFactory(pickup_branch=central, status=current)
    if (current, target) in LEGAL:
        hold_state.move(hold, target)
        hold.refresh_from_db()
        assert hold.status == target
    else:
        with pytest.raises(IllegalTransition):
            hold_state.move(hold, target)
        hold.refresh_from_db()
        assert hold.status == current
