import pytest

from everyreader.catalog.vocab import ItemStatus as S
from everyreader.circulation import item_state
from everyreader.circulation.tests.factories import ItemFactory
from everyreader.core.errors import IllegalTransition

pytestmark = pytest.mark.django_db

LEGAL = {
    (S.AVAILABLE, S.ON_LOAN), (S.AVAILABLE, S.ON_HOLD), (S.AVAILABLE, S.IN_TRANSIT),
    (S.ON_LOAN, S.AVAILABLE), (S.ON_LOAN, S.ON_HOLD), (S.ON_LOAN, S.IN_TRANSIT),
    (S.ON_HOLD, S.ON_LOAN), (S.ON_HOLD, S.AVAILABLE), (S.ON_HOLD, S.IN_TRANSIT),
    (S.IN_TRANSIT, S.AVAILABLE), (S.IN_TRANSIT, S.ON_HOLD),
}
ALL = [(a, b) for a in S for b in S]


@pytest.mark.parametrize("current,target", ALL)
def test_every_transition(current, target, central):
    item = ItemFactory(branch=central, status=current)
    if (current, target) in LEGAL:
        item_state.move(item, target)
        item.refresh_from_db()
        assert item.status == target
    else:
        with pytest.raises(IllegalTransition) as error:
            item_state.move(item, target)
        assert str(S(current).label) in str(error.value.message)
        item.refresh_from_db()
        assert item.status == current


def test_the_database_decides_not_the_stale_object(central):
    item = ItemFactory(branch=central)
    stale = type(item).objects.get(pk=item.pk)
    item_state.move(item, S.ON_LOAN)
    with pytest.raises(IllegalTransition):
        item_state.move(stale, S.ON_LOAN)  # the copy in memory still says "available"


def test_only_from_narrows(central):
    item = ItemFactory(branch=central, status=S.ON_LOAN)
    with pytest.raises(IllegalTransition):
        item_state.move(item, S.IN_TRANSIT, only_from=(S.AVAILABLE,))
