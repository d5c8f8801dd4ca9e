"""What {{ cookiecutter.command_class }}'s checks cost: the same messages through its `execute` and
through plain smtplib, one connection each, to one aiosmtpd server on 127.0.0.1, every message
accounted for. Not a test (pytest does not collect it); run it from the project's folder:

    .venv/bin/python tests/benchmark_{{ cookiecutter.__command_module }}.py --calls 1000 --runs 5

It prints each side's median time, after a warm-up and with the sides taking turns, and their
ratio, as JSON. It fails if any message is lost, duplicated or reaches the wrong recipients.
"""

import argparse
import json
import smtplib
import statistics
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid

from command_results import body_of
from smtp_server import Delivery, running_smtp_server

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)

TO = "Ada <ada@example.com>"
BCC = "audit@example.com"
RECIPIENTS = ["ada@example.com", "audit@example.com"]
SENDER = "bench@example.com"


def via_command(port: int, number: int) -> str:
    command = {{ cookiecutter.command_class }}(
        smtp_host="127.0.0.1",
        smtp_port=port,
        email_subject=f"message {number}",
        email_body="benchmark",
        email_to=TO,
        email_from=SENDER,
        email_bcc=BCC,
    )
    return str(body_of(command.execute({}, {}))["message_id"])


def via_smtplib(port: int, number: int) -> str:
    message = EmailMessage()
    message["Subject"] = f"message {number}"
    message["From"] = SENDER
    message["To"] = TO
    message["Message-ID"] = make_msgid(domain="example.com")
    message.set_content("benchmark")
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.send_message(message, to_addrs=RECIPIENTS)
    return str(message["Message-ID"])


def account_for(sent: list[str], deliveries: list[Delivery]) -> None:
    """Every message sent arrived exactly once, to exactly the intended recipients."""
    arrived = [delivery.message["Message-ID"] for delivery in deliveries]
    if sorted(arrived) != sorted(sent) or len(set(sent)) != len(sent):
        missing, extra = set(sent) - set(arrived), len(arrived) - len(set(arrived))
        raise SystemExit(f"{len(missing)} messages missing and {extra} duplicated")
    wrong = [d.message["Message-ID"] for d in deliveries if d.rcpt_tos != RECIPIENTS]
    if wrong:
        raise SystemExit(f"{len(wrong)} messages reached the wrong recipients: {wrong[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="messages each way, each run")
    parser.add_argument("--runs", type=int, default=5, help="measured runs, after a warm-up")
    parser.add_argument("--quick", action="store_true", help="50 calls, one run")
    options = parser.parse_args()
    if options.quick:
        options.calls, options.runs = 50, 1

    with running_smtp_server() as server:

        def batch(send_one: Callable[[int, int], str]) -> float:
            server.deliveries.clear()
            started = time.perf_counter()
            sent = [send_one(server.port, number) for number in range(options.calls)]
            seconds = time.perf_counter() - started
            account_for(sent, server.deliveries)
            return seconds

        times: dict[str, list[float]] = {"command": [], "baseline": []}
        for run in range(options.runs + 1):
            for side, send_one in (("command", via_command), ("baseline", via_smtplib)):
                seconds = batch(send_one)
                if run:  # the first run warms up
                    times[side].append(seconds)

    medians = {side: statistics.median(seconds) for side, seconds in times.items()}
    figure = f"{{ cookiecutter.command_class }} vs plain smtplib, {options.calls} messages each"
    ratio = medians["command"] / medians["baseline"]
    print(json.dumps({"figure": figure, **medians, "ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
