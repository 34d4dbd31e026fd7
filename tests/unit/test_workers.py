"""The extraction pool: results and errors cross the process boundary intact; time caps and crashes kill
and replace workers; workers run in parallel, get recycled, and die with the pool."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article
from crawler.extraction.workers import ExtractionPool, ExtractionTimeout, PoolClosed, WorkerCrashed, default_pool_size
from crawler.items import Article
from tests.unit import workers_funcs as funcs

URL = "https://rif.example/news/2026/11/20/olives"
PARAGRAPHS = [
    "أعلنت وزارة الزراعة اليوم بدء موسم قطف الزيتون في المحافظات الشمالية وسط توقعات بإنتاج وفير هذا العام.",
    "وقال المتحدث باسم الوزارة إن الأمطار المبكرة ساعدت على تحسين جودة الثمار وزيادة نسبة الزيت فيها.",
    "ودعت الوزارة المزارعين إلى الالتزام بمواعيد القطف وتجنب استخدام العصي حفاظاً على الأشجار.",
    "ويعد الزيتون من أهم المحاصيل في البلاد إذ يعتمد عليه آلاف المزارعين مصدراً رئيسياً للدخل.",
]
ARTICLE_HTML = f"""<html lang="ar"><head><meta charset="utf-8"><title>موسم الزيتون يبدأ في الشمال - أخبار الريف</title>
<meta property="article:published_time" content="2026-11-20T09:30:00+03:00"></head>
<body><h1>موسم الزيتون يبدأ في الشمال</h1><p class="byline">بقلم: سامر الخطيب</p>
<div class="article-body">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></body></html>""".encode()
HOME_HTML = """<html lang="ar"><head><meta charset="utf-8"><title>أخبار الريف</title></head>
<body><h1>أخبار الريف</h1><p>مرحباً بكم.</p></body></html>""".encode()
OPTIONS = ExtractOptions(timezone="Asia/Amman", site_names=("أخبار الريف",))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _pids_of_concurrent_calls(pool: ExtractionPool[[float], int], count: int, seconds: float) -> set[int]:
    with ThreadPoolExecutor(count) as threads:
        return set(threads.map(pool.run, [seconds] * count))


@pytest.fixture(scope="module")
def article_pool() -> Iterator[ExtractionPool[[bytes, str, ExtractOptions | None], Article]]:
    with ExtractionPool(1, 10.0) as pool:
        yield pool


def test_default_pool_size_is_the_usable_cpus() -> None:
    assert 1 <= default_pool_size() <= (os.cpu_count() or 1)


def test_worker_extracts_what_extraction_in_process_extracts(
    article_pool: ExtractionPool[[bytes, str, ExtractOptions | None], Article],
) -> None:
    expected = extract_article(ARTICLE_HTML, URL, OPTIONS)
    assert expected.body == "\n\n".join(PARAGRAPHS)
    assert article_pool.run(ARTICLE_HTML, URL, OPTIONS) == expected


def test_not_an_article_is_re_raised_with_its_reason(
    article_pool: ExtractionPool[[bytes, str, ExtractOptions | None], Article],
) -> None:
    with pytest.raises(NotAnArticle) as raised:
        article_pool.run(HOME_HTML, "https://rif.example/", OPTIONS)
    assert raised.value.reason == "no_article_text"
    assert "Traceback in the worker process" in str(raised.value.__cause__)


def test_exceptions_keep_their_type_and_args() -> None:
    with ExtractionPool(1, 10.0, funcs.raise_lookup_error) as pool, pytest.raises(LookupError) as raised:
        pool.run("مفقود", 404)
    assert type(raised.value) is LookupError
    assert raised.value.args == ("مفقود", 404)


@pytest.mark.parametrize(
    ("func", "message"),
    [(funcs.raise_unpicklable, r"ValueError\(<function"), (funcs.raise_two_part_error, r"TwoPartError\('a/b'\)")],
)
def test_exceptions_that_do_not_survive_pickling_become_runtime_errors(func: Callable[[], None], message: str) -> None:
    with ExtractionPool(1, 10.0, func) as pool, pytest.raises(RuntimeError, match=message):
        pool.run()


def test_timeout_kills_the_worker_and_the_pool_keeps_working() -> None:
    with ExtractionPool(1, 0.5, funcs.sleep_then_getpid) as pool:
        pid = pool.run(0)
        started = time.monotonic()
        with pytest.raises(ExtractionTimeout, match=r"more than 0\.5 s"):
            pool.run(10)
        assert time.monotonic() - started < 1.5
        assert not _alive(pid)
        new_pid = pool.run(0)
        assert new_pid != pid


def test_worker_dying_mid_task_is_reported_and_replaced() -> None:
    with ExtractionPool(1, 10.0, funcs.exit_now) as pool:
        with pytest.raises(WorkerCrashed, match="exit code 3"):
            pool.run(3)
        with pytest.raises(WorkerCrashed, match="exit code 4"):
            pool.run(4)  # a fresh worker took the task


def test_workers_run_calls_in_parallel() -> None:
    with ExtractionPool(2, 5.0, funcs.sleep_then_getpid) as pool:
        assert len(_pids_of_concurrent_calls(pool, 2, 0.2)) == 2  # both workers started
        started = time.monotonic()
        _pids_of_concurrent_calls(pool, 2, 0.5)
        assert time.monotonic() - started < 0.9


def test_workers_are_recycled_after_max_tasks() -> None:
    with ExtractionPool(1, 5.0, funcs.getpid, max_tasks_per_worker=2) as pool:
        pids = [pool.run() for _ in range(3)]
    assert pids[0] == pids[1] != pids[2]
    assert not _alive(pids[0])


def test_close_kills_all_workers_and_refuses_further_calls() -> None:
    pool = ExtractionPool(2, 5.0, funcs.sleep_then_getpid)
    pids = _pids_of_concurrent_calls(pool, 2, 0.2)
    assert all(_alive(pid) for pid in pids)
    pool.close()
    pool.close()
    assert not any(_alive(pid) for pid in pids)
    with pytest.raises(PoolClosed):
        pool.run(0)


def test_close_ends_running_and_waiting_calls() -> None:
    pool = ExtractionPool(1, 10.0, funcs.sleep_then_getpid)
    pool.run(0)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            pool.run(5)
        except PoolClosed as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]  # one runs, one waits for the worker
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    pool.close()
    for thread in threads:
        thread.join(5)
    assert time.monotonic() - started < 2
    assert len(errors) == 2


def test_size_zero_runs_in_process_with_an_alarm_in_the_main_thread() -> None:
    handler = signal.getsignal(signal.SIGALRM)
    pool = ExtractionPool(0, 0.3, funcs.sleep_then_getpid)
    assert pool.run(0) == os.getpid()
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout):
        pool.run(5)
    assert time.monotonic() - started < 1
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_size_zero_has_no_cap_outside_the_main_thread() -> None:
    pool = ExtractionPool(0, 0.1, funcs.sleep_then_getpid)
    with ThreadPoolExecutor(1) as threads:
        assert threads.submit(pool.run, 0.3).result() == os.getpid()
