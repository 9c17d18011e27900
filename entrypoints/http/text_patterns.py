"""The domain's rules for free text, as JSON Schema patterns: the schema says what is accepted.

The domain strips surrounding whitespace (Python's `str.strip()`), refuses what is then empty
or too long, and refuses control characters (multi-line text keeps tabs and line breaks). A
pattern says the same of the raw string: optional whitespace, then text that starts and ends
with a visible character and holds no refused character, then optional whitespace. The domain
still checks (with its own messages); tests/unit/test_text_patterns.py holds the two together.

Written with `\\xNN`/`\\uNNNN` escapes only, so the patterns mean the same to Python's `re` and to
an ECMA-262 engine.
"""

from __future__ import annotations

from typing import Any

# Python's whitespace (str.isspace), control characters among it included.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Neither whitespace nor a control character (Unicode category Cc: U+0000-001F, U+007F-009F).
_VISIBLE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_NO_CONTROL = r"[^\x00-\x1f\x7f-\x9f]"
_NO_CONTROL_BUT_LINE_BREAKS = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


# For filters and names that are matched, not stored: PostgreSQL text holds no NUL character.
NO_NUL = r"^[^\x00]*$"


def one_line(max_length: int) -> str:
    """1..max_length characters once stripped, no control characters."""
    inner = f"{_NO_CONTROL}{{0,{max_length - 2}}}"
    return f"^[{_SPACE}]*{_VISIBLE}(?:{inner}{_VISIBLE})?[{_SPACE}]*$"


def multi_line(max_length: int) -> str:
    """1..max_length characters once stripped; tabs and line breaks, no other control character."""
    inner = f"{_NO_CONTROL_BUT_LINE_BREAKS}{{0,{max_length - 2}}}"
    return f"^[{_SPACE}]*{_VISIBLE}(?:{inner}{_VISIBLE})?[{_SPACE}]*$"


def documented(pattern: str) -> dict[str, Any]:
    """For `msgspec.Meta(extra_json_schema=...)`: Litestar copies `extra` into the field's
    schema. Documentation only; msgspec does not check it (the domain does)."""
    return {"extra": {"pattern": pattern}}
