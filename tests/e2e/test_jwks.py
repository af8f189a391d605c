"""The published key set (RFC 7517, OKP keys of RFC 8037) on every backend: access tokens of
both APIs verify with its keys alone, in a JOSE library of its own (joserfc); it publishes
public parts only, a key from when it is added until it is retired, with cache headers."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet

from entrypoints.composition.container import Container
from tests.e2e.client import Api
from tests.e2e.conftest import client_for

JWKS = "/.well-known/jwks.json"
# RFC 9864 names the algorithm `Ed25519`; tokens say `EdDSA`, as RFC 8037 and most verifiers do.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated via RFC 9864")


@pytest.fixture
async def site(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(container, "http://folio.test") as client:
        yield client


async def published(site: httpx.AsyncClient) -> dict[str, Any]:
    response = await site.get(JWKS)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/jwk-set+json"
    assert response.headers["cache-control"] == "public, max-age=300"
    return dict(response.json())


def verified_claims(token: str, key_set: dict[str, Any]) -> dict[str, Any]:
    """The claims of `token` if a key of `key_set` signed it, by joserfc alone."""
    keys = KeySet.import_key_set(key_set)  # type: ignore[arg-type]  # a JSON object as served
    return dict(jwt.decode(token, keys, algorithms=["EdDSA"]).claims)


async def test_key01_tokens_of_both_apis_verify_with_the_published_keys_alone(
    api: Api, site: httpx.AsyncClient
) -> None:
    await api.register("ada")
    v1_token = (await api.login("ada"))["access_token"]
    conduit = await site.post(
        "/api/users/login",
        json={"user": {"email": "ada@example.com", "password": "a good long password"}},
    )
    conduit_token = conduit.json()["user"]["token"]
    key_set = await published(site)
    [key] = key_set["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "alg", "use"}  # no private part ("d")
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
    assert verified_claims(v1_token, key_set)["aud"] == "folio-api"
    assert verified_claims(conduit_token, key_set)["aud"] == "folio-conduit"


async def test_key02_a_key_is_published_from_its_addition_to_its_retirement(
    api: Api, site: httpx.AsyncClient, container: Container
) -> None:
    await api.register("ada")
    old_token = (await api.login("ada"))["access_token"]
    [first] = (await published(site))["keys"]
    added = await container.add_signing_key()()
    await container.reload_key_ring()()  # as every server does every few seconds
    assert [k["kid"] for k in (await published(site))["keys"]] == [first["kid"], added.kid]
    await container.promote_signing_key()(added.kid, at_once=True)
    await container.retire_signing_key()(first["kid"], at_once=True)
    await container.reload_key_ring()()
    key_set = await published(site)
    assert [k["kid"] for k in key_set["keys"]] == [added.kid]
    with pytest.raises(InvalidKeyIdError):  # no published key has its kid
        verified_claims(old_token, key_set)
    assert (
        await api.http.get("/users/me", headers={"Authorization": f"Bearer {old_token}"})
    ).status_code == 401
    new_token = (await api.login("ada"))["access_token"]
    assert verified_claims(new_token, key_set)["sub"]
