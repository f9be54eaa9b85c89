"""One module per measured figure; each returns `bench.report.Figure` values."""
