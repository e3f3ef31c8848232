# syntax=docker/dockerfile:1
# Build stage: resolve the locked dependencies into a virtual environment.
FROM python:3.11-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /srv/tprm
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY app ./app
COPY domain ./domain
COPY parsers ./parsers
COPY migrations ./migrations
COPY alembic.ini ./
RUN uv sync --locked --no-dev

# Runtime stage: the environment and the code, run by an unprivileged user.
FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 tprm \
    && useradd --system --uid 10001 --gid tprm --home-dir /srv/tprm tprm
WORKDIR /srv/tprm
COPY --from=build --chown=10001:10001 /srv/tprm /srv/tprm
ENV PATH="/srv/tprm/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    TPRM_HOST=0.0.0.0 \
    TPRM_PORT=8000 \
    TPRM_DATA_DIR=/srv/tprm/data \
    TPRM_DEMO=false
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["tprm", "serve"]
