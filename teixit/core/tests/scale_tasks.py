"""A task for test_scale_out.py: each run appends one line to a shared file."""

import os
import time

from django_tasks import task


@task()
def record_run(token: str, log: str) -> None:
    with open(log, "a") as runs:  # one short append: lines never interleave
        runs.write(f"{token} {os.getpid()}\n")
    time.sleep(0.05)  # long enough for both workers to take turns
