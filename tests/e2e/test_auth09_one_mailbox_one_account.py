"""AUTH-09: look-alike spellings of one mailbox are that mailbox, on every backend."""

import pytest

from tests.e2e.client import PASSWORD, Api


@pytest.mark.parametrize(
    "twin",
    [
        "\uff41dmin@example.com",  # fullwidth a
        "admin@example.com.",  # trailing dot
        "ADMIN@EXAMPLE.COM",
        "admin@\uff45xample.com",  # fullwidth e in the domain
    ],
)
async def test_auth09_a_twin_spelling_of_a_taken_address_is_taken(api: Api, twin: str) -> None:
    account = {"email": "admin@example.com", "username": "admin", "password": PASSWORD}
    assert (await api.http.post("/auth/register", json=account)).status_code == 201
    twin_account = {"email": twin, "username": "impostor", "password": PASSWORD}
    response = await api.http.post("/auth/register", json=twin_account)
    assert response.status_code == 409, response.text
    login = await api.http.post("/auth/login", json={"login": twin, "password": PASSWORD})
    assert login.status_code == 200  # the same mailbox signs in to the same account


async def test_auth09_international_domains_are_stored_in_their_ascii_form(api: Api) -> None:
    account = {"email": "ada@b\u00fccher.example", "username": "ada", "password": PASSWORD}
    response = await api.http.post("/auth/register", json=account)
    assert response.status_code == 201
    assert response.json()["email"] == "ada@xn--bcher-kva.example"
    ascii_twin = {**account, "email": "ada@xn--bcher-kva.example", "username": "ada2"}
    assert (await api.http.post("/auth/register", json=ascii_twin)).status_code == 409
