"""Hostile input through the real command line: refused cleanly, database unchanged.

Hypothesis drives the arguments of every command that takes text, in-process through
CliRunner (the same Typer app and error boundary as the installed program); a handful of
cases that only a real process can carry (bytes that are not UTF-8 in argv, a huge argument,
a damaged database file) run as subprocesses.

What holds for every input: the exit code is 0, 1, 2 or 3; never a traceback; exit 1 or 3
prints exactly one `Error: ...` line and no "unexpected internal error"; a refusal (and every
read) leaves each table's contents as they were; an accepted write stores no control character.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from adurabi_cli.cli.app import app
from tests.proof.helpers import (
    CONTROL,
    adurabi_argv,
    assert_one_error_line,
    env_for,
    query,
    stored_texts,
    table_digests,
)

# Pieces an attacker or a careless paste brings: SQL and LIKE metacharacters, formula
# prefixes, path traversal, control and bidi characters, lone surrogates (what Python makes
# of argv bytes that are not UTF-8), numbers at the edges, real codes and references.
PIECES = [
    "'", '"', ";", "--", "/*", "*/", "%", "_", "\\", "' OR '1'='1", "'; DROP TABLE complaint;--",
    "\" OR 1=1 --", "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1", "-1",
    "@SUM(A1)", "\t=1", "\r=1", "\n", "\x00", "\x1b[31m", "\x07", "\x7f", "\u202e", "\ufeff",
    "\ud800", "\udcff", "../", "../../etc/passwd", "..\\..\\", "/dev/null", "lapas-kerobokan",
    "kanwil", "PGD-2025-00001", "pgd-2025-1", "1", "0", "-0", "1e309", "NaN", "inf", "9" * 30,
    "2025-02-30", "31/12/2025", "2025-13", "today", "yesterday", "selesai", "resolved",
    "https://", "http://[::1", "javascript:alert(1)", "ñ", "𝕬", " ",
]  # fmt: skip
PIECE = st.sampled_from(PIECES)
HOSTILE = st.one_of(
    PIECE,
    st.lists(st.one_of(PIECE, st.text(max_size=4)), min_size=1, max_size=6).map("".join),
    st.text(max_size=40),
    st.binary(min_size=1, max_size=24).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.integers(9_000, 30_000).map(lambda n: "ringkasan " * (n // 10)),
)

READS: dict[str, Callable[[str], list[str]]] = {
    "complaint list --search": lambda v: ["complaint", "list", "--search", v],
    "complaint list --satker": lambda v: ["complaint", "list", "--satker", v],
    "complaint list --status": lambda v: ["complaint", "list", "--status", v],
    "complaint list --month": lambda v: ["complaint", "list", "--month", v],
    "complaint list --from": lambda v: ["complaint", "list", "--from", v, "--json"],
    "complaint list --channel": lambda v: ["complaint", "list", "--channel", v, "--csv"],
    "complaint list --limit": lambda v: ["complaint", "list", "--limit", v],
    "complaint show": lambda v: ["complaint", "show", v],
    "complaint history": lambda v: ["complaint", "history", v, "--json"],
    "news list --search": lambda v: ["news", "list", "--search", v],
    "news list --media": lambda v: ["news", "list", "--media", v],
    "news list --to": lambda v: ["news", "list", "--to", v],
    "news show": lambda v: ["news", "show", v],
    "recap --month": lambda v: ["recap", "--month", v, "--json"],
    "recap --satker": lambda v: ["recap", "--satker", v],
    "monitor --interval": lambda v: ["monitor", "--once", "--json", "--interval", v],
    "holiday list --year": lambda v: ["holiday", "list", "--year", v],
    "vocab list": lambda v: ["vocab", "list", v],
    # Writes files (under the working folder, tmp_path), never the database.
    "export --month": lambda v: ["export", "--month", v, "--out", "rekap", "--quiet"],
    "export --satker": lambda v: ["export", "-m", "2025-04", "-s", v, "--out", "rekap", "-q"],
    # `..` kept out: it could climb out of tmp_path, and this test runs as whoever runs it.
    "export --out": lambda v: [
        "export",
        "--month",
        "2025-04",
        "--out",
        "rekap/" + v.replace("..", "_"),
        "-q",
    ],
    "import --dry-run FILE": lambda v: ["import", "complaints", v, "--dry-run"],
}
WRITES: dict[str, Callable[[str], list[str]]] = {
    "complaint add --summary": lambda v: ["complaint", "add", "-s", "kanwil", "--summary", v],
    "complaint add --satker": lambda v: ["complaint", "add", "--satker", v, "--summary", "x"],
    "complaint add --received": lambda v: [
        "complaint", "add", "-s", "kanwil", "--summary", "x", "--received", v,
    ],
    "complaint add --channel": lambda v: [
        "complaint", "add", "-s", "kanwil", "--summary", "x", "--channel", v,
    ],
    "complaint add --complainant": lambda v: [
        "complaint", "add", "-s", "kanwil", "--summary", "x", "--complainant", v, "--contact", v,
    ],
    "complaint add --external-ref": lambda v: [
        "complaint", "add", "-s", "kanwil", "--summary", "x", "--external-ref", v,
    ],
    "complaint update REF": lambda v: ["complaint", "update", v, "--note", "catatan"],
    "complaint update --status": lambda v: [
        "complaint", "update", "1", "--status", v, "--note", "catatan",
    ],
    "complaint update --on": lambda v: [
        "complaint", "update", "1", "--status", "selesai", "--note", "n", "--on", v,
    ],
    "complaint update --summary": lambda v: ["complaint", "update", "1", "--summary", v],
    "complaint extend": lambda v: ["complaint", "extend", v, "--note", v],
    "complaint delete": lambda v: ["complaint", "delete", v, "--note", "salah input"],
    "complaint nil --month": lambda v: ["complaint", "nil", "-s", "rutan-negara", "--month", v],
    "news add --title": lambda v: ["news", "add", "-s", "kanwil", "--media", "online", "-t", v],
    "news add --url": lambda v: [
        "news", "add", "-s", "kanwil", "--media", "online", "-t", "judul", "--url", v,
    ],
    "news add --outlet": lambda v: [
        "news", "add", "-s", "kanwil", "--media", v, "-t", "judul", "--outlet", v,
    ],
    "news add --views": lambda v: [
        "news", "add", "-s", "kanwil", "--media", "online", "-t", "judul", "--views", v,
    ],
    "news add --date": lambda v: [
        "news", "add", "-s", "kanwil", "--media", "online", "-t", "judul", "--date", v,
    ],
    "news update --likes": lambda v: ["news", "update", "1", "--likes", v, "--note", v],
    "satker add": lambda v: ["satker", "add", v, "--name", v, "--kind", "lapas"],
    "satker update --name": lambda v: ["satker", "update", "rutan-negara", "--name", v],
    "holiday add": lambda v: ["holiday", "add", v, v],
    "vocab add": lambda v: ["vocab", "add", "media", v, "--label", v],
    "import FILE": lambda v: ["import", "news", v],
    # The database holds data, so every demo is refused (after checking its options).
    "demo --complaints": lambda v: ["demo", "--complaints", v, "--news", "0", "--out", "d"],
    "demo --seed": lambda v: ["demo", "--complaints", "1", "--seed", v, "--out", "d"],
    "demo --out": lambda v: ["demo", "--complaints", "0", "--news", "0", "--out", v],
}  # fmt: skip


@pytest.fixture
def seeded(initialized, cli, tmp_path, monkeypatch) -> Path:
    """A database with one complaint (id 1) and one news item (id 1) to aim at.

    The working folder is tmp_path, so a relative path in an argument lands there.
    """
    monkeypatch.chdir(tmp_path)
    cli("complaint", "add", "-s", "lapas-kerobokan", "--summary", "Antrean kunjungan lama")
    cli("news", "add", "-s", "kanwil", "--media", "online", "-t", "Bakti sosial")
    return initialized


def _invoke(runner: CliRunner, args: list[str]):
    result = runner.invoke(app, args)
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"adurabi {args!r} raised {result.exception!r}\n{output}"
    )
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, output)
    assert "Traceback" not in output, output
    if result.exit_code in (1, 3):
        assert_one_error_line(result.stderr)
    if result.exit_code == 2:  # Typer's own usage error (a box on stderr)
        assert "Error" in result.stderr and result.stdout == "", output
    return result


PROPERTY = settings(
    max_examples=int(os.environ.get("PROOF_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(command=st.sampled_from(sorted(READS)), value=HOSTILE)
def test_reads_with_hostile_arguments_change_nothing(seeded, command, value):
    before = table_digests(seeded)
    _invoke(CliRunner(), READS[command](value))
    assert table_digests(seeded) == before


@PROPERTY
@given(command=st.sampled_from(sorted(WRITES)), value=HOSTILE)
def test_writes_with_hostile_arguments_refuse_cleanly_or_store_clean_text(seeded, command, value):
    before = table_digests(seeded)
    result = _invoke(CliRunner(), WRITES[command](value))
    if result.exit_code != 0:
        assert table_digests(seeded) == before, f"refused ({result.stderr.strip()}) but wrote"
        return
    for text in stored_texts(seeded):
        assert not set(text) & set(CONTROL), f"control character stored: {text!r}"
        assert text.encode("utf-8"), text


def test_the_corpus_pieces_each_through_complaint_add(seeded):
    """Every piece on its own in the summary: stored as clean text or refused, never a crash."""
    runner = CliRunner()
    for piece in PIECES:
        before = table_digests(seeded)
        result = _invoke(runner, WRITES["complaint add --summary"](piece))
        if result.exit_code:
            assert table_digests(seeded) == before, piece
    numbers = [number for (number,) in query(seeded, "SELECT number FROM complaint")]
    assert len(numbers) == len(set(numbers)) > 1


# --- a real process: what CliRunner cannot carry -------------------------------------------


def _run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        adurabi_argv("--db", db, *args),
        capture_output=True,
        env=env_for(Path(db), **env),
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        [b"complaint", b"add", b"-s", b"kanwil", b"--summary", b"Petugas caf\xe9 ramah"],
        [b"complaint", b"list", b"--search", b"\xff\xfe"],
        [b"news", b"add", b"-s", b"kanwil", b"--media", b"online", b"-t", b"\xc3\x28"],
        [b"satker", b"update", b"kanwil", b"--name", b"Kanwil \x80"],
    ],
    ids=["summary", "search", "title", "satker-name"],
)
def test_argument_bytes_that_are_not_utf8_are_refused(seeded, args):
    before = table_digests(seeded)
    result = subprocess.run(
        [*map(str.encode, adurabi_argv("--db", str(seeded))), *args],
        capture_output=True,
        env=env_for(seeded),
        timeout=60,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert_one_error_line(stderr)
    assert "is not UTF-8 text" in stderr
    assert table_digests(seeded) == before


def test_a_huge_argument_is_refused(seeded):
    before = table_digests(seeded)
    huge = "Antrean panjang sekali. " * 5_000  # 120,000 characters: argv's per-argument max
    result = _run(seeded, "complaint", "add", "-s", "kanwil", "--summary", huge)
    assert result.returncode == 1
    assert_one_error_line(result.stderr.decode())
    assert "the limit is 10,000" in result.stderr.decode()
    assert table_digests(seeded) == before


def _damaged(kind: str, good: bytes) -> bytes:
    if kind == "truncated":
        return good[: len(good) // 2]
    if kind == "truncated-header":
        return good[:1500]
    if kind == "scribbled":  # header kept, every page after the first overwritten
        data = bytearray(good)
        for start in range(4096, len(data), 4096):
            data[start + 8 : start + 600] = bytes(range(256)) * 2 + bytes(80)
        return bytes(data)
    if kind == "not-sqlite":
        return b"Catatan rapat humas, bukan database.\n" * 50
    return b""


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["truncated", "truncated-header", "scribbled", "not-sqlite"])
def test_a_damaged_file_exits_3_and_stays_as_it_was(seeded, tmp_path, kind):
    good = seeded.read_bytes()
    assert good[:16] == b"SQLite format 3\x00" and len(good) > 8192
    path = tmp_path / f"{kind}.db"
    path.write_bytes(_damaged(kind, good))
    damaged = path.read_bytes()
    for args in (
        ["complaint", "add", "-s", "kanwil", "--summary", "Antrean lama"],
        ["news", "list"],
        ["recap", "--month", "2025-04", "--json"],
    ):
        result = _invoke(CliRunner(), ["--db", str(path), *args])
        assert result.exit_code == 3, (kind, args, result.stderr)
        assert path.read_bytes() == damaged, (kind, args)
        for suffix in ("-wal", "-journal"):
            leftover = Path(f"{path}{suffix}")
            assert not leftover.exists() or leftover.stat().st_size == 0, (kind, args, suffix)


def test_a_database_path_that_is_a_folder(seeded, tmp_path):
    folder = tmp_path / "adurabi.db.d"
    folder.mkdir()
    for args in (["init"], ["complaint", "add", "-s", "kanwil", "--summary", "x"]):
        result = _invoke(CliRunner(), ["--db", str(folder), *args])
        assert result.exit_code == 3
        assert "is a folder" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.sqlite_only
def test_paths_with_dot_dot_resolve_like_any_path(seeded, tmp_path, monkeypatch):
    """`..` in --db and --out means what it means to the shell: no more, no less."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copyfile(seeded, tmp_path / "a" / "copy.db")
    monkeypatch.chdir(tmp_path / "a" / "b")
    result = subprocess.run(
        adurabi_argv("--db", "../copy.db", "complaint", "list", "--json"),
        capture_output=True,
        text=True,
        env=env_for(seeded),
        cwd=tmp_path / "a" / "b",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Antrean kunjungan lama" in result.stdout
    result = subprocess.run(
        adurabi_argv("--db", str(seeded), "template", "complaints", "--out", "../../t.xlsx"),
        capture_output=True,
        text=True,
        env=env_for(seeded),
        cwd=tmp_path / "a" / "b",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.xlsx").exists()
    assert result.stdout.strip().endswith("t.xlsx")


# --- the fixes this proof found, pinned ---------------------------------------------------

CONTROLLED = "Bakti\x1b[2J sosial\x00 di\x07 Lapas\x7f"


@pytest.mark.parametrize(
    "args, sql",
    [
        (["news", "add", "-s", "kanwil", "--media", "online", "-t", CONTROLLED,
          "--outlet", CONTROLLED], "SELECT title, outlet FROM news WHERE id = 2"),
        (["holiday", "add", "2025-05-02", CONTROLLED], "SELECT name FROM holiday"),
        (["satker", "update", "rutan-negara", "--name", CONTROLLED],
         "SELECT name FROM satker WHERE code = 'rutan-negara'"),
        (["vocab", "add", "media", "threads", "--label", CONTROLLED, "--group", "media-sosial"],
         "SELECT label FROM vocab WHERE slug = 'threads'"),
        (["complaint", "add", "-s", "kanwil", "--summary", CONTROLLED, "--complainant",
          CONTROLLED], "SELECT summary, complainant_name FROM complaint WHERE id = 2"),
    ],
    ids=["news", "holiday", "satker", "vocab", "complaint"],
)  # fmt: skip
def test_control_characters_never_reach_the_database(seeded, cli, args, sql):
    cli(*args)
    (row,) = query(seeded, sql)
    assert {" ".join(value.split()) for value in row} == {"Bakti [2J sosial di Lapas"}, row
    assert not any(set(value) & set(CONTROL) for value in row), row


def test_an_error_line_shows_typed_line_breaks_and_escapes_as_escapes(seeded, cli):
    result = cli("complaint", "show", "7\r\nError: forged\x1b[2J", code=1)
    assert result.stderr.count("\n") == 1
    assert "\\r\\nError: forged\\x1b[2J" in result.stderr


def _special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: 600 MB that take no disk
        handle.truncate(600 * 2**20)
    return {"device": Path("/dev/zero"), "pipe": fifo, "huge": huge}


def _run_all(runs: list[list[str]]) -> list[tuple[int, str]]:
    """Each adurabi command line in its own process, all at once (reading a pipe or a device
    would hang: subprocesses, so the timeout can end them)."""
    processes = [
        subprocess.Popen(adurabi_argv(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env_for(Path(args[1]) if args[0] == "--db" else Path("unused")))
        for args in runs
    ]  # fmt: skip
    try:
        return [(p.wait(timeout=60), p.stderr.read().decode()) for p in processes]
    finally:
        for process in processes:
            process.kill()


def test_a_device_a_pipe_or_a_huge_file_is_refused_before_reading(seeded, tmp_path):
    """Reading /dev/zero or a pipe never ends; a huge file would be held in memory whole."""
    before = table_digests(seeded)
    files = _special_files(tmp_path)
    runs = [["--db", str(seeded), "satker", "import", str(path)] for path in files.values()]
    runs.append(["--db", str(seeded), "init", "--satker-file", str(files["pipe"])])
    for (code, stderr), kind in zip(_run_all(runs), [*files, "pipe"], strict=True):
        assert code == 1, (kind, stderr)
        assert_one_error_line(stderr)
        assert ("not a regular file" if kind != "huge" else "split the file") in stderr
    assert table_digests(seeded) == before


def test_a_database_path_that_is_a_device_or_a_pipe(tmp_path):
    fifo = tmp_path / "adurabi.db"
    os.mkfifo(fifo)
    runs = [["--db", str(fifo), *args] for args in (["complaint", "list"], ["doctor"], ["init"])]
    runs.append(["--db", "/dev/zero", "news", "list"])
    for code, stderr in _run_all(runs):
        assert code == 3, stderr
        assert "not a database file" in stderr


@pytest.mark.parametrize("kind", ["complaint", "news"])
def test_a_limit_past_any_database_integer_means_all(seeded, cli, kind):
    """Typer takes --limit 10**30 as a number; SQLite cannot bind it (it was an internal error)."""
    rows = cli.json(kind, "list", "--limit", "9" * 30)
    assert len(rows) == 1
