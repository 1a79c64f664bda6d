"""A satker's contact for reminders: e-mail address and WhatsApp number, checked and normalised."""

from __future__ import annotations

import re
from urllib.parse import quote

from adurabi_cli.domain.text import one_line
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

# A mailbox as SMTP servers take it: no spaces, one @, a dotted domain.
_EMAIL = re.compile(r"[^@\s<>\"',;()\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_PHONE_TYPED = re.compile(r"\+?[0-9 ().-]+")
COUNTRY_CODE = "62"


def clean_email(text: str, *, field: str = "--email") -> str | None:
    """An e-mail address, or None for an empty text (clears it)."""
    value = text.strip()
    if not value:
        return None
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise InvalidInput(_("{value!r} is not an e-mail address").format(value=value), field=field)
    return value


def clean_phone(text: str, *, field: str = "--phone") -> str | None:
    """A WhatsApp number in international form without '+' (0812... becomes 62812...)."""
    value = text.strip()
    if not value:
        return None
    if not _PHONE_TYPED.fullmatch(value):
        raise InvalidInput(_("{value!r} is not a phone number").format(value=value), field=field)
    digits = re.sub(r"[^0-9]", "", value)
    if value.startswith("+"):
        number = digits
    elif digits.startswith("0"):
        number = COUNTRY_CODE + digits[1:]
    else:
        number = digits
    if not 8 <= len(number) <= 15 or number.startswith("0"):
        raise InvalidInput(_("{value!r} is not a phone number").format(value=value), field=field)
    return number


def clean_contact_name(text: str, *, field: str = "--contact-name") -> str | None:
    value = one_line(text)
    if len(value) > 200:
        raise InvalidInput(_("the contact name is longer than 200 characters"), field=field)
    return value or None


def whatsapp_link(number: str, text: str) -> str:
    """A wa.me link that opens a chat with the number, the text typed in."""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
