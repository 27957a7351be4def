// Node monitors (process_flag(monitor_nodes, ...), net_kernel:monitor_nodes/1,2): the
// processes that want nodeup and nodedown messages, each subscription counted per option set
// as in erts. Distribution reads them when a connection comes or goes.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/term/term.h"

namespace ember {

// erts' option bits for a subscription.
namespace node_monitor_option {
inline constexpr uint16_t visible = 1 << 0;
inline constexpr uint16_t hidden = 1 << 1;
inline constexpr uint16_t down_reason = 1 << 2;
inline constexpr uint16_t info_map = 1 << 3;
inline constexpr uint16_t connection_id = 1 << 4;
}  // namespace node_monitor_option

// Turning on adds one to the count of `pid`'s subscription with these options; turning off
// removes the subscription whatever its count. Returns the count before.
uint64_t node_monitors_update(Term pid, uint16_t options, bool on);
// The process exited: its subscriptions go.
void node_monitors_drop(Term pid);

struct NodeMonitor {
  Term pid;
  uint16_t options;
};
std::vector<NodeMonitor> node_monitors();

}  // namespace ember
