"""Two ways to run the same tasks: here (one process or a pool) or on Ray.

An executor maps a picklable function over a list of inputs and returns the results in input
order: the outputs never depend on which one ran them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Protocol, TypeVar

from alaune.errors import InputError

T = TypeVar("T")
R = TypeVar("R")


def _nothing(result: object) -> None:
    return None


class Executor(Protocol):
    """Runs tasks; ``map`` keeps the input order."""

    name: str

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], done: Callable[[R], None] = _nothing
    ) -> list[R]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """This machine: in this process (one worker) or a pool of spawned processes."""

    name = "local"

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], done: Callable[[R], None] = _nothing
    ) -> list[R]:
        """The results in input order; ``done`` hears of each as it finishes."""
        if self.workers == 1 or len(items) <= 1:
            results = []
            for item in items:
                results.append(fn(item))
                done(results[-1])
            return results
        if self._pool is None:
            # spawned, not forked: a fork of a process whose BLAS threads run can deadlock
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        futures = [self._pool.submit(fn, item) for item in items]
        for future in as_completed(futures):
            done(future.result())
        return [future.result() for future in futures]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class RayExecutor:
    """A Ray cluster (``RAY_ADDRESS``, as `ray job submit` sets it) or Ray started here with
    ``workers`` CPUs. Each task is a Ray task of one CPU."""

    name = "ray"

    def __init__(self, workers: int = 1, object_store_mb: int = 256) -> None:
        try:
            import ray
        except ImportError:
            raise InputError(
                "the ray engine needs Ray: pip install 'alaune[ray]' (or use --engine local)"
            ) from None
        self.ray: Any = ray
        if not ray.is_initialized():
            address = os.environ.get("RAY_ADDRESS")
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=max(1, workers),
                    object_store_memory=object_store_mb * 1024 * 1024,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.WARNING,
                )
        self._started_here = True

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], done: Callable[[R], None] = _nothing
    ) -> list[R]:
        """The results in input order; ``done`` hears of each as it finishes."""
        remote = self.ray.remote(num_cpus=1)(_apply)
        refs = [remote.remote(fn, item) for item in items]
        pending = list(refs)
        while pending:
            ready, pending = self.ray.wait(pending, num_returns=1)
            done(self.ray.get(ready[0]))
        results: list[R] = self.ray.get(refs)
        return results

    def close(self) -> None:
        if self._started_here and self.ray.is_initialized():
            self.ray.shutdown()


def _apply(fn: Callable[[T], R], item: T) -> R:
    """A task: Ray wraps plain functions only, and the task function comes with its settings."""
    return fn(item)


def executor(engine: str, workers: int) -> Executor:
    """The executor an engine name stands for."""
    if engine == "local":
        return LocalExecutor(workers)
    if engine == "ray":
        return RayExecutor(workers)
    raise InputError(f"unknown engine {engine!r}: use local or ray")
