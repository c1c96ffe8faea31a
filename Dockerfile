# The production image: Gunicorn with Uvicorn workers, as `make serve` runs it.
# Build: docker build -t products-api .   Run with PostgreSQL: docker compose up (compose.yaml).

# --- build: the locked runtime dependencies, in a virtual environment -----------------------
FROM python:3.11-slim AS build
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY specfirst ./specfirst
# From the lock file exactly (--frozen), without the dev group (generator, linters, tests). The
# runtime library (specfirst/, a workspace member) is installed into the environment as a
# wheel (--no-editable), so that the environment alone is copied to the final image.
RUN uv sync --frozen --no-dev --no-editable

# --- runtime: the virtual environment and the service, run by an unprivileged user ----------
FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --no-create-home app \
    && mkdir /app /app/data && chown app:app /app/data
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY openapi.yaml alembic.ini gunicorn.conf.py ./
COPY service ./service
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/service.db
# The SQLite default lives here; with PostgreSQL (DATABASE_URL) nothing is written in the image.
VOLUME ["/app/data"]
USER app
# 8000: the API. 9100: Prometheus metrics, served only when METRICS_PORT=9100 is set.
EXPOSE 8000 9100
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=2)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
