from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, ROLE_USERS


class Command(BaseCommand):
    help = "Start the web server together with a Celery worker and beat (for trying the portal out)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host: str, port: int, **options) -> None:
        # runserver ends the process with os._exit when the port is taken, past our clean-up:
        # find out before a worker is started.
        _check_port_free(host, port)
        # SIGTERM (kill, a stopping service manager) stops everything, like Ctrl+C does.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        url = f"http://{host}:{port}/"
        if not os.environ.get("PORTAL_URL", "").strip():  # blank counts as unset, as in settings
            # Links in e-mails (password reset, reminders) point where this runs, web and worker.
            os.environ["PORTAL_URL"] = settings.PORTAL_URL = url.rstrip("/")
        # One worker process with an embedded beat: enough for a laptop, and
        # with the filesystem broker no Redis is needed.
        worker = subprocess.Popen(  # noqa: S603 - fixed argument list
            [
                sys.executable, "-m", "celery", "-A", "portal", "worker", "--beat",
                "--concurrency", "2", "--loglevel", "INFO",
                "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ]
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"\nThe portal runs at {url}"))
        demo_logins = [email for email, *_rest in ROLE_USERS]
        if get_user_model().objects.filter(email__in=demo_logins).exists():  # not on a real database
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email in demo_logins:
                self.stdout.write(f"  {email}")
        self.stdout.write(f"Broker: {settings.CELERY_BROKER_URL}. Stop with Ctrl+C.\n")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()


def _check_port_free(host: str, port: int) -> None:
    try:
        family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as error:
        raise CommandError(
            f"Cannot listen on {host}:{port} ({error.strerror}). Another program uses the port? "
            "Choose another one: make run PORT=8001"
        ) from None


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)
