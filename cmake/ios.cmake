# iOS (arm64, iOS 14 or later) with Xcode's SDK, which cannot be installed where ember is
# developed, so this file is kept to CMake's documented interface:
#
#   cmake -S . -B build-ios -G Xcode -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/ios.cmake \
#         -DCMAKE_FIND_ROOT_PATH=/path/to/pcre2-ios
#   cmake --build build-ios --config Release --target ember_embed
#
# What an iOS app gets is the two static libraries (libember_embed.a, libember_core.a) and
# include/ember.h: the interpreter alone (the App Store forbids generating code), ember's
# NIF libraries linked in and registered under their names, no fork or exec (ports that start
# programs fail with enotsup), and memory taken as it is used, never reserved ahead. zlib is
# the SDK's; PCRE2 is built for the same SDK by the app and found through its .pc file.
set(CMAKE_SYSTEM_NAME iOS)
set(CMAKE_OSX_ARCHITECTURES arm64 CACHE STRING "")
set(CMAKE_OSX_DEPLOYMENT_TARGET 14.0 CACHE STRING "")
# An iOS executable needs signing to link in a try_compile; a static library does not.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "${CMAKE_FIND_ROOT_PATH}/lib/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
