"""`adurabi remind`: messages, wa.me links, e-mail through a real SMTP server, and its failures."""

from __future__ import annotations

import email
from email import policy
from urllib.parse import parse_qs, urlparse

import pytest

from tests.complaints.helpers import refused
from tests.dbtarget import dump, rows, scalar
from tests.remind.conftest import PASSWORD, USER, free_port

KANWIL = "pimpinan@kanwil.example"
KEROBOKAN = "humas@kerobokan.example"
TABANAN = "humas@tabanan.example"


@pytest.fixture
def scenario(cli, initialized):
    """Three satker with contacts; lapas-kerobokan has an overdue complaint and one due soon."""
    cli("satker", "update", "kanwil", "--email", KANWIL, "--contact-name", "Kabag Umum")
    cli("satker", "update", "lapas-kerobokan", "--email", KEROBOKAN, "--phone", "0812-3456-7890",
        "--contact-name", "Made Sudarma")  # fmt: skip
    cli("satker", "update", "lapas-tabanan", "--email", TABANAN, "--phone", "+62 361 811 234")
    cli("complaint", "add", "--satker", "lapas-kerobokan", "--summary", "Antrean",
        "--received", "2025-03-03")  # fmt: skip
    cli("complaint", "add", "--satker", "lapas-kerobokan", "--summary", "Kunjungan",
        "--received", "2025-04-09")  # fmt: skip
    # lapas-tabanan reported March in full: complaints through a nil report, and news;
    # kanwil through two nil reports.
    cli("complaint", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("news", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("complaint", "nil", "--satker", "lapas-tabanan", "--month", "2025-03")
    cli("news", "add", "--satker", "lapas-tabanan", "--title", "Bakti sosial", "--media",
        "website", "--date", "2025-03-20")  # fmt: skip
    return initialized


def configure(cli, port, security="starttls", user=True):
    cli("setting", "set", "smtp_host", "127.0.0.1")
    cli("setting", "set", "smtp_port", str(port))
    cli("setting", "set", "smtp_security", security)
    cli("setting", "set", "smtp_sender", "adurabi@kanwil.example")
    if user:
        cli("setting", "set", "smtp_user", USER)


def by_satker(result):
    return {m["satker"]: m for m in result["messages"] if m["kind"] == "satker"}


def test_preview_lists_what_each_satker_owes_with_whatsapp_links(cli, scenario):
    result = cli.json("remind")
    assert (result["month"], result["report_deadline"]) == ("2025-03", "2025-04-08")
    messages = by_satker(result)
    assert "lapas-tabanan" not in messages and "kanwil" not in messages  # both reported
    assert len(messages) == 17  # every other active satker has not reported March
    kerobokan = messages["lapas-kerobokan"]
    assert kerobokan["status"] == "preview"
    assert kerobokan["phone"] == "6281234567890"
    body = kerobokan["body"]
    assert body.startswith("Yth. Made Sudarma\nLembaga Pemasyarakatan Kelas IIA Kerobokan")
    assert "Laporan bulan Maret 2025 belum lengkap (batas pelaporan 08/04/2025):" in body
    assert "- Berita: belum ada data maupun laporan nihil (adurabi news nil)" in body
    assert "- Pengaduan:" not in body  # a complaint was received in March
    assert "- PGD-2025-00001, tenggat 21/03/2025 (terlambat 25 hari kerja)" in body
    assert (
        "Pengaduan jatuh tempo dalam 3 hari kerja (1):\n- PGD-2025-00002, tenggat 30/04/2025"
        in (body)
    )
    link = urlparse(kerobokan["whatsapp_url"])
    assert (link.scheme, link.netloc, link.path) == ("https", "wa.me", "/6281234567890")
    assert parse_qs(link.query)["text"] == [f"{kerobokan['subject']}\n\n{body}"]
    assert messages["rutan-bangli"]["whatsapp_url"] is None  # no number
    [digest] = [m for m in result["messages"] if m["kind"] == "digest"]
    assert (digest["satker"], digest["email"]) == ("kanwil", KANWIL)
    assert "Belum melapor 17" in digest["body"] and "- lapas-kerobokan: 1" in digest["body"]
    assert scalar(scenario, "SELECT COUNT(*) FROM reminder") == 0


def test_preview_printed_for_whatsapp_groups(cli, scenario):
    out = cli("remind").stdout
    assert (
        "=== Kepada: lapas-kerobokan (Made Sudarma, humas@kerobokan.example, WA 6281234567890)"
        in (out)
    )
    assert "WhatsApp: https://wa.me/6281234567890?text=%5BADURABI%5D%20Pengingat" in out
    assert "=== Kepada: rutan-bangli (kontak belum diisi)" in out


def test_before_the_deadline_only_complaints_are_chased(cli, scenario, monkeypatch):
    monkeypatch.setenv("ADURABI_TODAY", "2025-04-08")  # March's deadline, not yet passed
    result = cli.json("remind", "--month", "2025-03")
    assert list(by_satker(result)) == ["lapas-kerobokan"]
    assert "Laporan bulan" not in by_satker(result)["lapas-kerobokan"]["body"]
    # By default the month is the latest whose deadline has passed: February.
    assert cli.json("remind")["month"] == "2025-02"


@pytest.mark.parametrize("security", ["starttls", "ssl", "none"])
def test_send_e_mails_records_and_never_twice_a_day(cli, scenario, smtp_server, monkeypatch,
                                                    security):  # fmt: skip
    mailbox, port = smtp_server(security)
    configure(cli, port, security)
    monkeypatch.setenv("ADURABI_SMTP_PASSWORD", PASSWORD)
    result = cli("remind", "--send")
    assert result.stdout == ""
    assert "Sent 2; already sent today 0; without an e-mail address 16." in result.stderr
    assert sorted(mailbox.recipients()) == sorted([KEROBOKAN, KANWIL])
    sent = email.message_from_bytes(
        next(e for e in mailbox.messages if e.rcpt_tos == [KEROBOKAN]).content,
        policy=policy.default,
    )
    assert sent["From"] == "adurabi@kanwil.example"
    assert sent["Subject"].startswith("[ADURABI] Pengingat lapas-kerobokan: laporan Maret 2025")
    assert "PGD-2025-00001" in sent.get_content()
    recorded = rows(scenario, "SELECT * FROM reminder ORDER BY id")
    assert [(r["kind"], r["recipient"]) for r in recorded] == [
        ("satker", KEROBOKAN),
        ("digest", KANWIL),
    ]
    assert recorded[0]["sent_by"] == "tester" and str(recorded[0]["sent_on"]) == "2025-04-30"

    again = cli.json("remind", "--send")
    assert len(mailbox.messages) == 2
    assert by_satker(again)["lapas-kerobokan"]["status"] == "already_sent"
    assert by_satker(again)["rutan-bangli"]["status"] == "no_email"
    assert scalar(scenario, "SELECT COUNT(*) FROM reminder") == 2

    monkeypatch.setenv("ADURABI_TODAY", "2025-05-02")
    cli("remind", "--send")
    assert len(mailbox.messages) == 4


def test_refused_connection_exits_3_and_records_nothing(cli, scenario, monkeypatch):
    configure(cli, free_port(), "none", user=False)
    before = dump(scenario)
    error = refused(cli, "remind", "--send", code=3)
    assert error.startswith("Error: cannot reach the SMTP server 127.0.0.1:")
    assert "Connection refused" in error
    assert dump(scenario) == before


def test_untrusted_certificate_is_a_tls_failure(cli, scenario, smtp_server, monkeypatch):
    mailbox, port = smtp_server("starttls", trusted=False)
    configure(cli, port)
    monkeypatch.setenv("ADURABI_SMTP_PASSWORD", PASSWORD)
    before = dump(scenario)
    error = refused(cli, "remind", "--send", code=3)
    assert f"Error: TLS with the SMTP server 127.0.0.1:{port} failed" in error
    assert "certificate verify failed" in error
    assert mailbox.messages == [] and dump(scenario) == before


def test_tls_to_a_plain_server_fails(cli, scenario, smtp_server, monkeypatch):
    _, port = smtp_server("none")
    configure(cli, port, "ssl", user=False)
    before = dump(scenario)
    assert "failed" in refused(cli, "remind", "--send", code=3)
    assert dump(scenario) == before


def test_wrong_password_is_refused_and_never_shown(cli, scenario, smtp_server, monkeypatch):
    mailbox, port = smtp_server("starttls")
    configure(cli, port)
    monkeypatch.setenv("ADURABI_SMTP_PASSWORD", "salah-sandi")
    before = dump(scenario)
    error = refused(cli, "remind", "--send", code=3)
    assert f"refused the login of {USER}: 535" in error
    assert "salah-sandi" not in error
    assert mailbox.messages == [] and dump(scenario) == before


def test_rejected_recipient_the_others_sent_and_recorded(cli, scenario, smtp_server, monkeypatch):
    mailbox, port = smtp_server("starttls")
    mailbox.refuse.add(KEROBOKAN)
    configure(cli, port)
    monkeypatch.setenv("ADURABI_SMTP_PASSWORD", PASSWORD)
    error = refused(cli, "remind", "--send", code=3)
    assert error == (
        f"Error: 1 of 2 reminder(s) not sent: the SMTP server refused the recipient {KEROBOKAN}: "
        "550 5.1.1 mailbox unavailable"
    )
    assert mailbox.recipients() == [KANWIL]
    assert [r["recipient"] for r in rows(scenario, "SELECT recipient FROM reminder")] == [KANWIL]
    # Once the address is fixed, the rerun sends only what is missing.
    mailbox.refuse.clear()
    cli("remind", "--send")
    assert mailbox.recipients() == [KANWIL, KEROBOKAN]


@pytest.mark.parametrize(
    "setup, env, message",
    [
        ((), {}, "no SMTP server: set one with `adurabi setting set smtp_host HOST`"),
        ((("smtp_host", "mail.example"),), {}, "no sender"),
        (
            (("smtp_host", "mail.example"), ("smtp_sender", "a@b.example"), ("smtp_user", "x")),
            {},
            "smtp_user is set but ADURABI_SMTP_PASSWORD is empty",
        ),
    ],
)
def test_incomplete_smtp_settings_are_refused(cli, scenario, monkeypatch, setup, env, message):
    monkeypatch.delenv("ADURABI_SMTP_PASSWORD", raising=False)
    for key, value in setup:
        cli("setting", "set", key, value)
    before = dump(scenario)
    assert message in refused(cli, "remind", "--send")
    assert dump(scenario) == before


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("smtp_security", "tls", "smtp_security must be one of starttls, ssl, none"),
        ("smtp_port", "70000", "smtp_port must be a whole number from 1 to 65535"),
        ("smtp_sender", "bukan alamat", "is not an e-mail address"),
        ("smtp_host", "mail server", "smtp_host must be a host name or address"),
        ("smtp_user", "dua kata", "smtp_user must be one word"),
        ("smtp_password", "x", "unknown setting 'smtp_password'"),
    ],
)
def test_bad_smtp_settings_are_refused(cli, initialized, key, value, message):
    before = dump(initialized)
    assert message in refused(cli, "setting", "set", key, value)
    assert dump(initialized) == before


def test_bad_month_is_refused(cli, scenario):
    assert "2025-13" in refused(cli, "remind", "--month", "2025-13")
