# Folio: slim, non-root; migrates the configured database, then serves.
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
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health/ready').status != 200)"
CMD ["sh", "-c", "folio migrate && exec folio serve"]
