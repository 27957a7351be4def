// Numbers read as C reads them in its "C" locale, whatever locale the process has chosen (an
// app that embeds ember may set one whose decimal point is a comma).
#pragma once

namespace ember::platform {

// strtod(3) with '.' as the decimal point. Correctly rounded on every C library ember runs on
// (glibc, bionic and Apple's libc follow IEEE 754 here).
double strtod_c_locale(const char* text, char** end);

}  // namespace ember::platform
