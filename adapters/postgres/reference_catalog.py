from __future__ import annotations

from sqlalchemy import func, literal, select, union_all

from adapters.postgres.session import PgSession
from adapters.postgres.tables import REFERENCE_TABLES

# Built once: constructing this union of every reference table costs more Python than running it.
# A row per reference with its codes as an array: the driver decodes arrays natively, where a
# row per code cost every write that checks codes some hundreds of Python row reads.
_LIVE_CODES = union_all(
    *(
        select(literal(name).label("name"), func.array_agg(table.c.code).label("codes")).where(
            table.c.is_archive.is_(False)
        )
        for name, table in REFERENCE_TABLES.items()
    )
)


class SqlaReferenceCatalog:
    """Live codes of every reference, read in one statement on first use and kept for the
    rest of the request (references change only by migration)."""

    def __init__(self, session: PgSession) -> None:
        self._session = session
        self._live: dict[str, set[int]] | None = None

    async def live_codes(self, name: str) -> set[int]:
        if self._live is None:
            self._live = await self._load()
        return set(self._live.get(name, set()))

    async def _load(self) -> dict[str, set[int]]:
        rows = await self._session.read(_LIVE_CODES)
        return {row.name: set(row.codes or ()) for row in rows}
