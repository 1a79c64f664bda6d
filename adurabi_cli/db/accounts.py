"""Operator accounts on PostgreSQL: login roles, three group roles and row-level security.

Each operator is a login role that is a member of one group role: `<db>_satker` reads and
writes only its own satker's rows, `<db>_kanwil` reads and writes all, `<db>_viewer` reads
all and writes nothing (`<db>` is the database's name, so that databases on one cluster keep
apart). The database enforces it: privileges say which tables and columns a group may touch,
and policies which rows. The table `operator` maps each login to its satker and group; the
function `adurabi_session_satker()` reads it for the policies. The owner of the tables (who
runs `init` and `operator`) is subject to none of this.

Nothing here applies to SQLite, where the file's permissions are the only guard.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text

from adurabi_cli.db.models import Operator

operator_t = Operator.__table__  # type: ignore[attr-defined]

GROUPS = ("satker", "kanwil", "viewer")
# Tables holding a satker's own rows (column satker_id).
SATKER_TABLES = ("complaint", "news", "nil_report", "news_nil_report")
# Tables whose rows belong to a complaint (column complaint_id): visible and writable with it.
# Their rows are added, never rewritten, but for the columns named here (recounted by the tool).
COMPLAINT_TABLES = ("complaint_reply", "complaint_file")
COMPLAINT_TABLE_UPDATES = {"complaint_reply": ("response_days",)}
# ...and the rows of these may be removed (an evidence file, the history line kept).
COMPLAINT_TABLE_DELETES = ("complaint_file",)
# Tables whose rows belong to a news item (column news_id): visible and writable with it, and
# replaced whole (inserted and deleted, never updated): the other satker an item covers.
NEWS_TABLES = ("news_satker",)
# history.entity -> the table whose row it describes; a history row is visible with that row.
HISTORY_ENTITIES = {
    "complaint": "complaint",
    "news": "news",
    "nil_report": "nil_report",
    "news_nil_report": "news_nil_report",
}
# Written by the Kanwil side only (and the owner); every group reads them.
REFERENCE_TABLES = ("satker", "vocab", "holiday", "setting", "reminder", "period_close")
HISTORY_COLUMNS = (
    "entity", "entity_id", "at", "operator", "action", "field", "old_value", "new_value", "note",
)  # fmt: skip
SATKER_CONTACT_COLUMNS = ("contact_name", "email", "phone", "updated_at")


def on_server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def prepare_schema(conn: Connection) -> None:
    """PostgreSQL only: the history records the database login, whatever the tool says."""
    if on_server(conn):
        conn.exec_driver_sql("ALTER TABLE history ALTER COLUMN login SET DEFAULT session_user")


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def group_name(conn: Connection, group: str) -> str:
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    return f"{database}_{group}"


def install(conn: Connection) -> None:
    """Create the group roles, grants, function and policies (again: a no-op that refreshes)."""
    q = lambda name: _quote(conn, name)  # noqa: E731
    groups = {g: group_name(conn, g) for g in GROUPS}
    existing = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(groups.values())},
        ).scalars()
    )
    for name in groups.values():
        if name not in existing:
            conn.exec_driver_sql(f"CREATE ROLE {q(name)} NOLOGIN")
    satker, kanwil, viewer = (q(groups[g]) for g in GROUPS)
    everyone = f"{satker}, {kanwil}, {viewer}"
    writers = f"{satker}, {kanwil}"
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    run = conn.exec_driver_sql
    run(f"GRANT CONNECT ON DATABASE {q(database)} TO {everyone}")
    run(f"GRANT USAGE ON SCHEMA public TO {everyone}")
    run(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {writers}")
    run(f"GRANT INSERT, UPDATE ON {', '.join(SATKER_TABLES)}, number_sequence TO {writers}")
    run(f"GRANT INSERT ON {', '.join(COMPLAINT_TABLES)} TO {writers}")
    for table, columns in COMPLAINT_TABLE_UPDATES.items():
        run(f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {writers}")
    run(f"GRANT DELETE ON {', '.join(COMPLAINT_TABLE_DELETES)} TO {writers}")
    run(f"GRANT INSERT, DELETE ON {', '.join(NEWS_TABLES)} TO {writers}")
    run(f"GRANT INSERT ({', '.join(HISTORY_COLUMNS)}) ON history TO {writers}")
    run(f"GRANT UPDATE ({', '.join(SATKER_CONTACT_COLUMNS)}) ON satker TO {satker}")
    run(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(REFERENCE_TABLES)} TO {kanwil}")
    run(
        "CREATE OR REPLACE FUNCTION adurabi_session_satker() RETURNS integer "
        "LANGUAGE sql STABLE AS $$ SELECT satker_id FROM operator "
        "WHERE login = session_user AND role = 'satker' AND disabled_at IS NULL $$"
    )
    own = "satker_id = adurabi_session_satker()"
    visible = " ".join(
        f"WHEN '{entity}' THEN entity_id IN (SELECT id FROM {table})"
        for entity, table in HISTORY_ENTITIES.items()
    )
    rules = {table: own for table in SATKER_TABLES}
    rules.update(
        (table, "complaint_id IN (SELECT id FROM complaint)") for table in COMPLAINT_TABLES
    )
    rules.update((table, "news_id IN (SELECT id FROM news)") for table in NEWS_TABLES)
    rules["history"] = f"CASE entity {visible} ELSE false END"
    rules["satker"] = "id = adurabi_session_satker()"
    for table, rule in (*rules.items(), ("reminder", "false")):
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for policy in ("adurabi_own", "adurabi_all", "adurabi_read", "adurabi_list"):
            run(f"DROP POLICY IF EXISTS {policy} ON {table}")
        run(f"CREATE POLICY adurabi_own ON {table} TO {satker} USING ({rule}) WITH CHECK ({rule})")
        run(f"CREATE POLICY adurabi_all ON {table} TO {kanwil} USING (true) WITH CHECK (true)")
        run(f"CREATE POLICY adurabi_read ON {table} FOR SELECT TO {viewer} USING (true)")
    # Every satker operator lists every satker (names in forms and lists), changes only its own.
    run(f"CREATE POLICY adurabi_list ON satker FOR SELECT TO {satker} USING (true)")


def refresh(conn: Connection) -> None:
    """Run install again when operator accounts are in use, so a table added by an upgrade
    gets the same grants and policies as the others; nothing on SQLite or before any."""
    if on_server(conn):
        names = [group_name(conn, g) for g in GROUPS]
        query = text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)")
        if conn.execute(query, {"names": names}).scalar_one():
            install(conn)


# --- operators ----------------------------------------------------------------------------


def role_exists(conn: Connection, login: str) -> bool:
    query = text("SELECT 1 FROM pg_roles WHERE rolname = :login")
    return conn.execute(query, {"login": login}).first() is not None


def create_login(conn: Connection, login: str, password: str, group: str) -> None:
    q = _quote(conn, login)
    conn.exec_driver_sql(
        f"CREATE ROLE {q} LOGIN PASSWORD {_literal(conn, password)} "
        f"IN ROLE {_quote(conn, group_name(conn, group))}"
    )


def set_password(conn: Connection, login: str, password: str) -> None:
    conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, login)} PASSWORD {_literal(conn, password)}")


def disable_login(conn: Connection, login: str) -> None:
    conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, login)} NOLOGIN")


def _literal(conn: Connection, value: str) -> str:
    """A string literal quoted by the driver: DDL such as CREATE ROLE takes no parameters."""
    from psycopg import sql

    driver = conn.connection.driver_connection
    return sql.Literal(value).as_string(driver)


def insert_operator(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(operator_t.insert(), row)


def get_operator(conn: Connection, login: str) -> dict[str, Any] | None:
    row = conn.execute(select(operator_t).where(operator_t.c.login == login)).mappings().first()
    return dict(row) if row else None


def list_operators(conn: Connection) -> list[dict[str, Any]]:
    query = text(
        "SELECT o.login, o.name, s.code AS satker, o.role, o.created_at, o.disabled_at, "
        "COALESCE(r.rolcanlogin, false) AS can_login "
        "FROM operator o JOIN satker s ON s.id = o.satker_id "
        "LEFT JOIN pg_roles r ON r.rolname = o.login ORDER BY o.login"
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def mark_disabled(conn: Connection, login: str, at: datetime) -> None:
    conn.execute(operator_t.update().where(operator_t.c.login == login).values(disabled_at=at))


def session_satker(conn: Connection) -> int | None:
    """The satker a satker operator's session is bound to; None for everyone else (and SQLite)."""
    if not on_server(conn):
        return None
    query = select(operator_t.c.satker_id).where(
        operator_t.c.login == text("session_user"),
        operator_t.c.role == "satker",
        operator_t.c.disabled_at.is_(None),
    )
    return conn.execute(query).scalar()


def is_owner(conn: Connection) -> bool:
    """Whether the session may manage operators: it creates roles and owns the tables."""
    query = text(
        "SELECT (r.rolcreaterole OR r.rolsuper) AND pg_has_role(session_user, t.tableowner, "
        "'USAGE') FROM pg_roles r, pg_tables t WHERE r.rolname = session_user "
        "AND t.tablename = 'operator' AND t.schemaname = current_schema()"
    )
    return bool(conn.execute(query).scalar())
