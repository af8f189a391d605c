"""An HTTP client for the API with the few helpers every end-to-end test needs."""

from typing import Any

import httpx

PASSWORD = "a good long password"


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.http = client

    async def register(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.http.post(
            "/auth/register",
            json={"email": f"{username}@example.com", "username": username, "password": password},
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def login(self, login: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.http.post("/auth/login", json={"login": login, "password": password})
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def sign_up(self, username: str) -> dict[str, str]:
        """Registers and logs in; returns the Authorization header."""
        await self.register(username)
        tokens = await self.login(username)
        return bearer(tokens["access_token"])

    async def publish(self, headers: dict[str, str], title: str, **fields: Any) -> dict[str, Any]:
        body = {"title": title, "body": f"About {title}", **fields}
        response = await self.http.post("/posts", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
