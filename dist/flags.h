// The distribution flags (DFLAG_*, kernel's dist.hrl) and the sets ember announces in the
// handshake through erts_internal:get_dflags/0, those of erts 13.
#pragma once

#include <cstdint>

namespace ember::dist {

enum : uint64_t {
  dflag_published = 0x1,
  dflag_atom_cache = 0x2,
  dflag_extended_references = 0x4,
  dflag_dist_monitor = 0x8,
  dflag_fun_tags = 0x10,
  dflag_dist_monitor_name = 0x20,
  dflag_hidden_atom_cache = 0x40,
  dflag_new_fun_tags = 0x80,
  dflag_extended_pids_ports = 0x100,
  dflag_export_ptr_tag = 0x200,
  dflag_bit_binaries = 0x400,
  dflag_new_floats = 0x800,
  dflag_unicode_io = 0x1000,
  dflag_dist_hdr_atom_cache = 0x2000,
  dflag_small_atom_tags = 0x4000,
  dflag_utf8_atoms = 0x10000,
  dflag_map_tag = 0x20000,
  dflag_big_creation = 0x40000,
  dflag_send_sender = 0x80000,
  dflag_big_seqtrace_labels = 0x100000,
  dflag_exit_payload = 0x400000,
  dflag_fragments = 0x800000,
  dflag_handshake_23 = 0x1000000,
  dflag_unlink_id = 0x2000000,
  dflag_mandatory_25_digest = 0x4000000,
  dflag_spawn = uint64_t(1) << 32,
  dflag_name_me = uint64_t(1) << 33,
  dflag_v4_nc = uint64_t(1) << 34,
  dflag_alias = uint64_t(1) << 35,
};

inline constexpr uint64_t dflags_mandatory =
    dflag_extended_references | dflag_fun_tags | dflag_extended_pids_ports | dflag_utf8_atoms | dflag_new_fun_tags |
    dflag_big_creation | dflag_new_floats | dflag_map_tag | dflag_export_ptr_tag | dflag_bit_binaries |
    dflag_handshake_23;
inline constexpr uint64_t dflags_default =
    dflags_mandatory | dflag_dist_monitor | dflag_dist_monitor_name | dflag_spawn | dflag_alias | dflag_unicode_io |
    dflag_small_atom_tags | dflag_send_sender | dflag_big_seqtrace_labels | dflag_exit_payload | dflag_v4_nc |
    dflag_mandatory_25_digest | dflag_dist_hdr_atom_cache | dflag_fragments | dflag_unlink_id;
inline constexpr uint64_t dflags_addable = dflags_default;
inline constexpr uint64_t dflags_rejectable =
    dflag_dist_hdr_atom_cache | dflag_hidden_atom_cache | dflag_fragments | dflag_atom_cache;
inline constexpr uint64_t dflags_strict_order = dflag_dist_hdr_atom_cache;

}  // namespace ember::dist
