"""`satark subscriptions ...` and `satark digest run` through the real command line, mailing the real SMTP
server of conftest."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.alerts.conftest import DESK, SmtpServer
from tests.conftest import run_satark, satark_env

SEARCH_URL = f"{DESK}/search?q=%E0%A4%88%E0%A4%B5%E0%A5%80%E0%A4%8F%E0%A4%AE&lang=hi&page=3"  # q=ईवीएम


def mail_env(smtp: SmtpServer) -> dict[str, str]:
    return {"SATARK_ALERTS__SMTP__PORT": str(smtp.port), "SATARK_ALERTS__SMTP__SECURITY": "none",
            "SATARK_ALERTS__SMTP__PASSWORD": "s3cret-never-shown", "SATARK_ALERTS__SMTP__USERNAME": "",
            "SATARK_ALERTS__RETRY_INITIAL_S": "0", "SATARK_ALERTS__DESK_URL": DESK}


def test_subscriptions_are_added_from_a_search_url_listed_shown_paused_and_removed(home: Path) -> None:
    added = run_satark(home, "subscriptions", "add", "ईवीएम अफ़वाहें", "--search", SEARCH_URL, "--to", "asha@example.in",
                       "--to", "ravi@example.in", "--at", "06:45", "--min-score", "0.8", "--mail-language", "hi")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("1\tactive\t06:45 IST\tईवीएम अफ़वाहें\t2 recipient(s)")
    shown = run_satark(home, "subscriptions", "show", "1")
    assert "search\tq=ईवीएम&lang=hi" in shown.stdout and "page" not in shown.stdout  # saved as the desk reads it
    assert "to\travi@example.in" in shown.stdout
    assert "paused" in run_satark(home, "subscriptions", "pause", "1").stdout
    assert "active" in run_satark(home, "subscriptions", "resume", "1").stdout
    assert run_satark(home, "subscriptions", "remove", "1").returncode == 0
    assert run_satark(home, "subscriptions", "list").stdout == ""
    assert "removed" in run_satark(home, "subscriptions", "list", "--all").stdout


def test_malformed_subscriptions_get_one_line_errors(home: Path) -> None:
    bad_search = run_satark(home, "subscriptions", "add", "x", "--search", "lang=fr", "--to", "a@example.in")
    assert bad_search.returncode == 1 and "--search: lang" in bad_search.stderr and "Traceback" not in bad_search.stderr
    bad_time = run_satark(home, "subscriptions", "add", "x", "--search", "q=a", "--to", "a@example.in", "--at", "25:00")
    assert bad_time.returncode == 1 and "HH:MM" in bad_time.stderr and "Traceback" not in bad_time.stderr
    missing = run_satark(home, "subscriptions", "show", "7")
    assert missing.returncode == 1 and "no subscription 7" in missing.stderr


def test_digest_run_sends_once_waits_through_an_outage_and_never_shows_the_password(home: Path, smtp: SmtpServer) -> None:
    env = mail_env(smtp)
    assert run_satark(home, "subscriptions", "add", "Rumours", "--search", "q=", "--to", "asha@example.in", **env).returncode == 0
    dry = run_satark(home, "digest", "run", "--dry-run", "--out", str(home / "eml"), **env)
    assert dry.returncode == 0 and len(list((home / "eml").glob("*.eml"))) == 1 and smtp.received == []
    smtp.stop()
    down = run_satark(home, "digest", "run", **env)
    assert down.returncode == 3 and "wait for the mail server" in down.stderr and "Traceback" not in down.stderr
    assert "built\t1\tRumours\t6 item(s)" in down.stdout
    smtp.start()
    sent = run_satark(home, "digest", "run", **env)
    assert sent.returncode == 0 and "sent 1, refused 0, waiting 0, failed 0" in sent.stdout
    assert "already built\t1" in sent.stdout
    again = run_satark(home, "digest", "run", **env)
    assert again.returncode == 0 and "sent 0" in again.stdout and len(smtp.received) == 1
    shown = run_satark(home, "subscriptions", "show", "1", **env)
    assert "\tasha@example.in\tsent\t" in shown.stdout
    for result in (down, sent, again, shown, dry):
        assert "s3cret-never-shown" not in result.stdout + result.stderr
    assert b"s3cret-never-shown" not in b"".join(r.data for r in smtp.received)


def test_a_run_killed_in_the_middle_of_a_batch_leaves_nothing_doubled_or_lost(home: Path, smtp: SmtpServer) -> None:
    env = mail_env(smtp)
    recipients = ("asha@example.in", "ravi@example.in", "zoya@example.in")
    added = run_satark(home, "subscriptions", "add", "Rumours", "--search", "q=", *[a for r in recipients for a in ("--to", r)],
                       **env)
    assert added.returncode == 0, added.stderr
    smtp.handler.stall.add("ravi@example.in")  # the second message hangs at the server; the run is killed there
    run = subprocess.Popen([sys.executable, "-m", "cli", "digest", "run"], cwd=home.parent, env=satark_env(home, **env),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert smtp.handler.stalled.wait(60), "the run never reached the second recipient"
        run.send_signal(signal.SIGKILL)
        run.wait(10)
    finally:
        smtp.handler.release.set()
    assert [r.recipients for r in smtp.received] == [["asha@example.in"]]
    rerun = run_satark(home, "digest", "run", **env)  # takes over the dead run's lock, sends what it left
    assert rerun.returncode == 0, rerun.stderr
    assert "already built\t1" in rerun.stdout and "sent 2," in rerun.stdout
    assert sorted(r.recipients[0] for r in smtp.received) == sorted(recipients)  # each exactly once
