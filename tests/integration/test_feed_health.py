"""Feed health across runs: a feed that keeps failing is disabled, shown so, and can be re-enabled."""

from __future__ import annotations

from pathlib import Path

from crawler.demo import DemoServer, sources_toml
from tests.conftest import run_akhbar

DEAD_FEED = "/gone/rss.xml"  # not served: every request gets a 404


def _sources(server: DemoServer, tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        sources_toml(server.base_url)
        + f'\n[[sources]]\nid = "gone"\nname = "Gone"\nname_ar = "مصدر متوقف"\nhomepage = "{server.base_url}/gone/"\n'
        f'feeds = ["{server.base_url}{DEAD_FEED}"]\ncountry = "LB"\nlanguage = "ar"\n',
        encoding="utf-8",
    )
    return path


def _crawl(sources: Path, tmp_path: Path) -> tuple[int, str]:
    result = run_akhbar(
        "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test",
        "--set", "AKHBAR_FEED_MIN_INTERVAL=0", "--set", "AKHBAR_FEED_DISABLE_AFTER=2", cwd=tmp_path,
    )  # fmt: skip
    return result.returncode, result.stdout


def test_failing_feed_is_disabled_shown_and_re_enabled(tmp_path: Path) -> None:
    with DemoServer() as server:
        sources = _sources(server, tmp_path)
        for _ in range(2):  # two 404s in a row reach the threshold of 2 (a hard error weighs 1)
            code, summary = _crawl(sources, tmp_path)
            assert code == 3, summary
        assert "now disabled" in summary
        server.requests.clear()
        code, summary = _crawl(sources, tmp_path)
        assert server.fetched(DEAD_FEED) == 0  # disabled: not asked any more
        assert code == 3
        assert "DISABLED" in summary and "2 failures in a row, last: http_404" in summary

        status = run_akhbar("sources", "status", "--db", "a.db", "--source", "gone", cwd=tmp_path)
        assert status.returncode == 0, status.stderr
        assert "disabled" in status.stdout and "re-enable: akhbar sources enable" in status.stdout
        everyone = run_akhbar("sources", "status", "--db", "a.db", cwd=tmp_path)
        assert "nabd" in everyone.stdout and "1 disabled" in everyone.stdout

        feed_url = f"{server.base_url}{DEAD_FEED}"
        enabled = run_akhbar("sources", "enable", feed_url, "--db", "a.db", cwd=tmp_path)
        assert enabled.returncode == 0 and "enabled" in enabled.stdout
        _crawl(sources, tmp_path)
        assert server.fetched(DEAD_FEED) == 1  # asked again after re-enabling


def test_enabling_an_unknown_feed_says_so(tmp_path: Path) -> None:
    with DemoServer() as server:
        _crawl(_sources(server, tmp_path), tmp_path)
    result = run_akhbar("sources", "enable", "https://nowhere.example/rss", "--db", "a.db", cwd=tmp_path)
    assert result.returncode == 1
    assert "no feed https://nowhere.example/rss" in result.stderr


def test_a_failing_feed_backs_off_and_its_source_still_shows_as_failing(tmp_path: Path) -> None:
    with DemoServer() as server:
        sources = _sources(server, tmp_path)
        args = ("crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test")
        assert run_akhbar(*args, cwd=tmp_path).returncode == 3  # the dead feed fails, the others are read
        server.requests.clear()
        again = run_akhbar(*args, cwd=tmp_path)  # default polling: nothing is due again yet
    assert server.fetched(DEAD_FEED) == 0
    assert again.returncode == 3, again.stdout
    assert "FAILING" in again.stdout and "1 failure(s) in a row (last: http_404)" in again.stdout
    assert "sources waiting" in again.stdout  # the healthy outlets simply are not due yet
