// Where -bare mode finds modules: the -pa directories, then every OTP application's ebin, then
// the preloaded modules of the installed erts.
#pragma once

#include <string>
#include <vector>

#include "vm/term/term.h"

namespace ember::loader {

// The OTP root (the directory holding lib/ and erts-*/): the --otp-root flag; else the
// directory above the executable's when it holds OTP's preloaded modules (an app bundle, an
// install into an OTP root); else the root of `erl` on PATH.
std::string find_otp_root(const std::string& override_root);
std::vector<std::string> otp_code_path(const std::string& root);

void set_code_path(std::vector<std::string> dirs);
// Loads module `name` from the code path; false if no loadable file was found.
bool load_from_code_path(Term name);

}  // namespace ember::loader
