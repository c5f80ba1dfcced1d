"""Many scenarios, one per line: reading, chunking and running them in-process, on a local
pool of workers or on a Dask cluster."""

from aiact_foss.batch.runner import (
    CHUNK_BYTES,
    CHUNK_LINES,
    MAX_LINE,
    WINDOW_PER_WORKER,
    Summary,
    chunks,
    in_process,
    local_pool,
    open_input,
    ordered,
    read_lines,
    run,
)

__all__ = ["CHUNK_BYTES", "CHUNK_LINES", "MAX_LINE", "WINDOW_PER_WORKER", "Summary", "chunks",
           "in_process", "local_pool", "open_input", "ordered", "read_lines", "run"]
