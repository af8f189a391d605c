# Folio: slim, non-root; serves (run `folio migrate` once per schema change: docker-compose.yml
# has a one-shot `migrate` service for it). Until the schema is current, /health/ready is 503.
# Two stages: dependencies from requirements.lock (exact versions, hashes checked) into a
# virtualenv, then only that virtualenv in the image that runs: no build files, no pip cache.
# The base, pinned to a patch release (PYTHON_IMAGE=... to build on another, e.g. a local one).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/folio
WORKDIR /src
COPY requirements.lock ./
RUN /opt/folio/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY entrypoints ./entrypoints
RUN /opt/folio/bin/pip install --no-deps .

FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/folio/bin:$PATH \
    HOST=0.0.0.0 PORT=8000 APP_ENV=production

RUN useradd --create-home --uid 10001 folio
COPY --from=build /opt/folio /opt/folio
WORKDIR /app
COPY alembic.ini ./
RUN mkdir -p /app/data && chown folio /app/data

USER folio
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import os, sys, urllib.request; sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/api/v1/health/ready').status != 200)"
CMD ["folio", "serve"]
