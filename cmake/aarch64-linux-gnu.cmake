# Cross-builds ember for 64-bit ARM Linux with Debian's gcc cross toolchain, against a sysroot of
# Debian's arm64 packages that scripts/aarch64_sysroot.sh unpacks (EMBER_AARCH64_SYSROOT, by
# default build-aarch64/sysroot). What runs is the sysroot's loader and libraries, all of them
# (a loader of one glibc with another's libc hangs in pthread_create): tests run under qemu-user
# pointed at the sysroot. At build time gcc still looks in its own cross libc first (headers and
# start files), which is the same glibc release.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT CMAKE_CXX_COMPILER)
  set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
  set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)  # the embedding example's host is C
endif()

if(NOT EMBER_AARCH64_SYSROOT)
  get_filename_component(EMBER_AARCH64_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build-aarch64/sysroot" ABSOLUTE)
endif()
# try_compile projects read this file again; they only see the variables listed here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EMBER_AARCH64_SYSROOT)
if(NOT EXISTS "${EMBER_AARCH64_SYSROOT}/lib/ld-linux-aarch64.so.1")
  message(FATAL_ERROR "No arm64 sysroot at ${EMBER_AARCH64_SYSROOT}: scripts/build_aarch64.sh makes it")
endif()
set(CMAKE_SYSROOT "${EMBER_AARCH64_SYSROOT}")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L "${EMBER_AARCH64_SYSROOT}")

# Libraries, headers and CMake packages come from the sysroot only; programs (erlc, erl, qemu)
# from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} "${EMBER_AARCH64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${EMBER_AARCH64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${EMBER_AARCH64_SYSROOT}")
