"""A factory of known rows on a fresh initialised database."""

from __future__ import annotations

from datetime import date

import pytest

from tests.recap.factory import Factory, local


@pytest.fixture
def factory(initialized):
    made = Factory(initialized)
    yield made
    made.close()


def build_scenario(f: Factory) -> None:
    """March and April 2025 across a few satker; today is pinned to 2025-04-30.

    Due dates (14 working days; Nyepi 29/3, Idul Fitri 31/3-1/4, Good Friday 18/4 off):
    received 10/2 -> 28/2, 12/2 -> 4/3, 6/1 -> 24/1, 3/3 -> 21/3, 5/3 -> 25/3,
    7/3 -> 27/3, 10/3 -> 28/3, 14/3 -> 7/4, 20/3 -> 11/4, 31/3 -> 22/4, 2/4 -> 23/4,
    9/4 -> 30/4, 14/4 -> 6/5, 15/4 -> 7/5.
    """
    d = date.fromisoformat
    # kanwil: complete in March, carries open complaints into April.
    f.complaint("kanwil", d("2025-02-10"), status="diproses")  # K1 open, overdue from 1/3
    f.complaint(
        "kanwil", d("2025-02-12"), status="selesai", resolved_on=d("2025-03-04")
    )  # K2 closed in March on its due day
    f.complaint(
        "kanwil",
        d("2025-03-03"),
        status="selesai",
        resolved_on=d("2025-03-10"),
        category="pungli",
    )  # K3
    f.complaint(
        "kanwil",
        d("2025-03-10"),
        status="ditolak",
        resolved_on=d("2025-04-02"),
        channel="sp4n-lapor",
    )  # K4 closed after March: open (and overdue) on 31/3
    f.complaint("kanwil", d("2025-03-20"), status="diterima")  # K5
    f.complaint("kanwil", d("2025-03-25"), status="diterima", deleted=True)  # K6 deleted
    f.complaint(
        "kanwil", d("2025-01-06"), status="selesai", resolved_on=d("2025-03-28")
    )  # K7 closed late in March
    f.complaint(
        "kanwil",
        d("2025-03-14"),
        status="dialihkan",
        resolved_on=d("2025-03-17"),
        channel="email",
        category="lainnya",
    )  # K8
    f.complaint(
        "kanwil",
        d("2025-03-31"),
        status="diterima",
        channel="langsung",
        category="kualitas-layanan",
    )  # K9 received on the month's last day
    f.news("kanwil", d("2025-03-05"), media="website", views=100, likes=10)
    f.news(
        "kanwil",
        d("2025-03-15"),
        media="instagram",
        sentiment="netral",
        views=50,
        likes=5,
        comments=2,
        shares=1,
    )
    f.news(
        "kanwil",
        d("2025-03-31"),
        media="online",
        sentiment="negatif",
        created_at=local(d("2025-03-31"), 16, 30),
    )
    f.news(
        "kanwil",
        d("2025-03-20"),
        media="instagram",
        views=1000,
        deleted=True,
        created_at=local(d("2025-03-31"), 20),
    )
    f.news("kanwil", d("2025-02-28"), views=7)

    # lapas-kerobokan: nil report and news in March; April: due-soon complaints.
    f.complaint("lapas-kerobokan", d("2025-02-20"), status="selesai", resolved_on=d("2025-02-27"))
    f.nil("lapas-kerobokan", "2025-03")
    f.nil("lapas-kerobokan", "2025-04", withdrawn=True)
    f.news("lapas-kerobokan", d("2025-03-12"), media="cetak", sentiment="netral")
    f.complaint("lapas-kerobokan", d("2025-04-09"))  # due today (30/4)
    f.complaint("lapas-kerobokan", d("2025-04-14"))  # due 6/5, the 3rd working day
    f.complaint("lapas-kerobokan", d("2025-04-15"))  # due 7/5: not soon

    # rutan-bangli: nil report but no news in March; a complaint in April.
    f.nil("rutan-bangli", "2025-03")
    f.complaint("rutan-bangli", d("2025-04-02"), status="diproses")

    # rutan-gianyar: a complaint but no news in March.
    f.complaint("rutan-gianyar", d("2025-03-05"), status="diverifikasi", channel="telepon")

    # lapas-tabanan: a nil report, then a complaint arrived anyway, and news.
    f.nil("lapas-tabanan", "2025-03")
    f.complaint("lapas-tabanan", d("2025-03-07"), channel="surat", category="ham")
    f.news("lapas-tabanan", d("2025-03-21"), media="youtube", views=10)
    f.news("lapas-tabanan", d("2025-04-28"), media="tiktok", likes=3)

    # lapas-singaraja: a nil report for March, withdrawn: it counts for nothing.
    f.nil("lapas-singaraja", "2025-03", withdrawn=True)

    # rutan-negara: data in March, then deactivated: left out everywhere.
    f.complaint("rutan-negara", d("2025-03-03"))
    f.news("rutan-negara", d("2025-03-03"))
    f.set_active("rutan-negara", False)


@pytest.fixture
def scenario(factory):
    build_scenario(factory)
    return factory
