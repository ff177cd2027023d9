"""What both MiniLM trainers do last: export to ONNX, quantise, write beside it.

The stance cross-encoder (``argmap.train.transformer``) and the key-point
encoder (``argmap.train.encoder``) ship the same way: an int8 ONNX file that
onnxruntime runs without torch, the tokenizer as ``tokenizer.json`` and a
``meta.json`` that records how the file was made, with its sha256.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def export_int8(model, tokenizer, sample: dict, output: str, out: Path,
                model_file: str, meta: dict[str, Any]) -> None:  # fmt: skip
    """Trace ``model`` on ``sample`` (tokenizer output), quantise it to
    dynamic int8 as ``out/model_file``; write tokenizer.json and meta.json."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(model, tuple(sample[name] for name in INPUT_NAMES), str(fp32),
                          dynamo=False, input_names=list(INPUT_NAMES), output_names=[output],
                          opset_version=17,
                          dynamic_axes={**{name: axes for name in INPUT_NAMES}, output: {0: "batch"}})  # fmt: skip
        int8 = Path(tmp) / model_file
        # onnxruntime fuses attention and layer norm itself when it loads the
        # model (ORT_ENABLE_ALL); fusing offline first made the int8 model slower.
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
        shutil.move(str(int8), out / model_file)
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    meta["artefact_sha256"] = sha256(out / model_file)
    text = json.dumps(meta, indent=1, sort_keys=True) + "\n"
    (out / "meta.json").write_text(text, encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version(package: str) -> str:
    from importlib.metadata import version as installed

    return installed(package)
