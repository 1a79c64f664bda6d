"""Sending reminder e-mails through the office's SMTP server (settings `smtp_*`).

The password is read from ADURABI_SMTP_PASSWORD only, never stored, never printed. Every
failure becomes one DeliveryError sentence (exit 3).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from adurabi_cli.errors import DeliveryError, InvalidInput
from adurabi_cli.i18n import _

PASSWORD_ENV = "ADURABI_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30.0


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    user: str | None
    sender: str

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_config(settings: dict[str, Any]) -> SmtpConfig:
    """The server to send through, from the loaded settings; refused when incomplete."""
    host, sender = settings.get("smtp_host"), settings.get("smtp_sender")
    if not host:
        raise InvalidInput(_("no SMTP server: set one with `adurabi setting set smtp_host HOST`"))
    if not sender:
        raise InvalidInput(_("no sender: set one with `adurabi setting set smtp_sender ADDRESS`"))
    user = settings.get("smtp_user")
    if user and not os.environ.get(PASSWORD_ENV):
        raise InvalidInput(
            _("smtp_user is set but {PASSWORD_ENV} is empty").format(PASSWORD_ENV=PASSWORD_ENV)
        )
    security = settings.get("smtp_security") or "starttls"
    port = settings.get("smtp_port") or DEFAULT_PORTS[security]
    return SmtpConfig(host, port, security, user, sender)


class Mailer:
    """One SMTP session: connected, secured and logged in on entry, closed on exit."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        c = self.config
        context = ssl.create_default_context()
        try:
            if c.security == "ssl":
                self._smtp = smtplib.SMTP_SSL(c.host, c.port, timeout=TIMEOUT, context=context)
            else:
                self._smtp = smtplib.SMTP(c.host, c.port, timeout=TIMEOUT)
                if c.security == "starttls":
                    self._smtp.starttls(context=context)
        except (ssl.SSLError, ssl.CertificateError, smtplib.SMTPNotSupportedError) as exc:
            self._close()
            raise DeliveryError(
                _("TLS with the SMTP server {where} failed: {value}").format(
                    where=c.where, value=_reason(exc)
                )
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise DeliveryError(
                _("cannot reach the SMTP server {where}: {value}").format(
                    where=c.where, value=_reason(exc)
                )
            ) from None
        if c.user:
            try:
                self._smtp.login(c.user, os.environ[PASSWORD_ENV])
            except smtplib.SMTPAuthenticationError as exc:
                self._close()
                raise DeliveryError(
                    _("the SMTP server {where} refused the login of {user}: {value}").format(
                        where=c.where, user=c.user, value=_reason(exc)
                    )
                ) from None
            except (OSError, smtplib.SMTPException) as exc:
                self._close()
                raise DeliveryError(
                    _("logging in to the SMTP server {where} failed: {value}").format(
                        where=c.where, value=_reason(exc)
                    )
                ) from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def send(self, recipient: str, subject: str, body: str) -> None:
        """Hand one message over; DeliveryError when the server does not accept it."""
        assert self._smtp is not None
        message = EmailMessage()
        message["From"] = self.config.sender
        message["To"] = recipient
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.config.sender.rpartition("@")[2])
        message.set_content(body)
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise DeliveryError(
                _("the SMTP server refused the recipient {recipient}: {value}").format(
                    recipient=recipient, value=_reply(code, text)
                )
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                _(
                    "the SMTP server {where} did not accept the message to {recipient}: {value}"
                ).format(where=self.config.where, recipient=recipient, value=_reason(exc))
            ) from None

    def _close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()
        self._smtp = None


def _reply(code: int, text: bytes | str) -> str:
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(shown.split())}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__
