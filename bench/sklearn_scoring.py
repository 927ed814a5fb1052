"""scikit-learn side of bench/sklearn-import.ts: fits the original system's pipeline and an
alt-profanity-check-style calibrated ensemble on the demo data, saves them as skops files into OUT_DIR, and
times scikit-learn scoring the texts on stdin in this process (batches of all texts, and one text per call).

Usage: python sklearn_scoring.py OUT_DIR SECONDS < texts.json > timings.json
"""

import csv
import json
import os
import sys
import time

import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

ROOT = os.path.join(os.path.dirname(__file__), "..")


def rate(fn, count, seconds):
    """Texts per second of fn (which scores `count` texts), repeated for at least `seconds`."""
    fn()  # warm-up
    done, start = 0, time.perf_counter()
    while True:
        fn()
        done += count
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main(out_dir, seconds):
    texts = json.load(sys.stdin)
    with open(os.path.join(ROOT, "data", "demo", "comments.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    X = [r["comment_text"] for r in rows]
    y = [int(r["toxic"]) for r in rows]
    models = {
        "original": (Pipeline([
            ("tfidf", TfidfVectorizer(max_features=10000, ngram_range=(1, 2), min_df=2, max_df=0.95,
                                      strip_accents="ascii", lowercase=True, stop_words="english")),
            ("svm", LinearSVC(class_weight="balanced", max_iter=10000)),
        ]).fit(X, y), "decision_function"),
        "calibrated": (Pipeline([
            ("tfidf", TfidfVectorizer(stop_words="english", min_df=0.0001)),
            ("cal", CalibratedClassifierCV(LinearSVC(class_weight="balanced", dual=False, tol=1e-2), cv=5)),
        ]).fit(X, y), "predict_proba"),
    }
    out = {}
    for name, (model, method) in models.items():
        sio.dump(model, os.path.join(out_dir, f"{name}.skops"))
        score = getattr(model, method)
        out[name] = {
            "batch": rate(lambda: score(texts), len(texts), seconds),
            "single": rate(lambda: [score([t]) for t in texts[:100]], 100, seconds),
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
