"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the reminder tests, plain or with TLS."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "kanwil-bot", "rahasia-123"


@dataclass
class Mailbox:
    """What the server accepted, and the recipients it is told to refuse."""

    messages: list = field(default_factory=list)
    refuse: set = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return [to for envelope in self.messages for to in envelope.rcpt_tos]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: the server itself answers 535 to a refused login.
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def ca():
    return trustme.CA()


@pytest.fixture
def smtp_server(ca, tmp_path, monkeypatch):
    """Start a server: smtp_server(security, trusted=True) -> (Mailbox, port).

    `security` is starttls, ssl or none; the client trusts the server's certificate through
    SSL_CERT_FILE unless `trusted` is false. Every server started is stopped after the test.
    """
    started = []

    def start(security: str = "starttls", *, trusted: bool = True):
        mailbox = Mailbox()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        issuer = ca if trusted else trustme.CA()
        issuer.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        options = {
            "starttls": {"tls_context": context, "require_starttls": True},
            # Implicit TLS: aiosmtpd only counts STARTTLS as secured for AUTH.
            "ssl": {"ssl_context": context, "auth_require_tls": False},
            "none": {"auth_require_tls": False},
        }[security]
        port = free_port()
        controller = Controller(
            mailbox,
            hostname="127.0.0.1",
            port=port,
            authenticator=_authenticate,
            # PLAIN only: smtplib tries each offered mechanism in turn after a refusal.
            auth_exclude_mechanism=["CRAM-MD5", "LOGIN"],
            **options,
        )
        controller.start()
        started.append(controller)
        return mailbox, port

    yield start
    for controller in started:
        controller.stop()
