/* A host program that embeds ember (include/ember.h): it boots OTP and Elixir, starts the
 * Elixir module EmbedDemo, pings it twice and prints its answers, then stops the VM.
 *
 *   ember_embed_example EMBER_EBIN DEMO_EBIN ELIXIR_EBIN
 *
 * Terms cross in the external term format; this file encodes the few it sends and prints
 * the few kinds it receives. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <ember.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int messages = 0;

/* Prints the term at *p as Erlang would; returns 0 on a kind this example does not read. */
static int print_term(const unsigned char** p, const unsigned char* end) {
  if (*p >= end) return 0;
  unsigned tag = *(*p)++;
  size_t n;
  switch (tag) {
    case 97: /* SMALL_INTEGER_EXT */
      if (*p + 1 > end) return 0;
      printf("%u", *(*p)++);
      return 1;
    case 98: /* INTEGER_EXT */
      if (*p + 4 > end) return 0;
      printf("%d", (int)((unsigned)(*p)[0] << 24 | (unsigned)(*p)[1] << 16 | (unsigned)(*p)[2] << 8 | (*p)[3]));
      *p += 4;
      return 1;
    case 100: case 118: /* ATOM_EXT, ATOM_UTF8_EXT */
    case 115: case 119: /* SMALL_ATOM_EXT, SMALL_ATOM_UTF8_EXT */
      if (tag == 100 || tag == 118) {
        if (*p + 2 > end) return 0;
        n = (size_t)(*p)[0] << 8 | (*p)[1];
        *p += 2;
      } else {
        if (*p + 1 > end) return 0;
        n = *(*p)++;
      }
      if (*p + n > end) return 0;
      printf("%.*s", (int)n, (const char*)*p);
      *p += n;
      return 1;
    case 109: /* BINARY_EXT */
      if (*p + 4 > end) return 0;
      n = (size_t)(*p)[0] << 24 | (size_t)(*p)[1] << 16 | (size_t)(*p)[2] << 8 | (*p)[3];
      *p += 4;
      if (*p + n > end) return 0;
      printf("<<\"%.*s\">>", (int)n, (const char*)*p);
      *p += n;
      return 1;
    case 104: /* SMALL_TUPLE_EXT */
      if (*p + 1 > end) return 0;
      n = *(*p)++;
      printf("{");
      for (size_t k = 0; k < n; k++) {
        if (k) printf(",");
        if (!print_term(p, end)) return 0;
      }
      printf("}");
      return 1;
    default:
      return 0;
  }
}

/* Runs on the VM's thread. */
static void on_message(void* context, const unsigned char* term, size_t size) {
  (void)context;
  const unsigned char* p = term + 1; /* the version byte, 131 */
  printf("host received ");
  if (size < 1 || term[0] != 131 || !print_term(&p, term + size)) printf("a term it cannot print");
  printf("\n");
  fflush(stdout);
  pthread_mutex_lock(&lock);
  messages++;
  pthread_cond_signal(&changed);
  pthread_mutex_unlock(&lock);
}

static void wait_for_messages(int count) {
  pthread_mutex_lock(&lock);
  while (messages < count) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

/* {ping, N} in the external term format. */
static size_t encode_ping(unsigned char out[16], unsigned char n) {
  const unsigned char bytes[] = {131, 104, 2, 119, 4, 'p', 'i', 'n', 'g', 97, n};
  memcpy(out, bytes, sizeof bytes);
  return sizeof bytes;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s EMBER_EBIN DEMO_EBIN ELIXIR_EBIN\n", argv[0]);
    return 2;
  }
  const char* arguments[] = {"-noshell", "-pa", argv[2], argv[3], "-s", "Elixir.EmbedDemo", "start"};
  ember_config config;
  memset(&config, 0, sizeof config);
  config.arguments = arguments;
  config.argument_count = sizeof arguments / sizeof arguments[0];
  config.ember_ebin = argv[1];
  config.receive = on_message;
  char error[256];
  ember_vm* vm = ember_start(&config, error, sizeof error);
  if (!vm) {
    fprintf(stderr, "ember_start failed: %s\n", error);
    return 1;
  }
  wait_for_messages(1);
  unsigned char ping[16];
  for (int k = 1; k <= 2; k++) {
    size_t size = encode_ping(ping, (unsigned char)(20 + k));
    printf("host sends {ping,%d}\n", 20 + k);
    fflush(stdout);
    if (ember_send(vm, "embed_demo", ping, size) != 0) {
      printf("ember_send failed\n");
      return 1;
    }
    wait_for_messages(1 + k);
  }
  printf("host sends to a name nobody has: %d\n", ember_send(vm, "nobody", ping, encode_ping(ping, 1)));
  printf("host sends bytes that are no term: %d\n", ember_send(vm, "embed_demo", "\x83\xff", 2));
  ember_stop(vm);
  int status = ember_wait(vm);
  ember_release(vm);
  printf("the VM ended with status %d\n", status);
  return 0;
}
