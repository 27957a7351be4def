#include "loader/load.h"

#include "loader/beam_file.h"
#include "loader/translate.h"
#include "vm/term/atom.h"

namespace ember::loader {

Loaded load_beam(std::string_view bytes, Term expected_name) {
  auto m = std::make_unique<Module>();
  BeamFile file;
  LoadError error;
  if (!parse_beam(bytes, m->literals, file, error)) return {nullptr, error.message};
  m->name = file.module();
  if (expected_name != NIL && expected_name != m->name)
    return {nullptr, "module name in file is " + std::string(atom_text(m->name))};
  m->strings.assign(file.strings);
  m->attributes.assign(file.attributes);
  m->compile_info.assign(file.compile_info);
  m->files = file.files;
  std::copy(std::begin(file.md5), std::end(file.md5), m->md5);
  for (const Lambda& l : file.lambdas)
    m->lambdas.push_back(fun_entry_put(m->name, l.index, m->md5, l.old_uniq, l.arity - l.num_free,
                                       l.num_free, l.function));
  if (!translate_code(file, *m, error)) return {nullptr, error.message};
  return {std::move(m), {}};
}

}  // namespace ember::loader
