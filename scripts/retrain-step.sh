#!/usr/bin/env bash
# One step of the retraining pipeline. cloudbuild-retrain.yaml runs `bash scripts/retrain-step.sh <step>`
# in each of its steps, and the local subscriber of the integration suite runs the very same script, so
# what is tested here is what Cloud Build runs. Inputs come from the environment:
#   DATA_BUCKET, DATA_OBJECT, DATA_GENERATION   the uploaded object (from the Pub/Sub message)
#   MODELS_BUCKET, MODEL_NAME                    where candidates go and the model they challenge
#   EVAL_SET_URI                                 the frozen evaluation set
#   TOXICITY_CLI                                 how to run the CLI (default: node build/src/cli.js)
#   SKIP_FILE                                    created by `claim` on a duplicate delivery (default .retrain-skip)
#   BUILD_ID                                     the run's identity, the holder of the retraining lease
#   RETRAIN_TRAINER                              build-step (default) or vertex-ai (config retraining.trainer)
#   RETRAIN_TRAINER_IMAGE, PROJECT_ID            with vertex-ai: the project's image the job runs, and its project
# plus what the CLI itself reads (MLFLOW_TRACKING_URI, MODEL_CHAMPION_STORE, GCS_EMULATOR_ENDPOINT…).
set -euo pipefail
step=${1:?usage: retrain-step.sh claim|validate|train|challenge}
: "${DATA_BUCKET:?}" "${DATA_OBJECT:?DATA_OBJECT is empty: run with the object name of the upload}"
: "${DATA_GENERATION:?DATA_GENERATION is empty: run with the generation of the upload}"
: "${MODELS_BUCKET:?}" "${MODEL_NAME:?}" "${EVAL_SET_URI:?}"
read -r -a cli <<< "${TOXICITY_CLI:-node build/src/cli.js}"
skip=${SKIP_FILE:-.retrain-skip}
export BUILD_ID="${BUILD_ID:-local-$DATA_GENERATION}"
data="gs://$DATA_BUCKET/$DATA_OBJECT"
run="gs://$MODELS_BUCKET/$MODEL_NAME/retrain/runs/$DATA_OBJECT@$DATA_GENERATION"
candidate="$run/model.json"
where=(--object "$DATA_OBJECT" --generation "$DATA_GENERATION")

if [ "$step" != claim ] && [ -e "$skip" ]; then
  echo "$step: skipped, $DATA_OBJECT#$DATA_GENERATION was handled by an earlier delivery"
  exit 0
fi
finish() { # status, detail: record the end of the run and free the lease, then fail the step
  "${cli[@]}" retrain finish "${where[@]}" --model "$MODEL_NAME" --status "$1" --detail "$2" || true
  exit 1
}
case "$step" in
  claim)
    "${cli[@]}" retrain claim "${where[@]}" --model "$MODEL_NAME" --skip-file "$skip"
    ;;
  validate)
    "${cli[@]}" data validate --data "$data" --eval-set "$EVAL_SET_URI" --report "$run/data-quality.json" --track ||
      finish rejected "rejected by the data-quality gate: $run/data-quality.json"
    ;;
  train)
    if [ "${RETRAIN_TRAINER:-build-step}" = vertex-ai ]; then
      # The same training as a Vertex AI custom job; its states are printed while the step waits.
      "${cli[@]}" retrain vertex-train --data "$data" --out "$candidate" \
        --image "${RETRAIN_TRAINER_IMAGE:?RETRAIN_TRAINER_IMAGE is empty: the image the Vertex AI job runs}" \
        ${PROJECT_ID:+--project "$PROJECT_ID"} --run-id "$BUILD_ID" --track ||
        finish failed "training on Vertex AI failed (see the job's error above)"
    else
      "${cli[@]}" train --data "$data" --out "$candidate" --validation-report "$run/data-quality.json" --track --no-progress ||
        finish failed "training failed"
    fi
    ;;
  challenge)
    "${cli[@]}" retrain challenge --candidate "$candidate" --eval-set "$EVAL_SET_URI" --register "$MODEL_NAME" "${where[@]}"
    ;;
  *)
    echo "unknown step: $step (claim, validate, train or challenge)" >&2
    exit 2
    ;;
esac
