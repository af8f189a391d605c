import base64
import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from adapters.security.jwt_access_tokens import InsecureSecret, JwtAccessTokens
from adapters.system import SystemClock
from domain.errors import AuthenticationFailed
from tests.support import TEST_SECRET

ISSUER, AUDIENCE = "folio", "folio-api"


def tokens(secret: str = TEST_SECRET) -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=secret,
        issuer=ISSUER,
        audience=AUDIENCE,
        lifetime=timedelta(minutes=15),
        clock=SystemClock(),
    )


def forge(
    claims: dict[str, object] | None = None,
    *,
    headers: dict[str, object] | None = None,
    algorithm: str = "HS256",
    key: str = TEST_SECRET,
    drop: tuple[str, ...] = (),
) -> str:
    now = datetime.now(UTC)
    payload: dict[str, object] = {
        "sub": str(uuid4()),
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "j",
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    payload.update(claims or {})
    for name in drop:
        payload.pop(name)
    return jwt.encode(
        payload, key, algorithm=algorithm, headers={"typ": "at+jwt", **(headers or {})}
    )


def rejected(token: str) -> bool:
    try:
        tokens().verify(token)
    except AuthenticationFailed:
        return True
    return False


def test_an_issued_token_verifies_to_its_user_and_session() -> None:
    user_id, session_id = uuid4(), uuid4()
    signed_in_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    issued = tokens().issue(user_id, session_id, signed_in_at)
    verified = tokens().verify(issued.token)
    assert verified.user_id == user_id
    assert verified.session_id == session_id
    assert verified.authenticated_at == signed_in_at
    assert verified.expires_at - datetime.now(UTC) <= timedelta(seconds=900)
    assert issued.expires_in == 900


def test_issued_tokens_carry_the_required_claims_and_type() -> None:
    token = tokens().issue(uuid4(), uuid4(), datetime.now(UTC)).token
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header == {"alg": "HS256", "typ": "at+jwt"}
    assert set(claims) >= {"sub", "sid", "auth_time", "exp", "iat", "jti", "iss", "aud"}


def test_tok01_alg_none_is_rejected() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"at+jwt"}').rstrip(b"=").decode()
    body = forge().split(".")[1]
    assert rejected(f"{header}.{body}.")


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_tok01_other_algorithms_with_the_same_key_are_rejected(algorithm: str) -> None:
    assert rejected(forge(algorithm=algorithm))


def test_tok01_an_rs256_header_is_rejected() -> None:
    token = forge()
    header = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"at+jwt"}').rstrip(b"=").decode()
    assert rejected(header + token[token.index(".") :])


@pytest.mark.parametrize("segment", [0, 1, 2])
def test_tok02_a_tampered_segment_is_rejected(segment: int) -> None:
    parts = forge().split(".")
    parts[segment] = parts[segment][:-2] + ("A" if parts[segment][-2] != "A" else "B") + "x"
    assert rejected(".".join(parts))


def test_tok02_truncated_and_garbage_tokens_are_rejected() -> None:
    assert rejected(forge()[:-10])
    assert rejected("not-a-token")
    assert rejected("")


def test_tok02_a_token_signed_with_another_key_is_rejected() -> None:
    assert rejected(forge(key="another-secret-that-is-also-long-enough-0123"))


def test_tok03_a_secret_shorter_than_32_bytes_is_refused() -> None:
    with pytest.raises(InsecureSecret):
        tokens("x" * 31)
    tokens("x" * 32)


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "iss", "aud", "jti"])
def test_tok04_a_missing_required_claim_is_rejected(claim: str) -> None:
    assert rejected(forge(drop=(claim,)))


@pytest.mark.parametrize(
    "claims",
    [{"aud": "other"}, {"iss": "foli"}, {"iss": "folio-evil"}, {"aud": ["other"]}, {"sub": "x"}],
)
def test_tok04_wrong_issuer_audience_or_subject_is_rejected(claims: dict[str, object]) -> None:
    assert rejected(forge(claims))


def test_tok05_expiry_is_enforced_beyond_the_leeway() -> None:
    past = datetime.now(UTC) - timedelta(seconds=11)
    assert rejected(forge({"exp": past, "iat": past - timedelta(minutes=1)}))
    within_leeway = datetime.now(UTC) - timedelta(seconds=2)
    assert not rejected(forge({"exp": within_leeway}))


def test_tok06_a_token_without_the_access_token_type_is_rejected() -> None:
    assert rejected(forge(headers={"typ": "JWT"}))
    assert rejected(forge(headers={"typ": "refresh+jwt"}))


def test_tok07_an_unknown_critical_header_is_rejected() -> None:
    assert rejected(forge(headers={"crit": ["x-unknown"], "x-unknown": 1}))


def test_tok07_key_location_headers_are_ignored() -> None:
    # jku/kid cannot redirect verification: the server's key decides.
    token = forge(headers={"jku": "https://evil.example/jwks", "kid": "evil"})
    assert not rejected(token)
    assert rejected(forge(headers={"jku": "https://evil.example/jwks"}, key="x" * 40))


def test_the_payload_is_not_trusted_before_the_signature() -> None:
    token = forge()
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = str(uuid4())
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert rejected(f"{header}.{forged_body}.{signature}")


def test_a_token_from_before_sessions_verifies_without_one() -> None:
    verified = tokens().verify(forge())
    assert (verified.session_id, verified.authenticated_at) == (None, None)


@pytest.mark.parametrize("auth_time", ["yesterday", 1.5, True])
def test_an_auth_time_that_is_no_whole_number_of_seconds_is_rejected(auth_time: object) -> None:
    assert rejected(forge({"sid": str(uuid4()), "auth_time": auth_time}))


def test_a_malformed_session_id_is_rejected() -> None:
    assert rejected(forge({"sid": "not-a-session"}))
