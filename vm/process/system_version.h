// erts' banner, as erlang:system_info(system_version) and a crash dump's "System version" give
// it, with ember's own build facts: its schedulers, no dirty ones, no async threads.
#pragma once

#include <string>

#include "vm/process/scheduler.h"

namespace ember {

inline std::string system_version() {
  return "Erlang/OTP 25 [erts-13.1.5] [ember] [64-bit] [smp:" + std::to_string(scheduler_count()) + ":" +
         std::to_string(schedulers_online()) + "] [ds:0:0:0] [async-threads:0]\n";
}

}  // namespace ember
