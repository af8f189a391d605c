"""The one version of the service: the installed package's, shown by `folio --version`, the
OpenAPI document and /api/v1/health/live."""

from importlib.metadata import version

VERSION = version("folio")
