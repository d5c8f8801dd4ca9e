"""Celery workers for the jobs a proxy hands over when its CONNECTOR_PROXY_CELERY_BROKER_URL is
set (a Redis URL, as SpiffArena's own background jobs use). Start one, with this package and its
`celery` extra installed and the same CONNECTOR_PROXY_ settings in its environment:

    celery --app {{ cookiecutter.__import_name }}.job_worker worker --loglevel INFO

Proxies and workers scale apart: any number of each, one broker. A job waits in the broker until a
worker takes it, so a proxy's restart loses none. The SpiffArena key is read by the worker from
its own environment and never passes through the broker; the job's own credentials do.
"""

import os
from typing import Any

from celery import Celery  # type: ignore[import-untyped]

from {{ cookiecutter.__import_name }}.job_parameters import Job
from {{ cookiecutter.__import_name }}.job_runner import finish, settings_of

SETTINGS_PREFIX = "CONNECTOR_PROXY_"

app = Celery("{{ cookiecutter.__import_name }}")
app.conf.broker_url = os.environ.get(SETTINGS_PREFIX + "CELERY_BROKER_URL")
app.conf.task_ignore_result = True  # what came of a job goes to SpiffArena's callback
app.conf.task_acks_late = True  # a job a worker loses before its end is given to another


@app.task  # type: ignore[untyped-decorator]
def run_job(job: dict[str, Any], callback_url: str) -> str:
    settings = {
        name.removeprefix(SETTINGS_PREFIX): value
        for name, value in os.environ.items()
        if name.startswith(SETTINGS_PREFIX)
    }
    return finish(Job(**job), callback_url, settings_of(settings))


def send(job: Job, callback_url: str, broker_url: str) -> None:
    """Hand `job` to the workers of the broker at `broker_url`."""
    app.conf.broker_url = broker_url
    run_job.delay(job.as_data(), callback_url)
