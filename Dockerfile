# Tailor worker image: also runs `tailor db init` (migrate) and Flower; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TAILOR_WORKER_HEALTH_FILE=/tmp/tailor-worker-health.json

# An unprivileged user: a bug in a parser must not be able to rewrite the installed code.
RUN groupadd --system --gid 10001 tailor \
    && useradd --system --uid 10001 --gid tailor --create-home --home-dir /home/tailor \
       --shell /usr/sbin/nologin tailor

# DejaVu lets PDF exports keep every accent of a name ("Nguyễn"); without it they fall back
# to Helvetica, which covers Latin-1 only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Only what the build and the runtime read. Celery's and Flower's settings are packaged in
# tailor_worker, so they apply whatever the working directory.
COPY pyproject.toml README.md LICENSE ./
COPY tailor_core ./tailor_core
COPY tailor_worker ./tailor_worker
COPY tailor_api ./tailor_api
COPY tailor_cli ./tailor_cli
COPY alembic.ini ./

# One image runs every service by default; `--build-arg TAILOR_EXTRAS=worker` builds a slim
# worker/beat/flower image without the API stack and boto3.
ARG TAILOR_EXTRAS=all
RUN pip install --no-cache-dir ".[${TAILOR_EXTRAS}]" \
    && rm -rf build ./*.egg-info \
    && install -d -o tailor -g tailor /var/lib/tailor/uploads

# Settings come from the environment only (see .env.example); the image holds no .env.
USER tailor

CMD ["celery", "-A", "tailor_worker", "worker", "--loglevel=INFO"]
