from __future__ import annotations

import asyncio

import bcrypt

_MAX_BYTES = 72  # bcrypt refuses a longer password (ValueError)


class BcryptPasswordHasher:
    """bcrypt in a worker thread: a burst of logins must not stall the event loop."""

    def __init__(self, rounds: int = 12) -> None:
        self._rounds = rounds
        # A real hash of the configured cost, so wasting time costs exactly one verify.
        self._decoy_hash = bcrypt.hashpw(b"decoy-password", bcrypt.gensalt(rounds))

    async def hash(self, password: str) -> str:
        hashed = await asyncio.to_thread(
            bcrypt.hashpw, password.encode(), bcrypt.gensalt(self._rounds)
        )
        return hashed.decode()

    async def verify(self, password: str, password_hash: str) -> bool:
        if len(password.encode()) > _MAX_BYTES:  # longer than any stored password; same time
            await self.waste_time(password)
            return False
        try:
            return await asyncio.to_thread(
                bcrypt.checkpw, password.encode(), password_hash.encode()
            )
        except ValueError:
            return False

    async def waste_time(self, password: str) -> None:
        await asyncio.to_thread(bcrypt.checkpw, password.encode()[:_MAX_BYTES], self._decoy_hash)
