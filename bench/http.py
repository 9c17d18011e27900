"""A small keep-alive HTTP/1.1 client on asyncio streams, and the closed-loop load it drives.

httpx spends more CPU per request than the server under test; this client pre-builds request
bytes, reads the head with one `readuntil` and the body by Content-Length (or chunks), and keeps
one connection per simulated user. Its own CPU time is measured and reported with the results.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# (method, path with query, JSON body or None[, extra header lines such as an Idempotency-Key])
Request = tuple[str, str, bytes | None] | tuple[str, str, bytes | None, bytes]


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: dict[bytes, bytes]  # lower-cased names
    body: bytes


class Connection:
    def __init__(self, host: str, port: int, token: str | None) -> None:
        self._host, self._port = host, port
        self._prefix = f"Host: {host}:{port}\r\nAccept: application/json\r\n".encode()
        if token:
            self._prefix += f"Authorization: Bearer {token}\r\n".encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        return self._reader, self._writer

    async def request(
        self, method: str, path: str, body: bytes | None = None, headers: bytes = b""
    ) -> Response:
        reader, writer = await self._open()
        head = f"{method} {path} HTTP/1.1\r\n".encode() + self._prefix + headers
        if body is not None:
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        writer.write(head + b"\r\n" + (body or b""))
        try:
            return await self._read(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise

    async def _read(self, reader: asyncio.StreamReader) -> Response:
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw[:-4].split(b"\r\n")
        status = int(lines[0][9:12])
        headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name in headers:  # Set-Cookie comes once per cookie
                headers[name] += b"\n" + value.strip()
            else:
                headers[name] = value.strip()
        if b"content-length" in headers:
            body = await reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = await _read_chunks(reader)
        else:
            body = b""
        if headers.get(b"connection", b"").lower() == b"close":
            await self.close()
        return Response(status, headers, body)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


@dataclass
class Tally:
    """What the measured window saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, of successful requests
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    bytes_received: int = 0
    statements: list[int] = field(default_factory=list)  # X-Statements of successful requests

    def fail(self, description: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(description[:300])


# worker number, sequence number → the request to send; then the response, for stateful scenarios
NextRequest = Callable[[int, int], Request]
OnResponse = Callable[[int, Request, Response], None]


async def closed_loop(
    host: str,
    port: int,
    token: str,
    next_request: NextRequest,
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    on_response: OnResponse | None = None,
    on_window: Callable[[bool], None] | None = None,
) -> Tally:
    """`concurrency` users, each sending its next request as soon as the previous answer is in.
    Requests that start inside the measured window (after `warmup`, for `duration`) are counted,
    so requests/s is their number over `duration`. `on_window(True)` / `on_window(False)` mark
    the window's start and end (CPU sampling)."""
    connections = [Connection(host, port, token) for _ in range(concurrency)]
    tally = Tally()
    started = time.perf_counter()
    window_start, window_end = started + warmup, started + warmup + duration

    async def user(number: int) -> None:
        connection, sequence = connections[number], 0
        while (now := time.perf_counter()) < window_end:
            request = next_request(number, sequence)
            sequence += 1
            method, path, body, *extra = request
            counted = now >= window_start
            try:
                response = await connection.request(method, path, body, *extra)
            except (asyncio.IncompleteReadError, ConnectionError, OSError) as error:
                if counted:
                    tally.fail(f"{method} {path}: {type(error).__name__}: {error}")
                continue
            elapsed = time.perf_counter() - now
            if on_response is not None:
                on_response(number, request, response)
            if not counted:
                continue
            tally.bytes_received += len(response.body)
            if 200 <= response.status < 300:
                tally.latencies.append(elapsed)
                if b"x-statements" in response.headers:
                    tally.statements.append(int(response.headers[b"x-statements"]))
            else:
                tally.fail(f"{method} {path}: {response.status} {response.body[:200]!r}")

    async def window() -> None:
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        if on_window is not None:
            await asyncio.to_thread(on_window, True)
        await asyncio.sleep(max(0.0, window_end - time.perf_counter()))
        if on_window is not None:
            await asyncio.to_thread(on_window, False)

    try:
        await asyncio.gather(window(), *(user(n) for n in range(concurrency)))
    finally:
        await asyncio.gather(*(c.close() for c in connections))
    return tally
