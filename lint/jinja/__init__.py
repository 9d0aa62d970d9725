"""Jinja templates as Airflow 3 renders them, analysed statically (nothing is ever rendered):
parsing with exact offsets (`parse`), the scoping walk (`collect`), `{% %}` blocks (`blocks`),
result types (`results`), the analysis of one template (`analysis`), and which strings of a
workflow are templates and what their references mean in the DAG's context (`sites`).

Imports the model, the catalog, operator resolution (`wflint.operators`), profiles and the YAML
layer; nothing above them (no rules, engine or faces).
"""
