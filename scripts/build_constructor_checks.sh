#!/bin/sh
# Rebuild schemas/constructor-checks.json (WF750) from the reference Airflow environments:
# each run adds the releases of the task SDK and providers installed in that environment.
set -e
cd "$(dirname "$0")/.."
out=schemas/constructor-checks.json
rm -f "$out"
for env in /opt/oracle/af306 /opt/oracle/af332; do
    AIRFLOW_HOME=$(mktemp -d) "$env/bin/python" lint/catalog/constructor_checks.py --out "$out"
done
