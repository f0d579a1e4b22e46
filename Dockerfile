# The product's image: one image for the web app (gunicorn), the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint's system libraries (Pango, HarfBuzz) and a CJK font: without one, every Chinese
# character in a PDF is a box and WeasyPrint does not complain.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/* \
    && test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc \
    && useradd --system --create-home --home-dir /home/app app

WORKDIR /app

# Dependencies first, so code changes reuse this layer: the runtime packages pinned with their
# hashes in requirements.lock (made from pyproject.toml by `make lock`).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Static files are collected at build time with hashed names (whitenoise serves them).
# The values below exist only so the production settings load during the build.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(60))')" \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=redis://build.invalid:6379/0 \
    FIELD_ENCRYPTION_KEY="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    FIELD_HASH_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(40))')" \
    python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/media /app/beat && chown app:app /app/media /app/beat

USER app
EXPOSE 8000
# gunicorn takes X-Forwarded-Proto only from the addresses in FORWARDED_ALLOW_IPS (its own
# environment variable; default 127.0.0.1): docker-compose.yml names the reverse proxy.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]
