"""Sending alerts: a JSON message to a webhook (its ``text`` field is what Slack and Mattermost show) or an
e-mail through SMTP for a ``mailto:`` target; an alert already sent is not sent again until it clears.

SMTP is configured by settings read from the environment (``AKHBAR_SMTP_*``); the password is only ever
taken from the environment, never from a file of the project.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from crawler.monitoring.rules import Alert
from crawler.store import Store
from crawler.store.base import utc_iso
from crawler.store.runs import SentAlert
from crawler.urls import is_http_url


class NotifyError(Exception):
    """A target could not be reached; the message names it."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    sender: str = "akhbar@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20.0


@dataclass(frozen=True, slots=True)
class Dispatch:
    """What ``dispatch`` did: alerts newly sent, keys that cleared, targets that failed."""

    new: tuple[Alert, ...]
    repeated: tuple[Alert, ...]
    cleared: tuple[str, ...]
    failures: tuple[str, ...]


def check_target(target: str) -> None:
    """``ValueError`` naming the target unless it is an http(s) URL or ``mailto:address``."""
    if target.startswith("mailto:"):
        if "@" not in target:
            raise ValueError(f"{target!r}: expected mailto:name@host")
    elif not is_http_url(target):
        raise ValueError(f"{target!r}: expected an http(s) webhook URL or mailto:name@host")


def message_text(alerts: Sequence[Alert]) -> str:
    """One line per alert: source, rule, measured against expected, and what it means."""
    lines = [f"Akhbar: {len(alerts)} alert{'s' if len(alerts) != 1 else ''}"]
    for a in alerts:
        lines.append(f"- {a.source_id} {a.rule}: {a.message} (measured {a.measured:g}, expected {a.expected:g})")
    return "\n".join(lines)


def send_webhook(url: str, alerts: Sequence[Alert], timeout: float = 20.0) -> None:
    payload = {"text": message_text(alerts), "alerts": [a.to_dict() for a in alerts]}
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise NotifyError(f"webhook {_safe(url)}: {exc}") from exc


def send_mail(target: str, alerts: Sequence[Alert], config: SmtpConfig) -> None:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = unquote(target.removeprefix("mailto:").split("?", 1)[0])
    message["Subject"] = f"Akhbar: {len(alerts)} alert(s): " + ", ".join(sorted({a.rule for a in alerts}))
    message.set_content(message_text(alerts))
    try:
        with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
            if config.starttls:
                smtp.starttls()
            if config.user and config.password:
                smtp.login(config.user, config.password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifyError(f"mail to {message['To']} through {config.host}:{config.port}: {exc}") from exc


def send(target: str, alerts: Sequence[Alert], config: SmtpConfig) -> None:
    if target.startswith("mailto:"):
        send_mail(target, alerts, config)
    else:
        send_webhook(target, alerts, config.timeout)


def dispatch(
    store: Store, alerts: Sequence[Alert], targets: Sequence[str], config: SmtpConfig, now: datetime
) -> Dispatch:
    """Send the alerts not sent before to every target; forget the sent ones that cleared. An alert is
    remembered as sent only once every target took it, so a failed target gets it on the next run."""
    sent = {a.key for a in store.sent_alerts()}
    current = {a.key for a in alerts}
    new = tuple(a for a in alerts if a.key not in sent)
    repeated = tuple(a for a in alerts if a.key in sent)
    cleared = tuple(sorted(sent - current))
    failures = []
    if new and targets:
        for target in targets:
            try:
                send(target, new, config)
            except NotifyError as exc:
                failures.append(str(exc))
    remembered = [SentAlert(a.key, a.source_id, a.rule, utc_iso(now), a.message) for a in new] if targets else []
    store.update_alerts([] if failures else remembered, cleared)
    return Dispatch(new, repeated, cleared, tuple(failures))


def _safe(url: str) -> str:
    """A webhook URL for messages: scheme and host only (the path of a Slack hook is its secret)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"
