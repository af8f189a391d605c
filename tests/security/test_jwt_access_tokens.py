import base64
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.security.ed25519_keys import Ed25519KeyPairs, from_b64url
from adapters.security.jwt_access_tokens import (
    VERIFIED_TOKENS_KEPT,
    InsecureSecret,
    JwtAccessTokens,
)
from adapters.security.key_ring import Ed25519KeyRing
from adapters.security.secret_box import AesGcmSecretBox
from adapters.system import SystemClock
from application.ports.signing_keys import KeyState, SigningKey
from domain.errors import AuthenticationFailed
from tests.support import TEST_SECRET

ISSUER, AUDIENCE = "folio", "folio-api"
BOX = AesGcmSecretBox(b"k" * 32, "signing key")
PAIR = Ed25519KeyPairs().generate()
PRIVATE_KEY = Ed25519PrivateKey.from_private_bytes(from_b64url(PAIR.private_key))


def ring_key(since: datetime | None = None) -> SigningKey:
    """The ring's key, signing since `since` (now): HS256 tokens issued before then are from
    before the ring."""
    since = since or datetime.now(UTC)
    return SigningKey(
        kid=PAIR.kid,
        algorithm=PAIR.algorithm,
        public_key=PAIR.public_key,
        sealed_private_key=BOX.seal(PAIR.private_key),
        state=KeyState.ACTIVE,
        created_at=since,
        activated_at=since,
    )


@pytest.fixture(params=["EdDSA", "HS256"])
def algorithm(request: pytest.FixtureRequest) -> str:
    """What the service signs with (JWT_ALGORITHM), and so what `forge` signs with."""
    return str(request.param)


def ring(*keys: SigningKey) -> Ed25519KeyRing:
    loaded = Ed25519KeyRing(BOX)
    loaded.load(keys or [ring_key()])
    return loaded


def tokens(
    algorithm: str = "EdDSA", secret: str = TEST_SECRET, keys: Ed25519KeyRing | None = None
) -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=secret,
        issuer=ISSUER,
        audience=AUDIENCE,
        lifetime=timedelta(minutes=15),
        clock=SystemClock(),
        keys=keys or ring(),
        algorithm=algorithm,
    )


def forge(
    claims: Mapping[str, object] | None = None,
    *,
    headers: Mapping[str, object] | None = None,
    algorithm: str = "HS256",
    key: str | bytes | Ed25519PrivateKey = TEST_SECRET,
    drop: tuple[str, ...] = (),
) -> str:
    """A token signed as the service would (EdDSA by the ring's key and its kid, or HS256
    with the secret), with the changes asked for."""
    now = datetime.now(UTC)
    payload: dict[str, object] = {
        "sub": str(uuid4()),
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "j",
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    if algorithm == "EdDSA":
        headers = {"kid": PAIR.kid, **(headers or {})}
        key = PRIVATE_KEY if key == TEST_SECRET else key
    elif algorithm == "HS256":
        payload["iat"] = now - timedelta(minutes=1)  # from before the ring
    payload.update(claims or {})
    for name in drop:
        payload.pop(name)
    return jwt.encode(
        payload, key, algorithm=algorithm, headers={"typ": "at+jwt", **(headers or {})}
    )


def rejected(token: str, algorithm: str = "EdDSA") -> bool:
    try:
        tokens(algorithm).verify(token)
    except AuthenticationFailed:
        return True
    return False


def test_an_issued_token_verifies_to_its_user_and_session(algorithm: str) -> None:
    user_id, session_id = uuid4(), uuid4()
    signed_in_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    keys = ring()
    issued = tokens(algorithm, keys=keys).issue(user_id, session_id, signed_in_at)
    verified = tokens(algorithm, keys=keys).verify(issued.token)
    assert verified.user_id == user_id
    assert verified.session_id == session_id
    assert verified.authenticated_at == signed_in_at
    assert verified.expires_at - datetime.now(UTC) <= timedelta(seconds=900)
    assert issued.expires_in == 900


def test_issued_tokens_carry_the_required_claims_type_and_key() -> None:
    token = tokens("EdDSA").issue(uuid4(), uuid4(), datetime.now(UTC)).token
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header == {"alg": "EdDSA", "typ": "at+jwt", "kid": PAIR.kid}
    assert set(claims) >= {"sub", "sid", "auth_time", "exp", "iat", "jti", "iss", "aud"}
    hs256 = tokens("HS256").issue(uuid4(), uuid4(), datetime.now(UTC)).token
    assert jwt.get_unverified_header(hs256) == {"alg": "HS256", "typ": "at+jwt"}


def test_tok01_alg_none_is_rejected(algorithm: str) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"at+jwt"}').rstrip(b"=").decode()
    body = forge(algorithm=algorithm).split(".")[1]
    assert rejected(f"{header}.{body}.", algorithm)
    with_kid = json.dumps({"alg": "none", "typ": "at+jwt", "kid": PAIR.kid}).encode()
    header = base64.urlsafe_b64encode(with_kid).rstrip(b"=").decode()
    assert rejected(f"{header}.{body}.", algorithm)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("other", ["HS384", "HS512"])
def test_tok01_other_algorithms_with_the_same_key_are_rejected(algorithm: str, other: str) -> None:
    assert rejected(forge(algorithm=other), algorithm)


def test_tok01_a_kid_pins_eddsa_and_no_kid_pins_hs256(algorithm: str) -> None:
    """The secret cannot sign for a published key's kid (HMAC over the public key, or the
    secret, under a kid); an EdDSA signature without a kid is not checked with that key."""
    assert rejected(forge(algorithm="HS256", headers={"kid": PAIR.kid}), algorithm)
    public_key = from_b64url(PAIR.public_key) * 2  # long enough for PyJWT to sign with
    assert rejected(forge(algorithm="HS256", key=public_key, headers={"kid": PAIR.kid}))
    no_kid = jwt.encode(
        {"sub": str(uuid4()), "iss": ISSUER, "aud": AUDIENCE, "jti": "j", "iat": 1, "exp": 2},
        PRIVATE_KEY,
        algorithm="EdDSA",
        headers={"typ": "at+jwt"},
    )
    assert rejected(no_kid, algorithm)


def test_tok01_an_rs256_header_is_rejected(algorithm: str) -> None:
    token = forge(algorithm=algorithm)
    header = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"at+jwt"}').rstrip(b"=").decode()
    assert rejected(header + token[token.index(".") :], algorithm)


@pytest.mark.parametrize("segment", [0, 1, 2])
def test_tok02_a_tampered_segment_is_rejected(algorithm: str, segment: int) -> None:
    parts = forge(algorithm=algorithm).split(".")
    parts[segment] = parts[segment][:-2] + ("A" if parts[segment][-2] != "A" else "B") + "x"
    assert rejected(".".join(parts), algorithm)


def test_tok02_truncated_and_garbage_tokens_are_rejected(algorithm: str) -> None:
    assert rejected(forge(algorithm=algorithm)[:-10], algorithm)
    assert rejected("not-a-token", algorithm)
    assert rejected("", algorithm)


def test_tok02_a_token_signed_with_another_key_is_rejected(algorithm: str) -> None:
    assert rejected(forge(key="another-secret-that-is-also-long-enough-0123"), algorithm)
    another = Ed25519PrivateKey.generate()
    assert rejected(forge(algorithm="EdDSA", key=another), algorithm)


def test_tok03_a_secret_shorter_than_32_bytes_is_refused() -> None:
    with pytest.raises(InsecureSecret):
        tokens(secret="x" * 31)
    tokens(secret="x" * 32)


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "iss", "aud", "jti"])
def test_tok04_a_missing_required_claim_is_rejected(algorithm: str, claim: str) -> None:
    assert rejected(forge(algorithm=algorithm, drop=(claim,)), algorithm)


@pytest.mark.parametrize(
    "claims",
    [{"aud": "other"}, {"iss": "foli"}, {"iss": "folio-evil"}, {"aud": ["other"]}, {"sub": "x"}],
)
def test_tok04_wrong_issuer_audience_or_subject_is_rejected(
    algorithm: str, claims: dict[str, object]
) -> None:
    assert rejected(forge(claims, algorithm=algorithm), algorithm)


def test_tok05_expiry_is_enforced_beyond_the_leeway(algorithm: str) -> None:
    past = datetime.now(UTC) - timedelta(seconds=11)
    expired = {"exp": past, "iat": past - timedelta(minutes=1)}
    assert rejected(forge(expired, algorithm=algorithm), algorithm)
    within_leeway = datetime.now(UTC) - timedelta(seconds=2)
    assert not rejected(forge({"exp": within_leeway}, algorithm=algorithm), algorithm)


def test_tok06_a_token_without_the_access_token_type_is_rejected(algorithm: str) -> None:
    assert rejected(forge(algorithm=algorithm, headers={"typ": "JWT"}), algorithm)
    assert rejected(forge(algorithm=algorithm, headers={"typ": "refresh+jwt"}), algorithm)


def test_tok07_an_unknown_critical_header_is_rejected(algorithm: str) -> None:
    headers = {"crit": ["x-unknown"], "x-unknown": 1}
    assert rejected(forge(algorithm=algorithm, headers=headers), algorithm)


def test_tok07_key_location_headers_are_ignored_and_a_kid_must_be_published(
    algorithm: str,
) -> None:
    # jku/jwk cannot redirect verification: the ring's published keys decide.
    elsewhere = {"jku": "https://evil.example/jwks", "jwk": {"kty": "OKP"}}
    assert not rejected(forge(algorithm=algorithm, headers=elsewhere), algorithm)
    another = Ed25519PrivateKey.generate()
    assert rejected(forge(algorithm="EdDSA", key=another, headers=elsewhere), algorithm)
    assert rejected(forge(algorithm="EdDSA", headers={"kid": "evil"}), algorithm)


def test_the_payload_is_not_trusted_before_the_signature(algorithm: str) -> None:
    token = forge(algorithm=algorithm)
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = str(uuid4())
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert rejected(f"{header}.{forged_body}.{signature}", algorithm)


def test_a_token_from_before_sessions_verifies_without_one(algorithm: str) -> None:
    verified = tokens(algorithm).verify(forge(algorithm=algorithm))
    assert (verified.session_id, verified.authenticated_at) == (None, None)


@pytest.mark.parametrize("auth_time", ["yesterday", 1.5, True])
def test_an_auth_time_that_is_no_whole_number_of_seconds_is_rejected(
    algorithm: str, auth_time: object
) -> None:
    claims = {"sid": str(uuid4()), "auth_time": auth_time}
    assert rejected(forge(claims, algorithm=algorithm), algorithm)


def test_a_malformed_session_id_is_rejected(algorithm: str) -> None:
    assert rejected(forge({"sid": "not-a-session"}, algorithm=algorithm), algorithm)


def test_key06_hs256_tokens_from_before_the_ring_work_until_they_expire() -> None:
    """An upgrade from HS256 to EdDSA logs no one out; the secret cannot mint tokens later."""
    now = datetime.now(UTC)
    keys = ring(ring_key(since=now))
    service = tokens("EdDSA", keys=keys)
    before = forge({"iat": now - timedelta(minutes=10), "exp": now + timedelta(minutes=5)})
    assert service.verify(before).user_id
    after = forge({"iat": now + timedelta(seconds=1), "exp": now + timedelta(minutes=5)})
    longer = forge({"iat": now - timedelta(minutes=1), "exp": now + timedelta(minutes=15)})
    for refused in (after, longer):
        with pytest.raises(AuthenticationFailed):
            service.verify(refused)


def test_a_retired_key_no_longer_verifies_and_a_new_one_signs_once_active() -> None:
    """One service throughout, as a server keeps it: a token it verified under the old ring
    is checked again once the ring has changed."""
    keys = ring()
    service = tokens("EdDSA", keys=keys)
    old = service.issue(uuid4(), uuid4(), datetime.now(UTC)).token
    assert service.verify(old)
    newer = Ed25519KeyPairs().generate()
    now = datetime.now(UTC)
    promoted = replace(
        ring_key(),
        kid=newer.kid,
        public_key=newer.public_key,
        sealed_private_key=BOX.seal(newer.private_key),
    )
    keys.load([replace(ring_key(), state=KeyState.PREVIOUS, deactivated_at=now), promoted])
    new = service.issue(uuid4(), uuid4(), datetime.now(UTC)).token
    assert jwt.get_unverified_header(new)["kid"] == newer.kid
    assert service.verify(old)
    assert service.verify(new)
    keys.load([replace(ring_key(), state=KeyState.RETIRED, retired_at=now), promoted])
    with pytest.raises(AuthenticationFailed):
        service.verify(old)
    assert service.verify(new)


def test_a_token_checked_before_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answers kept for valid tokens leave out the expiry: it is checked at every use."""
    service = tokens()
    token = forge({"exp": datetime.now(UTC) + timedelta(minutes=1)}, algorithm="EdDSA")
    assert service.verify(token)
    later = time.time() + 60 + 6  # past the expiry and the 5 s of leeway
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(AuthenticationFailed):
        service.verify(token)


def test_the_answers_kept_are_bounded_and_never_a_refusal() -> None:
    service = tokens()
    kept = service._checked.cache_info
    for n in range(VERIFIED_TOKENS_KEPT + 50):
        assert service.verify(forge({"jti": str(n)}, algorithm="EdDSA"))
    assert kept().currsize == VERIFIED_TOKENS_KEPT
    hits = kept().hits
    refused = forge(algorithm="EdDSA", key=Ed25519PrivateKey.generate())
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            service.verify(refused)
    assert kept().hits == hits  # each refusal was checked again, none was kept


def test_a_kid_is_the_keys_thumbprint_and_never_reads_as_an_option() -> None:
    """RFC 7638: the kid is the SHA-256 thumbprint of the key's required members; none
    starts with "-", which `folio keys promote KID` would take for an option."""
    pairs = [Ed25519KeyPairs().generate() for _ in range(500)]  # about 8 would start so
    assert not [p.kid for p in pairs if p.kid.startswith("-")]
    required = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": PAIR.public_key}).replace(" ", "")
    digest = hashlib.sha256(required.encode()).digest()
    assert PAIR.kid == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
