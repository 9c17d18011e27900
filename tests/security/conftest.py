"""The API suite's fixtures (one app on a migrated database, a client, tenants)."""

from tests.api.conftest import *  # noqa: F403
