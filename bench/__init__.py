"""Benchmarks of mlcalc against reference libraries; see bench/run.py."""
