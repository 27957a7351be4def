#include <cstdio>

int main(int argc, char** argv) {
  std::fprintf(stderr, "usage: ember -bare [-pa DIR]... -s M F [Arg...]\n");
  return 2;
}
