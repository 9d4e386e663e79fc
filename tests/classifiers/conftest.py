"""Classifier tests run torch on one thread, so that none of them needs the whole machine.

torch's intra-op pool spins at every barrier on each core it was given. On a shared 2-core machine a second busy
job stalls those barriers: the e5 smoke fine-tuning on the shipped samples measured 198 s with two threads and
44 s with one while another job held the other core.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def one_torch_thread() -> Iterator[None]:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
