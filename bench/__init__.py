"""Benchmarks for Tailor: `python -m bench.pipeline_bench --help` (see docs/PERFORMANCE.md)."""
