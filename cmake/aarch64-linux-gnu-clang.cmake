# As aarch64-linux-gnu.cmake, with clang in place of gcc: same sysroot, and the gcc cross
# toolchain's libstdc++ and binutils (clang finds both from --gcc-toolchain).
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_CXX_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_CXX_COMPILER_EXTERNAL_TOOLCHAIN /usr)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_C_COMPILER_EXTERNAL_TOOLCHAIN /usr)
include(${CMAKE_CURRENT_LIST_DIR}/aarch64-linux-gnu.cmake)
# CMake would take these from LLVM, or the host's binutils when LLVM's are not installed.
find_program(CMAKE_AR aarch64-linux-gnu-ar REQUIRED)
find_program(CMAKE_RANLIB aarch64-linux-gnu-ranlib REQUIRED)
find_program(CMAKE_STRIP aarch64-linux-gnu-strip REQUIRED)
