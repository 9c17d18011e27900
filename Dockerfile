# Gefest in a container: `docker compose up --build` (docker-compose.yaml) or `git push dokku main`.
#
# Two stages. The builder installs the project and its dependencies into a virtualenv; the runtime
# image gets only that virtualenv and app.json: no sources, tests, benchmarks or build tools.
# At start the container migrates the database, creates the first company and admin when there
# is none (both idempotent), then serves with `gefest serve` (granian, WORKERS processes; SIGTERM
# stops it gracefully). Configuration is the environment: see the README's table.

FROM python:3.12-slim AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
RUN python -m venv /opt/gefest
WORKDIR /src

# The dependencies alone first, read from pyproject.toml: this layer is rebuilt only when
# pyproject.toml changes, not on every change of the code.
COPY pyproject.toml ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > requirements.txt \
 && /opt/gefest/bin/pip install -r requirements.txt

# The project itself (a regular, non-editable install: the venv is all the runtime needs;
# pip leaves it once its work is done).
COPY README.md ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY entrypoints ./entrypoints
COPY migrations ./migrations
RUN /opt/gefest/bin/pip install --no-deps . \
 && /opt/gefest/bin/gefest --help > /dev/null \
 && /opt/gefest/bin/python -m pip uninstall --yes --quiet pip


FROM python:3.12-slim AS runtime

RUN groupadd --system --gid 10001 gefest \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin gefest
COPY --from=builder /opt/gefest /opt/gefest
WORKDIR /app
# Dokku reads app.json and the Procfile (web: the API; worker: webhook delivery) from /app.
COPY app.json Procfile ./

# HOST: listen on every interface of the container. PORT: Dokku sets its own (no EXPOSE here,
# so Dokku proxies ports 80/443 to $PORT); docker-compose publishes 8000. APP_ENV=production
# refuses to start with the published JWT_SECRET and ADMIN_PASSWORD: set your own
# (docker-compose.yaml runs in development mode for local use).
ENV PATH=/opt/gefest/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WORKERS=1 \
    APP_ENV=production

# The user `gefest`, by number: a runtime can then verify it is not root (runAsNonRoot).
USER 10001:10001

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]

# `exec` makes `gefest serve` PID 1, so `docker stop` (SIGTERM) reaches it; it forwards the
# signal to granian and waits for the requests in flight.
CMD ["/bin/sh", "-c", "gefest migrate && gefest bootstrap && exec gefest serve"]
