"""Two ways to run the same tasks: here (one process or a pool) or on Ray.

An executor maps a picklable function over a list of inputs and returns the results in input
order: the outputs never depend on which one ran them.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import socket
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

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
                _reachable(address)
                try:
                    ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
                except ConnectionError as exc:
                    # Ray >= 2.59 starts clusters with token authentication: a driver that
                    # does not say so is refused with a message about a crashed instance
                    raise InputError(
                        f"cannot join the Ray cluster at RAY_ADDRESS={address}: {exc}. Check "
                        "that the address is the head's (`ray status` there), and, if the "
                        "cluster uses token authentication (Ray's default since 2.59), run "
                        "with RAY_AUTH_MODE=token and the cluster's token (RAY_AUTH_TOKEN, or "
                        "~/.ray/auth_token)"
                    ) from None
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


def _reachable(address: str) -> None:
    """Raises a clear error when nothing answers at a cluster address: Ray itself would wait
    for it without end, repeating warnings."""
    target = address.removeprefix("ray://")
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", "local": Ray finds the cluster itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as exc:
        raise InputError(
            f"nothing answers at RAY_ADDRESS={address} ({exc.strerror or exc}): start the cluster "
            "(`ray start --head` on its head node) or give the head's address"
        ) from None


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


class _Tagged(Generic[T]):
    """A task that returns its input with its result (the executor writes the input's marker
    when the result comes back, wherever it ran)."""

    def __init__(self, fn: Callable[[T], dict[str, Any]]) -> None:
        self.fn = fn

    def __call__(self, item: T) -> tuple[T, dict[str, Any]]:
        return item, self.fn(item)


def map_marked(
    runner: Executor,
    fn: Callable[[T], dict[str, Any]],
    items: Sequence[T],
    marker_of: Callable[[T], Path],
    done: Callable[[dict[str, Any]], None] = _nothing,
) -> list[dict[str, Any]]:
    """``runner.map`` with the bookkeeping: a task whose marker exists is not run again (its
    counts are read back, ``resumed`` set); a task that finishes gets its marker, its counts
    as JSON, written after its files (which the task renames into place before it returns).
    Tasks write no markers of their own."""
    results: dict[int, dict[str, Any]] = {}
    todo: list[tuple[int, T]] = []
    for n, item in enumerate(items):
        path = marker_of(item)
        if path.exists():
            results[n] = {**json.loads(path.read_text(encoding="utf-8")), "resumed": True}
            done(results[n])
        else:
            todo.append((n, item))

    def finished(tagged: tuple[T, dict[str, Any]]) -> None:
        item, result = tagged
        write_marker(marker_of(item), result)
        done(result)

    ran = runner.map(_Tagged(fn), [item for _, item in todo], finished)
    for (n, _), (_, result) in zip(todo, ran, strict=True):
        results[n] = result
    return [results[n] for n in range(len(items))]


def write_marker(path: Path, counts: dict[str, Any]) -> None:
    """A marker: a small JSON file written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
