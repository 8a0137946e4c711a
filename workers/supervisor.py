"""Keeping a separate worker running through Redis outages, until SIGINT or SIGTERM.

arq's own loop ends at the first lost connection to Redis, and the process with it. Here the
worker's poll loop is run again after each lost connection, with a growing, jittered wait
(:class:`Backoff`), for as long as it takes Redis to come back: the process, its database
connections and the jobs already running stay as they are. A job that needed Redis while it was
away is deferred (its run resumes from its checkpoints when the job runs again), never failed.

What supervises the process itself (restarts it when it exits or the machine reboots) is the
deployment's job: a systemd unit with ``Restart=always``, or a Kubernetes Deployment.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import random
import signal

from arq.worker import Worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("ledgersync.worker")

#: A poll loop that ran this long before it lost Redis starts the backoff from the beginning.
HEALTHY_AFTER_SECONDS = 30.0
#: What losing Redis looks like from the poll loop (redis-py's errors, or the socket's).
LOST_REDIS = (RedisConnectionError, RedisTimeoutError, OSError)


class Backoff:
    """Waits of ``first`` seconds, doubling up to ``most``, each jittered by ±20%."""

    def __init__(self, first: float = 0.5, most: float = 30.0) -> None:
        self.first = first
        self.most = most
        self._next = first

    def next(self) -> float:
        """The next wait."""
        wait = self._next
        self._next = min(self._next * 2, self.most)
        return wait * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not a secret

    def reset(self) -> None:
        """Start again from the first wait."""
        self._next = self.first


async def supervise(worker: Worker, stop: asyncio.Event, backoff: Backoff | None = None) -> None:
    """Run the worker's poll loop until ``stop`` is set, again after each lost Redis."""
    backoff = backoff or Backoff()
    loop = asyncio.get_running_loop()
    # Every run of the poll loop shares one context: the ORM that on_startup opened the first
    # time lives in it (Tortoise keeps its state in a context variable), and the jobs each run
    # starts inherit it.
    context = contextvars.copy_context()
    while not stop.is_set():
        began = loop.time()
        main = asyncio.create_task(worker.main(), name="arq-worker", context=context)
        worker.main_task = main
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({main, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if stop.is_set() or main.cancelled():
            main.cancel()
            with contextlib.suppress(asyncio.CancelledError, *LOST_REDIS):
                await main
            return
        error = main.exception()
        if error is None:
            return  # a burst worker ran out of jobs
        if not isinstance(error, LOST_REDIS):
            raise error
        if loop.time() - began >= HEALTHY_AFTER_SECONDS:
            backoff.reset()
        wait = backoff.next()
        logger.warning(
            "lost the connection to Redis (%s: %s); reconnecting in %.1f s",
            type(error).__name__,
            error,
            wait,
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)


async def close(worker: Worker) -> None:
    """Let running jobs end, then close the ORM and the pool, with or without Redis.

    The ORM must be closed whatever happens: an open SQLite connection keeps its thread, and
    the process, alive after SIGTERM.
    """
    try:
        await worker.close()
        return
    except (*LOST_REDIS, asyncio.CancelledError):
        # close() stops at its first Redis call, or at a job cancelled by the signal handler
        # (gathered with the others); finish what it did not.
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    if worker.on_shutdown:
        await worker.on_shutdown(worker.ctx)
    if worker._pool is not None:
        with contextlib.suppress(*LOST_REDIS):
            await worker._pool.aclose()
        worker._pool = None


async def run_supervised(worker: Worker) -> None:
    """Run the worker until SIGINT or SIGTERM, riding out Redis outages, then close it."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(signum: signal.Signals) -> None:
        logger.info("received %s: stopping once the running jobs are cancelled", signum.name)
        stop.set()
        # arq's own handler: cancel the running jobs (they are queued again) and the loop.
        worker.handle_sig(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    try:
        await supervise(worker, stop)
    finally:
        await close(worker)
