"""The `satark` command line as a user meets it: help, one-document tools, classify, sources check, errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from demosites.expectations import Outcome
from demosites.server import DemoServer
from store.store import Store
from tests.conftest import run_satark, satark_env


def test_help_lists_every_command(home: Path) -> None:
    result = run_satark(home, "--help")
    assert result.returncode == 0
    for command in ("crawl", "process", "search", "extract", "feed", "classify", "demo", "sources", "train",
                    "evaluate", "index"):
        assert f"  {command} " in result.stdout
    assert "satark search" in run_satark(home, "search", "--help").stdout


def _article(demo: DemoServer, language: str) -> tuple[str, object]:
    expectation = next(e for e in demo.expectations() if e.kind is Outcome.ARTICLE and e.article is not None
                       and e.article.language == language and e.trouble is None)
    return expectation.url, expectation.article


@pytest.mark.parametrize("language", ["hi", "en"])
def test_extract_from_url_and_saved_file(demo_server: DemoServer, home: Path, language: str) -> None:
    url, article = _article(demo_server, language)
    saved = home / "page.html"
    with urllib.request.urlopen(url) as response:
        saved.write_bytes(response.read())
    result = run_satark(home, "extract", "--json", url, str(saved))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    for record in records:
        assert record["title"] == article.title  # type: ignore[attr-defined]
        assert record["text"].split("\n") == list(article.paragraphs)  # type: ignore[attr-defined]
        assert record["language"] == language
        assert record["url"] == url  # the page's canonical link, also for the saved copy
        assert record["published"] == article.published.isoformat()  # type: ignore[attr-defined]
        assert record["author"] == article.author  # type: ignore[attr-defined]


def test_extract_reports_pages_without_article(demo_server: DemoServer, home: Path) -> None:
    listing = demo_server.base_url("bharat-samachar") + "/"
    result = run_satark(home, "extract", "--json", listing)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no article" in result.stderr and len(result.stderr.strip().splitlines()) == 2


def test_feed_lists_entries_and_survives_a_broken_feed(demo_server: DemoServer, home: Path) -> None:
    rss = run_satark(home, "feed", "--json", demo_server.url("jan-awaaz", "/rss.xml"))
    assert rss.returncode == 0, rss.stderr
    entries = [json.loads(line) for line in rss.stdout.splitlines()]
    titles = {a.title for a in demo_server.site("jan-awaaz").articles()}
    assert len(entries) >= 20 and sum(e["title"] in titles for e in entries) >= 20
    broken = run_satark(home, "feed", "--json", demo_server.url("jan-awaaz", "/feeds/broken.xml"))
    assert broken.returncode == 0
    assert "malformed feed" in broken.stderr
    assert broken.stdout.strip()  # the recoverable entries are still listed


@pytest.mark.slow  # loads the transformer bundle in a subprocess
def test_classify_hindi_and_english_lines_and_report_bad_ones(home: Path) -> None:
    lines = [
        {"id": "h1", "title": "ईवीएम में गुप्त चिप",
         "text": "व्हाट्सऐप पर दावा: ईवीएम में चिप लगाकर वोट बदले गए, डिलीट होने से पहले शेयर करें!"},
        "not json",
        {"text": "The Election Commission announced the polling schedule for the assembly elections on Monday."},
        {"id": 3},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
    result = run_satark(home, "classify", input=stdin)
    assert result.returncode == 1
    assert "line 2: not JSON" in result.stderr and 'line 4: expected an object with a "text" string' in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["h1", 3]  # a line without id is named by its line number
    assert [r["language"] for r in records] == ["hi", "en"]
    for record in records:
        misinfo, sentiment, hostility = record["misinformation"], record["sentiment"], record["hostility"]
        assert isinstance(misinfo["flagged"], bool) and 0.0 <= misinfo["score"] <= 1.0
        assert misinfo["model"].startswith("e5-mt/")  # the transformer bundle is the default
        assert sentiment["label"] in ("negative", "neutral", "positive")
        assert abs(sum(sentiment["scores"].values()) - 1.0) < 1e-3
        assert set(hostility["scores"]) == {"hostile", "hate", "offensive", "defamation"}
        assert set(hostility["labels"]) <= set(hostility["scores"])
        assert all(0.0 <= value <= 1.0 for value in hostility["scores"].values())
        assert hostility["model"] == misinfo["model"] == sentiment["model"]  # one bundle, one encoder pass
    again = run_satark(home, "classify", input=stdin)
    assert again.stdout == result.stdout  # deterministic


@pytest.mark.slow  # loads the transformer bundle in a subprocess
def test_classify_reports_and_skips_hostile_lines_and_classifies_every_other_one(home: Path) -> None:
    lines = [json.dumps({"id": n, "text": f"मतदान केंद्र {n} पर शांतिपूर्ण मतदान हुआ। Polling was calm at booth {n}."},
                        ensure_ascii=False).encode() for n in range(1, 201)]
    lines[149] = b'{"id": 150, "text": "lone \\ud800 surrogate"}'
    lines[159] = b'{"id": 160, "text": "caf\xe9 in Latin-1"}'
    lines[169] = b"\x00"
    lines[174] = b'{"id": 175, "text": "nul \\u0000 inside"}'
    lines[179] = b"[" * 100_000 + b"]" * 100_000
    done = subprocess.run([sys.executable, "-m", "cli", "classify"], cwd=home.parent, env=satark_env(home),
                          input=b"\n".join(lines), capture_output=True, timeout=600)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in stderr
    assert "line 150: \"text\" holds a lone surrogate (\\ud800)" in stderr
    assert "line 160: not UTF-8 (byte 0xe9 at column 25)" in stderr
    assert "line 170: not JSON" in stderr and "line 175: a NUL character" in stderr
    assert "line 180: JSON nested too deeply" in stderr and "5 input line(s) skipped" in stderr
    ids = [json.loads(line)["id"] for line in done.stdout.decode().splitlines()]
    assert ids == [n for n in range(1, 201) if n not in (150, 160, 170, 175, 180)]  # nothing lost, nothing twice


def test_sources_check_reports_reachability(demo_server: DemoServer, home: Path) -> None:
    sources = demo_server.write_sources(home / "sources.yaml")
    ok = run_satark(home, "sources", "check", "--sources", str(sources))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "bharat-samachar" in ok.stdout and "unreachable" not in ok.stdout
    data = yaml.safe_load(sources.read_text(encoding="utf-8"))
    data["sources"][0]["feeds"].append("http://127.0.0.1:9/nothing-listens-here.xml")
    broken = home / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bad = run_satark(home, "sources", "check", "--sources", str(broken))
    assert bad.returncode == 1
    assert "1 of" in bad.stderr and "unreachable" in bad.stdout


def test_invalid_sources_file_is_one_line_naming_source_and_field(home: Path) -> None:
    path = home / "sources.yaml"
    path.write_text("sources:\n  - name: ok\n    feeds: ['http://127.0.0.1/rss']\n"
                    "  - name: bad-one\n    feeds: ['ftp://example.org/feed']\n", encoding="utf-8")
    result = run_satark(home, "sources", "check", "--offline", "--sources", str(path))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert str(path) in message and "'bad-one' (#2)" in message and "feeds.0" in message


def test_bad_setting_is_one_line(home: Path) -> None:
    result = run_satark(home, "search", "x", SATARK_CRAWL__DOWNLOAD_TIMEOUT="soon")
    assert result.returncode == 1
    assert "crawl.download_timeout" in result.stderr and "Traceback" not in result.stderr


def test_search_on_an_empty_home_finds_nothing(home: Path) -> None:
    result = run_satark(home, "search", "चुनाव", "--json")
    assert result.returncode == 0 and result.stdout == ""


def test_unreachable_elasticsearch_is_one_line(home: Path) -> None:
    result = run_satark(home, "search", "evm", SATARK_SEARCH__BACKEND="elasticsearch",
                        SATARK_SEARCH__ELASTICSEARCH__URL="http://127.0.0.1:9")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["Error: Elasticsearch at http://127.0.0.1:9: connect failed: unreachable"]


def test_a_second_crawl_or_process_on_one_home_is_refused_in_one_line(demo_server: DemoServer, home: Path) -> None:
    sources = demo_server.write_sources(home / "sources.yaml")
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    try:
        with store.jobs.holding(["crawl:jan-awaaz", "process"]):  # as a crawl and a processor running elsewhere would
            crawl = run_satark(home, "crawl", "--sources", str(sources), "--source", "jan-awaaz", "--no-process")
            process = run_satark(home, "process")
        for result, job in ((crawl, "crawl:jan-awaaz"), (process, "process")):
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert f"{job} is already running (pid {os.getpid()} on" in result.stderr
        other = run_satark(home, "crawl", "--sources", str(sources), "--source", "bharat-samachar", "--no-process")
        assert other.returncode == 0, other.stderr  # another source's crawl is another job
    finally:
        store.close()


def test_the_data_folder_and_its_files_are_the_users_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_satark(home, "status").returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "satark.sqlite").stat().st_mode) == 0o600
