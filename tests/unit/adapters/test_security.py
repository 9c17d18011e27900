"""The security adapters: JWT access tokens, bcrypt, refresh tokens, the login rate limiter."""

from __future__ import annotations

import asyncio
import base64
import json
import statistics
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from adapters.memory.login_rate_limiter import SlidingWindowLoginRateLimiter
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from adapters.security.jwt_codec import JwtAccessTokenCodec
from adapters.security.refresh_tokens import RandomRefreshTokenFactory
from application.errors import ExpiredToken, InvalidToken
from application.ports.security import AccessClaims
from domain.identity.role import Role

SECRET = "unit-test-secret-" + "x" * 32
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unb64(part: str) -> dict[str, object]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@pytest.fixture
def codec() -> JwtAccessTokenCodec:
    return JwtAccessTokenCodec(SECRET)


@pytest.fixture
def claims() -> AccessClaims:
    return AccessClaims(
        user_id=uuid4(),
        company_id=uuid4(),
        role=Role.RECRUITER,
        issued_at=NOW,
        expires_at=NOW + timedelta(minutes=15),
        token_id=uuid4().hex,
    )


def payload_of(claims: AccessClaims) -> dict[str, object]:
    return {
        "sub": str(claims.user_id),
        "company_id": str(claims.company_id),
        "role": claims.role.value,
        "iat": int(claims.issued_at.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
        "jti": claims.token_id,
    }


# --- JWT -----------------------------------------------------------------------------------------


def test_a_token_round_trips_with_the_claims_of_the_contract(codec, claims):
    token = codec.encode(claims)
    header, payload, _ = token.split(".")
    assert unb64(header)["alg"] == "HS256"
    assert unb64(payload) == payload_of(claims)
    assert codec.decode(token, NOW) == claims


def test_expiry_is_judged_by_the_clock_passed_in(codec, claims):
    token = codec.encode(claims)
    assert codec.decode(token, claims.expires_at - timedelta(seconds=1)) == claims
    with pytest.raises(ExpiredToken):
        codec.decode(token, claims.expires_at)
    with pytest.raises(ExpiredToken):
        codec.decode(token, claims.expires_at + timedelta(days=365))
    # A token whose wall-clock expiry is long past still decodes at an earlier moment.
    assert codec.decode(token, NOW).user_id == claims.user_id


def test_a_remembered_token_vouches_for_no_other_and_still_expires(codec, claims):
    token = codec.encode(claims)
    assert codec.decode(token, NOW) == claims  # verified once, remembered from now on
    header, _, signature = token.split(".")
    forged = f"{header}.{b64(payload_of(claims) | {'role': Role.ADMIN.value})}.{signature}"
    for _ in range(2):  # a refusal is not remembered as a success either
        with pytest.raises(InvalidToken):
            codec.decode(forged, NOW)
    assert codec.decode(token, NOW) == claims
    with pytest.raises(ExpiredToken):
        codec.decode(token, claims.expires_at)


def test_a_tampered_payload_is_refused(codec, claims):
    header, _, signature = codec.encode(claims).split(".")
    forged = payload_of(claims) | {"role": Role.ADMIN.value}
    with pytest.raises(InvalidToken):
        codec.decode(f"{header}.{b64(forged)}.{signature}", NOW)


def test_a_tampered_signature_is_refused(codec, claims):
    token = codec.encode(claims)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidToken):
        codec.decode(flipped, NOW)


def test_an_unsigned_alg_none_token_is_refused(codec, claims):
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload_of(claims))}."
    with pytest.raises(InvalidToken):
        codec.decode(unsigned, NOW)
    # Even carrying a valid HS256 signature of the same payload.
    signature = codec.encode(claims).split(".")[2]
    with pytest.raises(InvalidToken):
        codec.decode(unsigned + signature, NOW)


def test_a_token_signed_with_another_secret_is_refused(codec, claims):
    foreign = JwtAccessTokenCodec("another-secret-" + "y" * 32).encode(claims)
    with pytest.raises(InvalidToken):
        codec.decode(foreign, NOW)


def test_another_algorithm_with_the_right_secret_is_refused(codec, claims):
    token = jwt.encode(payload_of(claims), SECRET, algorithm="HS384")
    with pytest.raises(InvalidToken):
        codec.decode(token, NOW)


@pytest.mark.parametrize("missing", ["sub", "company_id", "role", "exp", "iat", "jti"])
def test_a_token_missing_a_claim_is_refused(codec, claims, missing):
    payload = payload_of(claims)
    del payload[missing]
    token = jwt.encode(payload, SECRET, algorithm="HS256")
    with pytest.raises(InvalidToken):
        codec.decode(token, NOW)


@pytest.mark.parametrize(
    "change",
    [
        {"sub": "not-a-uuid"},
        {"company_id": 42},
        {"role": "root"},
        {"exp": "tomorrow"},
        {"exp": 10**20},
        {"iat": None},
    ],
)
def test_a_token_with_malformed_claims_is_refused_not_crashed(codec, claims, change):
    token = jwt.encode(payload_of(claims) | change, SECRET, algorithm="HS256")
    with pytest.raises(InvalidToken):
        codec.decode(token, NOW)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "a.b", "...", "é.é.é"])
def test_garbage_is_an_invalid_token(codec, token):
    with pytest.raises(InvalidToken):
        codec.decode(token, NOW)


# --- bcrypt --------------------------------------------------------------------------------------


async def test_bcrypt_hashes_are_salted_and_verify():
    hasher = BcryptPasswordHasher(rounds=4)
    first = await hasher.hash("correct-horse-battery")
    second = await hasher.hash("correct-horse-battery")
    assert first != second
    assert first.startswith("$2b$04$")
    assert await hasher.verify("correct-horse-battery", first)
    assert await hasher.verify("correct-horse-battery", second)
    assert not await hasher.verify("correct-horse-batterY", first)
    assert not await hasher.verify("", first)


@pytest.mark.parametrize(
    "garbage", ["", "not-a-hash", "$2b$04$", "$2b$99$" + "a" * 53, "$argon2id$x"]
)
async def test_verify_against_a_garbage_hash_is_false_not_an_error(garbage):
    hasher = BcryptPasswordHasher(rounds=4)
    assert await hasher.verify("anything", garbage) is False


async def test_wasting_time_costs_about_one_verify():
    hasher = BcryptPasswordHasher(rounds=8)  # ~15 ms a check: measurable, still quick
    password_hash = await hasher.hash("correct-horse-battery")

    async def median_seconds(action) -> float:
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            await action()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    verify = await median_seconds(lambda: hasher.verify("wrong-password", password_hash))
    waste = await median_seconds(lambda: hasher.waste_time("wrong-password"))
    assert 0.33 < waste / verify < 3.0, (waste, verify)


async def test_hashing_runs_off_the_event_loop():
    hasher = BcryptPasswordHasher(rounds=10)  # ~60 ms of CPU
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.002)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        await hasher.hash("correct-horse-battery")
    finally:
        task.cancel()
    assert ticks >= 5


# --- refresh tokens ------------------------------------------------------------------------------


def test_refresh_tokens_are_random_and_stored_as_sha256():
    factory = RandomRefreshTokenFactory()
    tokens = {factory.new_token() for _ in range(100)}
    assert len(tokens) == 100
    token = tokens.pop()
    assert len(token) >= 43  # 256 bits in URL-safe base64
    digest = factory.digest(token)
    assert len(digest) == 64 and token not in digest
    assert digest == factory.digest(token)
    assert digest != factory.digest(token + "x")


# --- the login rate limiter ----------------------------------------------------------------------


def test_the_limiter_lets_the_limit_through_then_says_how_long_to_wait():
    limiter = SlidingWindowLoginRateLimiter(3)
    assert [limiter.hit("ip|alice", NOW + timedelta(seconds=s)) for s in (0, 10, 20)] == [None] * 3
    assert limiter.hit("ip|alice", NOW + timedelta(seconds=20)) == 40
    assert limiter.hit("ip|alice", NOW + timedelta(seconds=59.5)) == 1
    # The oldest attempt leaves the window at 60 s: one more is allowed, then the next waits.
    assert limiter.hit("ip|alice", NOW + timedelta(seconds=60)) is None
    assert limiter.hit("ip|alice", NOW + timedelta(seconds=61)) == 9


def test_refused_attempts_do_not_extend_the_wait():
    limiter = SlidingWindowLoginRateLimiter(1)
    assert limiter.hit("k", NOW) is None
    for second in range(1, 60):
        assert limiter.hit("k", NOW + timedelta(seconds=second)) == 60 - second
    assert limiter.hit("k", NOW + timedelta(seconds=60)) is None


def test_keys_are_counted_apart():
    limiter = SlidingWindowLoginRateLimiter(1)
    assert limiter.hit("203.0.113.7|alice", NOW) is None
    assert limiter.hit("203.0.113.7|alice", NOW) == 60
    assert limiter.hit("203.0.113.7|bob", NOW) is None
    assert limiter.hit("198.51.100.1|alice", NOW) is None


def test_idle_keys_are_forgotten_when_the_table_is_full():
    limiter = SlidingWindowLoginRateLimiter(1, max_keys=2)
    assert limiter.hit("a", NOW) is None
    assert limiter.hit("b", NOW + timedelta(seconds=30)) is None
    # At 61 s "a" is idle, "b" is not: "a" goes, "b" keeps its count.
    later = NOW + timedelta(seconds=61)
    assert limiter.hit("c", later) is None
    assert limiter.hit("b", later) == 29
    assert limiter.hit("a", later) is None
