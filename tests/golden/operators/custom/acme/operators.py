"""A custom operator for the golden fixtures: read with `ast`, never imported."""
from airflow.sdk import BaseOperator


class ExportOperator(BaseOperator):
    """Exports a table.

    :param table: the table to export
    :param target: where to write it
    """

    template_fields = ("table",)

    def __init__(self, *, table: str, target: str = "s3://exports", **kwargs):
        super().__init__(**kwargs)
        self.table = table
        self.target = target
