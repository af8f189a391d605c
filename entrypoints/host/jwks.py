"""`GET /.well-known/jwks.json`: the public keys that verify this service's access tokens, of
both APIs (one ring signs for both; each token's audience says which API it opens): every
key published (next, active, previous), none retired (RFC 7517; OKP keys, RFC 8037).
Verifiers may cache it for JWKS_MAX_AGE_SECONDS; a key is published for longer than that
before it signs (SIGNING_KEY_PROMOTION_DELAY_SECONDS)."""

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from adapters.security.key_ring import Ed25519KeyRing


class JwkSetResponse(JSONResponse):
    media_type = "application/jwk-set+json"  # RFC 7517 8.5.1


def add_jwks(app: FastAPI, ring: Ed25519KeyRing, max_age_seconds: int) -> None:
    cache = f"public, max-age={max_age_seconds}"

    async def jwks() -> JwkSetResponse:
        return JwkSetResponse(ring.published, headers={"Cache-Control": cache})

    app.add_api_route(
        "/.well-known/jwks.json",
        jwks,
        methods=["GET"],
        tags=["auth"],
        summary="The public keys that verify access tokens (JWKS)",
        response_class=JwkSetResponse,
    )
