"""A FastAPI application with or without its documentation pages. When served, the pages load
everything from this server (Swagger UI and ReDoc from the installed package, no CDN) and
Swagger UI shows no validator badge, which would send the schema's address to an outside site."""

from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline


def documented_app(*, docs: bool, redoc: bool, **options: Any) -> FastAPI:
    if not docs:
        return FastAPI(openapi_url=None, docs_url=None, redoc_url=None, **options)
    return FastAPIOffline(
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url="/redoc" if redoc else None,
        swagger_ui_parameters={"validatorUrl": None},
        **options,
    )
