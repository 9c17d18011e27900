"""Load and query benchmarks (`make bench`); not part of `make test`."""
