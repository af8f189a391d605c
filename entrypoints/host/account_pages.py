"""The pages mail links open when WEB_APP_URL is this server (its default): set a new password,
confirm an e-mail address. Static files; the token stays in the link's fragment and the page's
script sends it to the v1 endpoint that takes it."""

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

PAGES = Path(__file__).with_name("pages")


def add_account_pages(app: FastAPI) -> None:
    for name in ("reset-password", "verify-email"):
        app.add_api_route(f"/{name}", _page(PAGES / f"{name}.html"), include_in_schema=False)
    app.mount("/pages", StaticFiles(directory=PAGES), name="pages")


def _page(path: Path) -> Callable[[], Awaitable[FileResponse]]:
    async def page() -> FileResponse:
        return FileResponse(path, media_type="text/html")

    return page
