"""What the benchmark measures: the same requests against Folio and the reference."""

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    authenticated: bool = False
    body: dict[str, object] | None = None
    connections: int | None = None  # None: the run's default
    reference_statements: int = 1  # SQL statements the reference spends per request
    headers: dict[str, str] = field(default_factory=dict)

    def lua(self, token: str | None) -> str:
        """A wrk script sending this request."""
        headers = {"Content-Type": "application/json", **self.headers}
        if self.authenticated and token:
            headers["Authorization"] = f"Bearer {token}"
        lines = [f'wrk.method = "{self.method}"']
        lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
        if self.body is not None:
            lines.append(f"wrk.body = {json.dumps(json.dumps(self.body))}")
        return "\n".join(lines) + "\n"


def scenarios(sample_slug: str, login: str, password: str) -> list[Scenario]:
    return [
        Scenario("get post by slug", "GET", f"/api/v1/posts/{sample_slug}"),
        Scenario("list 20 posts", "GET", "/api/v1/posts?limit=20"),
        Scenario(
            "list 20 posts as a user", "GET", "/api/v1/posts?limit=20", True, reference_statements=2
        ),
        Scenario(
            "list 100 posts as a user",
            "GET",
            "/api/v1/posts?limit=100",
            True,
            reference_statements=2,
        ),
        Scenario("feed", "GET", "/api/v1/posts/feed?limit=20", True, reference_statements=2),
        Scenario("GET /users/me", "GET", "/api/v1/users/me", True, reference_statements=2),
        Scenario(
            "create a post",
            "POST",
            "/api/v1/posts",
            True,
            body={"title": "Benchmark post", "body": "Text.", "tags": ["bench"]},
            reference_statements=5,
        ),
        Scenario(
            "log in (argon2, production parameters)",
            "POST",
            "/api/v1/auth/login",
            body={"login": login, "password": password},
            connections=16,
            reference_statements=2,
        ),
    ]
