"""Delivering a webhook over HTTP, safely for the network it runs in.

The target's name is resolved at send time and every address it resolves to must be a public
one (not loopback, private, link-local — the cloud metadata address among them — CGNAT,
multicast or reserved) unless private targets are allowed (development, tests). The request
then goes to the address that was checked (the name stays in `Host` and in TLS's SNI and
certificate check), so a name that resolves elsewhere a moment later changes nothing.
Redirects are not followed; any answer but a 2xx is a failure."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from urllib.parse import urlsplit, urlunsplit

import httpx

from domain.webhooks.delivery import MAX_KEPT_RESPONSE, Attempt

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IpAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


class Refused(Exception):
    """The target may not be sent to."""


async def checked_address(host: str, port: int, *, allow_private: bool) -> IpAddress:
    try:
        literal: IpAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except socket.gaierror as error:
            raise Refused(f"the host {host!r} does not resolve: {error.strerror}") from error
        found = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not found:
        raise Refused(f"the host {host!r} has no address")
    if not allow_private:
        for address in found:
            if not is_public(address):
                raise Refused(f"the host {host!r} is a private address ({address}); refused")
    return found[0]


class HttpxWebhookSender:
    def __init__(self, *, timeout_seconds: float, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds),
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the checked address is the target
        )

    async def send(self, url: str, headers: dict[str, str], body: bytes) -> Attempt:
        started = time.perf_counter()
        try:
            target, extensions, host_header = await self._pinned(url)
            response = await self._client.post(
                target,
                content=body,
                headers={**headers, "Host": host_header},
                extensions=extensions,
            )
            text = response.text[:MAX_KEPT_RESPONSE]
            return Attempt(response.status_code, text, _since(started))
        except Refused as error:
            return Attempt(None, "", _since(started), f"refused: {error}")
        except httpx.TimeoutException:
            return Attempt(None, "", _since(started), "timed out")
        except httpx.HTTPError as error:
            return Attempt(None, "", _since(started), f"{type(error).__name__}: {error}"[:500])

    async def _pinned(self, url: str) -> tuple[str, dict[str, object], str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = await checked_address(host, port, allow_private=self._allow_private)
        shown = f"[{address}]" if address.version == 6 else str(address)
        target = urlunsplit(parts._replace(netloc=f"{shown}:{port}"))
        extensions: dict[str, object] = {"sni_hostname": host} if parts.scheme == "https" else {}
        host_header = parts.netloc.rsplit("@", 1)[-1]
        return target, extensions, host_header

    async def close(self) -> None:
        await self._client.aclose()


def _since(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
