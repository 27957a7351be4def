# <<0:N>> needs N bits of memory, not twice that: a 1 GiB binary is built under a 1.5 GB cap
# (erts needs more address space than that just to start, so it runs uncapped for the answer).
run peak_erl unlimited erl exhaust binary_peak
run peak_ember 1500000000 ember exhaust binary_peak
expect peak_erl 0 ''
expect peak_ember 0 ''
same_stdout peak_erl peak_ember
