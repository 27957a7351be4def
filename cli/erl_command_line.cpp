#include "cli/erl_command_line.h"

#include <cctype>

#include "platform/os.h"

namespace ember {
namespace {

// Splits an environment variable into words as erl's launcher does: blanks separate words,
// quotes group them, a backslash escapes the next character.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t k = 0; k < text.size(); k++) {
    char c = text[k];
    if (quote) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && k + 1 < text.size()) {
      word += text[++k];
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::vector<std::string> environment_words(const char* name) {
  std::string value;
  return platform::get_env(name, value) ? split_words(value) : std::vector<std::string>{};
}

// An -args_file holds more words; `#` starts a comment that runs to the end of its line.
bool file_words(const std::string& path, std::vector<std::string>& out) {
  std::string bytes, text;
  if (!platform::read_file(path, bytes)) return false;
  bool comment = false;
  for (char c : bytes) {
    if (c == '#') comment = true;
    if (c == '\n') comment = false;
    if (!comment) text += c;
  }
  for (std::string& w : split_words(text)) out.push_back(std::move(w));
  return true;
}

// The words in erl's launcher's order, with every -extra part gathered at the end.
bool gather_words(int argc, char** argv, std::vector<std::string>& words, std::string* error) {
  std::vector<std::vector<std::string>> sources;
  sources.push_back(environment_words("ERL_AFLAGS"));
  std::vector<std::string> command_line(argv + 1, argv + argc);
  bool given = !command_line.empty();
  sources.push_back(std::move(command_line));
  if (given) sources.push_back({"--"});  // ends the last flag's values before ERL_FLAGS
  sources.push_back(environment_words("ERL_FLAGS"));
  sources.push_back(environment_words("ERL_ZFLAGS"));
  std::vector<std::string> extra;
  for (const std::vector<std::string>& source : sources) {
    for (size_t k = 0; k < source.size(); k++) {
      if (source[k] == "-extra") {
        extra.insert(extra.end(), source.begin() + long(k) + 1, source.end());
        break;
      }
      if (source[k] != "-args_file") {
        words.push_back(source[k]);
      } else if (k + 1 >= source.size() || !file_words(source[++k], words)) {
        *error = "Failed to read -args_file";
        return false;
      }
    }
  }
  if (!extra.empty()) {
    words.push_back("-extra");
    words.insert(words.end(), extra.begin(), extra.end());
  }
  return true;
}

}  // namespace

bool parse_erl_command_line(int argc, char** argv, ErlCommandLine& line, std::string* error) {
  std::vector<std::string> words;
  if (!gather_words(argc, argv, words, error)) return false;
  std::vector<char*> view;
  for (std::string& w : words) view.push_back(w.data());
  int n = int(view.size());
  for (int i = 0; i < n; i++) {
    std::string a = view[size_t(i)];
    if (a == "-extra") {
      line.arguments.insert(line.arguments.end(), words.begin() + i, words.end());
      break;
    }
    switch (parse_emulator_flag(n, view.data(), i, line.emulator, error)) {
      case FlagOutcome::bad: return false;
      case FlagOutcome::parsed: continue;
      case FlagOutcome::not_emulator_flag: break;
    }
    if (a[0] == '+') {
      line.unimplemented.push_back(skip_emulator_flag(n, view.data(), i));
    } else if (a == "--otp-root" && i + 1 < n) {
      line.otp_root = view[size_t(++i)];
    } else if (a == "-env" && i + 2 < n) {
      platform::set_env(view[size_t(i + 1)], view[size_t(i + 2)]);
      i += 2;
    } else if (a == "-noinput" || a == "-detached") {
      line.detached = line.detached || a == "-detached";
      line.arguments.insert(line.arguments.end(), {"-noshell", "-noinput"});
    } else {
      if (a == "-sname" || a == "-name") line.distributed = true;
      if (a == "-start_epmd" && i + 1 < n) line.start_epmd = std::string(view[size_t(i + 1)]) != "false";
      if (a == "-no_epmd") line.start_epmd = false;
      line.arguments.push_back(a);
    }
  }
  return true;
}

std::vector<std::string> boot_arguments(const std::string& root, const std::string& bindir,
                                        const std::vector<std::string>& arguments) {
  std::string progname = platform::getenv_or("PROGNAME", "erl");
  std::vector<std::string> args = {"-root", root, "-bindir", bindir, "-progname", progname, "--"};
  std::string home, epmd_port;
  if (platform::get_env("HOME", home)) args.insert(args.end(), {"-home", home});
  if (platform::get_env("ERL_EPMD_PORT", epmd_port)) args.insert(args.end(), {"-epmd_port", epmd_port});
  args.push_back("--");
  args.insert(args.end(), arguments.begin(), arguments.end());
  return args;
}

}  // namespace ember
