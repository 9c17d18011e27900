from __future__ import annotations

import json
from importlib import resources


class InMemoryReferenceCatalog:
    """The live codes of the same JSON the migration loads."""

    def __init__(self) -> None:
        raw = (
            resources.files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
        )
        data: dict[str, list[dict[str, object]]] = json.loads(raw)
        self._live = {
            name: {int(row["code"]) for row in rows if not row.get("is_archive", False)}  # type: ignore[call-overload]
            for name, rows in data.items()
        }

    async def live_codes(self, name: str) -> set[int]:
        return set(self._live.get(name.replace("-", "_"), set()))
