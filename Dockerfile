# Folio: slim, non-root; serves (run `folio migrate` once per schema change: docker-compose.yml
# has a one-shot `migrate` service for it). Until the schema is current, /health/ready is 503.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 PORT=8000 APP_ENV=production

RUN useradd --create-home --uid 10001 folio
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY entrypoints ./entrypoints
RUN pip install . && mkdir -p /app/data && chown folio /app/data

USER folio
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import os, sys, urllib.request; sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/api/v1/health/ready').status != 200)"
CMD ["folio", "serve"]
