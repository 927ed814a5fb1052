"""Fits the scikit-learn models of the import suite (test/integration/sklearn-import.test.ts) on the project's
demo data and writes them, with scikit-learn's own scores of the texts on stdin, into the folder given.

Usage: python sklearn_models.py OUT_DIR < texts.json > expected.json

expected.json: {model: {"labels": [...], "decisions": [[per text] per label] | null,
"probabilities": [[per text] per label] | null}} for the models the suite imports, and the refused files.
"""

import csv
import json
import operator
import os
import sys

import joblib
import numpy as np
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
from sklearn.multiclass import OneVsRestClassifier
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def rows():
    with open(os.path.join(ROOT, "data", "demo", "comments.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def column(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def main(out_dir):
    texts = json.load(sys.stdin)
    data = rows()
    X = [r["comment_text"] for r in data]
    y = np.array([int(r["toxic"]) for r in data])
    Y = np.array([[int(r[label]) for label in LABELS] for r in data])
    # Three classes (none, toxic, toxic and insult), for the refused multi-class model.
    y3 = np.array([int(r["toxic"]) + int(r["insult"]) for r in data])
    expected = {}

    def path(name):
        return os.path.join(out_dir, name)

    # The original system's pipeline, with its hyper-parameters, pickled as it ships (svm_model.pkl).
    original = Pipeline([
        ("tfidf", TfidfVectorizer(max_features=10000, ngram_range=(1, 2), min_df=2, max_df=0.95,
                                  strip_accents="ascii", lowercase=True, stop_words="english")),
        ("svm", LinearSVC(class_weight="balanced", max_iter=10000)),
    ]).fit(X, y)
    joblib.dump(original, path("svm_model.pkl"))
    sio.dump(original, path("svm_model.skops"))
    expected["original"] = {"labels": ["toxic"], "decisions": [column(original.decision_function(texts))],
                            "probabilities": None}

    # alt-profanity-check's recipe: a vectorizer file and a 5-fold sigmoid-calibrated LinearSVC file.
    vectorizer = TfidfVectorizer(stop_words="english", min_df=0.0001).fit(X)
    calibrated = CalibratedClassifierCV(LinearSVC(class_weight="balanced", dual=False, tol=1e-2), cv=5,
                                        method="sigmoid").fit(vectorizer.transform(X), y)
    joblib.dump(vectorizer, path("vectorizer.joblib"))
    joblib.dump(calibrated, path("model.joblib"))
    expected["calibrated"] = {"labels": ["toxic"], "decisions": None,
                              "probabilities": [column(calibrated.predict_proba(vectorizer.transform(texts))[:, 1])]}

    # Character n-grams within words, isotonic calibration over 3 folds of a logistic regression.
    isotonic = Pipeline([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
        ("cal", CalibratedClassifierCV(LogisticRegression(max_iter=1000), cv=3, method="isotonic")),
    ]).fit(X, y)
    sio.dump(isotonic, path("isotonic.skops"))
    expected["isotonic"] = {"labels": ["toxic"], "decisions": None,
                            "probabilities": [column(isotonic.predict_proba(texts)[:, 1])]}

    # Multi-label one-vs-rest: CountVectorizer + TfidfTransformer + one LinearSVC per label.
    ovr = Pipeline([
        ("counts", CountVectorizer(ngram_range=(1, 2))),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ("ovr", OneVsRestClassifier(LinearSVC())),
    ]).fit(X, Y)
    sio.dump(ovr, path("ovr.skops"))
    d = ovr.decision_function(texts)
    expected["ovr"] = {"labels": LABELS, "decisions": [column(d[:, k]) for k in range(len(LABELS))],
                       "probabilities": None}

    # Hashed character n-grams (MurmurHash3 on non-ASCII text too), one modified-Huber SGD per output.
    hashed = Pipeline([
        ("hash", HashingVectorizer(analyzer="char", ngram_range=(3, 5), n_features=2**14)),
        ("multi", MultiOutputClassifier(SGDClassifier(loss="modified_huber", random_state=0))),
    ]).fit(X, Y[:, [0, 4]])
    sio.dump(hashed, path("hashed.skops"))
    H = hashed[:-1].transform(texts)
    ests = hashed[-1].estimators_
    expected["hashed"] = {"labels": ["toxic", "insult"], "decisions": [column(e.decision_function(H)) for e in ests],
                          "probabilities": [column(e.predict_proba(H)[:, 1]) for e in ests]}

    # A word-hashing ridge classifier, as a (vectorizer, classifier) pair in one file.
    hv = HashingVectorizer(ngram_range=(1, 2), n_features=2**16, stop_words="english", alternate_sign=False)
    ridge = RidgeClassifier().fit(hv.transform(X), y)
    joblib.dump((hv, ridge), path("ridge-pair.joblib"))
    expected["ridge"] = {"labels": ["toxic"], "decisions": [column(ridge.decision_function(hv.transform(texts)))],
                         "probabilities": None}

    # Refused kinds.
    sio.dump(Pipeline([("t", TfidfVectorizer()), ("svd", TruncatedSVD(5, random_state=0)),
                       ("lr", LogisticRegression())]).fit(X, y), path("svd.skops"))
    joblib.dump(Pipeline([("t", TfidfVectorizer()), ("rf", RandomForestClassifier(n_estimators=3, random_state=0))])
                .fit(X, y), path("forest.joblib"))
    joblib.dump(Pipeline([("t", TfidfVectorizer()), ("svm", LinearSVC())]).fit(X, y3), path("multiclass.joblib"))
    joblib.dump(Pipeline([("t", TfidfVectorizer(tokenizer=str.split, token_pattern=None)), ("svm", LinearSVC())])
                .fit(X, y), path("tokenizer.joblib"))
    joblib.dump(Pipeline([("h", HashingVectorizer()), ("t", TfidfTransformer()), ("svm", LinearSVC())]).fit(X, y),
                path("hashing-tfidf.joblib"))
    # A function reference, which skops does not trust: refused before anything is loaded.
    sio.dump(Pipeline([("t", TfidfVectorizer()), ("neg", FunctionTransformer(operator.neg)), ("svm", LinearSVC())])
             .fit(X, y), path("function.skops"))
    json.dump(expected, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
