"""The SMTP example's benchmark: SendEmail.execute against plain smtplib, the same messages, one
connection per message, to one aiosmtpd server on 127.0.0.1, every message accounted for.

Plain Python, not a template: bench/run.py bakes this example and calls `compare`.
"""

import importlib
import smtplib
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from timing import interleaved, ratio_figure

TO = "Ada <ada@example.com>"
BCC = "audit@example.com"
RECIPIENTS = ["ada@example.com", "audit@example.com"]
SENDER = "bench@example.com"


def compare(project: Path, calls: int, runs: int) -> dict[str, Any]:
    """SendEmail.execute against smtplib, `calls` messages each way. Exits if any message is
    missing, duplicated, or reached the wrong recipients."""
    command = importlib.import_module("connector_smtp.commands.sendEmail").SendEmail
    running_smtp_server = importlib.import_module("smtp_server").running_smtp_server

    with running_smtp_server() as server:

        def batch(send_one: Any) -> float:
            server.deliveries.clear()
            started = time.perf_counter()
            sent = [send_one(server.port, number) for number in range(calls)]
            seconds = time.perf_counter() - started
            account_for(sent, server.deliveries)
            return seconds

        def via_execute(port: int, number: int) -> str:
            result = command(
                smtp_host="127.0.0.1",
                smtp_port=port,
                email_subject=f"message {number}",
                email_body="benchmark",
                email_to=TO,
                email_from=SENDER,
                email_bcc=BCC,
            ).execute({}, {})
            if result["error"] is not None:
                raise SystemExit(f"message {number} failed: {result['error']}")
            return str(result["command_response"]["body"]["message_id"])

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

        medians = interleaved(
            runs, {"execute": lambda: batch(via_execute), "smtplib": lambda: batch(via_smtplib)}
        )
    figure = f"SendEmail.execute vs plain smtplib, {calls} messages each"
    return ratio_figure(figure, medians, "execute", "smtplib")


def account_for(sent: list[str], deliveries: list[Any]) -> None:
    """Every message sent arrived exactly once, to exactly the intended recipients."""
    arrived = [delivery.message["Message-ID"] for delivery in deliveries]
    if sorted(arrived) != sorted(sent) or len(set(sent)) != len(sent):
        missing, extra = set(sent) - set(arrived), len(arrived) - len(set(arrived))
        raise SystemExit(f"{len(missing)} messages missing and {extra} duplicated")
    wrong = [d.message["Message-ID"] for d in deliveries if d.rcpt_tos != RECIPIENTS]
    if wrong:
        raise SystemExit(f"{len(wrong)} messages reached the wrong recipients: {wrong[:3]}")
