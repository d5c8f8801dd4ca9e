"""Where a job runs once `execute_async` has answered 202, and how it ends: run to its end, then
SpiffArena called back.

By default, in a bounded pool of threads inside the proxy's own process: no other service to run.
Jobs are counted in and out in the log; when the process stops, it waits for the jobs running,
`JOB_SHUTDOWN_SECONDS` at most, and the ones still running then are lost with it (their tasks
wait in SpiffArena until someone acts). With `CELERY_BROKER_URL` set, jobs go to Celery workers
through that broker instead, and survive a proxy's restart.

Settings, from the proxy's configuration (`CONNECTOR_PROXY_<NAME>` in its environment):
SPIFFWORKFLOW_API_KEY (the service account's key: needed), JOB_WORKERS (10),
JOB_SHUTDOWN_SECONDS (25), CALLBACK_GIVE_UP_SECONDS (600), CALLBACK_FIRST_RETRY_SECONDS (1),
CELERY_BROKER_URL (none).
"""

import atexit
import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.callback import deliver, envelope
from {{ cookiecutter.__import_name }}.job_api import run
from {{ cookiecutter.__import_name }}.job_errors import CallbackNotConfigured, error_from
from {{ cookiecutter.__import_name }}.job_parameters import Job
from {{ cookiecutter.__import_name }}.redaction import redacted

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    api_key: str
    workers: int
    shutdown_seconds: float
    give_up_after: float
    first_retry: float
    broker_url: str


def settings_of(config: Mapping[str, Any]) -> Settings:
    """The runners' settings from the proxy's configuration; CallbackNotConfigured without the
    service account's key."""
    api_key = str(config.get("SPIFFWORKFLOW_API_KEY") or "").strip()
    if not api_key:
        raise CallbackNotConfigured
    return Settings(
        api_key=api_key,
        workers=int(config.get("JOB_WORKERS") or 10),
        shutdown_seconds=float(config.get("JOB_SHUTDOWN_SECONDS") or 25),
        give_up_after=float(config.get("CALLBACK_GIVE_UP_SECONDS") or 600),
        first_retry=float(config.get("CALLBACK_FIRST_RETRY_SECONDS") or 1),
        broker_url=str(config.get("CELERY_BROKER_URL") or ""),
    )


def finish(job: Job, callback_url: str, settings: Settings) -> str:
    """What every runner does with a job: run it to its end, then call SpiffArena back with its
    result or its error, the job's credentials taken out; the line logged about the callback."""
    logs: list[str] = []
    try:
        result = {"state": "succeeded", "result": redacted(run(job, logs), job.secrets)}
        outcome = envelope(result, None, logs)
    except Exception as error:
        code, message = error_from(error)
        failure = {"error_code": code, "message": redacted(message, job.secrets)}
        outcome = envelope({}, failure, logs)
    return deliver(
        callback_url, outcome, settings.api_key, settings.give_up_after, settings.first_retry
    )


class ThreadRunner:
    """A bounded pool of threads in this process, which counts its jobs in and out."""

    def __init__(self, workers: int) -> None:
        self.jobs: queue.SimpleQueue[Callable[[], Any]] = queue.SimpleQueue()
        self.count = 0
        self.changed = threading.Condition()
        # Daemon threads: at exit, `shutdown` decides how long running jobs are waited for.
        for number in range(workers):
            threading.Thread(target=self.work, name=f"job-{number}", daemon=True).start()

    def submit(self, job: Callable[[], Any]) -> None:
        with self.changed:
            self.count += 1
            logger.info("job in: %d in this process", self.count)
        self.jobs.put(job)

    def work(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                job()
            except Exception:  # finish() reports every failure itself: this is a bug's trace
                logger.exception("a job's runner failed")
            with self.changed:
                self.count -= 1
                logger.info("job out: %d in this process", self.count)
                self.changed.notify_all()

    def shutdown(self, seconds: float) -> int:
        """Wait for the jobs in this process, `seconds` at most; how many are lost then."""
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout=seconds)
            lost = self.count
        logger.info("stopping: %d job(s) lost", lost)
        return lost


the_thread_runner: ThreadRunner | None = None  # one per proxy process, made for its first job
made_once = threading.Lock()


def thread_runner(settings: Settings) -> ThreadRunner:
    """This process's runner; when the process stops, it waits for its jobs a while."""
    global the_thread_runner
    with made_once:
        if the_thread_runner is None:
            the_thread_runner = ThreadRunner(settings.workers)
            atexit.register(the_thread_runner.shutdown, settings.shutdown_seconds)
        return the_thread_runner


def start(job: Job, callback_url: str, settings: Settings) -> str:
    """Hand the job to its runner, which calls SpiffArena back when it ends; where it runs."""
    if settings.broker_url:
        # Celery is an extra of this package: imported only where it is used.
        from {{ cookiecutter.__import_name }}.job_worker import send

        send(job, callback_url, settings.broker_url)
        return "Celery workers"
    thread_runner(settings).submit(lambda: finish(job, callback_url, settings))
    return "this proxy process"
