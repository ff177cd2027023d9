import pytest

from argmap.errors import InputError
from argmap.relate import get_classifier
from argmap.relate.base import Pair, RelationClassifier
from argmap.relate.cues import CueWordClassifier


@pytest.fixture
def clf():
    return CueWordClassifier()


@pytest.mark.parametrize("text, label, cue", [
    ("I don't think that follows at all.", "rebuts", "i don't think"),
    ("No, that's wrong: the benchmark was rigged.", "rebuts", "that's wrong"),
    ("I agree, and the numbers back it up.", "supports", "i agree"),
    ("No doubt, the tooling got much better.", "supports", "no doubt"),
    ("You're not wrong about the licence.", "supports", "not wrong"),
    ("What do you mean by open here?", "questions", "what do you mean"),
])
def test_cues_decide_the_label(clf, text, label, cue):
    prediction = clf.predict_one(Pair(text, "parent text"))
    assert prediction.label == label
    assert cue in prediction.evidence.lower()
    assert 0.0 <= prediction.confidence <= 1.0


def test_no_cue_is_neutral(clf):
    prediction = clf.predict_one(Pair("The release notes list three changes.", "parent"))
    assert prediction.label == "neutral"
    assert prediction.evidence == "no stance cue found"


def test_question_claims_question(clf):
    assert clf.predict_one(Pair("Is that measured?", "x", "question")).label == "questions"


def test_registry_builds_the_baseline():
    clf = get_classifier("argmap.cue_words.v1")
    assert isinstance(clf, RelationClassifier)
    assert clf.name == "argmap.cue_words.v1"


def test_unknown_classifier_lists_choices():
    with pytest.raises(InputError, match="Available: .*argmap.cue_words.v1"):
        get_classifier("argmap.nope.v9")


def test_configuration_reaches_the_factory():
    strict = get_classifier("argmap.cue_words.v1", min_score=0.99)
    assert strict.min_score == 0.99


def test_an_unknown_setting_is_an_input_error_naming_it():
    with pytest.raises(InputError, match="has no setting colour .*min_score"):
        get_classifier("argmap.cue_words.v1", colour="red")
