"""Hosting one GPT on several processes: tensor (matrix-wise) parallelism with torch.distributed.

Handles: cutting a GPT's weights into `world_size` shards as Megatron-LM does
(Shoeybi et al. 2019): in each block, q/k/v and the MLP's first layer are split
by output columns (whole attention heads, slices of the 4C hidden units), the
two projections back to width C by input rows, so each process computes a
partial sum and one all_reduce per sub-layer adds them up; the token table
(which is also the output layer) and the position table are split by rows,
and the logits are gathered at the end. A shard is cut from a model in memory
(`shard_model`) or read from a checkpoint folder, each process reading only its
own slices of model.safetensors (`TensorParallelShard.from_checkpoint`), as
large models are loaded. `simulate_forward` runs all shards in one process (for
tests and for reading the arithmetic); `run_tensor_parallel` starts real
processes that talk over the gloo backend on CPU, and reports each one's
parameter bytes, loading time and the time it spent communicating.
Leaves out: training (no backward through the collectives), the KV cache,
pipeline (layer-wise) parallelism, and dropout (shards run in inference mode).
"""

import json
import os
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from helpers.gpt import GPT, GPTConfig


def _bounds(n, world_size, rank):
    """[start, end) of rank's share of n items, as equal as possible.
    Example: _bounds(10, 3, 2) -> (7, 10)"""
    base, extra = divmod(n, world_size)
    start = rank * base + min(rank, extra)
    return start, start + base + (1 if rank < extra else 0)


def _check_split(config, world_size):
    if config.n_head % world_size:
        raise ValueError(
            f"n_head ({config.n_head}) must be divisible by world_size ({world_size}): "
            f"each process takes whole attention heads"
        )


def _cut(config, names, read, rank, world_size):
    """This rank's tensors, by name. `names`: the tensor names there are; read(name, *index) -> the
    tensor's slice [index] (rows, or rows and columns), from memory or from disk."""
    c = config
    _check_split(c, world_size)
    if not 0 <= rank < world_size:
        raise ValueError(f"rank must be in [0, {world_size}), got {rank}")
    C, hs = c.n_embd, c.n_embd // c.n_head
    h0, h1 = _bounds(c.n_head, world_size, rank)
    q0, q1 = h0 * hs, h1 * hs  # this rank's heads, as columns within q (or k, or v)
    f0, f1 = _bounds(4 * C, world_size, rank)  # this rank's MLP hidden units
    v0, v1 = _bounds(c.vocab_size, world_size, rank)  # this rank's vocabulary rows
    p0, p1 = _bounds(c.block_size, world_size, rank)  # this rank's positions
    every = slice(None)
    t = {
        "wte": read("transformer.wte.weight", slice(v0, v1)),
        "wpe": read("transformer.wpe.weight", slice(p0, p1)),
        "vocab_start": torch.tensor(v0),
        "pos_start": torch.tensor(p0),
    }
    for name in ("weight", "bias"):
        if f"transformer.ln_f.{name}" in names:
            t[f"ln_f.{name}"] = read(f"transformer.ln_f.{name}")
    for i in range(c.n_layer):
        p = f"transformer.h.{i}."
        qkv_rows = [
            slice(j * C + q0, j * C + q1) for j in range(3)
        ]  # c_attn.weight is (3C, C): rows q, then k, then v
        t[f"{i}.qkv.weight"] = torch.cat(
            [read(p + "attn.c_attn.weight", r) for r in qkv_rows]
        )  # (3C/w, C)
        t[f"{i}.attn_proj.weight"] = read(
            p + "attn.c_proj.weight", every, slice(q0, q1)
        )  # (C, C/w)
        t[f"{i}.fc.weight"] = read(p + "mlp.c_fc.weight", slice(f0, f1))  # (4C/w, C)
        t[f"{i}.mlp_proj.weight"] = read(
            p + "mlp.c_proj.weight", every, slice(f0, f1)
        )  # (C, 4C/w)
        if c.bias:
            t[f"{i}.qkv.bias"] = torch.cat(
                [read(p + "attn.c_attn.bias", r) for r in qkv_rows]
            )  # (3C/w,)
            t[f"{i}.fc.bias"] = read(p + "mlp.c_fc.bias", slice(f0, f1))  # (4C/w,)
            t[f"{i}.attn_proj.bias"] = read(
                p + "attn.c_proj.bias"
            )  # replicated, added after the sum
            t[f"{i}.mlp_proj.bias"] = read(
                p + "mlp.c_proj.bias"
            )  # replicated, added after the sum
        for ln in ("ln_1", "ln_2"):
            for name in ("weight", "bias"):
                if p + f"{ln}.{name}" in names:
                    t[f"{i}.{ln}.{name}"] = read(p + f"{ln}.{name}")
    # copies, so the shard owns only its share of memory (a slice of a big tensor would
    # keep it alive)
    return {k: v.clone().contiguous() for k, v in t.items()}


class TensorParallelShard:
    """One process's share of a GPT: its rows/columns of every matrix, plus the small
    replicated pieces (LayerNorms and the biases added after an all_reduce).

    Example:
        >>> shards = [TensorParallelShard(model, rank, 2) for rank in range(2)]
        # about 1.0: nothing duplicated but LayerNorms
        >>> sum(s.parameter_bytes() for s in shards) / model_bytes
        # rank 1's half, read from disk
        >>> TensorParallelShard.from_checkpoint("data/foundation", 1, 2)
    """

    def __init__(self, model, rank, world_size):
        if not isinstance(model, GPT):
            raise TypeError(f"expected a GPT, got {type(model).__name__}")
        sd = {k: v.detach() for k, v in model.state_dict().items()}
        self.config, self.rank, self.world_size = model.config, rank, world_size
        self.t = _cut(
            model.config, sd, lambda name, *index: sd[name][index], rank, world_size
        )

    @classmethod
    def from_checkpoint(cls, folder, rank, world_size):
        """Read only this rank's slices of `folder`/model.safetensors (a folder written by
        helpers.checkpoints.save_checkpoint): the full model is never in this process's memory."""
        from safetensors import safe_open

        folder = Path(folder)
        config = checkpoint_config(folder)
        with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
            names = set(f.keys())
            tensors = _cut(
                config,
                names,
                lambda name, *index: f.get_slice(name)[index],
                rank,
                world_size,
            )
        return cls.from_tensors(config, rank, world_size, tensors)

    @classmethod
    def from_tensors(cls, config, rank, world_size, tensors):
        """Rebuild a shard from its own tensors (what a worker process receives)."""
        shard = cls.__new__(cls)
        shard.config, shard.rank, shard.world_size, shard.t = (
            config,
            rank,
            world_size,
            tensors,
        )
        return shard

    def parameter_bytes(self):
        """Bytes of the weights this shard holds (the two start offsets not counted)."""
        return sum(v.nbytes for k, v in self.t.items() if v.is_floating_point())

    def _ln(self, x, name):
        return F.layer_norm(
            x,
            (self.config.n_embd,),
            self.t[f"{name}.weight"],
            self.t.get(f"{name}.bias"),
        )

    def embed_partial(self, idx):
        """Token + position vectors for the ids and positions this shard owns, zeros
        elsewhere: (B, T, C)."""
        B, T = idx.shape
        v0, p0 = int(self.t["vocab_start"]), int(self.t["pos_start"])
        local = idx - v0  # (B, T)
        mine = (local >= 0) & (local < self.t["wte"].size(0))  # (B, T)
        x = self.t["wte"][local.clamp(0, self.t["wte"].size(0) - 1)] * mine.unsqueeze(
            -1
        )  # (B, T, C)
        pos = torch.arange(T) - p0  # (T,)
        pos_mine = (pos >= 0) & (pos < self.t["wpe"].size(0))
        x = x + self.t["wpe"][
            pos.clamp(0, self.t["wpe"].size(0) - 1)
        ] * pos_mine.unsqueeze(-1)  # (B, T, C)
        return x

    def attention_partial(self, i, x):
        """This shard's heads of layer i, projected back to width C: a partial sum, (B, T, C)."""
        B, T, _ = x.shape
        hs = self.config.n_embd // self.config.n_head
        qkv = F.linear(
            self._ln(x, f"{i}.ln_1"),
            self.t[f"{i}.qkv.weight"],
            self.t.get(f"{i}.qkv.bias"),
        )  # (B, T, 3C/w)
        q, k, v = qkv.chunk(3, dim=-1)  # 3 x (B, T, C/w)
        nh = q.size(-1) // hs  # heads on this shard
        q, k, v = (
            z.view(B, T, nh, hs).transpose(1, 2) for z in (q, k, v)
        )  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(B, T, nh * hs)  # (B, T, C/w)
        return F.linear(y, self.t[f"{i}.attn_proj.weight"])  # (B, T, C), partial

    def mlp_partial(self, i, x):
        """This shard's slice of layer i's MLP hidden units, projected back: a partial
        sum, (B, T, C)."""
        h = F.gelu(
            F.linear(
                self._ln(x, f"{i}.ln_2"),
                self.t[f"{i}.fc.weight"],
                self.t.get(f"{i}.fc.bias"),
            )
        )  # (B, T, 4C/w)
        return F.linear(h, self.t[f"{i}.mlp_proj.weight"])  # (B, T, C), partial

    def logits_partial(self, x):
        """Final LayerNorm, then the logits of this shard's vocabulary rows: (B, T, V/w)."""
        return F.linear(self._ln(x, "ln_f"), self.t["wte"])


def checkpoint_config(folder):
    """The GPTConfig in a checkpoint folder's config.json.
    Example: checkpoint_config("data/foundation").n_layer -> 6"""
    path = Path(folder) / "config.json"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; pass a folder written by helpers.checkpoints.save_checkpoint"
        )
    return GPTConfig(**json.loads(path.read_text(encoding="utf-8"))["config"])


def shard_model(model, world_size=2):
    """Cut `model` into `world_size` TensorParallelShards.
    Example: shards = shard_model(model, 2)"""
    return [TensorParallelShard(model, rank, world_size) for rank in range(world_size)]


@torch.no_grad()
def tensor_parallel_forward(shards, idx, all_reduce, all_gather):
    """Logits (B, T, V) from the shards this process runs.

    all_reduce(list of partial (B, T, C)) -> their sum; all_gather(list of (B, T, V/w)) -> the
    list over all ranks. In one process, `shards` is every shard and the collectives are
    plain sums; in a real process it is one shard and they call torch.distributed.
    """
    first = shards[0]
    x = all_reduce([s.embed_partial(idx) for s in shards])  # (B, T, C)
    for i in range(first.config.n_layer):
        a = all_reduce([s.attention_partial(i, x) for s in shards])  # (B, T, C)
        x = x + (
            a + first.t[f"{i}.attn_proj.bias"]
            if f"{i}.attn_proj.bias" in first.t
            else a
        )
        m = all_reduce([s.mlp_partial(i, x) for s in shards])  # (B, T, C)
        x = x + (
            m + first.t[f"{i}.mlp_proj.bias"] if f"{i}.mlp_proj.bias" in first.t else m
        )
    return torch.cat(
        all_gather([s.logits_partial(x) for s in shards]), dim=-1
    )  # (B, T, V)


def simulate_forward(shards, idx):
    """All shards in this one process, collectives replaced by sums: the same arithmetic as
    `run_tensor_parallel`.
    Example: (simulate_forward(shard_model(m), idx) - m(idx)[0]).abs().max()"""
    return tensor_parallel_forward(
        shards, idx, all_reduce=lambda parts: sum(parts), all_gather=lambda parts: parts
    )


# ---------------------------------------------------------------- real processes


def _worker(rank, world_size, init_file, config, source, idx, repeats, threads, queue):
    """One process: get its shard (tensors sent by the parent, or read from a checkpoint folder),
    join the group, run the forward pass `repeats` + 1 times, report the fastest."""
    import torch.distributed as dist

    torch.set_num_threads(threads)
    start = time.perf_counter()
    if isinstance(source, dict):
        shard = TensorParallelShard.from_tensors(config, rank, world_size, source)
    else:
        shard = TensorParallelShard.from_checkpoint(source, rank, world_size)
    load_s = time.perf_counter() - start
    dist.init_process_group(
        "gloo", init_method=f"file://{init_file}", rank=rank, world_size=world_size
    )
    clock = {"comm_s": 0.0, "calls": 0, "bytes": 0}

    def all_reduce(parts):
        (t,) = parts
        start = time.perf_counter()
        dist.all_reduce(t)  # in place: every rank ends with the sum
        clock["comm_s"] += time.perf_counter() - start
        clock["calls"] += 1
        clock["bytes"] += t.nbytes
        return t

    def all_gather(parts):
        (t,) = parts
        widths = [
            hi - lo
            for lo, hi in (
                _bounds(config.vocab_size, world_size, r) for r in range(world_size)
            )
        ]
        padded = F.pad(
            t, (0, max(widths) - t.size(-1))
        )  # gloo gathers equal shapes only
        pieces = [torch.empty_like(padded) for _ in range(world_size)]
        start = time.perf_counter()
        dist.all_gather(pieces, padded)
        clock["comm_s"] += time.perf_counter() - start
        clock["calls"] += 1
        clock["bytes"] += padded.nbytes
        return [piece[..., :w] for piece, w in zip(pieces, widths)]

    best = None
    for _ in range(repeats + 1):  # the first run warms up and is not kept
        clock.update(comm_s=0.0, calls=0, bytes=0)
        dist.barrier()
        start = time.perf_counter()
        logits = tensor_parallel_forward([shard], idx, all_reduce, all_gather)
        seconds = time.perf_counter() - start
        run = {"forward_s": seconds, **clock}
        if best is None or seconds < best["forward_s"]:
            best = run
    queue.put(
        {
            "rank": rank,
            "parameter_bytes": shard.parameter_bytes(),
            "load_s": load_s,
            **best,
            "logits": logits if rank == 0 else None,
        }
    )
    dist.barrier()
    dist.destroy_process_group()


def run_tensor_parallel(
    model, idx, world_size=2, repeats=3, threads_per_process=1, timeout=120
):
    """Start `world_size` processes (gloo on CPU), each holding one shard, and run a forward pass.

    `model`: a GPT, which this process cuts and sends each worker its shard; or a checkpoint
    folder (save_checkpoint's), from which each worker reads only its own slices.
    Returns (logits from rank 0, list of per-rank dicts: parameter_bytes, load_s (getting the
    shard), forward_s and comm_s of the fastest of `repeats` passes, calls and bytes sent to
    collectives).
    Example:
        >>> logits, ranks = run_tensor_parallel("data/foundation", idx)
        >>> (logits - model(idx)[0]).abs().max() < 1e-5
    """
    import torch.multiprocessing as mp

    if isinstance(model, GPT):
        config = model.config
        sources = [shard.t for shard in shard_model(model, world_size)]
    else:
        config = checkpoint_config(model)
        _check_split(
            config, world_size
        )  # fail here, with the message, rather than in the workers
        sources = [str(Path(model).resolve())] * world_size
    context = mp.get_context("spawn")
    queue = context.SimpleQueue()
    with tempfile.TemporaryDirectory() as folder:
        init_file = os.path.join(folder, "rendezvous")
        processes = [
            context.Process(
                target=_worker,
                args=(
                    rank,
                    world_size,
                    init_file,
                    config,
                    sources[rank],
                    idx,
                    repeats,
                    threads_per_process,
                    queue,
                ),
            )
            for rank in range(world_size)
        ]
        del sources
        for p in processes:
            p.start()
        results = []
        deadline = time.monotonic() + timeout
        while len(results) < world_size:
            if not queue.empty():
                results.append(queue.get())
            elif time.monotonic() > deadline or any(
                p.exitcode not in (None, 0) for p in processes
            ):
                for p in processes:
                    if p.is_alive():
                        p.terminate()
                raise RuntimeError(
                    f"tensor-parallel workers failed or timed out "
                    f"(exit codes {[p.exitcode for p in processes]})"
                )
            else:
                time.sleep(0.01)
        for p in processes:
            p.join(timeout=30)
    results.sort(key=lambda r: r["rank"])
    logits = results[0].pop("logits")
    for r in results[1:]:
        r.pop("logits")
    return logits, results
