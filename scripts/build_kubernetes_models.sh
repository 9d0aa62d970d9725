#!/bin/sh
# Rebuild schemas/objects/kubernetes-models.json.gz from the Kubernetes client release that the
# newest cncf.kubernetes provider requires, in a throw-away environment.
set -e
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
python3.11 -m venv "$venv"
"$venv/bin/pip" download -q --no-deps apache-airflow-providers-cncf-kubernetes -d "$venv/dl"
spec=$(unzip -p "$venv"/dl/*.whl '*/METADATA' | sed -n 's/^Requires-Dist: kubernetes\(>=[^ ;]*\).*/kubernetes\1/p' | head -1)
"$venv/bin/pip" install -q "${spec:-kubernetes}"
"$venv/bin/python" lint/catalog/kubernetes_models.py --out schemas/objects/kubernetes-models.json.gz
