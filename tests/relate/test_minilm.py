"""The transformer classifier's runtime (tokenize, batch by length, onnxruntime,
calibrate, explain), run on a tiny ONNX model built here.

No trained MiniLM artefact ships (docs/models/stance-minilm.md), and no test
trains one: the tiny model is a word-embedding average whose words mean
"rebuts" or "supports", so every answer below can be worked out by hand.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx", reason="building the tiny model needs onnx")
pytest.importorskip(
    "onnxruntime", reason="the transformer classifier needs onnxruntime"
)
pytest.importorskip("tokenizers", reason="the transformer classifier needs tokenizers")

from onnx import TensorProto, helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

from argmap.errors import InputError
from argmap.relate import (
    get_classifier,
    minilm,
)
from argmap.relate.base import Pair

# Each word's logits (rebuts, neutral, supports); everything else is neutral-ish.
WORDS = {"no": (4, 0, 0), "wrong": (4, 0, 0), "yes": (0, 0, 4), "agree": (0, 0, 4),
         "what": (0, 1, 0), "the": (0, 0.5, 0)}  # fmt: skip
SPECIAL = ["[UNK]", "[CLS]", "[SEP]", "[PAD]"]


def build_model(folder, max_length=16, temperature=1.0):
    vocab = {w: i for i, w in enumerate(SPECIAL + list(WORDS))}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 1), ("[SEP]", 2)],
    )  # fmt: skip
    tokenizer.save(str(folder / "tokenizer.json"))
    table = np.zeros((len(vocab), 3), dtype=np.float32)
    for word, row in WORDS.items():
        table[vocab[word]] = row
    # Only the reply (token type 1) speaks: the parent's words are masked out.
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["emb"]),
        helper.make_node("Cast", ["token_type_ids"], ["types"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["types", "mask"], ["weight"]),
        helper.make_node("Unsqueeze", ["weight", "last"], ["weight3"]),
        helper.make_node("Mul", ["emb", "weight3"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "tokens"], ["logits"], keepdims=0),
    ]
    ints = lambda name: helper.make_tensor_value_info(
        name, TensorProto.INT64, ["b", "t"]
    )
    graph = helper.make_graph(
        nodes, "tiny-stance",
        [ints("input_ids"), ints("attention_mask"), ints("token_type_ids")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", 3])],
        initializer=[helper.make_tensor("table", TensorProto.FLOAT, table.shape, table.ravel()),
                     helper.make_tensor("last", TensorProto.INT64, [1], [-1]),
                     helper.make_tensor("tokens", TensorProto.INT64, [1], [1])],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(folder / minilm.MODEL_FILE))
    meta = {"name": minilm.NAME, "max_length": max_length, "temperature": temperature}
    (folder / "meta.json").write_text(json.dumps(meta))
    return folder


@pytest.fixture()
def classifier(tmp_path):
    minilm.load.cache_clear()
    return minilm.MiniLMStanceClassifier(build_model(tmp_path))


PAIRS = [
    Pair("No, that is wrong.", "The release is faster."),
    Pair("Yes, I agree.", "Memory safety matters."),
    Pair("What version did you use?", "The release is slower."),
    Pair("the the the", "no no no wrong wrong"),  # the parent's words do not count
]


def test_the_reply_decides_and_the_parent_does_not(classifier):
    labels = [p.label for p in classifier.predict(PAIRS)]
    assert labels == ["rebuts", "supports", "questions", "neutral"]


def test_probabilities_are_a_calibrated_distribution(classifier, tmp_path):
    probs = classifier.probabilities_batch(PAIRS)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    # "No, that is wrong." sums two rebutting words: logits (8, 0, 0).
    expected = np.exp([8, 0, 0]) / np.exp([8, 0, 0]).sum()
    np.testing.assert_allclose(probs[0], expected, rtol=1e-5)
    hot = tmp_path / "hot"
    hot.mkdir()
    build_model(hot, temperature=2.0)
    minilm.load.cache_clear()
    cooled = minilm.MiniLMStanceClassifier(hot).probabilities(PAIRS[0])
    np.testing.assert_allclose(
        cooled, np.exp([4, 0, 0]) / np.exp([4, 0, 0]).sum(), rtol=1e-5
    )


def test_batching_by_length_keeps_each_pair_its_own_answer(classifier):
    mixed = PAIRS + [Pair("no " * 40, "x"), Pair("yes", "y " * 40)]
    together = classifier.probabilities_batch(mixed)
    alone = np.array([classifier.probabilities(p) for p in mixed])
    np.testing.assert_allclose(together, alone, atol=1e-6)
    np.testing.assert_allclose(
        together, classifier.probabilities_batch(mixed[::-1])[::-1], atol=1e-6
    )


def test_long_texts_are_cut_to_the_model_length(classifier):
    # 16 word pieces at most: the parent is cut first ("longest first").
    [p] = classifier.probabilities_batch([Pair("yes " * 5, "the " * 500)])
    assert p.argmax() == 2


def test_evidence_names_the_model_and_the_linear_model_when_it_agrees(classifier):
    [rebut, agree, *_] = classifier.predict(PAIRS)
    assert rebut.evidence.startswith("model: rebuts 1.00 (MiniLM cross-encoder)")
    assert "linear model agrees" in rebut.evidence
    assert agree.confidence > 0.99


def test_an_empty_batch_is_no_work(classifier):
    assert classifier.predict([]) == []


def test_without_a_trained_artefact_the_name_says_how_to_get_one():
    if (minilm.ARTEFACT_DIR / minilm.MODEL_FILE).is_file():
        pytest.skip("a trained artefact is installed here")
    with pytest.raises(InputError, match="ships no trained model: train one"):
        get_classifier(minilm.NAME)


def test_a_model_folder_you_trained_is_passed_as_configuration(tmp_path):
    minilm.load.cache_clear()
    clf = get_classifier(minilm.NAME, model=build_model(tmp_path))
    assert [p.label for p in clf.predict(PAIRS[:2])] == ["rebuts", "supports"]
