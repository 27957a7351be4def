# Android, arm64-v8a, API 26 or later, with the NDK (which cannot be installed where ember is
# developed, so this file is kept to the NDK's documented interface):
#
#   cmake -S . -B build-android -G Ninja -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/android.cmake \
#         -DANDROID_NDK=/path/to/ndk -DCMAKE_FIND_ROOT_PATH=/path/to/pcre2-android
#   cmake --build build-android --target ember_embed ember
#
# The NDK has zlib; PCRE2 is built for the same ABI and API by the app (PCRE2's own CMake
# build, installed into the directory CMAKE_FIND_ROOT_PATH names, found through its .pc file).
# The app links libember_embed.a and libember_core.a into its JNI library and talks to the VM
# through include/ember.h; the VM's messages go to logcat (tag "ember"). erlc and erl come
# from the build machine: ember's own .beam files are architecture-independent.
if(NOT ANDROID_NDK)
  set(ANDROID_NDK $ENV{ANDROID_NDK_HOME})
endif()
if(NOT EXISTS "${ANDROID_NDK}/build/cmake/android.toolchain.cmake")
  message(FATAL_ERROR "Give the NDK's directory as -DANDROID_NDK=... (or ANDROID_NDK_HOME)")
endif()
set(ANDROID_ABI arm64-v8a CACHE STRING "")
set(ANDROID_PLATFORM 26 CACHE STRING "")
# One copy of libc++ inside the app's own library: ember's libraries are static.
set(ANDROID_STL c++_static CACHE STRING "")
include("${ANDROID_NDK}/build/cmake/android.toolchain.cmake")
set(ENV{PKG_CONFIG_LIBDIR} "${CMAKE_FIND_ROOT_PATH}/lib/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
