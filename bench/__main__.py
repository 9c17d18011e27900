"""`python -m bench`: placeholder until the benchmarks exist."""

print("no benchmarks yet")
