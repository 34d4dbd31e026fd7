"""``akhbar report`` and ``akhbar alerts``: the run history as a report (text, JSON, HTML with charts) and
the alert rules, notified once per alert until it clears; ``crawl --alerts`` calls ``check_alerts``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.app.report import EXIT_ALERTS, EXIT_OK
from crawler.monitoring.notify import SmtpConfig, check_target, dispatch
from crawler.monitoring.report import build_report, format_json, format_text
from crawler.monitoring.report_html import render_html
from crawler.monitoring.rules import ALL, Alert, AlertPolicy, evaluate, situation
from crawler.sources import load_sources
from crawler.store import Store, open_store

# Days a report covers by default, and the history alerts learn from.
REPORT_DAYS = 7
HISTORY_DAYS = 35


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], add_db: Callable[..., None]) -> None:
    report = sub.add_parser("report", help="per source and day: stored against expected, failures, refusals")
    add_db(report)
    report.add_argument("--since", metavar="DATE", help=f"first day (default: {REPORT_DAYS} days ago)")
    report.add_argument("--until", metavar="DATE", help="last day, inclusive (default: today, UTC)")
    report.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID")
    report.add_argument("--format", choices=("text", "json", "html"), default="text")
    report.add_argument("--out", metavar="FILE", help="write the report here (default: standard output)")
    report.add_argument("--sources", metavar="FILE", help="sources file naming the outlets (default: bundled)")

    alerts = sub.add_parser("alerts", help="evaluate the alert rules; exit 0 when all is quiet, 5 on alerts")
    add_db(alerts)
    alerts.add_argument("--sources", metavar="FILE", help="sources file: alerts only for these (default: bundled)")
    alerts.add_argument("--json", action="store_true", help="print the alerts as one JSON object")
    add_notify_args(alerts)
    for parser in (report, alerts):
        parser.add_argument(
            "--set",
            dest="alert_settings",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="an alert setting (AKHBAR_ALERT_*, AKHBAR_SMTP_*) for this run (repeatable)",
        )


def add_notify_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--notify",
        action="append",
        default=[],
        metavar="URL",
        help="webhook URL (Slack/Mattermost JSON) or mailto:name@host; new alerts only (repeatable)",
    )


def run_report(args: argparse.Namespace, store_uri: str) -> int:
    today = datetime.now(UTC).date()
    until = _day("--until", args.until) if args.until else today
    since = _day("--since", args.since) if args.since else until - timedelta(days=REPORT_DAYS - 1)
    if since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    names = {s.id: s.name_ar or s.name for s in load_sources(args.sources)}
    with open_store(store_uri, read_only=True) as store:
        runs = store.runs(since=since.isoformat(), until=until.isoformat(), source_ids=args.source_ids)
        history = store.runs(
            since=(since - timedelta(days=HISTORY_DAYS)).isoformat(),
            until=(since - timedelta(days=1)).isoformat(),
            source_ids=args.source_ids,
        )
        # The alerts of now, for a report that reaches today; an older period is shown as it was.
        alerts = _evaluate(store, settings_policy(args.alert_settings), None) if until >= today else []
    if not args.since and not history and runs:
        # The default window does not reach back before the history starts: days before the first
        # recorded run were not missed, there was nothing to record them.
        since = max(since, date.fromisoformat(runs[0].started_at[:10]))
    report = build_report(runs, history, since, until, names)
    if args.format == "html":
        text = render_html(report, [a for a in alerts if not args.source_ids or a.source_id in args.source_ids])
    else:
        text = format_json(report) if args.format == "json" else format_text(report)
    if args.out:
        Path(args.out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(
            f"report of {len(report.sources())} sources over {len(report.days())} days written to {args.out}",
            file=sys.stderr,
        )
    else:
        print(text)
    return EXIT_OK


def run_alerts(args: argparse.Namespace, store_uri: str) -> int:
    sources = load_sources(args.sources)
    return check_alerts(store_uri, args.notify, args.alert_settings, {s.id for s in sources}, as_json=args.json)


def check_alerts(
    store_uri: str,
    notify: Sequence[str],
    overrides: Sequence[str] = (),
    source_ids: set[str] | None = None,
    *,
    as_json: bool = False,
) -> int:
    """Evaluate the rules, notify the new alerts, print them all; ``EXIT_ALERTS`` when any fired."""
    for target in notify:
        check_target(target)
    settings = _settings(overrides)
    policy = settings_policy(overrides)
    now = datetime.now(UTC)
    with open_store(store_uri) as store:
        alerts = _evaluate(store, policy, source_ids, now)
        done = dispatch(store, alerts, notify, smtp_config(settings), now)
    new = {a.key for a in done.new}
    if as_json:
        payload = {
            "alerts": [a.to_dict() | {"new": a.key in new} for a in alerts],
            "cleared": list(done.cleared),
            "notify_failures": list(done.failures),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        for a in alerts:
            state = "new" if a.key in new else "already sent" if notify else "active"
            print(
                f"ALERT {a.source_id} {a.rule} [{state}]: {a.message} "
                f"(measured {a.measured:g}, expected {a.expected:g})"
            )
        if not alerts:
            print("no alerts: all quiet")
        for key in done.cleared:
            print(f"cleared: {key}")
    for failure in done.failures:
        print(f"akhbar alerts: not notified: {failure}; tried again next time", file=sys.stderr)
    return EXIT_ALERTS if alerts else EXIT_OK


def _evaluate(
    store: Store, policy: AlertPolicy, source_ids: set[str] | None, now: datetime | None = None
) -> list[Alert]:
    now = now or datetime.now(UTC)
    runs = store.runs(since=(now - timedelta(days=HISTORY_DAYS)).isoformat())
    feeds = store.feed_states()
    if source_ids is not None:
        feeds = [f for f in feeds if f.source_id in source_ids]
    alerts = evaluate(situation(runs, feeds, now, policy))
    return [a for a in alerts if source_ids is None or a.source_id == ALL or a.source_id in source_ids]


def _settings(overrides: Sequence[str]) -> Mapping[str, Any]:
    """The prod profile's settings with ``NAME=VALUE`` overrides (Scrapy is imported late: it is slow)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("settings.prod", priority="project")
    for text in overrides:
        name, sep, value = text.partition("=")
        if not sep:
            raise ValueError(f"{text!r}: expected NAME=VALUE")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def settings_policy(overrides: Sequence[str]) -> AlertPolicy:
    """``AlertPolicy`` from the ``AKHBAR_ALERT_<FIELD>`` settings."""
    settings = _settings(overrides)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(AlertPolicy):
        raw = settings.get(f"AKHBAR_ALERT_{f.name.upper()}")
        if raw is not None:
            values[f.name] = int(raw) if f.type == "int" else float(raw)
    return AlertPolicy(**values)


def smtp_config(settings: Mapping[str, Any]) -> SmtpConfig:
    """SMTP settings; the password only from the environment."""
    return SmtpConfig(
        host=settings.get("AKHBAR_SMTP_HOST") or "localhost",
        port=int(settings.get("AKHBAR_SMTP_PORT") or 25),
        sender=settings.get("AKHBAR_SMTP_FROM") or "akhbar@localhost",
        user=settings.get("AKHBAR_SMTP_USER") or None,
        password=os.environ.get("AKHBAR_SMTP_PASSWORD") or None,
        starttls=str(settings.get("AKHBAR_SMTP_STARTTLS")).lower() in {"1", "true", "yes"},
    )


def _day(flag: str, value: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{flag} {value!r}: expected YYYY-MM-DD") from None
