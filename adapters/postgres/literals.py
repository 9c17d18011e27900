"""SQL texts with their parameters written in as literals, for the statements `PgSession` sends
together with COMMIT in one simple-protocol message (which carries no parameters). Only the
types those statements use are accepted; anything else is a bug, not something to guess at."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

_PLACEHOLDER = re.compile(r"\$(\d+)")


def inlined(sql: str, arguments: tuple[Any, ...]) -> str:
    """`sql` with each `$n` replaced by the literal of `arguments[n - 1]`. The placeholders are
    found in the statement text alone: a literal written in is never read again."""
    used: set[int] = set()

    def literal_of(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(arguments):
            raise ValueError(f"${number} has no argument ({len(arguments)} given)")
        used.add(number)
        return sql_literal(arguments[number - 1])

    text = _PLACEHOLDER.sub(literal_of, sql)
    if len(used) != len(arguments):
        raise ValueError(f"{len(arguments)} arguments for {len(used)} placeholders")
    return text


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, UUID):
        return f"'{value}'::uuid"  # hex digits and dashes only
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a moment without a time zone")
        return f"'{value.isoformat()}'::timestamptz"
    if isinstance(value, str):
        return _dollar_quoted(value)
    if isinstance(value, bytes):
        return f"decode('{value.hex()}', 'hex')"  # hex digits only, whatever the settings
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def _dollar_quoted(text: str) -> str:
    """The text between dollar-quote tags, nothing in it special. The tag is one whose only
    occurrence in text + tag is the closing one (a text ending in "$q0" would otherwise close
    "$q0$" early). A NUL would end the protocol message early, and text cannot hold one."""
    if "\x00" in text:
        raise ValueError("text with a NUL character")
    number = 0
    while (text + (tag := f"$q{number}$")).find(tag) != len(text):
        number += 1
    return f"{tag}{text}{tag}"
