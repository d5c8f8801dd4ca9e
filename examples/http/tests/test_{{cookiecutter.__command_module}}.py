"""{{ cookiecutter.command_class }} against a real HTTP server on 127.0.0.1: what arrives there, and
what the workflow gets back, for each kind of answer and each way a call can fail."""

import base64
import gzip
import html
import json
import logging
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import trustme
from command_results import assert_valid_response, body_of, error_of, logs_of, status_of
from http_server import (
    SECRET,
    USER,
    dripping_server,
    free_port,
    hanging_name_lookup,
    raw_server,
    running_http_server,
    silent_server,
)
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from {{ cookiecutter.__import_name }}.api_answer import fetch
from {{ cookiecutter.__import_name }}.api_call import read_call
from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)
from {{ cookiecutter.__import_name }}.protocol import CommandResult


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    """pytest-httpserver's server, shared by the whole run: cleared after each test."""
    return httpserver


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    # caplog.text is this phase's alone (teardown's, here): read the records of every phase.
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    assert all(SECRET not in logging.Formatter().format(r) for r in records)


def call(url: str, **parameters: Any) -> CommandResult:
    arguments = {"url": url, "timeout": 5, **parameters}
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})
    assert_valid_response(result)
    text = json.dumps(result)
    assert SECRET not in text
    assert base64.b64encode(f"{USER}:{SECRET}".encode()).decode() not in text
    return result


def arrived(server: HTTPServer) -> Request:
    [(request, _response)] = server.log
    return request


def test_gets_json_and_returns_it_decoded(server: HTTPServer) -> None:
    server.expect_request("/v1/orders", query_string="page=2").respond_with_json({"count": 3})

    result = call(server.url_for("/v1/orders"), query={"page": 2})

    assert body_of(result) == {
        "http_status": 200,
        "content_type": "application/json",
        "data": {"count": 3},
    }
    assert status_of(result) == 200
    assert arrived(server).method == "GET"


def test_posts_a_json_body_given_as_a_dict_or_as_text(server: HTTPServer) -> None:
    server.expect_request("/v1/orders", method="POST").respond_with_json({"id": 7}, status=201)

    for body in ({"item": "tea", "count": 2}, '{"item": "tea", "count": 2}'):
        result = call(server.url_for("/v1/orders"), method="post", json_body=body)
        assert status_of(result) == 201
        assert body_of(result)["data"] == {"id": 7}

    for request, _ in server.log:
        assert request.get_json() == {"item": "tea", "count": 2}
        assert request.headers["Content-Type"] == "application/json"


def test_sends_extra_headers(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data("ok")

    call(server.url_for("/"), headers='{"X-Request-Id": "42", "Accept": "application/json"}')

    assert arrived(server).headers["X-Request-Id"] == "42"
    assert arrived(server).headers["Accept"] == "application/json"


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        pytest.param({}, None, id="none"),
        pytest.param({"auth": "api_key", "auth_secret": SECRET}, ("X-API-Key", SECRET), id="key"),
        pytest.param(
            {"auth": "api_key", "auth_secret": SECRET, "api_key_header": "Api-Token"},
            ("Api-Token", SECRET),
            id="key-in-own-header",
        ),
        pytest.param(
            {"auth": "bearer", "auth_secret": SECRET},
            ("Authorization", f"Bearer {SECRET}"),
            id="bearer",
        ),
        pytest.param(
            {"auth": "basic", "auth_user": USER, "auth_secret": SECRET},
            ("Authorization", "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()),
            id="basic",
        ),
    ],
)
def test_each_auth_mode_as_it_arrives(
    server: HTTPServer, parameters: dict[str, str], expected: tuple[str, str] | None
) -> None:
    server.expect_request("/").respond_with_json({})

    body_of(call(server.url_for("/"), **parameters))

    headers = arrived(server).headers
    if expected is None:
        assert "Authorization" not in headers and "X-API-Key" not in headers
    else:
        assert headers[expected[0]] == expected[1]


@pytest.mark.parametrize("status", [200, 201, 204, 301, 302, 400, 401, 404, 429, 500])
def test_returns_the_upstream_status(server: HTTPServer, status: int) -> None:
    headers = {"Location": "/elsewhere"} if status in (301, 302) else {}
    data = "" if status == 204 else json.dumps({"status": status})
    server.expect_request("/").respond_with_data(
        data, status=status, headers=headers, content_type="application/json"
    )

    result = call(server.url_for("/"))

    # Not an error of the command: SpiffArena turns 300 and more into ServiceTaskHttpError<N>.
    body = body_of(result)
    assert body["http_status"] == status
{%- if cookiecutter.protocol == "v1" %}
    # A v1 answer of 204 would reach SpiffArena without its body: it comes as 200.
    assert status_of(result) == (200 if status == 204 else status)
{%- else %}
    assert status_of(result) == status
{%- endif %}
    assert body["data"] == (None if status == 204 else {"status": status})
    assert len(server.log) == 1, "redirects are not followed"


def test_text_and_empty_answers(server: HTTPServer) -> None:
    server.expect_request("/text").respond_with_data("plain words", content_type="text/plain")
    server.expect_request("/empty").respond_with_data("", content_type="application/json")
    server.expect_request("/broken").respond_with_data("{not json", content_type="application/json")

    assert body_of(call(server.url_for("/text")))["data"] == "plain words"
    assert body_of(call(server.url_for("/empty")))["data"] is None
    assert body_of(call(server.url_for("/broken")))["data"] == "{not json"


def test_an_answer_longer_than_the_cap_is_an_error(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data("x" * 5000)

    error = error_of(call(server.url_for("/"), max_response_bytes=1000))

    assert error["error_code"] == "ResponseTooLarge"
    assert "1000" in error["message"]


def test_the_timeout_bounds_the_whole_call_to_a_silent_or_dripping_server() -> None:
    # Both at once: each call has its own deadline, and the test waits for it only once.
    with silent_server() as silent, dripping_server(seconds_per_byte=0.05) as dripping:
        started = time.monotonic()
        with ThreadPoolExecutor() as pool:
            urls = [f"http://127.0.0.1:{port}/" for port in (silent, dripping)]
            results = list(pool.map(lambda url: call(url, timeout=1), urls))
        elapsed = time.monotonic() - started

    timed_out = {"error_code": "TimeoutError", "message": "no complete answer within 1 s"}
    assert [error_of(result) for result in results] == [timed_out] * 2
    assert elapsed < 1 + 1


def test_a_refused_connection() -> None:
    error = error_of(call(f"http://127.0.0.1:{free_port()}/"))

    assert error["error_code"] == "ConnectError"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(ca: trustme.CA) -> Iterator[HTTPServer]:
    """An HTTPS server whose certificate comes from the test authority `ca`."""
    with running_http_server(ca) as server:
        yield server


def test_https_to_a_server_trusted_through_ssl_cert_file(
    ca: trustme.CA, tls_server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    tls_server.clear()
    tls_server.expect_request("/").respond_with_json({"secure": True})

    result = call(tls_server.url_for("/"))

    assert body_of(result)["data"] == {"secure": True}


def test_https_to_a_server_it_does_not_trust(tls_server: HTTPServer) -> None:
    tls_server.clear()

    error = error_of(call(tls_server.url_for("/"), auth="bearer", auth_secret=SECRET))

    assert error["error_code"] == "SSLCertVerificationError"
    assert tls_server.log == [], "nothing reached the server"


def test_credentials_echoed_by_the_api_never_come_back(server: HTTPServer) -> None:
    def echo(request: Request) -> Response:
        return Response(
            json.dumps({"you_sent": dict(request.headers), SECRET: f"key {SECRET} again"}),
            content_type="application/json",
        )

    server.expect_request("/").respond_with_handler(echo)

    for parameters in (
        {"auth": "bearer", "auth_secret": SECRET},
        {"auth": "basic", "auth_user": USER, "auth_secret": SECRET},
        {"auth": "api_key", "auth_secret": SECRET},
    ):
        data = body_of(call(server.url_for("/"), **parameters))["data"]
        assert "[redacted]" in json.dumps(data)


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        pytest.param({"url": "ftp://example.com/"}, "url", id="not-http"),
        pytest.param({"url": "api.example.com/v1"}, "url", id="no-scheme"),
        pytest.param({"url": f"https://{USER}:{SECRET}@example.com/"}, "url", id="credentials"),
        pytest.param({"url": None}, "url", id="url-none"),
        pytest.param({"method": "FETCH"}, "method", id="unknown-method"),
        pytest.param({"query": "page=2"}, "query", id="query-not-json"),
        pytest.param({"query": [1, 2]}, "query", id="query-a-list"),
        pytest.param({"headers": {"X-Bad": "a\r\nInjected: yes"}}, "headers", id="header-break"),
        pytest.param({"json_body": "{broken"}, "json_body", id="body-not-json"),
        pytest.param({"auth": "oauth"}, "auth", id="unknown-auth"),
        pytest.param({"auth": "bearer"}, "auth_secret", id="bearer-without-secret"),
        pytest.param({"auth_secret": SECRET}, "auth_secret", id="secret-without-auth"),
        pytest.param({"auth": "basic", "auth_secret": SECRET}, "auth_user", id="basic-no-user"),
        pytest.param({"timeout": 0}, "timeout", id="timeout-zero"),
        pytest.param({"timeout": "soon"}, "timeout", id="timeout-text"),
        pytest.param({"max_response_bytes": -1}, "max_response_bytes", id="cap-negative"),
    ],
)
def test_invalid_parameters_are_named_and_nothing_is_sent(
    server: HTTPServer, parameters: dict[str, Any], named: str
) -> None:
    arguments = {"url": server.url_for("/"), **parameters}
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})

    assert_valid_response(result)
    error = error_of(result)
    assert error["error_code"] == "InvalidParameter"
    assert named in error["message"]
    assert SECRET not in json.dumps(result)
    assert server.log == []


EXAMPLE_URL = 'e.g. "https://api.example.com/v1/orders"'


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"url": None}, f"url must be an http or https address in quotes, {EXAMPLE_URL}"),
        (
            {"url": "http://a b.example/"},
            f"url must be an http or https address in quotes, {EXAMPLE_URL}",
        ),
        ({"url": "http://[::1/"}, f"url is not a valid address, {EXAMPLE_URL}"),
        (
            {"url": "ftp://example.com/"},
            f"url must start with http:// or https:// and name a host, {EXAMPLE_URL}",
        ),
        (
            {"url": "https://"},
            f"url must start with http:// or https:// and name a host, {EXAMPLE_URL}",
        ),
        (
            {"url": f"https://{USER}:{SECRET}@example.com/"},
            "url must not hold credentials: use auth, auth_user and auth_secret",
        ),
        ({"method": None}, 'method needs text, in quotes: "GET"; got None'),
        ({"method": "fetch"}, "method must be one of GET, POST, PUT, PATCH, DELETE; got 'FETCH'"),
        ({"auth": None}, 'auth needs text, in quotes: "bearer"; got None'),
        ({"auth": "oauth"}, "auth must be one of none, api_key, bearer, basic; got 'oauth'"),
        ({"auth_secret": SECRET}, 'auth_secret is set but auth is "none": say how to send it'),
        ({"auth": "bearer"}, 'auth "bearer" needs auth_secret, e.g. "secret:API_TOKEN"'),
        (
            {"auth": "bearer", "auth_secret": 5},
            'auth_secret must be text, e.g. "secret:API_TOKEN"; got a value of type int',
        ),
        (
            {"auth": "basic", "auth_secret": SECRET},
            'auth "basic" needs auth_user too, e.g. "secret:API_USER"',
        ),
        (
            {"auth": "basic", "auth_secret": SECRET, "auth_user": 5},
            'auth_user must be text, e.g. "secret:API_USER"; got a value of type int',
        ),
        (
            {"auth": "api_key", "auth_secret": SECRET, "api_key_header": "X Key"},
            'api_key_header must be a header name, e.g. "X-API-Key"',
        ),
        ({"headers": {"X-Bad": "a\r\nb"}}, "headers: 'X-Bad' needs a name and one line of ASCII"),
        ({"headers": {"Bad Name": "x"}}, "headers: 'Bad Name' needs a name and one line of ASCII"),
        ({"headers": {"X-Number": 5}}, "headers: 'X-Number' needs a name and one line of ASCII"),
        ({"headers": {"X-Zoë": "é"}}, "headers: 'X-Zoë' needs a name and one line of ASCII"),
        ({"query": "page=2"}, 'query is not valid JSON text, e.g. {"name": "Ada"}'),
        ({"headers": "X-A: 1"}, 'headers is not valid JSON text, e.g. {"name": "Ada"}'),
        (
            {"headers": ["X-A"]},
            'headers must be a dict or JSON text of an object, e.g. {"page": 2}',
        ),
        (
            {"auth": "api_key", "auth_secret": SECRET, "api_key_header": "X-Key\n"},
            'api_key_header must be one line of text, without control characters, e.g. "X-API-Key"',
        ),
        ({"query": [1]}, 'query must be a dict or JSON text of an object, e.g. {"page": 2}'),
        ({"query": {1: "a"}}, 'query must be a dict or JSON text of an object, e.g. {"page": 2}'),
        ({"json_body": {1, 2}}, "json_body must be JSON data: dicts, lists, text and numbers"),
        (
            {"json_body": {"price": float("nan")}},
            "json_body must be JSON data: dicts, lists, text and numbers",
        ),
        ({"headers": {"": "x"}}, "headers: '' needs a name and one line of ASCII"),
        ({"timeout": 301}, "timeout must be a whole number from 1 to 300, e.g. 30; got 301"),
        (
            {"max_response_bytes": 0},
            "max_response_bytes must be a whole number from 1 to 100000000, e.g. 1000000; got 0",
        ),
    ],
)
def test_each_refusal_says_what_fits(
    server: HTTPServer, parameters: dict[str, Any], message: str
) -> None:
    arguments = {"url": server.url_for("/"), **parameters}
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})

    assert_valid_response(result)
    assert error_of(result) == {"error_code": "InvalidParameter", "message": message}
    assert server.log == []


@pytest.mark.parametrize(
    "parameters", [{"timeout": 1}, {"timeout": 300}, {"max_response_bytes": 10**8}]
)
def test_the_bounds_themselves_are_accepted(server: HTTPServer, parameters: dict[str, Any]) -> None:
    server.expect_request("/").respond_with_json({"ok": True})

    assert body_of(call(server.url_for("/"), **parameters))["data"] == {"ok": True}


def test_an_answer_of_exactly_the_cap_is_accepted(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data("x" * 1000)

    assert body_of(call(server.url_for("/"), max_response_bytes=1000))["data"] == "x" * 1000
    error = error_of(call(server.url_for("/"), max_response_bytes=999))
    assert error == {
        "error_code": "ResponseTooLarge",
        "message": "the answer is longer than max_response_bytes (999)",
    }


def test_logs_the_call_without_its_path_or_query(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A URL built from a secret (a webhook's) can hold a token in its path as well as its query.
    server.expect_request("/hooks/T0K3N-path").respond_with_data("four")

    result = call(server.url_for("/hooks/T0K3N-path"), method="put", query={"api_key": "k-123"})

    assert logs_of(result, caplog) == [
        f"PUT {server.url_for('/')} (timeout 5 s)",
        "answered 200 with 4 bytes",
    ]
    logged = json.dumps(logs_of(result, caplog))
    assert "k-123" not in logged and "T0K3N" not in logged
    [(request, _)] = server.log
    assert request.args["api_key"] == "k-123"


def test_the_defaults(server: HTTPServer, caplog: pytest.LogCaptureFixture) -> None:
    server.expect_request("/big").respond_with_data("x" * 1_000_001)
    server.expect_request("/small").respond_with_data("x" * 1_000_000)
    url = server.url_for("/")

    small = {{ cookiecutter.command_class }}(url=url + "small").execute({}, {})
    big = {{ cookiecutter.command_class }}(url=url + "big").execute({}, {})

    assert len(body_of(small)["data"]) == 1_000_000
    assert logs_of(small, caplog)[0] == f"GET {url} (timeout 30 s)"
    assert error_of(big)["message"] == "the answer is longer than max_response_bytes (1000000)"


def test_a_long_answer_arrives_whole(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data("0123456789" * 20_000)

    assert body_of(call(server.url_for("/")))["data"] == "0123456789" * 20_000


def test_text_that_is_not_utf_8_arrives_with_replacement_characters(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data(b"\xff\xfeok", content_type="text/plain")

    assert body_of(call(server.url_for("/")))["data"] == "\ufffd\ufffdok"


def test_a_secret_echoed_inside_a_list_is_redacted(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_json({"seen": ["a", f"Bearer {SECRET}", ["x"]]})

    data = body_of(call(server.url_for("/"), auth="bearer", auth_secret=SECRET))["data"]

    assert data == {"seen": ["a", "Bearer [redacted]", ["x"]]}


def test_https_to_a_server_that_speaks_plain_http(server: HTTPServer) -> None:
    url = server.url_for("/").replace("http://", "https://")

    error = error_of(call(url))

    assert error["error_code"] == "SSLError"
    assert server.log == []


def test_proxy_settings_in_the_environment_are_not_used(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead_proxy = f"http://127.0.0.1:{free_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    server.expect_request("/").respond_with_json({"direct": True})

    assert body_of(call(server.url_for("/")))["data"] == {"direct": True}


def test_a_query_written_in_the_url_is_sent_with_the_query_parameter_but_not_logged(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request("/v1/orders").respond_with_data("four")
    url = server.url_for("/v1/orders") + "?api_key=k-456&status=open&page=1#top"

    result = call(url, query={"page": 2, "sort": "date"})

    assert logs_of(result, caplog)[0] == f"GET {server.url_for('/')} (timeout 5 s)"
    assert arrived(server).args.to_dict(flat=False) == {
        "api_key": ["k-456"],
        "status": ["open"],
        "page": ["2"],
        "sort": ["date"],
    }


def test_an_answer_one_byte_over_the_cap_is_refused_when_the_cap_falls_between_chunks(
    server: HTTPServer,
) -> None:
    def two_chunks(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            yield b"12345"
            time.sleep(0.1)  # the first chunk arrives alone, exactly at the cap
            yield b"6"

        return Response(chunks(), content_type="text/plain")

    server.expect_request("/").respond_with_handler(two_chunks)

    error = error_of(call(server.url_for("/"), max_response_bytes=5))

    assert error["error_code"] == "ResponseTooLarge"


def test_an_answer_without_a_content_type_arrives_as_text(server: HTTPServer) -> None:
    def untyped(request: Request) -> Response:
        response = Response('{"looks": "like json"}')
        del response.headers["Content-Type"]
        return response

    server.expect_request("/").respond_with_handler(untyped)

    body = body_of(call(server.url_for("/")))

    assert (body["content_type"], body["data"]) == ("", '{"looks": "like json"}')


def test_an_answer_that_cannot_be_decoded_is_an_http_error(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data(b"not gzip", headers={"Content-Encoding": "gzip"})

    error = error_of(call(server.url_for("/")))

    assert error == {
        "error_code": "HTTPError",
        "message": "Error -3 while decompressing data: incorrect header check",
    }


def test_json_nested_too_deep_to_decode_is_an_unexpected_error_not_an_exception(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    server.expect_request("/").respond_with_data(deep, content_type="application/json")

    result = call(server.url_for("/"))

    assert error_of(result) == {
        "error_code": "UnexpectedError",
        "message": "RecursionError in the call",
    }
    assert logs_of(result, caplog) == [f"GET {server.url_for('/')} (timeout 5 s)"]


def test_a_secret_no_encoding_can_write_is_an_unexpected_error_not_an_exception(
    server: HTTPServer,
) -> None:
    # JSON can carry half a surrogate pair ("\\ud800"), which no encoding writes.
    result = call(server.url_for("/"), auth="basic", auth_user=USER, auth_secret="half \ud800")

    assert error_of(result) == {
        "error_code": "UnexpectedError",
        "message": "UnicodeEncodeError in the call",
    }
    assert server.log == []


@pytest.mark.parametrize(
    ("headers", "auth", "setter"),
    [
        ({"Transfer-Encoding": "chunked"}, "none", "the call itself"),
        ({"content-length": "5"}, "none", "the call itself"),
        ({"Host": "elsewhere.example"}, "none", "the call itself"),
        ({"Connection": "close"}, "none", "the call itself"),
        ({"authorization": "Bearer mine"}, "bearer", "auth"),
        ({"x-api-key": "mine"}, "api_key", "auth"),
    ],
)
def test_a_header_the_call_or_auth_sets_is_refused_not_sent_twice(
    server: HTTPServer, headers: dict[str, str], auth: str, setter: str
) -> None:
    secret = None if auth == "none" else "t0ken"
    result = call(server.url_for("/"), headers=headers, auth=auth, auth_secret=secret)

    [name] = headers
    message = f"headers: '{name}' is set by {setter}; leave it out"
    assert error_of(result) == {"error_code": "InvalidParameter", "message": message}
    assert server.log == [], "nothing was sent"


def test_nan_in_an_answer_stays_text_so_the_result_stays_json(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data('{"a": NaN}', content_type="application/json")

    result = call(server.url_for("/"))

    assert body_of(result)["data"] == '{"a": NaN}'
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("text", ['{"a": NaN}', "[Infinity]", '{"b": -Infinity}'])
def test_a_json_body_with_nan_or_infinity_is_an_invalid_parameter(
    server: HTTPServer, text: str
) -> None:
    result = call(server.url_for("/"), method="POST", json_body=text)

    assert error_of(result)["error_code"] == "InvalidParameter"
    assert error_of(result)["message"].startswith("json_body is not valid JSON text")
    assert server.log == []


def test_a_large_allowed_answer_is_read_in_time(server: HTTPServer) -> None:
    # Read by adding each chunk to bytes, 40 MB took 7 s here: each addition copied it all.
    size = 40_000_000
    server.expect_request("/").respond_with_data(b"x" * size)
    command = {{ cookiecutter.command_class }}(url=server.url_for("/"), max_response_bytes=size)

    started = time.monotonic()
    answer = fetch(read_call(vars(command)), started)
    took = time.monotonic() - started

    assert (answer.status, len(answer.content)) == (200, size)
    assert took < 3, f"{took:.1f} s"


def test_a_compressed_answer_is_capped_as_it_decodes_in_bounded_memory_and_time(
    server: HTTPServer,
) -> None:
    # Under a kilobyte that decodes to 100 MB: gzip of gzip of zeros (a gigabyte is as small).
    bomb = gzip.compress(gzip.compress(bytes(100_000_000), compresslevel=9), compresslevel=9)
    headers = {"Content-Encoding": "gzip, gzip"}
    server.expect_request("/").respond_with_data(bomb, headers=headers, content_type="text/plain")
    cap = 4_000_000
    call(server.url_for("/"), max_response_bytes=10)  # what a first call imports is not counted

    tracemalloc.start()
    started = time.process_time()  # CPU seconds: other work on the machine does not count
    error = error_of(call(server.url_for("/"), max_response_bytes=cap, timeout=5))
    took = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert error["error_code"] == "ResponseTooLarge"
    assert took < 2, f"{took:.1f} s"
    assert peak < 4 * cap, f"{peak} bytes at the peak"  # a whole chunk decoded: 100 MB


def test_an_answer_in_stacked_codings_is_decoded_whole(server: HTTPServer) -> None:
    data = json.dumps({"rows": list(range(1000))}).encode()
    layered = zlib.compress(gzip.compress(data))  # gzip first, then deflate
    headers = {"Content-Encoding": "gzip, deflate"}
    server.expect_request("/").respond_with_data(
        layered, headers=headers, content_type="application/json"
    )

    assert body_of(call(server.url_for("/")))["data"] == {"rows": list(range(1000))}
    assert arrived(server).headers["Accept-Encoding"] == "gzip, deflate"


# A secret with letters that each encoding writes its own way (and still one line of ASCII).
ODD_SECRET = 's3cr3t/tok&en "x" <y>'


def test_credentials_echoed_in_any_encoding_never_come_back(server: HTTPServer) -> None:
    def b64(text: str, encode: Callable[[bytes], bytes] = base64.b64encode) -> str:
        return encode(text.encode()).decode()

    def echo(request: Request) -> Response:
        forms = {
            "url-encoded": quote(ODD_SECRET, safe=""),
            "json-escaped": json.dumps(f"you said {ODD_SECRET}"),
            "html-escaped": f"<p>{html.escape(ODD_SECRET)}</p>",
            "base64": b64(ODD_SECRET),
            "base64url of user:secret": b64(f"{USER}:{ODD_SECRET}", base64.urlsafe_b64encode),
            "the header": request.headers["Authorization"],
            "the user": USER,
        }
        content_type = f"application/json; token={quote(ODD_SECRET)}"
        return Response(json.dumps(forms), content_type=content_type)

    server.expect_request("/").respond_with_handler(echo)

    body = body_of(call(server.url_for("/"), auth="basic", auth_user=USER, auth_secret=ODD_SECRET))

    assert body["data"] == {
        "url-encoded": "[redacted]",
        "json-escaped": '"you said [redacted]"',
        "html-escaped": "<p>[redacted]</p>",
        "base64": "[redacted]",
        "base64url of user:secret": "[redacted]",
        "the header": "Basic [redacted]",
        "the user": "[redacted]",
    }
    assert body["content_type"] == "application/json; token=[redacted]"


def test_a_secret_in_a_bad_header_line_is_taken_out_of_the_protocol_error() -> None:
    answer = b"HTTP/1.1 200 OK\r\n" + ODD_SECRET.encode() + b"\r\n\r\n"
    with raw_server(answer) as port:
        error = error_of(call(f"http://127.0.0.1:{port}/", auth="bearer", auth_secret=ODD_SECRET))

    assert error == {
        "error_code": "RemoteProtocolError",
        "message": "illegal header line: bytearray(b'[redacted]')",
    }


def test_a_name_lookup_that_hangs_ends_with_the_timeout_and_nothing_is_sent_later(
    server: HTTPServer,
) -> None:
    server.expect_request("/").respond_with_data("too late")
    with hanging_name_lookup(seconds=2) as answered:
        started = time.monotonic()
        error = error_of(call(server.url_for("/"), timeout=1))
        took = time.monotonic() - started
        answered.wait(timeout=5)

    assert error == {"error_code": "TimeoutError", "message": "no complete answer within 1 s"}
    assert took < 1.5, f"{took:.1f} s"
    time.sleep(0.2)  # what the late answer could have started
    assert server.log == []


def test_the_http_libraries_log_no_query_and_no_header(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    key = "k3y-in-the-query-0123"
    server.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": f"/next?api_key={key}"}
    )

    call(server.url_for("/start"), query={"api_key": key})

    libraries = [r.getMessage() for r in caplog.records if r.name.startswith(("httpx", "httpcore"))]
    assert key not in "\n".join(libraries)
    request = f"HTTP Request: GET {server.url_for('/')} "
    assert [line for line in libraries if line.startswith(request)] != []
    assert "receive_response_headers.complete" in libraries
