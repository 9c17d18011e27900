"""The literals PgSession writes into the statements it sends with a commit read back, on a
real server, as exactly the values they were made of, whatever the text holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import asyncpg
import pytest
import pytest_asyncio

from adapters.postgres.literals import inlined, sql_literal
from entrypoints.demo.loader import asyncpg_dsn

AWKWARD_TEXTS = [
    "",
    "plain",
    "it's 'quoted' and \\backslashed\\",
    "$q0$ inside",
    "ends in $q0",
    "ends in $q",
    "ends in $",
    "$$ and $q0$$q1$ and $q2",
    "$q0$q0$q0",
    "'); drop table notes; --",
    "юникод ё ✓ \U0001f600",
    "line\nbreaks\r\tand tabs",
    '{"json": "body", "n": 1}',
]


@pytest_asyncio.fixture(loop_scope="session")
async def connection(empty_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(asyncpg_dsn(empty_database_url))
    try:
        yield connection
    finally:
        await connection.close()


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
async def test_a_text_reads_back_as_itself(connection: asyncpg.Connection, text: str):
    assert await connection.fetchval(f"select {sql_literal(text)}::text") == text


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -42,
        2**62,
        UUID("01890a5d-ac96-774b-bcce-b302099a8057"),
        datetime(2026, 12, 7, 14, 50, 17, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=3))),
        b"",
        b"\x00\xff'\\ bytes",
    ],
)
async def test_other_values_read_back_as_themselves(connection: asyncpg.Connection, value: object):
    assert await connection.fetchval(f"select {sql_literal(value)}") == value


async def test_a_statement_with_its_arguments_written_in_runs_as_the_parameterised_one(
    connection: asyncpg.Connection,
):
    sql = "select " + " || ".join(f"${n}::text" for n in (1, 2, 10, 3, 4, 5, 6, 7, 8, 9))
    arguments = ("a$1", "$2b", *"cdefghi", "$10")
    expected = await connection.fetchval(sql, *arguments)
    assert await connection.fetchval(inlined(sql, arguments)) == expected == "a$1$2b$10cdefghi"


def test_what_cannot_be_written_in_is_refused():
    with pytest.raises(ValueError, match="NUL"):
        sql_literal("a\x00b")
    with pytest.raises(ValueError, match="time zone"):
        sql_literal(datetime(2026, 12, 7))
    with pytest.raises(TypeError):
        sql_literal(1.5)
    with pytest.raises(ValueError, match="no argument"):
        inlined("select $2", ("only one",))
    with pytest.raises(ValueError, match="placeholders"):
        inlined("select $1", ("one", "too many"))
