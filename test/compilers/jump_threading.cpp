// LLVM 14's jump threading miscompiles this at -O2 (run(0) returns 2): it threads the
// dispatch's indirect branch to a copy of `body` and leaves the address of `plain` on the
// original, which from then on serves `flagged` only. The interpreter's instructions that
// share a body (`variant` in vm/code/interp.cpp) have this shape; CMakeLists.txt has the
// workaround. scripts/test_compilers.sh runs it built by each compiler it tests; the exit
// status is 1 when it was miscompiled.
#include <cstdio>

volatile int yes = 1;  // keeps what the calls return unknown to the optimizer
__attribute__((noinline)) int opaque() { return yes; }
__attribute__((noinline)) int one() { return yes; }
__attribute__((noinline)) int two() { return yes + 1; }
__attribute__((noinline)) int three() { return yes + 2; }

__attribute__((noinline)) int run(long op) {
  static void* const table[] = {&&plain, &&flagged};
  int flag;
  goto* table[op];
flagged:
  if (!opaque()) return three();
  flag = 0;
  goto body;
plain:
  flag = 1;
body:
  if (!opaque()) return three();
  if (flag) return one();
  return two();
}

int main() {
  int a = run(0), b = run(1);
  bool right = a == 1 && b == 2;
  std::printf("run(0) = %d, run(1) = %d: %s\n", a, b, right ? "right" : "miscompiled");
  return right ? 0 : 1;
}
