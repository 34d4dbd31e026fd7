"""The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched), right to left,
with the charts (articles per day per source, shares refused and failed) and the table of days."""

from __future__ import annotations

from html import escape

from crawler import __version__
from crawler.monitoring.charts import Series, line_chart
from crawler.monitoring.report import DayRow, Report
from crawler.monitoring.rules import Alert

_STYLE = """
body { font-family: "Noto Naskh Arabic", "DejaVu Sans", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; } .meta { color: #666; margin: 0 0 18px; }
.charts { display: flex; flex-direction: column; gap: 18px; }
figure { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px; background: #fff; width: max-content; }
table { border-collapse: collapse; margin-top: 20px; font-size: 14px; }
th, td { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: start; }
td.n { direction: ltr; text-align: end; font-variant-numeric: tabular-nums; }
tr.low td { background: #fff1e6; } tr.norun td { color: #999; }
ul.alerts { background: #fff6f6; border: 1px solid #f2caca; padding: 10px 28px; border-radius: 6px; }
"""


def render_html(report: Report, alerts: list[Alert] | None = None) -> str:
    days = report.days()
    names = {r.source_id: r.name for r in report.rows}
    by_source: dict[str, dict[str, DayRow]] = {}
    for row in report.rows:
        by_source.setdefault(row.source_id, {})[row.day] = row

    def series(value: str) -> list[Series]:
        out = []
        for sid, rows in by_source.items():
            values = tuple(
                None if not rows[d].runs else float(getattr(rows[d], value)) if d in rows else None for d in days
            )
            out.append(Series(names[sid], values))
        return out

    def pct(v: float) -> str:
        return f"{v:.0%}"

    charts = [
        line_chart("المقالات المخزنة يومياً لكل مصدر", days, series("stored")),
        line_chart("نسبة الصفحات المرفوضة (ليست مقالات)", days, series("refused_share"), fmt=pct),
        line_chart("نسبة الإخفاقات (صفحات وخلاصات)", days, series("failed_share"), fmt=pct),
    ]
    alert_items = "".join(
        f"<li><b>{escape(names.get(a.source_id, a.source_id))}</b> · {escape(a.rule)}: {escape(a.message)}</li>"
        for a in alerts or []
    )
    head = (
        "<tr><th>المصدر</th><th>اليوم</th><th>عمليات الزحف</th><th>مخزنة</th><th>متوقعة</th>"
        "<th>إخفاقات</th><th>مرفوضة</th><th>بلا تاريخ</th><th>مكررة</th></tr>"
    )
    body = "".join(_row(r) for r in report.rows)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>تقرير أخبار {escape(report.since)} – {escape(report.until)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>تقرير رصد الزحف</h1>"
        f'<p class="meta">من <span dir="ltr">{escape(report.since)}</span> إلى '
        f'<span dir="ltr">{escape(report.until)}</span> (أيام UTC) · {report.runs} عملية زحف · Akhbar {__version__}</p>'
        + (f'<ul class="alerts">{alert_items}</ul>' if alert_items else "")
        + '<div class="charts">'
        + "".join(f"<figure>{c}</figure>" for c in charts)
        + f"</div><table><thead>{head}</thead><tbody>{body}</tbody></table></body></html>\n"
    )


def _row(r: DayRow) -> str:
    low = bool(r.expected and r.runs and r.stored < 0.3 * r.expected)
    cls = "low" if low else "norun" if not r.runs else ""
    expected = f"{r.expected:.0f}" if r.expected is not None else "–"
    cells = (r.runs, r.stored, expected, r.failures, r.refusals, r.undated, r.duplicates)
    numbers = "".join(f'<td class="n">{escape(str(v))}</td>' for v in cells)
    return f'<tr class="{cls}"><td>{escape(r.name)}</td><td class="n">{r.day}</td>{numbers}</tr>'
