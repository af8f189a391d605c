"""SQL statements Folio spends per request, counted in process on the benchmark's database."""

import httpx
from asgi_lifespan import LifespanManager

from bench.scenarios import Scenario, Tokens
from entrypoints.composition.settings import Settings
from entrypoints.host.app import create_app
from tests.databases import counting_statements
from tests.support import build_container


async def statements_per_request(
    database_url: str, secret: str, tokens: Tokens, plan: list[Scenario]
) -> dict[str, int]:
    container = build_container(
        Settings.model_validate(
            {
                "database_url": database_url,
                "jwt_secret": secret,
                "app_env": "test",
                "allowed_hosts": ["bench"],
            }
        )
    )
    app = create_app(container)
    counts: dict[str, int] = {}
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for scenario in plan:
                headers = scenario.authorization(tokens)
                async with counting_statements(
                    container.engine(), container.sql_connections()
                ) as statements:
                    response = await client.request(
                        scenario.method, scenario.path, json=scenario.body, headers=headers
                    )
                assert response.status_code < 300, (scenario.name, response.text)
                # BEGIN/COMMIT/ROLLBACK are the driver's; count the queries.
                counts[scenario.name] = len(statements)
    return counts
