# .beam files that inflate to 512 MiB (gzip-compressed, or with a literal table that says so)
# under a 400 MB cap: the loader refuses them with a clear error, and the call is undef.
run write_bombs unlimited erl exhaust write_bombs
expect write_bombs 0 ''
code_path=$work/gz run gz 400000000 ember stress_bomb main
expect gz 1 'Loading of .*gz/stress_bomb.beam failed: gzip chunk, offset 0: not enough memory'
code_path=$work/lit run lit 400000000 ember stress_bomb main
expect lit 1 'Loading of .*lit/stress_bomb.beam failed: LitT chunk, offset [0-9]+: not enough memory'
