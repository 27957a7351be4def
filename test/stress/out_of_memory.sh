# Heap and binary allocations that fail under a 3 GB cap end the VM as erts ends it: exit status
# 1 and erts' message naming the allocator, the size and the type. erts grows a heap in place
# when it can, so whether its failure is "allocate" or "reallocate" depends on where it was; and
# the last allocation may be a heap fragment a BIF asked for (seen once from erl here).
cap=3000000000
for vm in erl ember; do
  run heap_$vm $cap $vm exhaust heap
  expect heap_$vm 1 '^eheap_alloc: Cannot (re)?allocate [0-9]+ bytes of memory \(of type "(old_heap|heap|heap_frag)"\)\.$'
  run binary_$vm $cap $vm exhaust binary
  expect binary_$vm 1 '^binary_alloc: Cannot allocate 8589934592 bytes of memory \(of type "binary"\)\.$'
  run binary_copy_$vm $cap $vm exhaust binary_copy
  expect binary_copy_$vm 1 '^binary_alloc: Cannot allocate 17179869184 bytes of memory \(of type "binary"\)\.$'
done
