#!/usr/bin/env bash
# The example walk with the AWS CLI (v1 or v2) against a running `berth up`: create model ->
# endpoint configuration -> endpoint -> wait -> invoke -> update -> wait -> invoke -> delete.
# Explained step by step in examples/aws-cli.md; launcher's BerthExamplesIT runs it.
#
# Usage: examples/aws-cli.sh [endpoint-url, default http://127.0.0.1:8600]
# Environment: NAME (prefix of every resource, default aws-cli-example); AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION (default test / test / us-east-1).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
url=${1:-http://127.0.0.1:8600}
name=${NAME:-aws-cli-example}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_PAGER=""
sm() { aws sagemaker --endpoint-url "$url" "$@"; }
# AWS CLI v2 reads --body as base64 unless told otherwise; v1 has no such option.
raw=()
if aws --version 2>&1 | grep -q '^aws-cli/2'; then raw=(--cli-binary-format raw-in-base64-out); fi

# `aws sagemaker wait endpoint-in-service` works too, but polls every 30 s; this polls every second.
wait_for() {
  local want=$1 status
  for _ in $(seq 1 300); do
    status=$(sm describe-endpoint --endpoint-name "$name" --query EndpointStatus --output text)
    echo "  $status"
    [[ "$status" == "$want" ]] && return 0
    [[ "$status" == Failed ]] && { sm describe-endpoint --endpoint-name "$name" --query FailureReason; return 1; }
    sleep 1
  done
  return 1
}
invoke() {
  aws sagemaker-runtime invoke-endpoint --endpoint-url "$url" --endpoint-name "$name" \
    --content-type application/json --body '{"instances": [[1, 2, 3, 4]]}' "${raw[@]}" "$out" \
    --query InvokedProductionVariant --output text
  echo "  prediction: $(cat "$out")"
}
out=$(mktemp -t berth-prediction.XXXXXX)
trap 'rm -f "$out"' EXIT

echo "1. create-model $name"
sm create-model --model-name "$name" \
  --primary-container "ModelDataUrl=file://$here/model/model.tar.gz" \
  --execution-role-arn arn:aws:iam::000000000000:role/berth --query ModelArn --output text
echo "2. create-endpoint-config $name-config-1 (1 x ml.m5.large)"
sm create-endpoint-config --endpoint-config-name "$name-config-1" --query EndpointConfigArn \
  --output text --production-variants \
  VariantName=AllTraffic,ModelName="$name",InstanceType=ml.m5.large,InitialInstanceCount=1
echo "3. create-endpoint $name"
sm create-endpoint --endpoint-name "$name" --endpoint-config-name "$name-config-1" \
  --query EndpointArn --output text
echo "4. wait until InService"
wait_for InService
echo "5. invoke-endpoint"
invoke
echo "6. create-endpoint-config $name-config-2 (2 x ml.m5.large) and update-endpoint"
sm create-endpoint-config --endpoint-config-name "$name-config-2" --query EndpointConfigArn \
  --output text --production-variants \
  VariantName=AllTraffic,ModelName="$name",InstanceType=ml.m5.large,InitialInstanceCount=2
sm update-endpoint --endpoint-name "$name" --endpoint-config-name "$name-config-2" \
  --query EndpointArn --output text
echo "7. wait until InService (Updating while the new instances start)"
wait_for InService
echo "8. invoke-endpoint"
invoke
echo "9. delete-endpoint, then the configurations and the model"
sm delete-endpoint --endpoint-name "$name"
until ! sm describe-endpoint --endpoint-name "$name" >/dev/null 2>&1; do sleep 1; done
sm delete-endpoint-config --endpoint-config-name "$name-config-1"
sm delete-endpoint-config --endpoint-config-name "$name-config-2"
sm delete-model --model-name "$name"
echo "Done."
