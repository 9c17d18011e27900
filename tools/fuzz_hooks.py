"""schemathesis hooks for `make fuzz` (loaded through SCHEMATHESIS_HOOKS by tools/fuzz.py).

A schema-valid `Idempotency-Key` is made unique per generated request. The fuzzer draws few
distinct keys ("0" again and again), and a key sent again with the same request is, by the
contract, a replay of the first answer: a POST that created a skill since deleted answers that
skill's id once more, which the stateful check "created resource not found" reads as a bug.
Keys that break the header's rules are left as generated, so their 400 is still fuzzed, and
`tests/api/test_idempotency.py` holds the replay rules themselves.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import schemathesis

_VALID_KEY = re.compile(r"[\x20-\x7e]{1,200}")
_serial = itertools.count()


@schemathesis.hook
def map_headers(context: Any, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    if not headers:
        return headers
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and _VALID_KEY.fullmatch(key):
        return {**headers, "Idempotency-Key": f"{key}-{next(_serial)}"}
    return headers
