"""IN-12: a validation error answer is bounded, whatever the request: at most 20 errors plus
a count of the rest, a problem under 16 KiB, field names cut short."""

import json

import httpx

from tests.e2e.client import Api

PROBLEM_MAX_BYTES = 16 * 1024


async def test_in12_a_flood_of_unknown_fields_is_one_short_problem(api: Api) -> None:
    flood = json.dumps({f"{n:x}": 0 for n in range(65_536)})
    response = await api.http.post(
        "/auth/register", content=flood, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert len(response.content) < PROBLEM_MAX_BYTES
    [error] = response.json()["errors"]
    assert "65536 fields sent" in error["msg"]
    assert "email, username, password" in error["msg"]


async def test_in12_a_few_unknown_fields_are_each_named(api: Api) -> None:
    body = {"email": "a@example.com", "username": "ada", "password": "long enough", "role": "x"}
    response = await api.http.post("/auth/register", json=body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "role"]]


async def test_in12_many_errors_are_capped_at_twenty_with_a_count_of_the_rest(api: Api) -> None:
    body = {f"unknown{n}": n for n in range(23)}  # 23 unknown and 3 missing: 26 errors
    response = await api.http.post("/auth/register", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert len(problem["errors"]) == 20
    assert problem["more_errors"] == 6
    assert len(response.content) < PROBLEM_MAX_BYTES


async def test_in12_long_field_names_are_cut_short_in_the_answer(api: Api) -> None:
    body = {"email": "a@example.com", "username": "ada", "password": "long enough", "x" * 5000: 1}
    response = await api.http.post("/auth/register", json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "x" * 64]


async def test_in12_conduit_answers_are_bounded_too(conduit: httpx.AsyncClient) -> None:
    article = {"title": "t", "description": "d", "body": "b", "tagList": list(range(1000))}
    await conduit.post(
        "/users",
        json={"user": {"email": "ada@example.com", "username": "ada", "password": "password123"}},
    )
    login = {"user": {"email": "ada@example.com", "password": "password123"}}
    token = (await conduit.post("/users/login", json=login)).json()["user"]["token"]
    response = await conduit.post(
        "/articles", json={"article": article}, headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 422
    assert sum(len(messages) for messages in response.json()["errors"].values()) <= 20
