// erts' banner, as erlang:system_info(system_version) and a crash dump's "System version" give
// it, with ember's own build facts: one scheduler, no dirty ones, no async threads.
#pragma once

namespace ember {

inline constexpr const char* system_version =
    "Erlang/OTP 25 [erts-13.1.5] [ember] [64-bit] [smp:1:1] [ds:0:0:0] [async-threads:0]\n";

}  // namespace ember
