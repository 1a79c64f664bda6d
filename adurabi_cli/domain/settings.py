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
from adurabi_cli.domain.letterhead import (
    DEFAULT_OFFICE_NAME,
    DEFAULT_PLACE,
    DEFAULT_SIGNER_TITLE,
    Office,
)
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

SLA_KEY = "sla_days"
REPORT_DEADLINE_KEY = "report_deadline"
MAX_FILE_KEY = "max_file_mb"
DEFAULT_MAX_FILE_MB = 10
TIMEZONE_KEY = "timezone"
# Indonesia's zones as people name them, accepted for the IANA names.
ZONE_WORDS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
OFFICE_KEYS = (
    "office_name",
    "office_address",
    "signer_title",
    "signer_name",
    "signer_nip",
    "place",
)
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
                _("{key} must be a whole number from {lowest} to {highest}, not {text!r}").format(
                    key=key, lowest=lowest, highest=highest, text=text
                )
            )
        return int(value)

    return parse


def one_of(*choices: str) -> Callable[[str, str], str]:
    def parse(key: str, text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise InvalidInput(
                _("{key} must be one of {value}, not {text!r}").format(
                    key=key, value=", ".join(choices), text=text
                )
            )
        return value

    return parse


def host(key: str, text: str) -> str | None:
    value = text.strip()
    if value and not _HOST.fullmatch(value):
        raise InvalidInput(
            _("{key} must be a host name or address, not {text!r}").format(key=key, text=text)
        )
    return value or None


def login(key: str, text: str) -> str | None:
    value = text.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in value) or len(value) > 200:
        raise InvalidInput(
            _("{key} must be one word of at most 200 characters, not {text!r}").format(
                key=key, text=text
            )
        )
    return value or None


def zone_name(key: str, text: str) -> str:
    # '' gives the office's zone back.
    value = text.strip() or OFFICE_ZONE
    value = ZONE_WORDS.get(value.upper(), value)
    try:
        zone(value)
    except InvalidInput:
        raise InvalidInput(
            _(
                "{key} must be a time zone such as Asia/Makassar (WITA), "
                "Asia/Jakarta (WIB) or Asia/Jayapura (WIT), not {text!r}"
            ).format(key=key, text=text)
        ) from None
    return value


def email(key: str, text: str) -> str | None:
    return clean_email(text, field=key)


def line(longest: int) -> Callable[[str, str], str | None]:
    """One line of printable text (spacing tidied), at most longest characters."""

    def parse(key: str, text: str) -> str | None:
        value = " ".join(text.split())
        if not all(ch.isprintable() for ch in value) or len(value) > longest:
            raise InvalidInput(
                _(
                    "{key} must be one line of at most {longest} printable characters, not {text!r}"
                ).format(key=key, longest=longest, text=text)
            )
        return value or None

    return parse


def nip(key: str, text: str) -> str | None:
    """A civil servant's NIP: 18 digits, spaces between groups allowed and dropped."""
    value = "".join(text.split())
    if value and not (value.isascii() and value.isdigit() and len(value) == 18):
        raise InvalidInput(
            _("{key} must be an NIP of 18 digits, not {text!r}").format(key=key, text=text)
        )
    return value or None


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
    # The letterhead and signature block of the printed recap (domain.letterhead).
    "office_name": Setting(
        "Nama kantor pada kop rekap; baris dipisah dengan |", DEFAULT_OFFICE_NAME, line(300)
    ),
    "office_address": Setting("Alamat kantor pada kop rekap", None, line(300)),
    "signer_title": Setting("Jabatan penanda tangan rekap", DEFAULT_SIGNER_TITLE, line(120)),
    "signer_name": Setting(
        "Nama penanda tangan rekap (kosong: baris titik-titik untuk ditulis tangan)",
        None,
        line(120),
    ),
    "signer_nip": Setting("NIP penanda tangan rekap (18 angka)", None, nip),
    "place": Setting("Tempat pada tanggal tanda tangan rekap", DEFAULT_PLACE, line(60)),
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


def office(stored: dict[str, str]) -> Office:
    """The letterhead and signer from the stored settings (defaults where none is stored)."""
    values = {key: SETTINGS[key].load(key, stored.get(key)) for key in OFFICE_KEYS}
    return Office(
        name=values["office_name"] or DEFAULT_OFFICE_NAME,
        address=values["office_address"],
        signer_title=values["signer_title"] or DEFAULT_SIGNER_TITLE,
        signer_name=values["signer_name"],
        signer_nip=values["signer_nip"],
        place=values["place"] or DEFAULT_PLACE,
    )


def setting_of(key: str) -> Setting:
    if key not in SETTINGS:
        raise InvalidInput(
            _("unknown setting {key!r}; valid: {value}").format(key=key, value=", ".join(SETTINGS))
        )
    return SETTINGS[key]
