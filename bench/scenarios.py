"""What the benchmark measures: the same requests against Folio and the reference."""

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tokens:
    """The benchmark user's access tokens: each API takes only its own."""

    v1: str
    conduit: str


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

    @property
    def conduit(self) -> bool:
        return not self.path.startswith("/api/v1/")

    def authorization(self, tokens: Tokens | None) -> dict[str, str]:
        if not (self.authenticated and tokens):
            return {}
        if self.conduit:
            return {"Authorization": f"Token {tokens.conduit}"}
        return {"Authorization": f"Bearer {tokens.v1}"}

    def lua(self, tokens: Tokens | None) -> str:
        """A wrk script sending this request."""
        headers = {"Content-Type": "application/json", **self.headers, **self.authorization(tokens)}
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
        Scenario("Conduit: article by slug", "GET", f"/api/articles/{sample_slug}"),
        Scenario("Conduit: list 20", "GET", "/api/articles?limit=20", reference_statements=2),
        Scenario(
            "Conduit: list 20 as a user",
            "GET",
            "/api/articles?limit=20",
            True,
            reference_statements=3,
        ),
        Scenario(
            "Conduit: feed", "GET", "/api/articles/feed?limit=20", True, reference_statements=3
        ),
        Scenario("Conduit: current user", "GET", "/api/user", True, reference_statements=2),
        Scenario(
            "log in (argon2, production parameters)",
            "POST",
            "/api/v1/auth/login",
            body={"login": login, "password": password},
            connections=16,
            reference_statements=2,
        ),
    ]
