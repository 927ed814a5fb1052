"""Describe a fitted scikit-learn text classifier as JSON, for `toxicity import sklearn`.

Usage:
  python sklearn_export.py MODEL [CLASSIFIER] [--allow-pickle] [--supported-sklearn MIN,MAX] < texts.json > out.json

MODEL is a skops file (.skops), or with --allow-pickle a pickle or joblib file, holding a Pipeline, a
(vectorizer, classifier) pair, or a vectorizer alone when CLASSIFIER names a second file with the classifier.
stdin holds a JSON list of texts; the description carries scikit-learn's own scores for them (and for texts
made from the model's vocabulary), so the caller can prove the conversion gives the same numbers.

Why pickles need a flag: loading a pickle or joblib file runs whatever code the file names, so a model from
someone else can take over the machine. skops files are loaded without running code, and only the types
this converter supports are trusted.

Every supported piece is matched by its exact type (a subclass may change how it scores); anything else is
refused with its name, never approximated. Exit status: 0 described, 2 refused or bad input, 3 missing
Python packages.
"""

import argparse
import hashlib
import json
import math
import os
import sys

REFUSED = 2
MISSING = 3


class Refused(Exception):
    """The model holds something this converter does not support, or the input is wrong."""


def fail(status, message):
    sys.stderr.write(message + "\n")
    sys.exit(status)


try:
    import numpy as np
    import scipy.sparse as sp
    import sklearn
except ImportError as err:  # pragma: no cover - depends on the user's Python
    fail(
        MISSING,
        f"this Python ({sys.executable}) cannot import {err.name!r}: install scikit-learn "
        "(e.g. `python -m pip install scikit-learn skops`) or pass --python with one that has it",
    )


def minor(version):
    """(major, minor) of a version such as 1.7.2, 1.8.dev0 or 1.4.1.post1; None when it has none."""
    parts = version.split(".")
    try:
        return int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()) or "x")
    except (IndexError, ValueError):
        return None


def check_version(supported):
    """Refuses a scikit-learn outside the range the caller supports ("1.5,1.9", minors inclusive), before the
    private types below are imported: they differ between minors."""
    lo, hi = (minor(v) for v in supported.split(","))
    found = minor(sklearn.__version__)
    if found is None or not lo <= found <= hi:
        fail(REFUSED, f"scikit-learn {sklearn.__version__} (in {sys.executable}) is not supported: the converter "
             f"supports {lo[0]}.{lo[1]} to {hi[0]}.{hi[1]}; fit or load the model with one of those "
             f"(e.g. `python -m pip install \"scikit-learn>={lo[0]}.{lo[1]},<{hi[0]}.{hi[1] + 1}\"`)")


if "--supported-sklearn" in sys.argv[1:-1]:
    check_version(sys.argv[sys.argv.index("--supported-sklearn") + 1])

try:
    from sklearn.calibration import CalibratedClassifierCV, _CalibratedClassifier, _SigmoidCalibration
    from sklearn.feature_extraction.text import (
        ENGLISH_STOP_WORDS,
        CountVectorizer,
        HashingVectorizer,
        TfidfTransformer,
        TfidfVectorizer,
    )
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.multioutput import MultiOutputClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC
except ImportError as err:  # pragma: no cover - depends on the user's Python
    fail(REFUSED, f"scikit-learn {sklearn.__version__} lacks {err.name!r}, which the converter reads: it is not a "
         "supported version")

try:
    from sklearn.frozen import FrozenEstimator
except ImportError:  # scikit-learn < 1.6
    FrozenEstimator = None

LINEAR = (LinearSVC, LogisticRegression, SGDClassifier, RidgeClassifier)
VECTORIZERS = (TfidfVectorizer, CountVectorizer, HashingVectorizer)
SUPPORTED = [
    Pipeline,
    TfidfVectorizer,
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    *LINEAR,
    OneVsRestClassifier,
    MultiOutputClassifier,
    CalibratedClassifierCV,
    _CalibratedClassifier,
    _SigmoidCalibration,
    IsotonicRegression,
] + ([FrozenEstimator] if FrozenEstimator is not None else [])
# Helpers these estimators hold once fitted (skops lists them as types to trust).
SUPPORTED_NAMES = {f"{t.__module__}.{t.__qualname__}" for t in SUPPORTED} | {
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.preprocessing._label.LabelEncoder",
    "builtins.frozenset",
}


def name_of(obj):
    return type(obj).__qualname__


def qualified(obj):
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def exact(obj, types):
    return any(type(obj) is t for t in types)


# ---------------------------------------------------------------- loading


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def is_skops(path):
    with open(path, "rb") as f:
        head = f.read(4)
    return head == b"PK\x03\x04" and path.endswith(".skops")


def load(path, allow_pickle):
    if not os.path.isfile(path):
        raise Refused(f"{path}: no such file")
    if is_skops(path):
        try:
            import skops.io as sio
        except ImportError:
            fail(MISSING, f"{path} is a skops file but this Python ({sys.executable}) has no skops: "
                 "install it (`python -m pip install skops`)")
        untrusted = sio.get_untrusted_types(file=path)
        unknown = sorted(t for t in untrusted if t not in SUPPORTED_NAMES)
        if unknown:
            raise Refused(f"{path}: unsupported type(s) in the skops file, not loaded: {', '.join(unknown)}")
        return sio.load(path, trusted=untrusted), "skops"
    if not allow_pickle:
        raise Refused(
            f"{path} is not a skops file; loading a pickle or joblib file runs any code it names, so it is "
            "refused unless you pass --allow-pickle (do so only for files you trust, e.g. your own), or "
            "convert it with skops.io.dump first"
        )
    import joblib  # joblib also reads plain pickles

    return joblib.load(path), "pickle"


# ---------------------------------------------------------------- vectorizers


def check_analyzer_options(v, where):
    if v.input != "content":
        raise Refused(f"{where}: input={v.input!r} is not supported (only 'content')")
    if callable(v.analyzer):
        raise Refused(f"{where}: a custom analyzer function is not supported")
    if v.analyzer not in ("word", "char", "char_wb"):
        raise Refused(f"{where}: analyzer={v.analyzer!r} is not supported")
    if v.preprocessor is not None:
        raise Refused(f"{where}: a custom preprocessor is not supported")
    if v.analyzer == "word":
        if v.tokenizer is not None:
            raise Refused(f"{where}: a custom tokenizer is not supported")
        if v.token_pattern is None:
            raise Refused(f"{where}: token_pattern=None (a custom tokenizer) is not supported")
    if callable(v.strip_accents) or v.strip_accents not in (None, "ascii", "unicode"):
        raise Refused(f"{where}: strip_accents={v.strip_accents!r} is not supported")
    stop = v.stop_words
    if v.analyzer != "word" or stop is None:
        stop_words = None
    elif isinstance(stop, str):
        if stop != "english":
            raise Refused(f"{where}: stop_words={stop!r} is not supported (only 'english' or a list)")
        stop_words = sorted(ENGLISH_STOP_WORDS)
    else:
        stop_words = sorted({str(w) for w in stop})
    lo, hi = v.ngram_range
    return {
        "analyzer": v.analyzer,
        "lowercase": bool(v.lowercase),
        "stripAccents": v.strip_accents,
        "tokenPattern": v.token_pattern if v.analyzer == "word" else r"(?u)\b\w\w+\b",
        "stopWords": stop_words,
        "ngramRange": [int(lo), int(hi)],
    }


def check_norm(norm, where):
    if norm not in (None, "l1", "l2"):
        raise Refused(f"{where}: norm={norm!r} is not supported")
    return norm


def vocabulary_of(v, where):
    vocab = v.vocabulary_
    terms = [None] * len(vocab)
    for term, j in vocab.items():
        terms[int(j)] = str(term)
    if any(t is None for t in terms):
        raise Refused(f"{where}: vocabulary_ indices are not 0..{len(vocab) - 1}")
    return terms


def floats(values, where):
    out = [float(x) for x in np.asarray(values, dtype=np.float64).ravel()]
    if not all(math.isfinite(x) for x in out):
        raise Refused(f"{where}: holds a NaN or infinite number")
    return out


def describe_vectorizer(steps):
    """steps: the transformers in order (a vectorizer, optionally followed by a TfidfTransformer)."""
    first = steps[0]
    where = name_of(first)
    if not exact(first, VECTORIZERS):
        raise Refused(f"{where}: unsupported text vectorizer (supported: TfidfVectorizer, CountVectorizer, "
                      "HashingVectorizer, each optionally followed by TfidfTransformer for CountVectorizer)")
    rest = steps[1:]
    for extra in rest[1:] if exact(first, (CountVectorizer,)) else rest:
        raise Refused(f"{name_of(extra)}: unsupported step after {where}")
    preprocessing = check_analyzer_options(first, where)
    if exact(first, (HashingVectorizer,)):
        spec = {
            "type": "hashing",
            "nFeatures": int(first.n_features),
            "alternateSign": bool(first.alternate_sign),
            "norm": check_norm(first.norm, where),
            "binary": bool(first.binary),
        }
        return preprocessing, spec, first.n_features
    vocabulary = vocabulary_of(first, where)
    if exact(first, (TfidfVectorizer,)):
        transformer = first
        sublinear, norm = first.sublinear_tf, first.norm
    elif rest:
        transformer = rest[0]
        if not exact(transformer, (TfidfTransformer,)):
            raise Refused(f"{name_of(transformer)}: unsupported step after {where}")
        sublinear, norm = transformer.sublinear_tf, transformer.norm
    else:
        transformer, sublinear, norm = None, False, None
    idf = None
    if transformer is not None and transformer.use_idf:
        idf = floats(transformer.idf_, f"{name_of(transformer)}.idf_")
        if len(idf) != len(vocabulary):
            raise Refused(f"{name_of(transformer)}: idf_ has {len(idf)} entries, the vocabulary {len(vocabulary)}")
    spec = {
        "type": "tfidf",
        "vocabulary": vocabulary,
        "idf": idf,
        "norm": check_norm(norm, name_of(transformer) if transformer is not None else where),
        "sublinearTf": bool(sublinear),
        "binary": bool(first.binary),
    }
    return preprocessing, spec, len(vocabulary)


# ---------------------------------------------------------------- classifiers


def unwrap_frozen(est):
    if FrozenEstimator is not None and type(est) is FrozenEstimator:
        return est.estimator
    return est


def linear_parts(est, width, where):
    """coef, intercept and the probability rule of one fitted binary linear classifier."""
    est = unwrap_frozen(est)
    if not exact(est, LINEAR):
        raise Refused(f"{where}: {name_of(est)} is not a supported classifier (supported: "
                      "LinearSVC, LogisticRegression, SGDClassifier, RidgeClassifier, CalibratedClassifierCV, "
                      "OneVsRestClassifier, MultiOutputClassifier)")
    classes = getattr(est, "classes_", None)
    if classes is None or len(classes) != 2:
        count = 0 if classes is None else len(classes)
        raise Refused(f"{where}: {name_of(est)} has {count} classes; only binary classifiers (or one binary "
                      "classifier per label) are supported, multi-class single-label models are not")
    coef = np.asarray(est.coef_)
    if sp.issparse(coef):
        coef = coef.toarray()
    if coef.ndim == 1:  # RidgeClassifier keeps a binary problem's weights as one row
        coef = coef.reshape(1, -1)
    if coef.shape != (1, width):
        raise Refused(f"{where}: {name_of(est)}.coef_ has shape {coef.shape}, expected (1, {width})")
    intercept = np.asarray(est.intercept_, dtype=np.float64).ravel()
    calibration = None
    if type(est) is LogisticRegression:
        calibration = {"a": -1.0, "b": 0.0}  # predict_proba = expit(decision)
    elif type(est) is SGDClassifier and est.loss == "log_loss":
        calibration = {"a": -1.0, "b": 0.0}
    elif type(est) is SGDClassifier and est.loss == "modified_huber":
        # (clip(decision, -1, 1) + 1) / 2: a line from (-1, 0) to (1, 1), clipped: isotonic form, exactly.
        calibration = {"kind": "isotonic", "x": [-1.0, 1.0], "y": [0.0, 1.0]}
    return {
        "coef": floats(coef[0], f"{where}.coef_"),
        "intercept": floats(intercept[:1], f"{where}.intercept_")[0] if intercept.size else 0.0,
        "calibration": calibration,
        "estimator": name_of(est),
    }, classes


def calibrator_of(cal, where):
    if type(cal) is _SigmoidCalibration:
        return {"a": float(cal.a_), "b": float(cal.b_)}
    if type(cal) is IsotonicRegression:
        if cal.out_of_bounds != "clip":
            raise Refused(f"{where}: IsotonicRegression with out_of_bounds={cal.out_of_bounds!r} is not supported")
        x = floats(cal.X_thresholds_, f"{where}.X_thresholds_")
        y = floats(cal.y_thresholds_, f"{where}.y_thresholds_")
        if any(b <= a for a, b in zip(x, x[1:])):
            raise Refused(f"{where}: IsotonicRegression thresholds are not strictly increasing")
        return {"kind": "isotonic", "x": x, "y": y}
    raise Refused(f"{where}: calibrator {name_of(cal)} is not supported (sigmoid or isotonic only)")


def head_of(est, width, where):
    """One label's head: a linear classifier, or a CalibratedClassifierCV ensemble of calibrated ones."""
    if type(est) is CalibratedClassifierCV:
        if len(est.classes_) != 2:
            raise Refused(f"{where}: CalibratedClassifierCV over {len(est.classes_)} classes; only binary is supported")
        members = []
        for i, cc in enumerate(est.calibrated_classifiers_):
            w = f"{where}.calibrated_classifiers_[{i}]"
            if type(cc) is not _CalibratedClassifier:
                raise Refused(f"{w}: {name_of(cc)} is not supported")
            if cc.method not in ("sigmoid", "isotonic"):
                raise Refused(f"{w}: calibration method {cc.method!r} is not supported (sigmoid or isotonic)")
            part, _ = linear_parts(cc.estimator, width, f"{w}.estimator")
            if len(cc.calibrators) != 1:
                raise Refused(f"{w}: {len(cc.calibrators)} calibrators; only binary is supported")
            members.append({
                "coef": part["coef"],
                "intercept": part["intercept"],
                "calibration": calibrator_of(cc.calibrators[0], f"{w}.calibrators[0]"),
            })
            base = part["estimator"]
        return {"members": members, "estimator": f"CalibratedClassifierCV({base}, {est.method}, {len(members)})"}, est.classes_
    part, classes = linear_parts(est, width, where)
    return part, classes


def label_text(value):
    return value if isinstance(value, str) else str(value.item() if hasattr(value, "item") else value)


def describe_classifier(clf, width):
    where = name_of(clf)
    if type(clf) is OneVsRestClassifier:
        kind = getattr(clf.label_binarizer_, "y_type_", None)
        if kind == "binary":
            head, classes = head_of(clf.estimators_[0], width, f"{where}.estimators_[0]")
            return [head], [label_text(classes[1])], False, f"OneVsRestClassifier({head['estimator']})"
        if kind != "multilabel-indicator":
            raise Refused(f"{where}: fitted on a {kind} target; only multi-label (or binary) targets are supported")
        heads = []
        for i, est in enumerate(clf.estimators_):
            head, _ = head_of(est, width, f"{where}.estimators_[{i}]")
            heads.append(head)
        labels = [label_text(c) for c in clf.classes_]
        if all(label.isdigit() for label in labels):
            labels = [f"label_{label}" for label in labels]
        return heads, labels, True, f"OneVsRestClassifier({heads[0]['estimator']})"
    if type(clf) is MultiOutputClassifier:
        heads = []
        for i, est in enumerate(clf.estimators_):
            head, _ = head_of(est, width, f"{where}.estimators_[{i}]")
            heads.append(head)
        return heads, [f"output_{i}" for i in range(len(heads))], True, f"MultiOutputClassifier({heads[0]['estimator']})"
    head, classes = head_of(clf, width, where)
    positive = classes[1]
    label = positive if isinstance(positive, str) else "toxic"
    return [head], [label], False, head["estimator"]


# ---------------------------------------------------------------- the whole model


def split_model(objects):
    """Returns (transformer steps, classifier) from the loaded object(s)."""
    if len(objects) == 2:
        return [objects[0]], objects[1]
    obj = objects[0]
    if isinstance(obj, (tuple, list)) and len(obj) == 2:
        return [obj[0]], obj[1]
    if isinstance(obj, dict) and len(obj) == 2:
        vec = [o for o in obj.values() if exact(o, VECTORIZERS)]
        clf = [o for o in obj.values() if not exact(o, VECTORIZERS)]
        if len(vec) == 1 and len(clf) == 1:
            return vec, clf[0]
    if type(obj) is Pipeline:
        steps = [s for _, s in obj.steps if s is not None and s != "passthrough"]
        if len(steps) < 2:
            raise Refused("Pipeline: needs a vectorizer and a classifier")
        for step in steps[:-1]:
            if not exact(step, VECTORIZERS + (TfidfTransformer,)):
                raise Refused(f"{name_of(step)}: unsupported Pipeline step ({qualified(step)})")
        return steps[:-1], steps[-1]
    if exact(obj, VECTORIZERS):
        raise Refused(f"{name_of(obj)}: a vectorizer alone; give the classifier as a second file")
    raise Refused(f"{name_of(obj)}: unsupported model ({qualified(obj)}); expected a Pipeline, a "
                  "(vectorizer, classifier) pair, or a vectorizer file and a classifier file")


def transform(steps, texts):
    X = texts
    for step in steps:
        X = step.transform(X)
    return X


def vocabulary_texts(spec, count=40, words=12):
    """Texts made from the model's own terms, so every head sees non-trivial decision values."""
    if spec["type"] != "tfidf":
        return []
    vocab = spec["vocabulary"]
    stride = max(1, len(vocab) // (count * words))
    picked = vocab[::stride][: count * words]
    return [" ".join(picked[i : i + words]) for i in range(0, len(picked), words)]


def scores(clf, heads, X):
    """scikit-learn's own decision values and probabilities, per text and head (None where it has none)."""
    n = X.shape[0]

    def column(values):
        return [float(v) for v in np.asarray(values, dtype=np.float64).reshape(n)]

    def one(est):
        est_u = unwrap_frozen(est)
        decision = None if type(est_u) is CalibratedClassifierCV else column(est_u.decision_function(X))
        proba = None
        if hasattr(est_u, "predict_proba") and (type(est_u) is not SGDClassifier or est_u.loss in ("log_loss", "modified_huber")):
            proba = column(est_u.predict_proba(X)[:, 1])
        return decision, proba

    if type(clf) is OneVsRestClassifier or type(clf) is MultiOutputClassifier:
        ests = clf.estimators_ if len(heads) > 1 else clf.estimators_[:1]
        pairs = [one(e) for e in ests]
    else:
        pairs = [one(clf)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def describe(paths, allow_pickle, texts):
    loaded = [load(p, allow_pickle) for p in paths]
    objects = [o for o, _ in loaded]
    steps, clf = split_model(objects)
    preprocessing, vectorizer, width = describe_vectorizer(steps)
    heads, labels, multilabel, estimator = describe_classifier(clf, width)
    check_texts = list(texts) + vocabulary_texts(vectorizer)
    X = transform(steps, check_texts)
    decisions, probabilities = scores(clf, heads, X)
    return {
        "source": {
            "files": [{"name": os.path.basename(p), "hash": sha256(p), "format": fmt} for p, (_, fmt) in zip(paths, loaded)],
            "sklearnVersion": sklearn.__version__,
            "estimator": f"{' + '.join(name_of(s) for s in steps)} + {estimator}",
        },
        "labels": labels,
        "multilabel": multilabel,
        "preprocessing": preprocessing,
        "vectorizer": vectorizer,
        "heads": [{k: v for k, v in h.items() if k != "estimator"} for h in heads],
        "check": {"texts": check_texts, "decisions": decisions, "probabilities": probabilities},
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="skops file (or pickle/joblib with --allow-pickle)")
    parser.add_argument("classifier", nargs="?", help="the classifier, when MODEL holds only the vectorizer")
    parser.add_argument("--supported-sklearn", metavar="MIN,MAX",
                        help="refuse a scikit-learn outside these minors (checked before anything is loaded)")
    parser.add_argument("--allow-pickle", action="store_true",
                        help="load pickle/joblib files: this runs any code they name, so only for trusted files")
    args = parser.parse_args(argv)
    try:
        texts = json.load(sys.stdin)
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise Refused("stdin: expected a JSON list of texts")
        paths = [args.model] + ([args.classifier] if args.classifier else [])
        out = describe(paths, args.allow_pickle, texts)
    except Refused as err:
        fail(REFUSED, str(err))
    json.dump(out, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
