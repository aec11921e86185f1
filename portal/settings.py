"""Settings for the portal, read from the environment (see README, "Configuration").

Defaults are safe for trying the portal out on a laptop: SQLite in var/,
no Redis (Celery uses kombu's filesystem transport), e-mail to the console.
"""

from __future__ import annotations

import re
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from portal.lib.env import (
    ensure_dir,
    env_bool,
    env_broker_url,
    env_database,
    env_domains,
    env_email_address,
    env_http_url,
    env_int,
    env_int_list,
    env_list,
    env_log_level,
    env_networks,
    env_path,
    env_redis_url,
    env_secret,
    env_str,
    env_time_zone,
    load_or_create_secret_key,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("PORTAL_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY") or load_or_create_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "guidelines",
    "training",
    "monitoring",
    "contacts",
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Who changed what, and restoring it (guidelines, taboo topics, sources, assignments).
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.SlidingSessionMiddleware",
    "portal.middleware.UserLanguageMiddleware",
    # After the user's language: its refusals are pages in the reader's language.
    "portal.middleware.RejectUnusableInputMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "portal.middleware.HtmxRedirectMiddleware",
    "portal.middleware.SignInReturnMiddleware",
    "portal.middleware.SingleSignOnErrorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: those its page shows are then marked as shown (else shown again next).
    "portal.middleware.ButtonAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.context_processors.sent_drafts",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in var/ for trying the portal out.
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # The portal's user has one name field (full_name), not Django's first and last name.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; self-signup only for company domains.
ACCOUNT_ALLOWED_DOMAINS = env_domains("ACCOUNT_ALLOWED_DOMAINS")
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "portal.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
# The signup form leaves the password out (portal.account_forms.SignupForm); listed here, the
# sign-in form keeps its password field (allauth ties the two).
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_FORMS = {
    "signup": "portal.account_forms.SignupForm",
    "reset_password": "portal.account_forms.ResetPasswordForm",
    "change_password": "portal.account_forms.ChangePasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# A reset asked for an address without an account sends nothing (allauth would invite to sign
# up, which is closed without company domains; and anyone could have such mails sent anywhere).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Accounts made by HR or an admin are trusted; self-signed-up ones prove their address.
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if ACCOUNT_ALLOWED_DOMAINS else "none"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so nobody turns them off by accident.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
# Unset: the portal's name in the e-mail's language (portal.adapters).
ACCOUNT_EMAIL_SUBJECT_PREFIX = env_str("ACCOUNT_EMAIL_SUBJECT_PREFIX") or None
# The link in the reset e-mail proves the address: it signs the person in, not back to the form.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# A mail to the account's address when its password or address changes: someone who took over
# the account would otherwise change both without the owner ever hearing of it.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Optional OpenID Connect single sign-on (Entra ID, Keycloak, Google Workspace).
OIDC_SERVER_URL = env_http_url("OIDC_SERVER_URL")
SOCIALACCOUNT_ONLY = env_bool("OIDC_ONLY", False)
if SOCIALACCOUNT_ONLY and not OIDC_SERVER_URL:
    raise ImproperlyConfigured("OIDC_ONLY needs OIDC_SERVER_URL: without single sign-on nobody could sign in")
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {"openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": True}}
# Half a configuration started, and everybody pressing the button got the identity provider's
# "invalid client" (or there was no button, the server's variable misspelt).
if OIDC_SERVER_URL and not env_str("OIDC_CLIENT_ID"):
    raise ImproperlyConfigured(
        "OIDC_SERVER_URL needs OIDC_CLIENT_ID: the portal's client at the identity provider"
    )
if not OIDC_SERVER_URL and (env_str("OIDC_CLIENT_ID") or env_secret("OIDC_CLIENT_SECRET")):
    raise ImproperlyConfigured(
        "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_SERVER_URL, else single sign-on is off"
    )
if not re.fullmatch(r"[A-Za-z0-9_-]+", env_str("OIDC_PROVIDER_ID", "sso")):
    raise ImproperlyConfigured(
        "OIDC_PROVIDER_ID must be letters, digits, - and _ (it is part of the callback URL)"
    )
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
            "name": env_str("OIDC_NAME", "Single sign-on"),
            "client_id": env_str("OIDC_CLIENT_ID"),
            "secret": env_secret("OIDC_CLIENT_SECRET"),
            "settings": {"server_url": OIDC_SERVER_URL},
        }
    )

# Internationalisation: German first, English equal.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["portal.formats"]  # English dates day first, times 24-hour (portal/formats/en)
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured("LANGUAGE_CODE must be 'de' or 'en'")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
ensure_dir(STATIC_ROOT, "STATIC_ROOT", "PORTAL_VAR_DIR")  # WhiteNoise warns about a missing one
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve files straight from static/ in development (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Redis: Celery broker and cache. Unset = no server needed at all.
REDIS_URL = env_redis_url("REDIS_URL")
REDIS_SOCKET_TIMEOUT = 3  # seconds: broker and cache, a Redis that stopped answering
# The host name means nothing to the filesystem transport; kombu warns without one.
CELERY_BROKER_URL = env_broker_url("CELERY_BROKER_URL", REDIS_URL) or "filesystem://localhost/"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery"
    # kombu's filesystem transport expects its folders to exist.
    for _folder in ("queue", "processed", "control"):
        ensure_dir(_queue_dir / _folder, "PORTAL_VAR_DIR")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # Otherwise kombu keeps its exchange table in ./control of the working directory.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis redelivers unacknowledged tasks after this many seconds. A Redis that accepts the
    # connection and never answers would hold every request that sends a task (and /healthz)
    # for ever: each socket operation gives up after a few seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Polls are short: each worker process keeps a few at hand instead of asking Redis between
# two (bench/polling.py: round 2 took a sixth longer with one). A slow poll holds up none of
# them: the worker hands each to whichever process is free.
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# Feed polls wait in a queue of their own. After an OPML import of thousands of
# feeds the dispatcher queues a backlog of polls; on one queue, re-matching a
# new keyword, "poll now" and e-mails waited behind all of it. Workers take
# from both queues in turn (without -Q, a worker consumes every queue here).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("polling")]
CELERY_TASK_ROUTES = {"monitoring.tasks.poll_source": {"queue": "polling"}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Each app adds its periodic tasks here; every entry expires before it repeats.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.lib.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    # A file cache is shared by web and worker processes, unlike locmem.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# E-mail: console by default.
globals().update(parse_email_url(env_str("EMAIL_URL", "console://")))
# Links in e-mails and calendar feeds need the address people reach the portal at.
PORTAL_URL = env_http_url("PORTAL_URL", "http://localhost:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", "Social Media Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default when DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
# Behind the proxy every request comes from its address: allauth's limits on failed sign-ins
# would count the whole company as one client (ten wrong passwords anywhere lock everybody
# out). The proxy's X-Forwarded-For names the client; more proxies: TRUSTED_PROXY_COUNT.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0, minimum=0
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# An intranet host cannot go on the browsers' public preload list, and preloading
# binds the whole company domain; so not preloading is a decision, not an omission.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# /healthz is probed over plain HTTP inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOG_LEVEL = env_log_level("LOG_LEVEL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Without Django's own console handler: with DEBUG on it printed every message a second time.
    "loggers": {"django": {"level": LOG_LEVEL}},
}


# --- Guidelines -------------------------------------------------------------


# --- Training ---------------------------------------------------------------

# Late joiners' due date: this many days after they join (campaigns can override it).
TRAINING_LATE_JOINER_DAYS = env_int("TRAINING_LATE_JOINER_DAYS", 30, minimum=1)
# Reminders: days before each person's own due date (0 = on the day) ...
TRAINING_REMINDER_DAYS = sorted(set(env_int_list("TRAINING_REMINDER_DAYS", [7, 1, 0], minimum=0)))
# ... and every this many days while overdue (0 = never).
TRAINING_OVERDUE_REMINDER_INTERVAL = env_int("TRAINING_OVERDUE_REMINDER_INTERVAL", 7, minimum=0)
# A renewal comes due this many days before the last completion runs out.
TRAINING_RENEWAL_NOTICE_DAYS = env_int("TRAINING_RENEWAL_NOTICE_DAYS", 30, minimum=0)
CELERY_BEAT_SCHEDULE.update(
    {
        "training-daily": {
            "task": "training.tasks.daily",
            "schedule": crontab(hour=6, minute=0),
            "options": {"expires": 6 * 3600},
        },
        "training-hr-digest": {
            "task": "training.tasks.weekly_hr_digest",
            "schedule": crontab(hour=7, minute=0, day_of_week=1),
            "options": {"expires": 12 * 3600},
        },
    }
)

# --- Monitoring -------------------------------------------------------------

# Intranet feeds: CIDRs the feed fetcher may reach although they are private.
FEED_ALLOWED_PRIVATE_NETWORKS = env_networks("FEED_ALLOWED_PRIVATE_NETWORKS")
FEED_TIMEOUT = env_int("FEED_TIMEOUT", 10, minimum=1)  # seconds, connect and read
FEED_MAX_BYTES = env_int("FEED_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)  # decompressed
FEED_MAX_CONSECUTIVE_FAILURES = env_int("FEED_MAX_CONSECUTIVE_FAILURES", 10, minimum=1)
FEED_USER_AGENT = env_str(
    "FEED_USER_AGENT", "SocialMediaPortal/1.0 (+mentions feed reader; contact the communications team)"
)
# A claimed poll that has not finished after this long is given up (worker died).
FEED_POLL_LEASE = CELERY_TASK_TIME_LIMIT + 60
MENTION_RETENTION_DAYS = env_int("MENTION_RETENTION_DAYS", 365, minimum=1)
# Celery's Django fix-up closes the database connection around every task
# unless this is set, and reconnecting to PostgreSQL costs several times an
# unchanged poll (bench/polling.py). Reuse a connection for this many tasks;
# the tasks drop broken or expired ones themselves (close_old_connections).
# Affects every app's tasks, which all benefit the same way.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 100, minimum=0)
CELERY_BEAT_SCHEDULE.update(
    {
        "monitoring-dispatch-due-sources": {
            "task": "monitoring.tasks.dispatch_due_sources",
            "schedule": 60.0,
            "options": {"expires": 50},
        },
        "monitoring-delete-old-mentions": {
            "task": "monitoring.tasks.delete_old_mentions",
            "schedule": 24 * 60 * 60.0,
            "options": {"expires": 12 * 60 * 60},
        },
        "monitoring-weekly-digest": {
            "task": "monitoring.tasks.send_weekly_digests",
            "schedule": crontab(hour=6, minute=30, day_of_week=1),  # Mondays
            "options": {"expires": 6 * 60 * 60},
        },
    }
)

# --- Advisors (contacts) ----------------------------------------------------
# Daily reminders: unanswered questions (after 2 working days) and profiles to confirm;
# crontab() refuses hours outside 0–23, so a bad value fails at start-up.
CONTACTS_REMINDER_HOUR = env_int("CONTACTS_REMINDER_HOUR", 8, minimum=0, maximum=23)
CELERY_BEAT_SCHEDULE.update(
    {
        "contacts-remind-unanswered-questions": {
            "task": "contacts.tasks.remind_unanswered_questions",
            "schedule": crontab(hour=CONTACTS_REMINDER_HOUR, minute=5),
            "options": {"expires": 6 * 3600},
        },
        "contacts-remind-profile-confirmations": {
            "task": "contacts.tasks.remind_profile_confirmations",
            "schedule": crontab(hour=CONTACTS_REMINDER_HOUR, minute=15),
            "options": {"expires": 6 * 3600},
        },
    }
)
