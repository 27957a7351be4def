// `ember epmd [FLAGS]`: erts' epmd command, served by ember's own epmd (dist/epmd.h).
#pragma once

namespace ember {

// argv[0] is "epmd"; returns the exit status.
int run_epmd_command(int argc, char** argv);

}  // namespace ember
