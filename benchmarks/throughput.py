"""``make bench``: Akhbar's crawl end to end against a loopback outlet, beside trafilatura, in one run.

Serves N generated articles (``benchmarks.outlet``) on 127.0.0.1 and measures, side by side:

- **Akhbar**: ``python -m crawler crawl --profile prod`` in a subprocess into a fresh SQLite file, the
  outlet's politeness lifted only through ``--set``. Wall time, articles stored per second, CPU seconds
  per article (``getrusage(RUSAGE_CHILDREN)`` around the subprocess: the crawl reaps its extraction
  workers, so their CPU is in it; checked against /proc samples of the process tree), peak RSS of the
  crawl process and of its whole tree (sampled from /proc), the share of wall time spent in storage
  (the crawl's ``akhbar/storage_seconds`` stat, when it records one), and a zero-loss check: every
  article stored exactly once.
- **The ceiling**: ``trafilatura.bare_extraction`` over the same pages in this process (bytes made
  beforehand, not timed), and that rate times the number of cores.
- **trafilatura's CLI**: ``trafilatura --input-file urls.txt --parallel <cores>`` with its per-domain
  sleep lifted by a config file; articles per second = files written / wall time.

Prints a Markdown table, the ratios against the targets, the machine and the exact commands. Exits 1
when the zero-loss check fails or the crawl fails; the throughput targets are reported, not gated.

    python -m benchmarks.throughput [--articles N] [--workers W] [--out-dir DIR] [--skip-trafilatura-cli]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from benchmarks.outlet import DEFAULT_ARTICLES, BenchOutlet, OutletServer
from crawler.extraction.workers import default_pool_size
from crawler.store import open_store, store_uri_from_path
from crawler.urls import article_key, canonicalize

ROOT = Path(__file__).resolve().parent.parent
# The stat the store pipeline records its time under (seconds); "n/a" in the report while it does not.
STORAGE_STAT = "akhbar/storage_seconds"
# Targets of the issue: Akhbar's articles/s over the single-process ceiling and over trafilatura's CLI;
# the crawl process's peak RSS, at TARGET_RSS_ARTICLES articles.
TARGET_VS_SINGLE = 1.6
TARGET_VS_CLI = 1.0
TARGET_RSS_MIB = 400
TARGET_RSS_ARTICLES = 10_000
# Politeness lifted for a loopback outlet; everything else is the prod profile.
CRAWL_SETTINGS = {
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "64",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "False",
    "AKHBAR_MAX_ENTRIES_PER_FEED": "0",
    "LOG_LEVEL": "INFO",
}
# trafilatura's config: no sleep between requests to one domain, loopback allowed (SSRF guard off).
TRAFILATURA_CONFIG = "[DEFAULT]\nSLEEP_TIME = 0\nSSRF_PROTECTION = off\n"
# How often the process tree is sampled (seconds), and how long a run may take before it is killed.
POLL_SECONDS = 0.1
TIMEOUT_BASE_SECONDS = 120.0
TIMEOUT_PER_ARTICLE_SECONDS = 0.5
# One numeric line of Scrapy's final stats dump (pprint of a dict): `` 'akhbar/stored': 2000,``.
_STATS_LINE_RE = re.compile(r"^\s*\{?'(?P<key>[^']+)': (?P<value>-?\d+(?:\.\d+)?(?:e-?\d+)?)[,}]?\s*$")
_STATS_HEADER = "Dumping Scrapy stats:"
_CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class TreeUsage:
    """What /proc showed of a process and its descendants while it ran (KiB and clock ticks)."""

    root: int
    root_hwm_kib: int = 0
    tree_peak_kib: int = 0  # the largest sum of the VmHWM of the processes alive at one sample
    workers_peak_kib: int = 0  # the same, without the root and multiprocessing's resource tracker
    worker_hwm_kib: dict[int, int] = field(default_factory=dict)
    cpu_ticks: dict[int, int] = field(default_factory=dict)  # last utime + stime seen, per pid
    samples: int = 0

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu_ticks.values()) / _CLK_TCK

    @property
    def root_cpu_seconds(self) -> float:
        return self.cpu_ticks.get(self.root, 0) / _CLK_TCK


class TreeSampler:
    """Samples a process tree's memory and CPU from /proc in a thread until ``stop``."""

    def __init__(self, pid: int, interval: float = POLL_SECONDS) -> None:
        self.usage = TreeUsage(pid)
        self._interval = interval
        self._kinds: dict[int, str] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)

    def start(self) -> TreeSampler:
        self._thread.start()
        return self

    def stop(self) -> TreeUsage:
        self._done.set()
        self._thread.join()
        return self.usage

    def _run(self) -> None:
        while True:
            self.sample()
            if self._done.wait(self._interval):
                return

    def sample(self) -> None:
        usage = self.usage
        tree = total = workers = 0
        for pid in _descendants(usage.root):
            status = _read_status(pid)
            ticks = _read_cpu_ticks(pid)
            if status is None or ticks is None:
                continue  # exited between the listing and the read
            hwm = status.get("VmHWM", 0)
            usage.cpu_ticks[pid] = ticks
            total += hwm
            tree += 1
            if pid == usage.root:
                usage.root_hwm_kib = max(usage.root_hwm_kib, hwm)
            elif self._kind(pid) == "worker":
                usage.worker_hwm_kib[pid] = max(usage.worker_hwm_kib.get(pid, 0), hwm)
                workers += hwm
        if tree:
            usage.samples += 1
            usage.tree_peak_kib = max(usage.tree_peak_kib, total)
            usage.workers_peak_kib = max(usage.workers_peak_kib, workers)

    def _kind(self, pid: int) -> str:
        if pid not in self._kinds:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                return "gone"
            self._kinds[pid] = "tracker" if b"resource_tracker" in cmdline else "worker"
        return self._kinds[pid]


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (children of every thread: workers start from thread pools)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                queue.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def _read_status(pid: int) -> dict[str, int] | None:
    """The ``kB`` lines of /proc/<pid>/status (VmHWM, VmRSS…), or None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if rest.endswith(" kB"):
            values[name] = int(rest.split()[0])
    return values


def _read_cpu_ticks(pid: int) -> int | None:
    """utime + stime of /proc/<pid>/stat (fields 14 and 15), or None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": fields from 3 (state) on
    return int(fields[11]) + int(fields[12])


@dataclass(frozen=True, slots=True)
class Measured:
    """One contender's run."""

    name: str
    articles: int  # stored, extracted or files written
    wall: float
    cpu: float  # seconds, every process of the run
    usage: TreeUsage | None = None  # None: ran in this process
    exit_code: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.wall if self.wall else 0.0


@dataclass(frozen=True, slots=True)
class SubprocessRun:
    exit_code: int
    wall: float
    rusage_cpu: float
    usage: TreeUsage
    timed_out: bool


def run_measured(argv: Sequence[str], *, cwd: Path, stdout: Path, timeout: float) -> SubprocessRun:
    """Run ``argv`` with its output in ``stdout``; wall time, children's CPU and its tree's memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with stdout.open("wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid).start()
        timed_out = False
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            for pid in reversed(_descendants(process.pid)):  # the workers first, then the process itself
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            process.wait()
        wall = time.perf_counter() - start
        usage = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return SubprocessRun(process.returncode, wall, cpu, usage, timed_out)


# --- Akhbar --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoreCheck:
    """Every article stored exactly once: what the database holds against what the outlet serves."""

    rows: int
    distinct: int
    missing: int
    unexpected: int
    copies: int  # stored but linked as a copy of another article (same body)

    @property
    def passed(self) -> bool:
        return self.rows == self.distinct and not (self.missing or self.unexpected or self.copies)

    def describe(self, expected: int) -> str:
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"{verdict}: {self.rows} rows for {expected} articles; {self.rows - self.distinct} duplicated,"
            f" {self.missing} lost, {self.unexpected} unexpected, {self.copies} linked as copies"
        )


@dataclass(frozen=True, slots=True)
class AkhbarRun:
    measured: Measured
    check: StoreCheck
    stats: dict[str, float]
    command: list[str]
    rusage_cpu: float
    sampled_cpu: float
    timed_out: bool
    outlet_cpu: float  # CPU seconds this process (the outlet's server threads) used during the crawl


def check_store(db: Path, expected_urls: Sequence[str]) -> StoreCheck:
    expected = {canonicalize(url) for url in expected_urls}
    keys = []
    copies = 0
    with open_store(store_uri_from_path(str(db))) as store:
        for article in store.iter_articles():
            keys.append(article_key(article.url, article.canonical_url))
            copies += article.duplicate_of is not None
    found = set(keys)
    return StoreCheck(len(keys), len(found), len(expected - found), len(found - expected), copies)


def crawl_stats(log: Path) -> dict[str, float]:
    """The numeric stats of Scrapy's final dump in the crawl log (empty when there is none)."""
    if not log.is_file():
        return {}
    text = log.read_text(encoding="utf-8", errors="replace")
    _, found, dump = text.rpartition(_STATS_HEADER)
    stats: dict[str, float] = {}
    if not found:
        return stats
    for line in dump.splitlines()[1:]:
        match = _STATS_LINE_RE.match(line)
        if match:
            stats[match["key"]] = float(match["value"])
        elif not line.startswith((" ", "{")):
            break  # the next log record: the dump is over
    return stats


def run_akhbar(
    outlet: BenchOutlet, server: OutletServer, out_dir: Path, workers: int | None, timeout: float
) -> AkhbarRun:
    sources = out_dir / "sources.toml"
    sources.write_text(outlet.sources_toml(server.base_url), encoding="utf-8")
    db, log = out_dir / "akhbar.db", out_dir / "crawl.log"
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), log):
        path.unlink(missing_ok=True)
    settings = dict(CRAWL_SETTINGS)
    if workers is not None:
        settings["AKHBAR_EXTRACT_WORKERS"] = str(workers)
    command = [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--db", str(db)]
    command += ["--profile", "prod", *(arg for k, v in settings.items() for arg in ("--set", f"{k}={v}"))]
    command += ["--log-file", str(log)]
    outlet_cpu = time.process_time()
    run = run_measured(command, cwd=out_dir, stdout=out_dir / "crawl.out", timeout=timeout)
    outlet_cpu = time.process_time() - outlet_cpu
    # getrusage counts the workers only if the crawl reaped them; /proc samples miss each process's last
    # tenth of a second. The larger is the truer.
    cpu = max(run.rusage_cpu, run.usage.cpu_seconds)
    check = check_store(db, outlet.urls(server.base_url))
    measured = Measured("Akhbar", check.distinct, run.wall, cpu, run.usage, run.exit_code)
    return AkhbarRun(
        measured, check, crawl_stats(log), command, run.rusage_cpu, run.usage.cpu_seconds, run.timed_out, outlet_cpu
    )


# --- trafilatura ---------------------------------------------------------------------------------------------
def run_ceiling(outlet: BenchOutlet, base: str) -> Measured:
    """``bare_extraction`` over every page in this process, one after the other."""
    pages = [(outlet.url(base, i), outlet.page(i, base)[1]) for i in range(outlet.size)]
    trafilatura.bare_extraction(pages[0][1], url=pages[0][0])  # warm-up: imports, caches
    extracted = 0
    cpu_start, start = time.process_time(), time.perf_counter()
    for url, body in pages:
        if trafilatura.bare_extraction(body, url=url) is not None:
            extracted += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return Measured("trafilatura, one process", extracted, wall, cpu)


def trafilatura_command(urls: Path, output: Path, config: Path, parallel: int) -> list[str]:
    script = Path(sys.executable).parent / "trafilatura"
    program = [str(script)] if script.is_file() else [sys.executable, "-m", "trafilatura.cli"]
    options = {"--input-file": urls, "--parallel": parallel, "--output-dir": output, "--config-file": config}
    return [*program, *(arg for name, value in options.items() for arg in (name, str(value)))]


def run_trafilatura_cli(
    outlet: BenchOutlet, base: str, out_dir: Path, parallel: int, timeout: float
) -> tuple[Measured, list[str]]:
    urls = outlet.write_url_list(out_dir / "urls.txt", base)
    config = out_dir / "trafilatura.cfg"
    config.write_text(TRAFILATURA_CONFIG, encoding="utf-8")
    output = Path(tempfile.mkdtemp(prefix="trafilatura-out-", dir=out_dir))
    command = trafilatura_command(urls, output, config, parallel)
    run = run_measured(command, cwd=out_dir, stdout=out_dir / "trafilatura.out", timeout=timeout)
    written = sum(1 for path in output.rglob("*") if path.is_file())
    cpu = max(run.rusage_cpu, run.usage.cpu_seconds)
    return Measured(f"trafilatura CLI --parallel {parallel}", written, run.wall, cpu, run.usage, run.exit_code), command


# --- Report --------------------------------------------------------------------------------------------------
def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def table(akhbar: AkhbarRun, ceiling: Measured, cli: Measured | None, cores: int) -> str:
    """The three contenders side by side, as Markdown."""
    usage = akhbar.measured.usage or TreeUsage(0)
    columns = (akhbar.measured, ceiling, cli)

    def each(cell: Callable[[Measured], str]) -> list[str]:
        return [cell(m) if m is not None else "skipped" for m in columns]

    storage = akhbar.stats.get(STORAGE_STAT)
    main_cpu, per = usage.root_cpu_seconds, max(akhbar.measured.articles, 1)
    worker_max = max(usage.worker_hwm_kib.values(), default=0)
    rows = [
        ["articles (stored / extracted / files written)", *each(lambda m: str(m.articles))],
        ["wall time", *each(lambda m: f"{m.wall:.1f} s")],
        ["**articles/s**", *each(lambda m: f"**{m.rate:.1f}**")],
        ["articles/s × cores", "—", f"{ceiling.rate * cores:.1f} (× {cores})", "—"],
        ["CPU per article", *each(lambda m: f"{m.cpu / max(m.articles, 1) * 1000:.1f} ms")],
        [
            "CPU per article, crawl process / workers",
            f"{main_cpu / per * 1000:.1f} ms / {(usage.cpu_seconds - main_cpu) / per * 1000:.1f} ms",
            "—",
            "—",
        ],
        ["cores busy on average (CPU / wall)", *each(lambda m: f"{m.cpu / m.wall:.2f}" if m.wall else "—")],
        ["peak RSS, main process", *each(lambda m: _mib(m.usage.root_hwm_kib) if m.usage else "—")],
        [
            "peak RSS, extraction workers",
            f"{_mib(usage.workers_peak_kib)} at once"
            f" ({len(usage.worker_hwm_kib)} processes, ≤ {_mib(worker_max)} each)",
            "—",
            "—",
        ],
        ["peak RSS, whole process tree", *each(lambda m: _mib(m.usage.tree_peak_kib) if m.usage else "—")],
        [
            "storage share of wall time",
            f"{storage / akhbar.measured.wall:.1%}" if storage is not None else "n/a",
            "—",
            "—",
        ],
    ]
    header = ["", "Akhbar crawl, end to end", "trafilatura.bare_extraction, 1 process"]
    header.append(cli.name if cli is not None else "trafilatura CLI")
    return _markdown(header, rows)


def targets(akhbar: AkhbarRun, ceiling: Measured, cli: Measured | None, articles: int) -> str:
    """The issue's targets, measured, with met / not met."""
    rate = akhbar.measured.rate
    vs_single = rate / ceiling.rate if ceiling.rate else 0.0
    vs_cli = rate / cli.rate if cli is not None and cli.rate else None
    rss = (akhbar.measured.usage or TreeUsage(0)).root_hwm_kib / 1024
    at = "" if articles == TARGET_RSS_ARTICLES else f" (at N = {articles:,})"

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    rows = [
        ["Akhbar / trafilatura in one process", f"≥ {TARGET_VS_SINGLE}×", f"{vs_single:.2f}×"],
        ["Akhbar / trafilatura CLI", f"≥ {TARGET_VS_CLI}×", "skipped" if vs_cli is None else f"{vs_cli:.2f}×"],
        [
            f"peak RSS of the crawl process at N = {TARGET_RSS_ARTICLES:,}",
            f"< {TARGET_RSS_MIB} MiB",
            f"{rss:.0f} MiB{at}",
        ],
        ["articles stored exactly once", f"{articles:,}", f"{akhbar.check.distinct:,}"],
    ]
    rows[0].append(verdict(vs_single >= TARGET_VS_SINGLE))
    rows[1].append("—" if vs_cli is None else verdict(vs_cli >= TARGET_VS_CLI))
    rows[2].append(verdict(rss < TARGET_RSS_MIB))
    rows[3].append(verdict(akhbar.check.passed))
    return _markdown(["target", "wanted", "measured", ""], rows)


def notes(akhbar: AkhbarRun, articles: int) -> list[str]:
    """How the Akhbar column was measured, in sentences."""
    stats = akhbar.stats
    exit_note = " (killed: it ran past the time limit)" if akhbar.timed_out else ""
    storage = f"{stats[STORAGE_STAT]:.2f} s" if STORAGE_STAT in stats else "n/a (the crawl does not record it)"
    elapsed = stats.get("elapsed_time_seconds")
    return [
        f"Zero loss: {akhbar.check.describe(articles)}.",
        f"Crawl exit code {akhbar.measured.exit_code}{exit_note}."
        f" CPU: getrusage(RUSAGE_CHILDREN) {akhbar.rusage_cpu:.1f} s,"
        f" /proc samples of the crawl's process tree {akhbar.sampled_cpu:.1f} s (the larger is reported: the first"
        " includes the extraction workers once the crawl has reaped them). The outlet's server threads (and the"
        f" sampler) in this process, on the same cores, used {akhbar.outlet_cpu:.1f} CPU s meanwhile.",
        f"Storage: {STORAGE_STAT} = {storage}"
        + (
            f"; spider open to close {elapsed:.1f} s of the {akhbar.measured.wall:.1f} s wall time." if elapsed else "."
        ),
    ]


def _markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in (header, *rows)]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine_line(cores: int, load_before: tuple[float, float, float]) -> str:
    """Cores, memory, versions, and the load average before the run (other work on the machine)."""
    mem = _read_meminfo_kib("MemTotal")
    load = ", ".join(f"{x:.2f}" for x in load_before)
    memory = f"{mem / 1024 / 1024:.1f} GiB RAM" if mem else "memory unknown"
    return (
        f"Machine: {cores} cores, {memory}, Python {platform.python_version()}, trafilatura"
        f" {trafilatura.__version__}, {platform.system()} {platform.release()}; load average before the run {load}"
    )


def _read_meminfo_kib(name: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key == name:
                return int(rest.split()[0])
    except OSError:
        pass
    return 0


# --- Command line ------------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="articles the outlet serves")
    parser.add_argument(
        "--workers", type=int, help="Akhbar's extraction workers and the CLI's --parallel (default: cores)"
    )
    parser.add_argument("--out-dir", type=Path, help="where the database, logs and outputs go (default: a temp dir)")
    parser.add_argument("--skip-trafilatura-cli", action="store_true", help="leave out trafilatura's command line")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be >= 1")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cores = default_pool_size()
    load_before = os.getloadavg()
    parallel = args.workers or cores
    out_dir = (args.out_dir or Path(tempfile.mkdtemp(prefix="akhbar-throughput-"))).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    timeout = TIMEOUT_BASE_SECONDS + TIMEOUT_PER_ARTICLE_SECONDS * args.articles
    outlet = BenchOutlet(args.articles)
    print(f"bench: {args.articles:,} articles in {outlet.feed_count} feeds; outputs in {out_dir}", flush=True)
    cli: Measured | None = None
    cli_command: list[str] = []
    with OutletServer(outlet) as server:
        print("bench: rendering the outlet's pages and feeds (not timed)…", flush=True)
        server.prerender()
        print("bench: Akhbar crawl…", flush=True)
        akhbar = run_akhbar(outlet, server, out_dir, args.workers, timeout)
        print("bench: trafilatura.bare_extraction in one process…", flush=True)
        ceiling = run_ceiling(outlet, server.base_url)
        if not args.skip_trafilatura_cli:
            print(f"bench: trafilatura CLI --parallel {parallel}…", flush=True)
            cli, cli_command = run_trafilatura_cli(outlet, server.base_url, out_dir, parallel, timeout)
    invocation = ["python", "-m", "benchmarks.throughput", *(sys.argv[1:] if argv is None else argv)]
    report = [
        f"## Throughput: {args.articles:,} articles from a loopback outlet",
        "",
        table(akhbar, ceiling, cli, cores),
        "",
        targets(akhbar, ceiling, cli, args.articles),
        "",
        *notes(akhbar, args.articles),
        machine_line(cores, load_before),
        "",
        f"Command: `{shlex.join(invocation)}`",
        f"Crawl: `{shlex.join(akhbar.command)}`",
    ]
    if cli_command:
        report.append(f"trafilatura: `{shlex.join(cli_command)}`")
        report.append(
            "(trafilatura's CLI takes one URL per domain per round and extracts in its main process: on a single"
            " outlet it fetches and extracts one page at a time, whatever --parallel says.)"
        )
    text = "\n".join(report)
    print("\n" + text)
    (out_dir / "report.md").write_text(text + "\n", encoding="utf-8")
    if not akhbar.check.passed or akhbar.measured.exit_code != 0 or akhbar.timed_out:
        print(f"\nbench: FAILED: {akhbar.check.describe(args.articles)}; crawl exit code {akhbar.measured.exit_code}")
        print(f"bench: see {out_dir / 'crawl.log'} and {out_dir / 'crawl.out'}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
