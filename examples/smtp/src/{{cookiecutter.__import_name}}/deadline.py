"""A deadline for a whole call, not only for each read: a server that answers a byte at a time,
each well within the read timeout, or a name lookup that hangs, still cannot hold a call for
longer."""

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Result = TypeVar("Result")


class Deadline:
    """The moment a call must be over by: `seconds` after `started`, a reading of
    time.monotonic() taken when the call began."""

    def __init__(self, seconds: int, started: float) -> None:
        self.seconds = seconds
        self.end = started + seconds

    def left(self) -> float:
        """The seconds left; TimeoutError when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> TimeoutError:
        return TimeoutError(f"no complete answer within {self.seconds} s")

    def run(self, work: Callable[[], Result]) -> Result:
        """What `work()` returns (or raises), run in a thread of its own; TimeoutError once the
        deadline has passed, whatever it waits for. Work that outlives the deadline is left to
        end on its own, and what it returns goes unused: give it nothing that sends."""
        results: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

        def run_work() -> None:
            try:
                results.put((True, work()))
            except Exception as error:
                results.put((False, error))

        threading.Thread(target=run_work, daemon=True).start()
        try:
            returned, result = results.get(timeout=self.left())
        except queue.Empty:
            raise self.expired() from None
        if not returned:
            raise result
        return result  # type: ignore[no-any-return]

    @contextmanager
    def hanging_up(self, hang_up: Callable[[], None]) -> Iterator[None]:
        """Let the block run until the deadline at most: then `hang_up` is called, which makes
        whatever the block waits for fail, and that failure is reported as a TimeoutError."""
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            hang_up()

        timer = threading.Timer(self.left(), expire)
        timer.start()
        try:
            yield
        except OSError:
            if expired.is_set():
                raise self.expired() from None
            raise
        finally:
            timer.cancel()
