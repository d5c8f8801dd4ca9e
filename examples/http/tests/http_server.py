"""Real HTTP servers for the tests, on 127.0.0.1 and on ports the system picks.

`running_http_server` is pytest-httpserver's server: each test says what it answers, and its log
shows every request as it arrived. Given a test certificate authority, it speaks HTTPS. Starting
and stopping one takes half a second: share it, and `clear()` it between tests. Plain socket
servers stand in where it cannot misbehave: one that never answers, one that answers a byte at a
time.
"""

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import trustme
from pytest_httpserver import HTTPServer

SECRET = "s3cr3t-token-0123456789"
USER = "ada"


@contextmanager
def running_http_server(ca: trustme.CA | None = None) -> Iterator[HTTPServer]:
    context = None
    if ca is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


@contextmanager
def raw_server(answer: bytes) -> Iterator[int]:
    """A port whose server answers one request with `answer`, exactly as given, then hangs up:
    for answers no HTTP library would write."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        thread.join(timeout=5)


@contextmanager
def hanging_name_lookup(seconds: float) -> Iterator[threading.Event]:
    """socket.getaddrinfo as a resolver that hangs makes it: each answer comes `seconds` late.
    The event is set once a late answer has been given."""
    real = socket.getaddrinfo
    answered = threading.Event()

    def late(*arguments: Any, **keywords: Any) -> Any:
        time.sleep(seconds)
        try:
            return real(*arguments, **keywords)
        finally:
            answered.set()

    socket.getaddrinfo = late
    try:
        yield answered
    finally:
        socket.getaddrinfo = real


@contextmanager
def dripping_server(seconds_per_byte: float) -> Iterator[int]:
    """A port whose server sends a valid answer one byte at a time, each well within any read
    timeout, so that only a deadline for the whole call can stop it."""
    listener = socket.create_server(("127.0.0.1", 0))
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
    answer += b"x" * 1000
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in answer:
                if stop.is_set():
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the client hung up
                time.sleep(seconds_per_byte)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        stop.set()
        thread.join(timeout=5)
