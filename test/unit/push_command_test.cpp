// `ember push`'s command line: its options, which of OTP's name forms the pushing node takes,
// and the erl command line of the VM that pushes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/push_command.h"

using namespace ember;

namespace {

struct Parsed {
  bool ok;
  PushCommand command;
  std::string error;
};

Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "push");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  Parsed p{};
  p.ok = parse_push_command(int(argv.size()), argv.data(), p.command, &p.error);
  return p;
}

}  // namespace

TEST_CASE("ember push takes a node, its files and the options anywhere") {
  auto p = parse({"kv@phone", "a.beam", "--purge", "b.beam", "-setcookie", "secret"});
  REQUIRE(p.ok);
  CHECK(p.command.node == "kv@phone");
  CHECK(p.command.beams == std::vector<std::string>{"a.beam", "b.beam"});
  CHECK(p.command.purge);
  CHECK(p.command.cookie == "secret");
  CHECK(parse({"--cookie", "c", "kv", "a.beam"}).command.cookie == "c");
}

TEST_CASE("ember push takes short names unless the node's host has a dot") {
  CHECK_FALSE(parse({"kv@phone", "a.beam"}).command.long_names);
  CHECK_FALSE(parse({"kv", "a.beam"}).command.long_names);
  CHECK(parse({"kv@192.168.1.5", "a.beam"}).command.long_names);
  CHECK(parse({"kv@phone.example.org", "a.beam"}).command.long_names);
  auto p = parse({"kv@phone", "a.beam"});
  CHECK(p.command.own_name.rfind("ember_push_", 0) == 0);
}

TEST_CASE("ember push's own -sname or -name sets its name and the form") {
  auto named = parse({"-name", "me@10.0.0.2", "kv@phone", "a.beam"});
  CHECK(named.command.own_name == "me@10.0.0.2");
  CHECK(named.command.long_names);
  auto short_named = parse({"-sname", "me", "kv@phone.example.org", "a.beam"});
  CHECK(short_named.command.own_name == "me");
  CHECK_FALSE(short_named.command.long_names);
}

TEST_CASE("ember push refuses a command line without a node or a file, or with a bad option") {
  CHECK(parse({}).error == "ember push: no NODE");
  CHECK(parse({"kv@phone"}).error == "ember push: no BEAM file");
  CHECK(parse({"@phone", "a.beam"}).error == "ember push: bad NODE @phone");
  CHECK(parse({"kv@", "a.beam"}).error == "ember push: bad NODE kv@");
  CHECK(parse({"--force", "kv", "a.beam"}).error == "ember push: bad option --force");
  CHECK_FALSE(parse({"kv", "a.beam", "-setcookie"}).ok);
}

TEST_CASE("ember push boots a VM that runs ember_push with the command after -extra") {
  auto p = parse({"--purge", "-setcookie", "c", "-sname", "me", "kv@phone", "a.beam", "b.beam"});
  REQUIRE(p.ok);
  CHECK(push_vm_arguments(p.command, "/ebin") ==
        std::vector<std::string>{"-noinput", "-pa", "/ebin", "-setcookie", "c", "-s", "ember_push", "main", "-extra",
                                 "purge", "shortnames", "me", "kv@phone", "a.beam", "b.beam"});
  auto q = parse({"kv@phone.example.org", "a.beam"});
  std::vector<std::string> args = push_vm_arguments(q.command, "/ebin");
  CHECK(args[3] == "-s");
  CHECK(args[7] == "soft_purge");
  CHECK(args[8] == "longnames");
}
