"""Drives the model server's compatible endpoints with the published Python clients, unmodified.

    python compat_clients.py triton HOST:PORT TOKEN TEXT...   tritonclient[http] (binary and JSON tensors)
    python compat_clients.py mlflow HOST PORT TEXT...         MLflow's ScoringServerClient (token from $NETRC)

Prints one JSON document on stdout for the calling test to check.
"""
import json
import sys


def triton(url, token, texts):
    import numpy as np
    import tritonclient.http as httpclient

    headers = {"Authorization": f"Bearer {token}"}
    client = httpclient.InferenceServerClient(url=url)
    out = {
        "live": client.is_server_live(headers=headers),
        "ready": client.is_server_ready(headers=headers),
        "model_ready": client.is_model_ready("toxicity", headers=headers),
        "metadata": client.get_model_metadata("toxicity", headers=headers),
    }
    data = np.array([t.encode("utf-8") for t in texts], dtype=np.object_)
    for binary in (True, False):
        tensor = httpclient.InferInput("text", [len(texts)], "BYTES")
        tensor.set_data_from_numpy(data, binary_data=binary)
        # No outputs named: the client asks for every output in binary form.
        outputs = None if binary else [httpclient.InferRequestedOutput(n, binary_data=False) for n in ("probability", "decision", "predicted")]
        # A fresh headers dict per call: infer() adds Inference-Header-Content-Length to the one it is given.
        result = client.infer("toxicity", [tensor], outputs=outputs, headers=dict(headers), request_id="r1")
        out["binary" if binary else "json"] = {
            name: result.as_numpy(name).tolist() for name in ("probability", "decision", "predicted")
        }
    try:
        client.get_model_metadata("other", headers=headers)
        out["unknown_model_error"] = None
    except Exception as err:  # tritonclient raises InferenceServerException with the server's message
        out["unknown_model_error"] = str(err)
    print(json.dumps(out))


def mlflow(host, port, texts):
    import numpy as np
    import pandas as pd
    import requests
    from mlflow.pyfunc.scoring_server.client import ScoringServerClient

    client = ScoringServerClient(host, port)
    client.wait_server_ready(timeout=30)
    out = {"version": client.get_version()}
    frame = pd.DataFrame({"text": texts})
    # A DataFrame goes as dataframe_split, an array as inputs.
    out["dataframe"] = client.invoke(frame).get_predictions().to_dict(orient="records")
    out["inputs"] = client.invoke(np.array(texts)).get_predictions().to_dict(orient="records")
    # CSV as pandas writes it, through requests (credentials from $NETRC as well).
    response = requests.post(
        f"http://{host}:{port}/invocations",
        data=frame.to_csv(index=False),
        headers={"Content-Type": "text/csv"},
    )
    out["csv"] = response.json()["predictions"]
    print(json.dumps(out))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "triton":
        triton(args[0], args[1], args[2:])
    elif command == "mlflow":
        mlflow(args[0], int(args[1]), args[2:])
    else:
        sys.exit(f"unknown command {command!r}")
