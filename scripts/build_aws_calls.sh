#!/usr/bin/env bash
# Rebuild schemas/aws/operator-calls.json from every amazon provider release 9.30.0-9.39.0.
# Needs a Python with botocore and boto3 installed (PYTHON, default: python3). Each release's wheel
# is unpacked (never installed or imported) under $WORK; only its source files are read.
set -euo pipefail
PYTHON=${PYTHON:-python3}
WORK=${WORK:-/tmp/wflint-aws-calls}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK/wheels"
args=()
for minor in 30 31 32 33 34 35 36 37 38 39; do
  version=9.$minor.0
  if [ ! -d "$WORK/amazon-$version" ]; then
    "$PYTHON" -m pip download --no-deps -q -d "$WORK/wheels" "apache-airflow-providers-amazon==$version"
    mkdir -p "$WORK/amazon-$version"
    "$PYTHON" -m zipfile -e "$WORK"/wheels/apache_airflow_providers_amazon-$version-*.whl "$WORK/amazon-$version"
  fi
  args+=(--provider "$version=$WORK/amazon-$version")
done
"$PYTHON" "$REPO/lint/catalog/aws_calls.py" "${args[@]}" \
  --overrides "$REPO/schemas/aws/operator-calls.overrides.json" --out "$REPO/schemas/aws/operator-calls.json"
