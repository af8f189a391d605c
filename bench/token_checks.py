"""What an access token costs to issue and to check, by algorithm, through the adapter the
service uses (adapters/security/jwt_access_tokens.py): HS256 with the secret, the reference
measured in the same run; EdDSA by the key ring, a token checked for the first time (its
Ed25519 signature verified) and one checked again (its kept answer, the expiry checked).
docs/benchmarks.md says what it showed.

    python -m bench.token_checks [--tokens 2000] [--rounds 5]
"""

import argparse
import secrets
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from adapters.security.ed25519_keys import ALGORITHM, Ed25519KeyPairs
from adapters.security.jwt_access_tokens import HS256, JwtAccessTokens
from adapters.security.key_ring import Ed25519KeyRing
from adapters.security.secret_box import AesGcmSecretBox
from adapters.system import SystemClock
from application.ports.signing_keys import KeyState
from application.signing_keys import NewSigningKeys


def service(algorithm: str, ring: Ed25519KeyRing, secret: str) -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=secret,
        issuer="folio",
        audience="folio-api",
        lifetime=timedelta(minutes=15),
        clock=SystemClock(),
        keys=ring,
        algorithm=algorithm,
    )


def issued(tokens: JwtAccessTokens) -> Callable[[str], str]:
    """Issues a token for a new account and session; its argument only counts the calls."""
    signed_in = datetime.now(UTC)
    return lambda _: tokens.issue(uuid4(), uuid4(), signed_in).token


def microseconds_each(action: Callable[[str], object], inputs: list[str]) -> float:
    started = time.perf_counter()
    for value in inputs:
        action(value)
    return (time.perf_counter() - started) / len(inputs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.token_checks")
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    box = AesGcmSecretBox(secrets.token_bytes(32), "signing key")
    ring = Ed25519KeyRing(box)
    ring.load([NewSigningKeys(Ed25519KeyPairs(), box, SystemClock()).make(KeyState.ACTIVE)])
    secret = secrets.token_urlsafe(48)
    figures: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        # A fresh service per round: nothing kept from the round before.
        hs256, eddsa = service(HS256, ring, secret), service(ALGORITHM, ring, secret)
        subjects = [str(n) for n in range(args.tokens)]
        rounds: dict[str, tuple[Callable[[str], object], list[str]]] = {
            "issue, HS256 (reference)": (issued(hs256), subjects),
            "issue, EdDSA": (issued(eddsa), subjects),
        }
        hs256_tokens = [issued(hs256)(s) for s in subjects]
        eddsa_tokens = [issued(eddsa)(s) for s in subjects]
        rounds |= {
            "check, HS256 (reference)": (hs256.verify, hs256_tokens),
            "check, EdDSA, first time": (eddsa.verify, eddsa_tokens),
            "check, EdDSA, again": (eddsa.verify, eddsa_tokens),
        }
        for name, (action, inputs) in rounds.items():
            figures.setdefault(name, []).append(microseconds_each(action, inputs))
    reference = {
        "issue": statistics.median(figures["issue, HS256 (reference)"]),
        "check": statistics.median(figures["check, HS256 (reference)"]),
    }
    print(f"{'per token':32} {'µs, median':>10} {'of HS256':>9}")
    for name, found in figures.items():
        median = statistics.median(found)
        print(f"{name:32} {median:10.1f} {median / reference[name.split(',')[0]]:8.2f}x")


if __name__ == "__main__":
    main()
