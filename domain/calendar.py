"""The span of dates a person can mean on a card or a vacancy.

The rule is the product's (nobody started a job before 1900, nor sets a deadline after 2999), and
it also keeps the stored dates ordinary: PostgreSQL's driver maps Python's first and last dates to
`-infinity` and `infinity`, which no JSON reader takes back as a date.
"""

from __future__ import annotations

from datetime import date

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
CALENDAR_SPAN = f"between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"


def in_calendar(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE
