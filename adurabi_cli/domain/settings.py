"""The settings an office may change: what each is, its default, and how its text is read."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adurabi_cli.domain.calendar import DEFAULT_SLA_DAYS
from adurabi_cli.domain.clock import OFFICE_ZONE, zone
from adurabi_cli.domain.compliance import DEFAULT_REPORT_DEADLINE
from adurabi_cli.domain.contacts import clean_email
from adurabi_cli.errors import InvalidInput

SLA_KEY = "sla_days"
REPORT_DEADLINE_KEY = "report_deadline"
MAX_FILE_KEY = "max_file_mb"
DEFAULT_MAX_FILE_MB = 10
TIMEZONE_KEY = "timezone"
# Indonesia's zones as people name them, accepted for the IANA names.
ZONE_WORDS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
SMTP_SECURITY = ("starttls", "ssl", "none")
_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


@dataclass(frozen=True)
class Setting:
    description: str
    default: Any
    parse: Callable[[str, str], Any]

    def load(self, key: str, stored: str | None) -> Any:
        """The stored value read back, or the default when none is stored."""
        return self.parse(key, stored) if stored else self.default


def whole_number(lowest: int, highest: int) -> Callable[[str, str], int]:
    def parse(key: str, text: str) -> int:
        value = text.strip()
        if not value.isascii() or not value.isdigit() or not lowest <= int(value) <= highest:
            raise InvalidInput(
                f"{key} must be a whole number from {lowest} to {highest}, not {text!r}"
            )
        return int(value)

    return parse


def one_of(*choices: str) -> Callable[[str, str], str]:
    def parse(key: str, text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise InvalidInput(f"{key} must be one of {', '.join(choices)}, not {text!r}")
        return value

    return parse


def host(key: str, text: str) -> str | None:
    value = text.strip()
    if value and not _HOST.fullmatch(value):
        raise InvalidInput(f"{key} must be a host name or address, not {text!r}")
    return value or None


def login(key: str, text: str) -> str | None:
    value = text.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in value) or len(value) > 200:
        raise InvalidInput(f"{key} must be one word of at most 200 characters, not {text!r}")
    return value or None


def zone_name(key: str, text: str) -> str:
    # '' gives the office's zone back.
    value = text.strip() or OFFICE_ZONE
    value = ZONE_WORDS.get(value.upper(), value)
    try:
        zone(value)
    except InvalidInput:
        raise InvalidInput(
            f"{key} must be a time zone such as Asia/Makassar (WITA), Asia/Jakarta (WIB) or "
            f"Asia/Jayapura (WIT), not {text!r}"
        ) from None
    return value


def email(key: str, text: str) -> str | None:
    return clean_email(text, field=key)


SETTINGS: dict[str, Setting] = {
    SLA_KEY: Setting(
        "Tenggat tindak lanjut pengaduan (hari kerja)", DEFAULT_SLA_DAYS, whole_number(1, 60)
    ),
    REPORT_DEADLINE_KEY: Setting(
        "Batas pelaporan bulanan (hari kerja ke-N bulan berikutnya)",
        DEFAULT_REPORT_DEADLINE,
        whole_number(1, 20),
    ),
    MAX_FILE_KEY: Setting(
        "Ukuran maksimum satu berkas bukti pengaduan (MB, 1 MB = 1.048.576 byte)",
        DEFAULT_MAX_FILE_MB,
        whole_number(1, 200),
    ),
    TIMEZONE_KEY: Setting(
        "Zona waktu kantor untuk waktu yang ditampilkan (data tetap UTC)", OFFICE_ZONE, zone_name
    ),
    "smtp_host": Setting("Server SMTP untuk pengingat (kosong: tidak mengirim)", None, host),
    "smtp_port": Setting(
        "Port SMTP (kosong: 587 untuk starttls, 465 untuk ssl, 25 untuk none)",
        None,
        whole_number(1, 65535),
    ),
    "smtp_security": Setting(
        "Keamanan SMTP: starttls, ssl atau none", "starttls", one_of(*SMTP_SECURITY)
    ),
    "smtp_user": Setting(
        "Nama pengguna SMTP (kata sandi hanya dari ADURABI_SMTP_PASSWORD)", None, login
    ),
    "smtp_sender": Setting("Alamat pengirim pengingat", None, email),
}


def setting_of(key: str) -> Setting:
    if key not in SETTINGS:
        raise InvalidInput(f"unknown setting {key!r}; valid: {', '.join(SETTINGS)}")
    return SETTINGS[key]
