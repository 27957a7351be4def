#include "platform/c_locale.h"

#include <clocale>
#include <cstdlib>
#if defined(__APPLE__)
#include <xlocale.h>
#endif

namespace ember::platform {

double strtod_c_locale(const char* text, char** end) {
  // Bionic's strtod_l (an inline before Android API 26) is strtod, which has no other locale.
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t(nullptr));
  return c_locale ? strtod_l(text, end, c_locale) : std::strtod(text, end);
}

}  // namespace ember::platform
