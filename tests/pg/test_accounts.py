"""Operator accounts: the database itself keeps each operator to its own satker's rows.

Each test's logins carry a prefix of their own and the group roles the test database's name
(roles belong to the whole cluster); every role a test made is dropped after it.
"""

from __future__ import annotations

import secrets

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

from tests.complaints.helpers import refused
from tests.conftest import run_adurabi
from tests.dbtarget import ON_POSTGRES, dump, execute, rows, scalar

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs ADURABI_TEST_DB_URL (PostgreSQL)")


class Accounts:
    """Operators made for one test: their logins, passwords and URLs."""

    def __init__(self, cli, target: str) -> None:
        self.cli = cli
        self.target = target
        self.prefix = f"t{secrets.token_hex(4)}_"
        self.passwords: dict[str, str] = {}

    def login(self, name: str) -> str:
        return self.prefix + name

    def add(self, name: str, satker: str, role: str, *extra: str) -> str:
        login = self.login(name)
        made = self.cli.json(
            "operator", "add", login, "--satker", satker, "--role", role,
            "--generate-password", *extra,
        )  # fmt: skip
        self.passwords[login] = made["password"]
        return login

    def url(self, login: str, driver: str = "postgresql+psycopg") -> str:
        """The operator's URL without its password: libpq takes it from PGPASSWORD."""
        owner = make_url(self.target)
        return URL.create(
            driver, username=login, host=owner.host, port=owner.port, database=owner.database
        ).render_as_string(False)

    def connect(self, login: str, password: str | None = None):
        return psycopg.connect(
            self.url(login, "postgresql"), password=password or self.passwords[login]
        )

    def drop_roles(self) -> None:
        database = make_url(self.target).database
        found = rows(
            self.target,
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) "
            "OR rolname IN (?, ?, ?) ORDER BY rolcanlogin DESC",
            self.prefix,
            *(f"{database}_{group}" for group in ("satker", "kanwil", "viewer")),
        )
        for (name,) in (tuple(r.values()) for r in found):
            execute(self.target, f'DROP OWNED BY "{name}"')
            execute(self.target, f'DROP ROLE "{name}"')


@pytest.fixture
def accounts(cli, initialized):
    made = Accounts(cli, str(initialized))
    yield made
    made.drop_roles()


@pytest.fixture
def three(accounts, cli):
    """A satker operator of lapas-kerobokan, a kanwil operator and a viewer; two complaints."""
    cli("complaint", "add", "--satker", "kanwil", "--summary", "Milik kanwil")
    cli("complaint", "add", "--satker", "lapas-kerobokan", "--summary", "Milik kerobokan")
    return (
        accounts.add("kerobokan", "lapas-kerobokan", "satker", "--name", "Made Sudarma"),
        accounts.add("kanwil", "kanwil", "kanwil"),
        accounts.add("viewer", "kanwil", "viewer"),
    )


def satker_id(target, code: str) -> int:
    return scalar(target, "SELECT id FROM satker WHERE code = ?", code)


def as_operator(accounts, monkeypatch, login):
    monkeypatch.setenv("ADURABI_DB", accounts.url(login))
    monkeypatch.setenv("PGPASSWORD", accounts.passwords[login])


def test_operators_are_listed_with_satker_role_and_login(cli, accounts, three):
    listed = {o["login"]: o for o in cli.json("operator", "list")}
    kerobokan = listed[three[0]]
    assert (kerobokan["satker"], kerobokan["role"], kerobokan["name"]) == (
        "lapas-kerobokan",
        "satker",
        "Made Sudarma",
    )
    assert kerobokan["can_login"] is True and kerobokan["disabled_at"] is None
    assert [listed[login]["role"] for login in three[1:]] == ["kanwil", "viewer"]
    # The password is the server's alone: not in any table of the database.
    assert accounts.passwords[three[0]] not in dump(accounts.target)


def test_satker_operator_through_the_tool(cli, accounts, three, monkeypatch):
    target = accounts.target
    as_operator(accounts, monkeypatch, three[0])
    number = cli("--operator", "Nama Tampilan", "complaint", "add", "--satker",
                 "lapas-kerobokan", "--summary", "Antrean").stdout.strip()  # fmt: skip
    assert [c["satker"] for c in cli.json("complaint", "list")] == ["lapas-kerobokan"] * 2
    cli("complaint", "nil", "--satker", "lapas-kerobokan", "--month", "2025-03")
    cli("news", "nil", "--satker", "lapas-kerobokan", "--month", "2025-03")
    cli("news", "add", "--satker", "lapas-kerobokan", "--title", "Bakti sosial", "--media",
        "website")  # fmt: skip
    cli("satker", "update", "lapas-kerobokan", "--email", "humas@kerobokan.example")
    error = refused(cli, "news", "nil", "--satker", "kanwil", "--month", "2025-03")
    assert 'row-level security policy for table "news_nil_report"' in error
    recap = cli.json("recap")
    assert [entry["code"] for entry in recap["satker"]] == ["lapas-kerobokan"]
    assert recap["totals"]["complaints"]["received"] == 2
    assert [row["code"] for row in cli.json("monitor")["satker"]] == ["lapas-kerobokan"]
    # Another satker's complaint: refused by the database, one line, nothing stored.
    before = dump(target)
    error = refused(cli, "complaint", "add", "--satker", "kanwil", "--summary", "Bukan milik")
    assert "row-level security" in error
    assert "no complaint PGD-2025-00001" in refused(cli, "complaint", "show", "PGD-2025-00001")
    assert dump(target) == before
    # The history names the login; --operator is kept beside it as the display name.
    [line] = rows(
        target,
        "SELECT h.login, h.operator FROM history h JOIN complaint c ON c.id = h.entity_id "
        "WHERE h.entity = 'complaint' AND c.number = ?",
        number,
    )
    assert line == {"login": three[0], "operator": "Nama Tampilan"}


def test_the_database_refuses_a_satker_operator_raw_sql(accounts, three):
    target = accounts.target
    kanwil, kerobokan = satker_id(target, "kanwil"), satker_id(target, "lapas-kerobokan")
    before = dump(target)
    with accounts.connect(three[0]) as conn:
        assert conn.execute("SELECT count(*) FROM complaint").fetchone() == (1,)
        assert conn.execute(
            "SELECT count(*) FROM history WHERE entity = 'complaint'"
        ).fetchone() == (1,)
        # Other satker's rows are not there to change.
        changed = conn.execute(
            "UPDATE complaint SET summary = 'diubah' WHERE satker_id = %s", (kanwil,)
        ).rowcount
        assert changed == 0
        conn.rollback()
    refusals = [
        ("UPDATE complaint SET satker_id = %s", (kanwil,)),
        (
            "INSERT INTO nil_report (satker_id, month, created_by, created_at) "
            "VALUES (%s, '2025-03', 'x', now())",
            (kanwil,),
        ),
        (
            "INSERT INTO news_nil_report (satker_id, month, created_by, created_at) "
            "VALUES (%s, '2025-03', 'x', now())",
            (kanwil,),
        ),
        (
            "INSERT INTO news (satker_id, published_on, title, media, category, sentiment, "
            "created_by, created_at, updated_at) VALUES (%s, '2025-04-01', 't', 'website', "
            "'kegiatan', 'netral', 'x', now(), now())",
            (kanwil,),
        ),
        # The history is written, never rewritten, and its login is the server's to fill.
        (
            "INSERT INTO history (entity, entity_id, at, operator, action, login) "
            "SELECT 'complaint', id, now(), 'x', 'note', 'someone_else' FROM complaint",
            (),
        ),
        ("UPDATE history SET operator = 'x'", ()),
        ("DELETE FROM history", ()),
        ("DELETE FROM complaint", ()),
        ("UPDATE satker SET name = 'x' WHERE id = %s", (kerobokan,)),
        ("UPDATE setting SET value = '1'", ()),
        (
            "INSERT INTO operator (login, satker_id, role, created_at) "
            "VALUES ('x', 1, 'kanwil', now())",
            (),
        ),
        ("SET ROLE adurabi", ()),
    ]
    for sql, params in refusals:
        with accounts.connect(three[0]) as conn, pytest.raises(psycopg.Error) as caught:
            conn.execute(sql, params)
        assert caught.value.sqlstate in ("42501", "22023", "42704"), (sql, caught.value)
    assert dump(target) == before


def test_viewer_reads_everything_and_writes_nothing(accounts, three):
    target = accounts.target
    before = dump(target)
    with accounts.connect(three[2]) as conn:
        assert conn.execute("SELECT count(*) FROM complaint").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM history").fetchone()[0] >= 2
    for sql in (
        "UPDATE complaint SET summary = 'x'",
        "INSERT INTO holiday (day, name, created_by, created_at) "
        "VALUES ('2025-12-31', 'x', 'x', now())",
        "UPDATE satker SET email = 'a@b.example'",
    ):
        with accounts.connect(three[2]) as conn, pytest.raises(psycopg.Error) as caught:
            conn.execute(sql)
        assert caught.value.sqlstate == "42501"
    assert dump(target) == before


def test_kanwil_operator_writes_every_satker(cli, accounts, three, monkeypatch):
    as_operator(accounts, monkeypatch, three[1])
    cli("complaint", "add", "--satker", "rutan-bangli", "--summary", "Kanwil mencatat")
    cli("holiday", "add", "2025-12-31", "Cuti bersama")
    assert len(cli.json("complaint", "list")) == 3
    assert len(cli.json("recap")["satker"]) == 19
    with accounts.connect(three[1]) as conn:
        assert conn.execute("SELECT count(*) FROM complaint").fetchone() == (3,)


def test_disabled_operator_cannot_connect(cli, accounts, three, monkeypatch):
    cli("operator", "disable", three[0])
    assert "already disabled" in refused(cli, "operator", "disable", three[0])
    listed = {o["login"]: o for o in cli.json("operator", "list")}
    assert listed[three[0]]["can_login"] is False
    assert listed[three[0]]["disabled_at"] is not None
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        accounts.connect(three[0])
    # Through the real program: one line, exit 3 (the database cannot be used).
    run = run_adurabi(
        "complaint", "list",
        env={"ADURABI_DB": accounts.url(three[0]), "PGPASSWORD": accounts.passwords[three[0]]},
    )  # fmt: skip
    assert run.returncode == 3
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("Error: cannot connect to the database") and "log in" in line


def test_new_password(cli, accounts, three):
    result = cli("operator", "password", three[0], "--generate-password")
    new = result.stdout.strip()
    assert new and new != accounts.passwords[three[0]]
    with pytest.raises(psycopg.OperationalError):
        accounts.connect(three[0])
    with accounts.connect(three[0], new) as conn:
        assert conn.execute("SELECT session_user").fetchone() == (three[0],)
    prompted = cli("operator", "password", three[1], input="sandi-baru-123\nsandi-baru-123\n")
    assert "sandi-baru-123" not in prompted.stdout
    with accounts.connect(three[1], "sandi-baru-123"):
        pass


@pytest.mark.parametrize(
    "args, message",
    [
        (("--satker", "lapas-x", "--role", "satker"), "unknown satker 'lapas-x'"),
        (("--satker", "kanwil", "--role", "admin"), "unknown role 'admin'"),
    ],
)
def test_add_refusals_change_nothing(cli, accounts, three, args, message):
    before = dump(accounts.target)
    roles = scalar(accounts.target, "SELECT count(*) FROM pg_roles")
    login = accounts.login("baru")
    assert message in refused(cli, "operator", "add", login, *args, "--generate-password")
    assert dump(accounts.target) == before
    assert scalar(accounts.target, "SELECT count(*) FROM pg_roles") == roles


def test_existing_login_and_bad_login_are_refused(cli, accounts, three):
    before = dump(accounts.target)
    error = refused(cli, "operator", "add", three[0], "--satker", "kanwil", "--role", "viewer",
                    "--generate-password")  # fmt: skip
    assert f"login {three[0]} already exists" in error
    error = refused(cli, "operator", "add", "Bad Login", "--satker", "kanwil", "--role",
                    "viewer", "--generate-password")  # fmt: skip
    assert "login 'Bad Login' is not valid" in error
    assert "unknown operator" in refused(cli, "operator", "disable", accounts.login("nobody"))
    assert dump(accounts.target) == before


def test_only_the_owner_manages_operators(cli, accounts, three, monkeypatch):
    as_operator(accounts, monkeypatch, three[1])
    error = refused(cli, "operator", "add", accounts.login("x"), "--satker", "kanwil",
                    "--role", "viewer", "--generate-password")  # fmt: skip
    assert "only the database's owner can manage operators" in error


def test_a_satker_operator_replies_to_its_own_complaints_only(cli, accounts, three, monkeypatch):
    target = accounts.target
    cli("complaint", "reply", "PGD-2025-00001", "--via", "surat", "--note", "Jawaban kanwil")
    as_operator(accounts, monkeypatch, three[0])
    cli("complaint", "reply", "PGD-2025-00002", "--via", "email", "--note", "Sudah dijawab")
    # Correcting the day received counts the reply's working days again (an UPDATE it may do).
    cli("complaint", "update", "PGD-2025-00002", "--received", "2025-04-28")
    [shown] = cli.json("complaint", "show", "PGD-2025-00002")["replies"]
    assert (shown["note"], shown["response_days"]) == ("Sudah dijawab", 2)
    assert cli.json("recap")["totals"]["complaints"]["replied"] == 1
    before = dump(target)
    assert "no complaint PGD-2025-00001" in refused(
        cli, "complaint", "reply", "PGD-2025-00001", "--via", "surat", "--note", "x"
    )
    kanwil_complaint = scalar(target, "SELECT id FROM complaint WHERE number = 'PGD-2025-00001'")
    with accounts.connect(three[0]) as conn:
        assert conn.execute("SELECT note FROM complaint_reply").fetchall() == [("Sudah dijawab",)]
    for sql, params in [
        (
            "INSERT INTO complaint_reply (complaint_id, replied_on, via, note, response_days, "
            "created_by, created_at) VALUES (%s, '2025-04-30', 'surat', 'x', 0, 'x', now())",
            (kanwil_complaint,),
        ),
        ("UPDATE complaint_reply SET note = 'diubah'", ()),
        ("DELETE FROM complaint_reply", ()),
    ]:
        with accounts.connect(three[0]) as conn, pytest.raises(psycopg.Error) as caught:
            conn.execute(sql, params)
        assert caught.value.sqlstate == "42501", (sql, caught.value)
    assert dump(target) == before


def test_a_satker_operator_sees_and_changes_its_own_complaints_files_only(
    cli, accounts, three, monkeypatch, tmp_path
):
    target = accounts.target
    kanwil_file, own_file = tmp_path / "kanwil.pdf", tmp_path / "bukti.jpg"
    kanwil_file.write_bytes(b"surat kanwil")
    own_file.write_bytes(b"foto bukti kerobokan")
    cli("complaint", "attach", "PGD-2025-00001", kanwil_file)
    as_operator(accounts, monkeypatch, three[0])
    cli("complaint", "attach", "PGD-2025-00002", own_file)
    assert [f["name"] for f in cli.json("complaint", "files", "PGD-2025-00002")] == ["bukti.jpg"]
    out = tmp_path / "keluar.jpg"
    cli("complaint", "file-get", "PGD-2025-00002", "bukti.jpg", "--out", out)
    assert out.read_bytes() == b"foto bukti kerobokan"
    before = dump(target)
    for args in (
        ("attach", "PGD-2025-00001", own_file),
        ("files", "PGD-2025-00001"),
        ("file-get", "PGD-2025-00001", "kanwil.pdf", "--out", tmp_path / "curi.pdf"),
        ("file-remove", "PGD-2025-00001", "kanwil.pdf", "--note", "x"),
    ):
        assert "no complaint PGD-2025-00001" in refused(cli, "complaint", *args)
    assert not (tmp_path / "curi.pdf").exists()
    kanwil_complaint = scalar(target, "SELECT id FROM complaint WHERE number = 'PGD-2025-00001'")
    with accounts.connect(three[0]) as conn:
        assert conn.execute("SELECT name FROM complaint_file").fetchall() == [("bukti.jpg",)]
        # Deleting another satker's file touches no row: the policy hides it.
        assert conn.execute("DELETE FROM complaint_file WHERE name = 'kanwil.pdf'").rowcount == 0
    for sql, params in [
        (
            "INSERT INTO complaint_file (complaint_id, name, media_type, size, sha256, added_by, "
            "added_at, content) VALUES (%s, 'x', 'x', 1, 'x', 'x', now(), 'x')",
            (kanwil_complaint,),
        ),
        ("UPDATE complaint_file SET name = 'diubah'", ()),
    ]:
        with accounts.connect(three[0]) as conn, pytest.raises(psycopg.Error) as caught:
            conn.execute(sql, params)
        assert caught.value.sqlstate == "42501", (sql, caught.value)
    assert dump(target) == before
    cli("complaint", "file-remove", "PGD-2025-00002", "bukti.jpg", "--note", "Salah unggah")
    assert cli.json("complaint", "files", "PGD-2025-00002") == []
    # The viewer reads every file and changes none.
    as_operator(accounts, monkeypatch, three[2])
    assert [f["name"] for f in cli.json("complaint", "files", "PGD-2025-00001")] == ["kanwil.pdf"]
    assert (
        "permission denied"
        in refused(cli, "complaint", "attach", "PGD-2025-00001", own_file).lower()
    )


def test_forwarding_to_another_satker_is_a_kanwil_operators_job(cli, accounts, three, monkeypatch):
    target = accounts.target
    as_operator(accounts, monkeypatch, three[0])
    before = dump(target)
    error = refused(cli, "complaint", "forward", "PGD-2025-00002", "--to", "rutan-bangli",
                    "--note", "Wewenang rutan")  # fmt: skip
    assert "row-level security" in error
    assert dump(target) == before
    as_operator(accounts, monkeypatch, three[1])
    new = cli("complaint", "forward", "PGD-2025-00002", "--to", "rutan-bangli", "--note",
              "Wewenang rutan").stdout.strip()  # fmt: skip
    assert cli.json("complaint", "show", new)["forwarded_from"] == "PGD-2025-00002"
    # The satker's operator still sees where its complaint went.
    as_operator(accounts, monkeypatch, three[0])
    assert cli.json("complaint", "show", "PGD-2025-00002")["status"] == "dialihkan"


def test_closing_a_month_is_the_kanwil_sides_job(cli, accounts, three, monkeypatch):
    target = accounts.target
    as_operator(accounts, monkeypatch, three[0])
    before = dump(target)
    assert "permission denied" in refused(cli, "period", "close", "2025-03").lower()
    assert dump(target) == before
    as_operator(accounts, monkeypatch, three[1])
    cli("period", "close", "2025-03")
    # Every operator reads the closes and a closed month's figures.
    for login in three:
        as_operator(accounts, monkeypatch, login)
        assert [r["month"] for r in cli.json("period", "list")] == ["2025-03"]
        closed = cli.json("recap", "--month", "2025-03")
        assert "closed" in closed
        assert len(closed["satker"]) == (1 if login == three[0] else 19)
    for login in (three[0], three[2]):
        as_operator(accounts, monkeypatch, login)
        error = refused(cli, "period", "reopen", "2025-03", "--note", "Bukan wewenang")
        assert "permission denied" in error.lower()
    as_operator(accounts, monkeypatch, three[1])
    cli("period", "reopen", "2025-03", "--note", "Dibuka oleh Kanwil")


def test_a_satker_operator_links_its_own_news_items_only(cli, accounts, three, monkeypatch):
    target = accounts.target
    args = ("-t", "Bersama", "--media", "online", "--also-satker", "rutan-bangli")
    kanwil_item = int(cli("news", "add", "-s", "kanwil", *args).stdout)
    as_operator(accounts, monkeypatch, three[0])
    own = cli.json("news", "add", "-s", "lapas-kerobokan", "-t", "Milik kerobokan",
                   "--media", "website", "--also-satker", "kanwil", "--json")  # fmt: skip
    assert own["also_satker"] == ["kanwil"]
    cli("news", "update", own["id"], "--also-satker", "rutan-bangli")
    before = dump(target)
    error = refused(cli, "news", "update", kanwil_item, "--also-satker", "lapas-kerobokan")
    assert f"no news item with id {kanwil_item}" in error
    with accounts.connect(three[0]) as conn:
        # Only the links of its own items are visible; another satker's are untouched.
        assert conn.execute("SELECT news_id FROM news_satker").fetchall() == [(own["id"],)]
        assert (
            conn.execute("DELETE FROM news_satker WHERE news_id = %s", (kanwil_item,)).rowcount == 0
        )
    for sql, params in [
        (
            "INSERT INTO news_satker (news_id, satker_id) VALUES (%s, %s)",
            (kanwil_item, satker_id(target, "lapas-kerobokan")),
        ),
        ("UPDATE news_satker SET satker_id = satker_id", ()),
    ]:
        with accounts.connect(three[0]) as conn, pytest.raises(psycopg.Error) as caught:
            conn.execute(sql, params)
        assert caught.value.sqlstate == "42501", (sql, caught.value)
    assert dump(target) == before
    # A kanwil operator changes the links of every item; a viewer of none.
    as_operator(accounts, monkeypatch, three[1])
    cli("news", "update", kanwil_item, "--also-satker", "lapas-kerobokan")
    as_operator(accounts, monkeypatch, three[2])
    listed = {r["id"]: r["also_satker"] for r in cli.json("news", "list", "-s", "lapas-kerobokan")}
    assert listed == {kanwil_item: ["lapas-kerobokan"], own["id"]: ["rutan-bangli"]}
    error = refused(cli, "news", "update", own["id"], "--also-satker", "")
    assert "permission denied" in error.lower()
