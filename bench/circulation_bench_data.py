"""Data for bench/circulation_http.py: fast bulk creation, counting and verification.

Runs in the benchmark process (Django set up on the benchmark's database); the server under
load is a separate gunicorn process on the same database.
"""

from __future__ import annotations

import time
from pathlib import Path

CHECKOUT_PATH = "/api/v1/circulation/checkout/"
CHECKIN_PATH = "/api/v1/circulation/checkin/"
_ready = False


def setup():
    global _ready
    if _ready:
        return
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _ready = True


def database_version() -> str:
    setup()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"sqlite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"postgresql {cursor.fetchone()[0]}"


def close_connections():
    if _ready:
        from django.db import connections

        connections.close_all()


def build(*, readers: int, items: int) -> dict:
    """N readers, M available print items at one branch, a librarian with an API token."""
    setup()
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from everyreader.accounts.models import Branch, User
    from everyreader.accounts.roles import sync_roles
    from everyreader.catalog.models import Item, Record
    from everyreader.catalog.vocab import Format, ItemStatus
    from everyreader.readers.models import Reader

    sync_roles()
    with transaction.atomic():
        branch, _ = Branch.objects.get_or_create(
            code="bench", defaults={"name": "基准测试分馆", "opening_days": [0, 1, 2, 3, 4, 5, 6]})
        user = User.objects.create_user("bench-librarian", password=None, branch=branch,
                                        display_name="Bench librarian")
        user.groups.add(Group.objects.get(name="librarian"))
        token = Token.objects.create(user=user).key
        cards = [f"BR{n:07d}" for n in range(readers)]
        Reader.objects.bulk_create(
            [Reader(card_number=card, family_name="读者", given_name=str(n), home_branch=branch)
             for n, card in enumerate(cards)], batch_size=2000)
        per_record = 5
        records = Record.objects.bulk_create(
            [Record(title=f"基准测试书目 {n}", format=Format.PRINT, language="chi")
             for n in range((items + per_record - 1) // per_record)], batch_size=2000)
        if connection.vendor == "sqlite" and records and records[0].pk is None:
            records = list(Record.objects.order_by("id"))
        barcodes = [f"BI{n:08d}" for n in range(items)]
        Item.objects.bulk_create(
            [Item(record=records[n // per_record], barcode=code, branch=branch, format=Format.PRINT,
                  status=ItemStatus.AVAILABLE) for n, code in enumerate(barcodes)], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"token": token, "cards": cards, "barcodes": barcodes[:-1], "spare_barcode": barcodes[-1],
            "branch_id": branch.pk, "user_id": user.pk}


def counts() -> dict:
    from everyreader.circulation.models import Loan, LoanStatistic

    return {"loans": Loan.objects.count(),
            "open_loans": Loan.objects.filter(returned_at__isnull=True).count(),
            "statistics": LoanStatistic.objects.count(),
            "max_loan_id": Loan.objects.order_by("-id").values_list("id", flat=True).first() or 0}


def settled_counts(timeout: float = 20.0) -> dict:
    """counts() once the requests still in flight when wrk stopped have finished on the server."""
    previous, deadline = counts(), time.time() + timeout
    while time.time() < deadline:
        time.sleep(0.5)
        current = counts()
        if current == previous:
            return current
        previous = current
    return previous


def on_loan_barcodes() -> list[str]:
    from everyreader.circulation.models import Loan

    return list(Loan.objects.filter(returned_at__isnull=True).order_by("id")
                .values_list("item__barcode", flat=True))


def verify(before: dict, after_checkout: dict, checkout: dict, checkin: dict, *, connections: int) -> dict:
    """Count in the database: nothing lost, nothing duplicated, states agree.

    wrk stops at the end of a phase without reading the answers to the requests in flight (at most
    one per connection): the server may still complete them. Such transactions are allowed, and
    counted, only for barcodes that were sent and whose answer was not read.
    """
    from django.db.models import Count

    from everyreader.catalog.models import Item
    from everyreader.catalog.vocab import ItemStatus
    from everyreader.circulation.models import Loan

    out, back = checkout["responses"], checkin["responses"]
    created = Loan.objects.filter(id__gt=before["max_loan_id"])
    created_barcode = {str(i): b for i, b in created.values_list("id", "item__barcode")}
    ok_ids = set(out["ok_loan_ids"])
    unread = set(created_barcode) - ok_ids
    unread_ok = all(created_barcode[i] in set(out["sent"]) - set(out["ok_barcodes"]) for i in unread)
    closed = {str(i) for i in created.filter(returned_at__isnull=False).values_list("id", flat=True)}
    back_ids = set(back["ok_loan_ids"])
    doubled = (Loan.objects.filter(returned_at__isnull=True).values("item_id")
               .annotate(n=Count("id")).filter(n__gt=1).count())
    final = counts()
    on_loan_items = Item.objects.filter(status=ItemStatus.ON_LOAN).count()
    checks = {
        "checkout_2xx": checkout["ok"],
        "loans_created": len(created_barcode),
        "checkout_unanswered_at_end": out["unanswered"],
        "loans_of_unanswered_checkouts": len(unread),
        "every_2xx_checkout_has_its_loan": ok_ids <= set(created_barcode)
        and all(created_barcode[i] == b for i, b in zip(out["ok_loan_ids"], out["ok_barcodes"])),
        "no_checkout_answered_twice": len(out["ok_loan_ids"]) == len(ok_ids),
        "no_loan_without_a_request": unread_ok and len(unread) <= min(out["unanswered"], connections),
        "statistics_created": final["statistics"] - before["statistics"],
        "one_statistic_per_loan": final["statistics"] - before["statistics"] == len(created_barcode),
        "items_with_two_open_loans": doubled,
        "checkin_2xx": checkin["ok"],
        "loans_closed": len(closed),
        "checkin_unanswered_at_end": back["unanswered"],
        "every_2xx_checkin_closed_its_loan": back_ids <= closed and len(back["ok_loan_ids"]) == len(back_ids),
        "no_loan_closed_without_a_request": len(closed - back_ids) <= min(back["unanswered"], connections),
        "open_loans_left": final["open_loans"],
        "items_on_loan": on_loan_items,
        "item_status_matches_open_loans": on_loan_items == final["open_loans"],
        "open_after_checkout_matches": after_checkout["open_loans"] - before["open_loans"] == len(created_barcode),
    }
    checks["ok"] = all(v for v in checks.values() if isinstance(v, bool)) and doubled == 0
    return checks


def query_counts(fixture: dict) -> dict:
    """Database queries of one checkout and one check-in through the whole stack (in-process),
    on an item kept out of the load run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {fixture['token']}")
    barcode, card = fixture["spare_barcode"], fixture["cards"][0]
    result = {}
    # Twice: the first pair also fills the process's copies of roles, permissions, branches and
    # policies (core/generations.py); the second is what a server process does all day.
    for _ in range(2):
        for name, path, body in (("checkout", CHECKOUT_PATH, {"item": barcode, "reader": card}),
                                 ("checkin", CHECKIN_PATH, {"item": barcode})):
            with CaptureQueriesContext(connection) as queries:
                response = client.post(path, body, content_type="application/json")
            if response.status_code >= 300:
                raise SystemExit(f"{name} of the spare item failed: {response.status_code} {response.content[:300]}")
            result[name] = len(queries)
    connection.close()
    return result


def profile_checkouts(fixture: dict, n: int, work: Path) -> None:
    """N checkouts through the full Django stack in-process (test client): queries and a profile."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {fixture['token']}")

    def checkout(k):
        body = {"item": fixture["barcodes"][k], "reader": fixture["cards"][k]}
        return client.post(CHECKOUT_PATH, body, content_type="application/json")

    def checkin(k):
        return client.post(CHECKIN_PATH, {"item": fixture["barcodes"][k]},
                           content_type="application/json")

    checkout(0), checkin(0)  # warm caches (URL resolver, permissions, translations)
    for name, fn in (("checkout", checkout), ("checkin", checkin)):
        with CaptureQueriesContext(connection) as queries:
            response = fn(1)
        print(f"{name}: HTTP {response.status_code}, {len(queries)} queries")
        for q in queries.captured_queries:
            print(f"   {q['time']:>6} {q['sql'][:160]}")
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for k in range(2, n + 2):
            checkout(k)
    seconds = time.perf_counter() - started
    print(f"{n} checkouts in-process: {n / seconds:.0f}/s ({1000 * seconds / n:.1f} ms each)")
    out = work / "profile_checkout.html"
    out.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
    print(f"profile: {out}")
