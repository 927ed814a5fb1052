"""scikit-learn reference for the parity suite (test/integration/sklearn-parity.test.ts).

Reads one JSON request on stdin, runs scikit-learn on it and writes one JSON answer on stdout.
Run with the project venv made by scripts/setup-python.sh (.venv/bin/python).

Requests ("task"):
  versions  -> versions of scikit-learn, numpy, scipy
  tfidf     -> {docs, params}: TfidfVectorizer(**params).fit_transform(docs): vocabulary, document
               frequencies, idf, the CSR matrix, and the max_features tie situation at the cut
  hashing   -> {docs, params}: HashingVectorizer(**params).transform(docs) as CSR
  svm       -> {docs, labels, train, test, tfidf, svm}: TF-IDF fitted on the train documents, then
               LinearSVC(dual=True, **svm) fitted on the train rows; test accuracy, n_iter_, coef, intercept
               and the primal objective of the fitted model on the train rows
  metrics   -> {y_true, scores}: roc_auc_score, average_precision_score
  export    -> {docs, labels, train, test, tfidf, svm}: a fitted TfidfVectorizer + LinearSVC as a model
               artifact holds them, and decision_function on the test documents

min_df / max_df are passed as {"count": n} or {"fraction": f} because JSON cannot tell 1 from 1.0,
which scikit-learn reads differently (documents vs fraction of documents).
"""

import json
import sys

import numpy as np
import scipy
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.svm import LinearSVC


def df_param(value):
    if isinstance(value, dict):
        if "count" in value:
            return int(value["count"])
        return float(value["fraction"])
    return value


def vectorizer_params(params):
    out = dict(params)
    for key in ("min_df", "max_df"):
        if key in out:
            out[key] = df_param(out[key])
    if "ngram_range" in out:
        out["ngram_range"] = tuple(out["ngram_range"])
    return out


def csr(matrix):
    matrix = matrix.tocsr()
    matrix.sort_indices()
    return {
        "rows": int(matrix.shape[0]),
        "cols": int(matrix.shape[1]),
        "indptr": matrix.indptr.tolist(),
        "indices": matrix.indices.tolist(),
        "data": matrix.data.tolist(),
    }


def tfidf(request):
    params = vectorizer_params(request["params"])
    vectorizer = TfidfVectorizer(**params)
    matrix = vectorizer.fit_transform(request["docs"]).tocsr()
    vocabulary = vectorizer.get_feature_names_out().tolist()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    answer = {
        "vocabulary": vocabulary,
        "df": df.tolist(),
        "idf": vectorizer.idf_.tolist() if params.get("use_idf", True) else None,
        "matrix": csr(matrix) if request.get("matrix", True) else None,
    }
    limit = params.get("max_features")
    if limit is not None:
        answer["cut"] = max_features_cut(request["docs"], params, limit)
    return answer


def max_features_cut(docs, params, limit):
    """How max_features cut the vocabulary, and what a stable sort would have kept.

    scikit-learn keeps the `limit` terms of highest corpus frequency with numpy's default argsort, which
    is not stable (its order among equal frequencies depends on the CPU's SIMD sort). This redoes the cut
    with a stable argsort (ties: lower column, i.e. earlier in code-point order, first) and lists the
    terms whose frequency equals the frequency at the cut, the only ones the two can disagree on.
    """
    unpruned = CountVectorizer(**{k: v for k, v in params.items() if k in ANALYZER_PARAMS})
    counts = unpruned.fit_transform(docs).tocsr()
    terms = unpruned.get_feature_names_out()
    n_doc = counts.shape[0]
    max_df = params.get("max_df", 1.0)
    min_df = params.get("min_df", 1)
    high = max_df if isinstance(max_df, int) else max_df * n_doc
    low = min_df if isinstance(min_df, int) else min_df * n_doc
    dfs = np.bincount(counts.indices, minlength=counts.shape[1])
    mask = (dfs <= high) & (dfs >= low)
    tfs = np.asarray(counts.sum(axis=0)).ravel()
    if mask.sum() <= limit:
        return None
    candidates = np.where(mask)[0]
    order = (-tfs[candidates]).argsort(kind="stable")
    kept = np.sort(candidates[order[:limit]])
    cut_tf = tfs[candidates[order[limit - 1]]]
    tied = candidates[tfs[candidates] == cut_tf]
    return {
        "stable_vocabulary": terms[kept].tolist(),
        "tf_at_cut": int(cut_tf),
        "tied_terms": terms[tied].tolist(),
        "tie_at_cut": bool(tfs[candidates[order[limit]]] == cut_tf),
    }


ANALYZER_PARAMS = ("lowercase", "strip_accents", "token_pattern", "stop_words", "ngram_range")


def hashing(request):
    params = vectorizer_params(request["params"])
    matrix = HashingVectorizer(**params).transform(request["docs"])
    return {"matrix": csr(matrix)}


def svm(request):
    docs = request["docs"]
    labels = np.asarray(request["labels"])
    train = np.asarray(request["train"])
    test = np.asarray(request["test"])
    vectorizer = TfidfVectorizer(**vectorizer_params(request["tfidf"]))
    x_train = vectorizer.fit_transform([docs[i] for i in train])
    x_test = vectorizer.transform([docs[i] for i in test])
    y_train = labels[train]
    y_test = labels[test]
    params = dict(request["svm"])
    model = LinearSVC(dual=True, **params)
    model.fit(x_train, y_train)
    accuracy = float((model.predict(x_test) == y_test).mean())
    # Primal objective of liblinear's problem (bias as a regularized feature of value intercept_scaling):
    # 0.5 * (|w|^2 + b^2) + sum_i C_i * loss_i, loss = hinge (l1) or squared hinge (l2).
    coef = model.coef_.ravel()
    scaling = params.get("intercept_scaling", 1.0)
    w_bias = model.intercept_[0] / scaling if params.get("fit_intercept", True) else 0.0
    signs = np.where(y_train == model.classes_[1], 1.0, -1.0)
    margins = 1.0 - signs * model.decision_function(x_train)
    slack = np.maximum(margins, 0.0)
    loss = slack if params.get("loss", "squared_hinge") == "hinge" else slack**2
    c = params.get("C", 1.0)
    weights = np.ones(len(y_train))
    class_weight = params.get("class_weight")
    if class_weight == "balanced":
        classes, counts = np.unique(y_train, return_counts=True)
        per_class = len(y_train) / (len(classes) * counts)
        weights = per_class[np.searchsorted(classes, y_train)]
    primal = 0.5 * (coef @ coef + w_bias * w_bias) + float(np.sum(c * weights * loss))
    return {
        "accuracy": accuracy,
        "n_iter": int(np.max(model.n_iter_)),
        "primal": float(primal),
        "coef": coef.tolist(),
        "intercept": float(model.intercept_[0]),
        "n_features": int(x_train.shape[1]),
    }


def export(request):
    """Fits TfidfVectorizer + LinearSVC on the train documents and returns what a model artifact holds
    (vocabulary in column order, idf, coef, intercept) with decision_function on the test documents."""
    docs = request["docs"]
    labels = np.asarray(request["labels"])
    train = np.asarray(request["train"])
    test = np.asarray(request["test"])
    vectorizer = TfidfVectorizer(**vectorizer_params(request["tfidf"]))
    x_train = vectorizer.fit_transform([docs[i] for i in train])
    model = LinearSVC(dual=True, **request["svm"]).fit(x_train, labels[train])
    decisions = model.decision_function(vectorizer.transform([docs[i] for i in test]))
    return {
        "vocabulary": vectorizer.get_feature_names_out().tolist(),
        "idf": vectorizer.idf_.tolist(),
        "coef": model.coef_.ravel().tolist(),
        "intercept": float(model.intercept_[0]),
        "decisions": decisions.tolist(),
    }


def metrics(request):
    y_true = np.asarray(request["y_true"])
    scores = np.asarray(request["scores"], dtype=float)
    return {
        "roc_auc": float(roc_auc_score(y_true, scores)),
        "average_precision": float(average_precision_score(y_true, scores)),
    }


def main():
    request = json.load(sys.stdin)
    task = request.get("task")
    if task == "versions":
        answer = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
    elif task == "tfidf":
        answer = tfidf(request)
    elif task == "hashing":
        answer = hashing(request)
    elif task == "svm":
        answer = svm(request)
    elif task == "metrics":
        answer = metrics(request)
    elif task == "export":
        answer = export(request)
    else:
        raise SystemExit(f"unknown task {task!r}")
    json.dump(answer, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
