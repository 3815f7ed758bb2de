"""Serving for a benchmark as the README's Production section does, and reading the processes.

Both servers (Constellation and the bare Flask it is compared with) run
`gunicorn --config gunicorn.conf.py`: its workers (3, or WEB_CONCURRENCY), its timeout and
its access log, which goes to a file as a process manager would keep it
(bench/data/logs/). Constellation also gets the layout runner the README documents
(`production_jobs`, the one place to change when the README does).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "bench" / "data" / "logs"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") / 1024
# As gunicorn.conf.py reads it: the README's production setup.
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "3"))
# "worker": the README's one-server production setup (gunicorn and `flask --app wsgi
# worker` polling the database); "queue": JOB_QUEUE_URL and the same worker, as with
# several servers; "thread": each app process lays out in a thread (development's way).
LAYOUT_RUNNER = os.environ.get("BENCH_LAYOUT_RUNNER", "worker")
# A Redis database of the bench's own, so that no other queue's jobs are run or taken.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
BIN = Path(sys.executable).parent
SECRET = "bench-only-secret-key-0123456789abcdef0123456789"
JOB_STOP = 300  # seconds a job runner may take to finish its job once asked to stop


def constellation_env(url: str) -> tuple[dict[str, str], list[list[str]]]:
    """Return the environment Constellation's gunicorn runs with, and its job runners."""
    jobs_env, jobs = production_jobs()
    return {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CONSTELLATION_ENV": "production",
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1, no TLS proxy
            "SUGGEST_RATE_LIMIT": "100000 per minute",  # one client asks for all
            **jobs_env}, jobs  # fmt: skip


def production_jobs() -> tuple[dict[str, str], list[list[str]]]:
    """Return the environment and the extra processes of the README's layout runner."""
    worker = [[str(BIN / "flask"), "--app", "wsgi", "worker"]]
    if LAYOUT_RUNNER == "queue":
        return {"JOB_QUEUE_URL": REDIS_URL, "LAYOUT_RUNNER": "queue"}, worker
    if LAYOUT_RUNNER == "worker":
        return {"LAYOUT_RUNNER": "worker"}, worker
    return {"LAYOUT_RUNNER": LAYOUT_RUNNER}, []


def free_port() -> int:
    """Return a local TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn master serving `app` on a local port with the production settings."""

    def __init__(
        self, app: str, env: dict[str, str], name: str, jobs: list[list[str]] = (),
        logs: Path = LOGS,
    ):  # fmt: skip
        self.port = free_port()
        logs.mkdir(parents=True, exist_ok=True)
        self.log = logs / f"{name}.log"
        environment = {**os.environ, **env}
        with self.log.open("w") as log:  # access and error log, as a process manager keeps
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{self.port}", app],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            self.jobs = [
                subprocess.Popen(
                    command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
                )  # fmt: skip
                for command in jobs
            ]
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait()

    def _wait(self) -> None:
        """Wait until the server answers, or say why it stopped."""
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.base + "/", timeout=60).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def workers(self) -> list[int]:
        """Return the process ids of the master's workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_seconds(self, jobs: bool = False) -> float:
        """Return the CPU time (user + system) the workers (and job runners) used so far."""
        pids = self.workers() + ([job.pid for job in self.jobs] if jobs else [])
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                raise RuntimeError(f"process {pid} stopped: see {self.log}") from None
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICKS

    def worker_rss_mb(self) -> list[float]:
        """Return each worker's resident memory in MB, largest first."""
        sizes = []
        for pid in self.workers():
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            sizes.append(resident * PAGE_KB / 1024)
        return sorted(sizes, reverse=True)

    def stop(self) -> None:
        """Stop the master (and so its workers) and the job runners, each job finished first.

        A job runner asked to stop ends the job it runs before it exits (app/graph/jobs.py);
        killed in the middle, it would leave the revision claimed and unpublished.
        """
        for process in [self.process, *self.jobs]:
            process.terminate()
        for process, seconds in [(self.process, 15), *((job, JOB_STOP) for job in self.jobs)]:
            try:
                process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                process.kill()
