import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from everyreader.core.write_gate import write_gate

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the gate only acts on SQLite")


@pytest.mark.django_db(transaction=True)
def test_gate_serialises_writers_and_skips_inside_a_transaction():
    name = connection.settings_dict["NAME"]
    order = []

    def second():
        with write_gate():
            order.append("second")
        connection.close()

    with write_gate():
        assert Path(f"{name}.write-lock").exists()
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        order.append("first")  # the other writer is still queued behind this one
    thread.join(5)
    assert order == ["first", "second"]
    with transaction.atomic(), write_gate():  # nested: no second lock, no deadlock
        pass
