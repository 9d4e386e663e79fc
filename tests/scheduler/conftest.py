"""The scheduler's job tests mail the real SMTP server and read the store and index of the digest tests."""

from tests.alerts.conftest import home, satark, smtp  # noqa: F401  (fixtures, shared)
