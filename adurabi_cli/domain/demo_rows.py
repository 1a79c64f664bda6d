"""One demo complaint or news item at a time, as the raw fields an operator or import gives.

Pure: the calendar and the random generator are passed in. The rows go through the same
`prepare_*` validation as typed or imported ones, so a row this module gets wrong is
refused, never stored.
"""

from __future__ import annotations

import math
from bisect import bisect
from datetime import date
from itertools import accumulate
from random import Random
from typing import Any

from adurabi_cli.domain import demo_text as text
from adurabi_cli.domain import demo_words as words
from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.demo_plan import Unit

# (slug, weight) per satker group. Families walk in to a Lapas; foreigners write WhatsApp
# and e-mail to immigration; the Kanwil gets SP4N-LAPOR! and letters.
CHANNELS = {
    words.PAS: {
        "langsung": 25, "whatsapp": 25, "kotak-pengaduan": 15, "sp4n-lapor": 12, "telepon": 8,
        "surat": 6, "media-sosial": 5, "email": 2, "website": 1, "lainnya": 1,
    },
    words.IMIGRASI: {
        "whatsapp": 28, "sp4n-lapor": 18, "langsung": 18, "email": 12, "media-sosial": 10,
        "website": 6, "telepon": 6, "surat": 1, "kotak-pengaduan": 1,
    },
    words.RUDENIM: {
        "langsung": 20, "whatsapp": 20, "sp4n-lapor": 15, "email": 15, "surat": 15, "telepon": 10,
        "lainnya": 5,
    },
    words.BAPAS: {
        "whatsapp": 30, "langsung": 25, "telepon": 15, "sp4n-lapor": 15, "surat": 10, "email": 5,
    },
    words.RUPBASAN: {"langsung": 30, "surat": 25, "sp4n-lapor": 20, "whatsapp": 15, "email": 10},
    words.KANWIL: {
        "sp4n-lapor": 30, "whatsapp": 20, "email": 15, "surat": 12, "media-sosial": 10,
        "langsung": 8, "website": 5,
    },
}  # fmt: skip
# Channels that need the office open; on weekends and holidays people write instead.
OFFICE_CHANNELS = frozenset({"langsung", "kotak-pengaduan", "surat", "telepon"})
AFTER_HOURS = {"whatsapp": 50, "sp4n-lapor": 25, "email": 15, "media-sosial": 10}

CATEGORIES = {
    words.PAS: {
        "kualitas-layanan": 25, "prosedur": 20, "permintaan-informasi": 20, "pungli": 8,
        "ham": 6, "aspirasi": 6, "kode-etik": 5, "penyalahgunaan-wewenang": 4,
        "diskriminasi": 3, "lainnya": 3,
    },
    words.IMIGRASI: {
        "kualitas-layanan": 35, "permintaan-informasi": 25, "prosedur": 20, "aspirasi": 6,
        "pungli": 5, "kode-etik": 4, "lainnya": 3, "diskriminasi": 2,
    },
    words.RUDENIM: {
        "permintaan-informasi": 25, "ham": 20, "kualitas-layanan": 20, "prosedur": 20,
        "lainnya": 10, "kode-etik": 5,
    },
    words.BAPAS: {
        "permintaan-informasi": 30, "prosedur": 30, "kualitas-layanan": 20, "aspirasi": 10,
        "pungli": 5, "lainnya": 5,
    },
    words.RUPBASAN: {
        "permintaan-informasi": 40, "prosedur": 35, "kualitas-layanan": 15, "lainnya": 10,
    },
    words.KANWIL: {
        "permintaan-informasi": 25, "kualitas-layanan": 15, "prosedur": 15, "aspirasi": 15,
        "kode-etik": 10, "penyalahgunaan-wewenang": 8, "pungli": 5, "ham": 3,
        "diskriminasi": 2, "lainnya": 2,
    },
}  # fmt: skip
# Complainants about these more often hide their identity, and units keep them confidential.
SENSITIVE = frozenset({"pungli", "penyalahgunaan-wewenang", "kode-etik"})

# Units with a big audience spread news over more media.
MEDIA_BIG = {
    "website": 28, "instagram": 28, "online": 16, "facebook": 8, "cetak": 6, "x": 4,
    "tiktok": 4, "televisi": 3, "radio": 3, "youtube": 2,
}  # fmt: skip
MEDIA_SMALL = {
    "website": 40, "instagram": 36, "facebook": 10, "online": 5, "cetak": 2, "x": 2,
    "tiktok": 2, "youtube": 1, "televisi": 1, "radio": 1,
}  # fmt: skip
OWN_MEDIA = frozenset({"website", "instagram", "facebook", "x", "tiktok", "youtube"})
NEWS_CATEGORIES = {"kegiatan": 62, "rilis": 14, "glorifikasi": 12, "lainnya": 7, "klarifikasi": 5}
SENTIMENT_OWN = {"positif": 65, "netral": 34, "negatif": 1}
SENTIMENT_PRESS = {"positif": 40, "netral": 48, "negatif": 12}
SENTIMENT_CLARIFY = {"netral": 70, "negatif": 25, "positif": 5}

ONLINE = (
    ("detikBali", "https://www.detik.com/bali/berita/d-{id}/{slug}"),
    ("Tribun Bali", "https://bali.tribunnews.com/{y}/{m:02d}/{d:02d}/{slug}-{id}"),
    ("NusaBali", "https://www.nusabali.com/berita/{id}/{slug}"),
    ("Radar Bali", "https://radarbali.jawapos.com/bali/{id}/{slug}"),
    ("Bali Post", "https://www.balipost.com/news/{y}/{m:02d}/{d:02d}/{id}/{slug}.html"),
    ("Bali Express", "https://baliexpress.jawapos.com/bali/{id}/{slug}"),
    ("Antara Bali", "https://bali.antaranews.com/berita/{id}/{slug}"),
)
PRINT = ("Bali Post", "Tribun Bali", "NusaBali", "Radar Bali", "Bali Express", "Pos Bali")
TELEVISION = ("TVRI Bali", "Bali TV", "Kompas TV Dewata")
RADIO = ("RRI Denpasar", "RRI Singaraja", "Global FM Bali")


class _Choice:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = tuple(weights)
        self.cum = tuple(accumulate(weights.values()))

    def __call__(self, rng: Random) -> str:
        # What rng.choices(items, cum_weights=...) computes, without its per-call set-up.
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def _choices(table: dict[str, dict[str, float]]) -> dict[str, _Choice]:
    return {key: _Choice(weights) for key, weights in table.items()}


class ComplaintMaker:
    """Complaints as they would have been recorded and followed up until today.

    Each complaint gets a number of working days its unit takes to close it, drawn around
    the unit's usual speed; if that many working days have passed it is closed on that day,
    otherwise it is still open. A few are never followed up. So old complaints are almost
    all closed, recent ones often open, some were closed late, and some open ones are past
    their deadline.
    """

    def __init__(self, rng: Random, calendar: WorkingCalendar, today: date, sla_days: int) -> None:
        self.rng, self.calendar, self.today, self.sla = rng, calendar, today, sla_days
        self.channels = _choices(CHANNELS)
        self.categories = _choices(CATEGORIES)
        self.after_hours = _Choice(AFTER_HOURS)
        # SP4N-LAPOR! tracking ids only grow, so they never repeat.
        self.next_ref = 4_100_000 + rng.randrange(100_000)
        self._elapsed: dict[date, int] = {}
        self._working: dict[date, bool] = {}

    def make(self, unit: Unit, day: date) -> dict[str, Any]:
        rng, group = self.rng, unit.group
        category = self.categories[group](rng)
        channel = self.channels[group](rng)
        if channel in OFFICE_CHANNELS and not self._is_working(day):
            channel = self.after_hours(rng)
        sensitive = category in SENSITIVE
        anonymous = rng.random() < (0.35 if sensitive else 0.1)
        name = None if anonymous else text.person_name(rng, group)
        external = None
        if channel == "sp4n-lapor":
            self.next_ref += rng.randint(1, 40)
            external = f"LAPOR-{self.next_ref}"
        row: dict[str, Any] = {
            "satker": unit.code,
            "received_on": day,
            "channel": channel,
            "category": category,
            "summary": text.complaint_summary(
                rng, group, category, unit.profile.short, unit.profile.region
            ),
            "complainant_name": name,
            "complainant_contact": text.contact(rng, name) if name else None,
            "anonymous": anonymous,
            "confidential": rng.random() < (0.3 if sensitive else 0.03),
            "external_ref": external,
        }
        row.update(self._follow_up(unit, day, category))
        return row

    def _follow_up(self, unit: Unit, day: date, category: str) -> dict[str, Any]:
        rng, profile = self.rng, unit.profile
        elapsed = self._elapsed_days(day)
        recent = (self.today - day).days < 120
        outcome = "selesai"
        if rng.random() < profile.stuck * (1.0 if recent else 0.25):
            needed = None
        else:
            draw = rng.random()
            if category != "permintaan-informasi" and draw < 0.1:
                outcome = "ditolak"
            elif category != "permintaan-informasi" and draw < 0.18:
                outcome = "dialihkan"
            median = profile.speed * (0.6 if outcome != "selesai" else 1.0)
            if category == "permintaan-informasi":
                median *= 0.5
            needed = max(0, round(rng.lognormvariate(math.log(median), 0.5)))
        late = needed is None or needed > self.sla
        # An extension is asked for near the deadline, once; not by every slow unit.
        extended = late and elapsed >= self.sla - 2 and rng.random() < 0.35
        if needed is not None and needed <= elapsed:
            closed_on = day if needed == 0 else self.calendar.add_working_days(day, needed)
            group, unit_name, region = unit.group, unit.profile.short, unit.profile.region
            return {
                "status": outcome,
                "resolved_on": closed_on,
                "resolution": text.resolution(rng, outcome, group, unit_name, region),
                "extended": extended,
            }
        return {
            "status": self._open_status(elapsed),
            "resolved_on": None,
            "resolution": None,
            "extended": extended,
        }

    def _open_status(self, elapsed: int) -> str:
        draw = self.rng.random()
        if elapsed <= 1:
            return "diterima" if draw < 0.8 else "diverifikasi"
        if elapsed <= 4:
            return "diterima" if draw < 0.2 else ("diverifikasi" if draw < 0.8 else "diproses")
        return "diterima" if draw < 0.1 else ("diverifikasi" if draw < 0.3 else "diproses")

    def _elapsed_days(self, day: date) -> int:
        found = self._elapsed.get(day)
        if found is None:
            found = self._elapsed[day] = self.calendar.working_days_between(day, self.today)
        return found

    def _is_working(self, day: date) -> bool:
        found = self._working.get(day)
        if found is None:
            found = self._working[day] = self.calendar.is_working_day(day)
        return found


class NewsMaker:
    """News items with a unique URL each: every item gets the next serial number, which
    every URL carries in some form."""

    def __init__(self, rng: Random, salt: int) -> None:
        self.rng, self.salt = rng, salt
        self.serial = 0
        self.media_big = _Choice(MEDIA_BIG)
        self.media_small = _Choice(MEDIA_SMALL)
        self.categories = _Choice(NEWS_CATEGORIES)
        self.sentiment_own = _Choice(SENTIMENT_OWN)
        self.sentiment_press = _Choice(SENTIMENT_PRESS)
        self.sentiment_clarify = _Choice(SENTIMENT_CLARIFY)

    def make(self, unit: Unit, day: date) -> dict[str, Any]:
        rng, profile = self.rng, unit.profile
        self.serial += 1
        media = (self.media_big if profile.news >= 5 else self.media_small)(rng)
        category = self.categories(rng)
        if category == "klarifikasi":
            sentiment = self.sentiment_clarify(rng)
        elif media in OWN_MEDIA:
            sentiment = self.sentiment_own(rng)
        else:
            sentiment = self.sentiment_press(rng)
        title = text.news_title(rng, unit.group, category, sentiment, profile.short, profile.region)
        outlet, url = self._source(unit, media, day, title)
        row: dict[str, Any] = {
            "satker": unit.code,
            "published_on": day,
            "title": title,
            "media": media,
            "outlet": outlet,
            "url": url,
            "category": category,
            "sentiment": sentiment,
        }
        row.update(engagement(rng, media, profile.reach))
        return row

    def _source(self, unit: Unit, media: str, day: date, title: str) -> tuple[str, str | None]:
        rng, n = self.rng, self.serial
        slug = text.slugify(title)
        account = unit.account
        if media == "website":
            return f"Website {unit.profile.short}", f"https://{unit.host}/berita/{slug}-{n}"
        if media == "online":
            outlet, pattern = text.pick(rng, ONLINE)
            url = pattern.format(id=700_000 + n, slug=slug, y=day.year, m=day.month, d=day.day)
            return outlet, url
        if media == "cetak":
            return text.pick(rng, PRINT), None
        if media in ("televisi", "radio"):
            outlet = text.pick(rng, TELEVISION if media == "televisi" else RADIO)
            if rng.random() >= 0.4:
                return outlet, None
            if media == "radio" and outlet.startswith("RRI"):
                city = outlet.split()[-1].lower()
                return outlet, f"https://www.rri.co.id/{city}/daerah/{900_000 + n}/{slug}"
            return outlet, f"https://www.youtube.com/watch?v={text.short_code(n, self.salt + 1)}"
        if media == "instagram":
            return f"@{account}", f"https://www.instagram.com/p/{text.short_code(n, self.salt)}/"
        if media == "facebook":
            return unit.profile.short, f"https://www.facebook.com/{account}/posts/{10**15 + n}"
        if media == "x":
            return f"@{account}", f"https://x.com/{account}/status/{18 * 10**17 + n * 7919}"
        if media == "tiktok":
            return (
                f"@{account}",
                f"https://www.tiktok.com/@{account}/video/{73 * 10**17 + n * 7919}",
            )
        if media == "youtube":
            code = text.short_code(n, self.salt + 2)
            return unit.profile.short, f"https://www.youtube.com/watch?v={code}"
        return unit.profile.short, None


def engagement(rng: Random, media: str, reach: float) -> dict[str, int | None]:
    """Views, likes, comments and shares as each platform reports them (None: not counted)."""
    counts: dict[str, int | None] = dict.fromkeys(("views", "likes", "comments", "shares"))

    def around(median: float, sigma: float = 0.8) -> int:
        return int(rng.lognormvariate(math.log(max(median, 1.0)), sigma))

    def share(of: int, low: float, high: float) -> int:
        return int(of * rng.uniform(low, high))

    if media == "website":
        counts["views"] = around(300 * reach)
        if rng.random() < 0.2:
            counts["shares"] = around(8 * reach)
    elif media == "online":
        if rng.random() < 0.35:
            counts["views"] = around(2000 * reach)
    elif media == "instagram":
        likes = counts["likes"] = around(250 * reach)
        counts["comments"] = share(likes, 0.01, 0.08)
        counts["shares"] = share(likes, 0.0, 0.05)
        if rng.random() < 0.45:  # reels show their plays
            counts["views"] = around(likes * 12)
    elif media == "facebook":
        likes = counts["likes"] = around(80 * reach)
        counts["comments"] = share(likes, 0.02, 0.15)
        counts["shares"] = share(likes, 0.02, 0.2)
    elif media == "x":
        views = counts["views"] = around(1500 * reach)
        likes = counts["likes"] = share(views, 0.005, 0.03)
        counts["comments"] = share(likes, 0.0, 0.2)
        counts["shares"] = share(likes, 0.05, 0.4)
    elif media == "tiktok":
        views = counts["views"] = around(6000 * reach, 1.0)
        likes = counts["likes"] = share(views, 0.03, 0.12)
        counts["comments"] = share(likes, 0.01, 0.06)
        counts["shares"] = share(likes, 0.01, 0.08)
    elif media == "youtube":
        views = counts["views"] = around(800 * reach)
        likes = counts["likes"] = share(views, 0.02, 0.06)
        counts["comments"] = share(likes, 0.03, 0.15)
    return counts
