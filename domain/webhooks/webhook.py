"""A webhook: where a company wants its events sent, which of them, and whether it still
wants them. The server makes the secret (a receiver verifies the signature with it); a webhook
whose deliveries keep failing for a day is switched off, saying why."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import SplitResult, urlsplit
from uuid import UUID

from domain.errors import InvalidInput, ProblemCollector

ALL_EVENTS = "*"
MAX_URL_LENGTH = 2000
MAX_DESCRIPTION = 500
MAX_EVENT_TYPES = 50


def _split(url: str) -> SplitResult | None:
    """The URL's parts; None when it cannot be read (an unclosed [IPv6 bracket, a bad port)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # reading it checks it
    except ValueError:
        return None
    return parts


def webhook_url(value: str, *, allow_http: bool, field_name: str = "url") -> str:
    """An absolute https URL (http too where allowed: development), with a host, no
    credentials and no fragment."""
    url = value.strip()
    problem = None
    parts = _split(url)
    if len(url) > MAX_URL_LENGTH:
        problem = f"at most {MAX_URL_LENGTH} characters"
    elif parts is None:
        problem = "a well-formed URL (host, port)"
    elif parts.scheme not in (("https", "http") if allow_http else ("https",)):
        problem = "an https:// URL" + (" (or http://)" if allow_http else "")
    elif not parts.hostname:
        problem = "a URL with a host"
    elif parts.username is not None or parts.password is not None:
        problem = "credentials do not belong in the URL; verify the signature instead"
    elif parts.fragment:
        problem = "a URL without a #fragment"
    elif any(char.isspace() or ord(char) < 32 for char in url):
        problem = "a URL without spaces or control characters"
    if problem:
        raise InvalidInput.single(field_name, problem)
    return url


def event_types(values: Iterable[str], known: Collection[str]) -> tuple[str, ...]:
    """The types a webhook wants: known ones, or `*` for all (then alone)."""
    wanted = tuple(dict.fromkeys(value.strip() for value in values))
    problems = ProblemCollector()
    if not wanted:
        problems.add("event_types", 'at least one event type, or ["*"] for all')
    if len(wanted) > MAX_EVENT_TYPES:
        problems.add("event_types", f"at most {MAX_EVENT_TYPES} types")
    for index, name in enumerate(wanted):
        if name != ALL_EVENTS and name not in known:
            problems.add(f"event_types[{index}]", f"{name!r} is not an event type")
    if ALL_EVENTS in wanted and len(wanted) > 1:
        problems.add("event_types", '"*" already means every type: send it alone')
    problems.raise_if_any()
    return wanted


def description(value: str | None) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidInput.single("description", f"at most {MAX_DESCRIPTION} characters")
    if any(ord(char) < 32 and char not in "\n\t" for char in text):
        raise InvalidInput.single("description", "must not contain control characters")
    return text or None


@dataclass(slots=True, kw_only=True)
class Webhook:
    id: UUID
    company_id: UUID
    url: str
    event_types: tuple[str, ...]
    secret: str
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    is_active: bool = True
    disabled_reason: str | None = None  # why the server switched it off
    version: int = 1

    def collects(self, event_type: str) -> bool:
        """Whether an event of this type is queued for it. One the server switched off keeps
        collecting (it catches up when turned on again); one an admin switched off does not.
        (The outbox's SQL, adapters/postgres/events.py, says the same.)"""
        collecting = self.is_active or self.disabled_reason is not None
        return collecting and (ALL_EVENTS in self.event_types or event_type in self.event_types)

    def edit(self, changes: dict[str, object], now: datetime) -> bool:
        """Apply the checked changes; turning a webhook on again forgets why it went off."""
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(self, name, value)
        if changed.get("is_active") is True:
            self.disabled_reason = None
        self.updated_at, self.version = now, self.version + 1
        return True

    def switch_off(self, reason: str, now: datetime) -> None:
        self.is_active, self.disabled_reason = False, reason
        self.updated_at, self.version = now, self.version + 1
