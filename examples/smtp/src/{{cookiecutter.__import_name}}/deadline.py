"""A deadline for a whole conversation, not only for each read: a server that answers a byte at a
time, each well within the read timeout, still cannot hold a call for longer."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def deadline(seconds: int, hang_up: Callable[[], None]) -> Iterator[None]:
    """Let the block run for `seconds` at most: then `hang_up` is called, which makes whatever
    the block waits for fail, and that failure is reported as a TimeoutError."""
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        hang_up()

    timer = threading.Timer(seconds, expire)
    timer.start()
    try:
        yield
    except OSError:
        if expired.is_set():
            raise TimeoutError(f"no complete answer within {seconds} s") from None
        raise
    finally:
        timer.cancel()
