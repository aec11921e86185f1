# The portal's image: web (gunicorn + WhiteNoise), worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_VAR_DIR=/data \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# A throwaway key for the build steps: without one, settings would write a generated key
# into the image, and every container started without SECRET_KEY would share it.
RUN export SECRET_KEY=build-only \
    && python manage.py compile_catalogues \
    && python manage.py collectstatic --noinput \
    && test ! -e /data/secret_key \
    && useradd --system --home /app --uid 1000 portal \
    && mkdir -p /data/media && chown -R portal /data

USER portal
EXPOSE 8000
# Asks with the first allowed host name, since Django refuses unknown Host headers ("*": any).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import os, urllib.request as u; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.').replace('*', '') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
