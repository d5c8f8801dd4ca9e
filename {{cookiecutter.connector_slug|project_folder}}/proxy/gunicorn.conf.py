"""gunicorn's settings for the proxy, from the environment: PORT (7004, where SpiffArena looks
for a proxy by default), GUNICORN_WORKERS (3) and GUNICORN_TIMEOUT (90 s: longer than the 45 s
SpiffArena waits for a command)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '7004')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "90"))
accesslog = "-"
