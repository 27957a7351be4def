/* Embedding ember: a host program (a phone app, a test) starts the VM on threads of its own,
 * exchanges terms with it and stops it. Terms cross in the external term format
 * (term_to_binary/1's bytes), so the host needs no knowledge of ember's term layout.
 *
 *   ember_config c = {0};
 *   c.arguments = (const char*[]){"-noshell", "-pa", dir, "-s", "my_app", "start"};
 *   c.argument_count = 6;
 *   c.receive = on_message;            // messages sent to the process registered as ember_host
 *   ember_vm* vm = ember_start(&c, error, sizeof error);
 *   ember_send(vm, "my_server", etf, etf_size);
 *   ember_stop(vm);                    // as init:stop(): applications stop in order
 *   int status = ember_wait(vm);       // the VM's exit status
 *   ember_release(vm);
 *
 * One VM per host process, as erts: ember_start fails while one runs or after one ran.
 * Thread safety: ember_send and ember_stop may be called from any thread; the receive callback
 * runs on a VM thread and must not block for long. */
#ifndef EMBER_H
#define EMBER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ember_vm ember_vm;

/* A message for the host: the external term format of what an Erlang process sent to the
 * registered name ember_host. The bytes are valid during the call only. */
typedef void (*ember_receive_fn)(void* context, const unsigned char* term, size_t size);

typedef struct ember_config {
  /* erl's command line without the program name: flags such as -noshell, -pa, -s, -eval,
   * -config, emulator flags such as +P. */
  const char* const* arguments;
  size_t argument_count;
  /* The OTP tree to boot (lib/, erts-<vsn>/ or lib/erts-<vsn>/); NULL: found as erl's. */
  const char* otp_root;
  /* ember's own modules (its lib/ember/ebin); NULL: beside the running executable. */
  const char* ember_ebin;
  /* Scheduler threads, as erl's +S N (at most the processors online take processes); 0 for the
   * default, one per processor online. */
  unsigned schedulers;
  /* Called for each message to ember_host; NULL: no process is registered as ember_host. */
  ember_receive_fn receive;
  void* receive_context;
} ember_config;

/* Starts the VM and the boot of OTP on a thread of the VM's; returns once the boot is under
 * way. NULL on failure, with the reason in error (when error_size > 0). */
ember_vm* ember_start(const ember_config* config, char* error, size_t error_size);

/* Sends a term (external term format) to the process registered as `name`. 0 when it was
 * delivered; -1 when the bytes are not a term, -2 when no process has that name. */
int ember_send(ember_vm* vm, const char* name, const void* term, size_t size);

/* Asks the VM to stop as init:stop/0 does. Returns at once; ember_wait waits for the end. */
void ember_stop(ember_vm* vm);

/* Waits until the VM has ended (init:stop/0, halt/1, ember_stop) and returns its exit status. */
int ember_wait(ember_vm* vm);

/* Releases what ember_start took; the VM must have ended (ember_wait). */
void ember_release(ember_vm* vm);

#ifdef __cplusplus
}
#endif

#endif
