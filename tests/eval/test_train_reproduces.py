"""`argmap train stance` rebuilds the model shipped in the package."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.relate.stance.model import ARTEFACT, LinearStanceModel
from tests.helpers import shared_path

pytest.importorskip("sklearn", reason="training needs the train extra (scikit-learn)")


@pytest.mark.slow
def test_training_reproduces_the_shipped_artefact(tmp_path):
    from argmap.train.linear import train_stance

    shared = shared_path("gold", "debagreement-partial", "dev.csv").parents[2]
    retrained, meta = train_stance(shared, tmp_path / "model.json.gz")
    shipped = LinearStanceModel.load(ARTEFACT)
    assert meta == shipped.meta
    assert retrained.vectorizer.vocabulary == shipped.vectorizer.vocabulary
    assert retrained.temperature == shipped.temperature
    # Same library versions give the same bytes; others may differ in the last digits.
    again = LinearStanceModel.load(tmp_path / "model.json.gz")
    np.testing.assert_allclose(again.coef, shipped.coef, atol=1e-3)
    np.testing.assert_allclose(again.intercept, shipped.intercept, atol=1e-3)


@pytest.mark.slow
def test_train_writes_beside_the_maps_not_into_the_package(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from argmap.cli import app

    shared = shared_path("gold", "debagreement-partial", "dev.csv").parents[2]
    before = ARTEFACT.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["train", "stance", "--data", str(shared)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "outputs" / "models" / ARTEFACT.name
    assert LinearStanceModel.load(written).meta == LinearStanceModel.load(ARTEFACT).meta
    assert ARTEFACT.read_bytes() == before
