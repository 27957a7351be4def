# Exit reasons nested a million deep travel through monitors and links, under a 3 GB cap, on
# both VMs alike.
for vm in erl ember; do
  run deep_$vm 3000000000 $vm exhaust deep_exit
  expect deep_$vm 0 ''
done
same_stdout deep_erl deep_ember
