"""Which PostgreSQL the command uses: DATABASE_URL, or else the embedded one in DATA_DIR."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from entrypoints.settings import Settings


@contextmanager
def database(settings: Settings) -> Iterator[Settings]:
    """Yield settings with a database; an embedded server started here is stopped on exit.

    The embedded server's URL is exported as DATABASE_URL, so child processes use it too.
    """
    if settings.database_url is not None:
        yield settings
        return
    from adapters.postgres.embedded import EmbeddedPostgres

    data_dir = Path(settings.data_dir) / "postgres"
    print(f"gefest: DATABASE_URL is not set: embedded PostgreSQL in {data_dir}", file=sys.stderr)
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        yield dataclasses.replace(settings, database_url=url)
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        server.stop()
        print("gefest: embedded PostgreSQL stopped", file=sys.stderr)
