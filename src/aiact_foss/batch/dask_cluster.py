"""`batch --executor dask`: the same chunks, answered by Dask's distributed scheduler
(optional extra `dask`; docs/scaling.md).

Connects to the scheduler that Dask's configuration names (`DASK_SCHEDULER_ADDRESS`, or
`scheduler-address` in a Dask config file); without one, starts a LocalCluster of
`--workers` single-threaded processes. Chunks are submitted through the same bounded,
ordered window as the local pool, so the output is byte-identical to `--executor local`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


def check_available() -> None:
    from aiact_foss.api import BadOption

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise BadOption("--executor dask needs Dask: pip install 'aiact-foss[dask]'") from None


def _client(workers: int) -> Any:
    import dask
    from distributed import Client, LocalCluster

    address = dask.config.get("scheduler-address", None) or dask.config.get("scheduler_address", None)
    if address:
        return Client(address), None  # type: ignore[no-untyped-call]
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           dashboard_address=None, silence_logs=50)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def dask_executor(opts: Any, workers: int) -> Callable[[Iterable[list[Any]]], Iterator[list[str]]]:
    from aiact_foss.batch import WINDOW_PER_WORKER, ordered
    from aiact_foss.engine.batch_solve import answer

    def run(chunk_iter: Iterable[list[Any]]) -> Iterator[list[str]]:
        client, cluster = _client(workers)
        try:
            n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            submit = lambda chunk: client.submit(answer, chunk, opts, pure=False)  # noqa: E731
            yield from ordered(submit, chunk_iter, n * WINDOW_PER_WORKER)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run
