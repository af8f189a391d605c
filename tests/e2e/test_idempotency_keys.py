"""Idempotency-Key through HTTP, on every backend and both APIs: a retry gets the first answer
again and the change happens once; the same key with another body is 422, while the first
runs 409, each in the answering API's error shape."""

import asyncio
import hashlib
import json

import httpx

from entrypoints.composition.container import Container
from entrypoints.web.idempotency import scoped_key_hash
from tests.e2e.client import Api

POST = {"title": "Once", "body": "Only once."}


def keyed(
    headers: dict[str, str], key: str = "8e03978e-40d5-43e8-bc93-6894a57f9324"
) -> dict[str, str]:
    return {**headers, "Idempotency-Key": f'"{key}"'}  # a structured-field string, as the draft


async def test_a_retried_post_is_made_once_and_answered_again_marked_replayed(api: Api) -> None:
    ada = keyed(await api.sign_up("ada"))
    first = await api.http.post("/posts", json=POST, headers=ada)
    again = await api.http.post("/posts", json=POST, headers=ada)
    assert first.status_code == again.status_code == 201
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert (again.headers["location"], again.headers["etag"]) == (
        first.headers["location"],
        first.headers["etag"],
    )
    assert [p["slug"] for p in (await api.http.get("/posts")).json()["items"]] == ["once"]


async def test_concurrent_retries_make_the_change_once(api: Api) -> None:
    ada = keyed(await api.sign_up("ada"))
    answers = await asyncio.gather(
        *(api.http.post("/posts", json=POST, headers=ada) for _ in range(5))
    )
    assert {a.status_code for a in answers} <= {201, 409}
    assert len((await api.http.get("/posts")).json()["items"]) == 1


async def test_the_same_key_with_another_body_is_422_and_changes_nothing(api: Api) -> None:
    ada = keyed(await api.sign_up("ada"))
    assert (await api.http.post("/posts", json=POST, headers=ada)).status_code == 201
    other = await api.http.post("/posts", json={**POST, "title": "Twice"}, headers=ada)
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert "another request body" in other.json()["detail"]
    assert len((await api.http.get("/posts")).json()["items"]) == 1


async def test_a_key_belongs_to_its_account_method_and_path(api: Api) -> None:
    ada, bob = keyed(await api.sign_up("ada")), keyed(await api.sign_up("bob"))
    assert (await api.http.post("/posts", json=POST, headers=ada)).status_code == 201
    bobs = await api.http.post("/posts", json=POST, headers=bob)
    assert bobs.status_code == 201
    assert "idempotent-replayed" not in bobs.headers
    comment = await api.http.post("/posts/once/comments", json={"body": "x"}, headers=ada)
    assert comment.status_code == 201
    assert "idempotent-replayed" not in comment.headers


async def test_a_request_that_changed_nothing_is_not_remembered(api: Api) -> None:
    ada = keyed(await api.sign_up("ada"))
    refused = await api.http.post("/posts", json={"title": "No body"}, headers=ada)
    assert refused.status_code == 422
    fixed = await api.http.post("/posts", json={"title": "No body", "body": "Now."}, headers=ada)
    assert fixed.status_code == 201  # run, not refused as another body for the key


async def test_while_the_first_runs_a_retry_is_409(api: Api, container: Container) -> None:
    ada = await api.sign_up("ada")
    user_id = (await api.http.get("/users/me", headers=ada)).json()["id"]
    body = json.dumps(POST).encode()
    key_hash = scoped_key_hash(f"account:{user_id}", "POST", "/api/v1/posts", "k")
    begun = await container.idempotent_requests().begin(key_hash, hashlib.sha256(body).hexdigest())
    assert begun.outcome.value == "run"  # as if a first request were running now
    headers = {**keyed(ada, "k"), "Content-Type": "application/json"}
    retry = await api.http.post("/posts", content=body, headers=headers)
    assert retry.status_code == 409
    assert "still being processed" in retry.json()["detail"]


async def test_a_malformed_key_is_400(api: Api) -> None:
    ada = await api.sign_up("ada")
    for key in ('""', "x" * 256, "two words"):
        response = await api.http.post("/posts", json=POST, headers={**ada, "Idempotency-Key": key})
        assert response.status_code == 400, key
    assert (await api.http.get("/posts")).json()["items"] == []


async def test_conduit_replays_too_and_answers_in_its_own_error_shape(
    conduit: httpx.AsyncClient,
) -> None:
    account = {"username": "ada", "email": "ada@test.com", "password": "password123"}
    token = (await conduit.post("/users", json={"user": account})).json()["user"]["token"]
    headers = keyed({"Authorization": f"Token {token}"})
    article = {"article": {"title": "Once", "description": "d", "body": "b"}}
    first = await conduit.post("/articles", json=article, headers=headers)
    again = await conduit.post("/articles", json=article, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert (await conduit.get("/articles")).json()["articlesCount"] == 1
    other = await conduit.post(
        "/articles", json={"article": {**article["article"], "title": "Twice"}}, headers=headers
    )
    assert other.status_code == 422
    assert other.json() == {
        "errors": {"Idempotency-Key": ["This Idempotency-Key was used with another request body."]}
    }


async def test_a_keyed_body_over_the_limit_is_413_as_without_a_key(api: Api) -> None:
    ada = keyed(await api.sign_up("ada"))
    headers = {**ada, "Content-Type": "application/json"}
    response = await api.http.post("/posts", content=b" " * (1024 * 1024 + 1), headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
