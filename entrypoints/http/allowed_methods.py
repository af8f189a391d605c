"""The Allow header of a 405: the methods the API documents for the resource at that path.

Starlette names only the first route that matched, and a literal path such as /users/me also
matches the template /users/{username}; the documented resource is the most literal template."""

import re
from functools import cache

from fastapi import FastAPI

_PARAMETER = re.compile(r"\{[^/]+\}")
_HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    for pattern, methods in _resources(app):
        if pattern.fullmatch(path):
            return methods
    return []


@cache
def _resources(app: FastAPI) -> list[tuple[re.Pattern[str], list[str]]]:
    resources = []
    for template, operations in app.openapi()["paths"].items():
        pattern = re.compile(
            _PARAMETER.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        )
        methods = sorted(m.upper() for m in operations if m in _HTTP_METHODS)
        resources.append((template.count("{"), pattern, methods))
    resources.sort(key=lambda r: r[0])  # literal segments win over parameters
    return [(pattern, methods) for _, pattern, methods in resources]
