"""The data layer: tables, migrations, the engine, the per-request transaction, repositories."""
