"""The parts of `make bench`, each a function taking the run (`bench.common.Bench`) and the servers it needs."""
