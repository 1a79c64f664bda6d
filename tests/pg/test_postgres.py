"""What only a database server shows: connections, locks between writers side by side,
the checks doctor skips, backup pointing to pg_dump. Run with ADURABI_TEST_DB_URL set."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from adurabi_cli.db import complaints as complaint_db
from adurabi_cli.db import locks
from adurabi_cli.db.migrations import MIGRATIONS
from adurabi_cli.db.store import open_store
from adurabi_cli.errors import RuleViolation, StorageError
from adurabi_cli.services.complaints import declare_nil, insert_complaints, prepare_complaint
from adurabi_cli.services.refdata import load_refdata
from tests.conftest import run_adurabi
from tests.dbtarget import ON_POSTGRES, count, dump, rows, scalar

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs ADURABI_TEST_DB_URL (PostgreSQL)")


def password(url) -> str:
    return make_url(str(url)).password or ""


class Held:
    """A store with a write transaction kept open on another thread until release()."""

    def __init__(self, target, work) -> None:
        self.store = open_store(str(target))
        self.ready = threading.Event()
        self.done = threading.Event()
        self.error: BaseException | None = None
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(work,))
        self.thread.start()
        assert self.ready.wait(30)
        if self.error is not None:
            raise self.error

    def _run(self, work) -> None:
        try:
            with self.store.write() as conn:
                self.result = work(conn)
                self.ready.set()
                self.done.wait(30)
        except BaseException as exc:
            self.error = exc
            self.ready.set()

    def release(self) -> None:
        self.done.set()
        self.thread.join(30)
        self.store.close()


def in_thread(function, *args, **kwargs):
    """Run function on a thread; returns (thread, outcome dict filled when it ends)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


# --- what operators see ---------------------------------------------------------------------


def test_info_names_the_engine_and_hides_the_password(cli, initialized):
    info = cli.json("info")
    assert info["engine"] == "postgresql"
    assert info["journal_mode"] is None
    assert info["location"] == make_url(initialized).render_as_string(hide_password=True)
    assert password(initialized) and password(initialized) not in cli("info").stdout


def test_doctor_checks_what_applies_and_says_why_it_skips_the_rest(cli, initialized):
    cli("complaint", "add", "-s", "kanwil", "--summary", "x")
    result = cli("doctor", "--json")
    report = json.loads(result.stdout)
    names = [check["name"] for check in report["checks"]]
    assert names == [
        "connection",
        "schema",
        "integrity",
        "foreign_keys",
        "journal_mode",
        "filesystem",
        "disk",
        "permissions",
        "temporary_files",
        "counts",
        "duplicates",
        "activity",
    ]
    found = {check["name"]: (check["status"], check["message"]) for check in report["checks"]}
    assert found["connection"][0] == "ok"
    assert found["connection"][1].startswith("connected to PostgreSQL 1")
    assert found["schema"][0] == "ok"
    skipped = names[2:8]
    assert all(found[name][0] == "skip" for name in skipped)
    assert all(found[name][1].startswith("skipped on PostgreSQL: ") for name in skipped)
    assert "pg_amcheck" in found["integrity"][1]
    assert found["counts"] == (
        "ok",
        "19 satker, 1 complaints (0 deleted), 0 news (0 deleted), 0 evidence file(s) of 0 B",
    )
    assert report["status"] == "warn"  # 18 satker recorded nothing
    assert report["location"] == make_url(initialized).render_as_string(hide_password=True)
    assert password(initialized) not in result.stdout + result.stderr
    assert "1 warning(s), no failure." in cli("doctor").stderr


def test_backup_points_to_pg_dump_and_writes_nothing(cli, initialized, tmp_path):
    dest = tmp_path / "cadangan.db"
    result = cli("backup", dest, code=1)
    bare = make_url(initialized).set(drivername="postgresql")
    shown = bare.render_as_string(hide_password=False).replace(f":{password(initialized)}@", "@")
    assert result.stderr.startswith(
        "Error: backup copies SQLite files; a PostgreSQL database is backed up with pg_dump, "
        f"e.g. pg_dump --format=custom --file {dest} '{shown}'"
    )
    assert password(initialized) not in result.stderr
    assert not dest.exists()


def test_a_missing_database_says_to_create_it(cli, initialized):
    url = make_url(initialized).set(database="adurabi_tidak_ada")
    result = cli("--db", url.render_as_string(hide_password=False), "info", code=3)
    assert result.stderr == (
        'Error: database "adurabi_tidak_ada" does not exist on the server of '
        f"{url.render_as_string(hide_password=True)}; create it (createdb), then run "
        "`adurabi init`\n"
    )


def test_a_wrong_password_exits_3_without_showing_it(cli, initialized):
    url = make_url(initialized).set(password="salah-sandi-99")
    result = cli("--db", url.render_as_string(hide_password=False), "satker", "list", code=3)
    assert result.stderr.startswith("Error: cannot connect to the database at ")
    assert "salah-sandi-99" not in result.stderr


def test_an_empty_database_is_initialised_by_two_inits_at_once(empty_db):
    runs = [in_thread(run_adurabi, "init") for _ in range(2)]
    for thread, _ in runs:
        thread.join(60)
    results = [outcome["value"] for _, outcome in runs]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sum("Created the database" in r.stderr for r in results) == 1
    assert count(empty_db, "satker") == 19
    assert count(empty_db, "schema_migration") == len(MIGRATIONS)


def test_the_partial_indexes_exist_with_their_condition(initialized):
    found = {
        row["indexname"]: row["indexdef"]
        for row in rows(initialized, "SELECT indexname, indexdef FROM pg_indexes")
    }
    assert found["ux_complaint_external_key"].endswith(
        "WHERE ((external_key IS NOT NULL) AND (deleted_at IS NULL))"
    )
    assert found["ux_news_url_key"].endswith(
        "WHERE ((url_key IS NOT NULL) AND (deleted_at IS NULL))"
    )
    assert found["ux_nil_report_active"].endswith("WHERE (withdrawn_at IS NULL)")
    assert found["ix_complaint_resolved"].endswith("WHERE (resolved_on IS NOT NULL)")


def test_a_read_transaction_refuses_to_write(initialized):
    store = open_store(str(initialized))
    try:
        with pytest.raises(StorageError, match="read-only"), store.read() as conn:
            conn.exec_driver_sql("UPDATE setting SET value = '5'")
    finally:
        store.close()
    assert scalar(initialized, "SELECT value FROM setting WHERE key = 'sla_days'") == "14"


# --- writers side by side ------------------------------------------------------------------


def test_a_lock_held_past_the_budget_exits_3_and_changes_nothing(initialized):
    held = Held(initialized, lambda conn: conn.exec_driver_sql("LOCK TABLE satker"))
    try:
        started = time.monotonic()
        result = run_adurabi(
            "satker", "add", "lapas-baru", "--name", "Lapas Baru", "--kind", "lapas",
            env={"ADURABI_LOCK_TIMEOUT": "1"},
        )  # fmt: skip
        waited = time.monotonic() - started
    finally:
        held.release()
    assert result.returncode == 3, result.stderr
    assert "is locked by another program (waited 1 s)" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= 1
    assert scalar(initialized, "SELECT count(*) FROM satker WHERE code = 'lapas-baru'") == 0


def test_a_writer_waits_for_a_short_lock_and_succeeds(initialized, cli):
    held = Held(initialized, lambda conn: conn.exec_driver_sql("LOCK TABLE satker"))
    timer = threading.Timer(0.5, held.release)
    timer.start()
    try:
        result = run_adurabi(
            "satker", "add", "lapas-baru", "--name", "Lapas Baru", "--kind", "lapas",
            env={"ADURABI_LOCK_TIMEOUT": "10"},
        )  # fmt: skip
    finally:
        timer.join()
    assert result.returncode == 0, result.stderr
    assert "lapas-baru" in [s["code"] for s in cli.json("satker", "list")]


def test_the_first_number_of_a_year_is_taken_once_by_two_writers(initialized):
    """Two writers both find no counter row for the year: one creates it, the other waits."""
    held = Held(initialized, lambda conn: complaint_db.reserve_sequence(conn, 2031, 3))
    other = open_store(str(initialized))
    try:

        def second():
            with other.write() as conn:
                return complaint_db.reserve_sequence(conn, 2031, 2)

        thread, outcome = in_thread(second)
        time.sleep(0.3)
        assert thread.is_alive()  # waiting for the first writer's row
        held.release()
        thread.join(30)
    finally:
        other.close()
    assert (held.result, outcome.get("value")) == (1, 4)
    assert scalar(initialized, "SELECT last FROM number_sequence WHERE year = 2031") == 5


def _one_complaint(conn, received: date, satker: str = "rutan-bangli", **extra):
    ref = load_refdata(conn)
    raw = {"satker": satker, "received_on": received.isoformat(), "summary": "Lewat telepon"}
    raw.update(extra)
    row = prepare_complaint(ref, raw, today=date(2025, 4, 30))
    return insert_complaints(conn, ref, [row], "tester")


def test_a_nil_report_waits_for_a_complaint_being_added_and_is_then_refused(initialized):
    held = Held(initialized, lambda conn: _one_complaint(conn, date(2025, 3, 12)))
    store = open_store(str(initialized))
    try:
        thread, outcome = in_thread(declare_nil, store, "rutan-bangli", "2025-03", "tester")
        time.sleep(0.3)
        assert thread.is_alive()
        held.release()
        thread.join(30)
    finally:
        store.close()
    assert isinstance(outcome.get("error"), RuleViolation), outcome
    assert "has 1 complaint(s) received in March 2025" in outcome["error"].message
    assert count(initialized, "nil_report") == 0


def test_a_complaint_added_after_a_nil_report_in_flight_withdraws_it(initialized, cli):
    store = open_store(str(initialized))

    def nil_then_wait(conn):
        unit = load_refdata(conn).satker_of("rutan-bangli")
        complaint_db.lock_satker(conn, unit["id"])
        return complaint_db.insert_nil_report(conn, unit["id"], "2025-03", "tester", _now())

    held = Held(initialized, nil_then_wait)
    try:
        thread, outcome = in_thread(
            cli, "complaint", "add", "-s", "rutan-bangli", "--received", "2025-03-12",
            "--summary", "x",
        )  # fmt: skip
        time.sleep(0.3)
        assert thread.is_alive()  # the complaint waits for the nil report's transaction
        held.release()
        thread.join(30)
    finally:
        store.close()
    assert "error" not in outcome, outcome
    assert scalar(initialized, "SELECT count(*) FROM nil_report WHERE withdrawn_at IS NULL") == 0


def _now():
    from adurabi_cli.domain.clock import now

    return now()


def test_two_changes_of_one_complaint_follow_each_other(initialized, cli):
    number = cli("complaint", "add", "-s", "kanwil", "--summary", "x").stdout.strip()
    from adurabi_cli.services.complaint_changes import Update, update_complaint

    def close_it(conn):
        row = complaint_db.get_record(conn, date(2025, 4, 30), number=number)  # now locked
        complaint_db.update_record(conn, row["id"], {"status": "selesai"})

    held = Held(initialized, close_it)
    store = open_store(str(initialized))
    try:
        change = Update(status="diverifikasi")
        thread, outcome = in_thread(update_complaint, store, number, change, "tester")
        time.sleep(0.3)
        assert thread.is_alive()  # waits for the complaint's lock
        held.release()
        thread.join(30)
    finally:
        store.close()
    # It judged the move on the committed state: a closed complaint cannot go back to open.
    assert isinstance(outcome.get("error"), RuleViolation), outcome
    assert cli.json("complaint", "show", number)["status"] == "selesai"


def test_the_same_external_ref_from_two_operators_is_stored_once(initialized, cli):
    held = Held(
        initialized, lambda conn: _one_complaint(conn, date(2025, 4, 1), external_ref="LAPOR-9")
    )
    try:
        thread, outcome = in_thread(
            cli, "complaint", "add", "-s", "kanwil", "--external-ref", "LAPOR-9",
            "--summary", "x", "--received", "2025-04-02", code=1,
        )  # fmt: skip
        time.sleep(0.3)
        assert thread.is_alive()
    finally:
        held.release()
        thread.join(30)
    assert "error" not in outcome, outcome
    # The same sentence as on SQLite, not a constraint error from the server.
    assert outcome["value"].stderr.startswith("Error: external ref LAPOR-9 is already used by ")


def test_many_keys_take_one_lock_that_holds_off_single_writers(initialized):
    keys = [f"x.id/{i}" for i in range(locks.MANY_KEYS + 1)]
    held = Held(initialized, lambda conn: locks.claim_keys(conn, "news.url_key", keys))
    other = open_store(str(initialized))
    try:

        def single():
            with other.write() as conn:
                locks.claim_keys(conn, "news.url_key", ["lain.id/a"])
                return "claimed"

        thread, outcome = in_thread(single)
        time.sleep(0.3)
        assert thread.is_alive()
        held.release()
        thread.join(30)
    finally:
        other.close()
    assert outcome == {"value": "claimed"}


def test_copy_db_between_two_server_databases(cli, initialized, _pg_server):
    cli("complaint", "add", "-s", "kanwil", "--summary", "x", "--external-ref", "LAPOR-1")
    cli("news", "add", "-s", "kanwil", "-t", "T", "--media", "radio", "--url", "https://x.id/")
    name = _pg_server.new_name()
    target = _pg_server.create(name)
    try:
        cli("copy-db", "--from", initialized, "--to", target)
        assert _without_schema_record(dump(target)) == _without_schema_record(dump(initialized))
        added = cli.json("--db", target, "complaint", "add", "-s", "kanwil", "--summary", "y")
        assert (added["number"], added["id"]) == ("PGD-2025-00002", 2)
    finally:
        _pg_server.drop(name)


def _without_schema_record(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("schema_migration")]
