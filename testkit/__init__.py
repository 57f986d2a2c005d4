"""Machinery the tests and the benchmarks share: the real app in a pseudo-terminal
(pty_app.py) and the kill test's workload, replay model and children (kill.py).

Not shipped in the wheel; importable from the repository root (pyproject.toml puts the
root on pytest's path, and the benchmarks run as ``python -m bench.NAME`` from there)."""
