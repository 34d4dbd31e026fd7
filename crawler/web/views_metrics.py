"""``/metrics``: the run history in Prometheus's exposition format (``crawler.monitoring.metrics``), the same
figures the textfile written after each run holds, for a Prometheus server that scrapes this interface."""

from __future__ import annotations

from flask import Blueprint, Response

from crawler.monitoring.metrics import metrics_exposition
from crawler.web.context import web_context

metrics = Blueprint("metrics", __name__)


@metrics.get("/metrics")
def prometheus() -> Response:
    body, content_type = metrics_exposition(web_context().store())
    return Response(body, content_type=content_type)
