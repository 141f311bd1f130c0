"""Processes a build forks never outlive it, even when the build dies the instant after forking; a
worker's memory growth is read from the kernel's own account."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from indexer.pool import _address_space_reader, _virtual_bytes
from tests.cli_helpers import ROOT

# The parent forks and SIGKILLs itself at once, racing the child's request to die with it. A child
# that lost the race and lived on would keep the inherited stdout pipe open for 30 s.
FORK_THEN_DIE = textwrap.dedent(
    """
    import os, signal, time
    from indexer.pool import children_die_with_this_process
    children_die_with_this_process()  # what every build does before it forks
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_child_forked_just_before_the_build_is_killed_does_not_outlive_it() -> None:
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", FORK_THEN_DIE], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        proc.communicate(timeout=10)  # end of file on the pipes: no process holds them any more
        assert proc.returncode == -9


def test_the_sampled_address_space_is_the_kernels_vmsize() -> None:
    size = _address_space_reader()
    before = size()
    assert abs(before - _virtual_bytes()) < 2**20  # the cheap read (statm) says what /proc/self/status says
    grown = bytearray(64 * 2**20)
    assert size() - before >= 60 * 2**20
    del grown
