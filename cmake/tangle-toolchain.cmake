# Builds a CMake project with tangle, in one flag:
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=<tangle>/lib/cmake/tangle/tangle-toolchain.cmake
# C and C++ are compiled by tangle-cc / tangle-c++ (clang-19 with tangle's
# pass plugin and debug info; executables link tangle's
# runtime). Programs then record a session per run into $TANGLE_OUT (default
# ./tangle-out): run the tests, then `tangle check` the sessions.
# -DTANGLE_RACES=ON builds in full mode (tangle-cc -ftangle-races: data
# races too, at about ThreadSanitizer's cost).
# This file lives in <tangle>/lib/cmake/tangle, beside <tangle>/bin.
get_filename_component(TANGLE_BIN_DIR "${CMAKE_CURRENT_LIST_DIR}/../../../bin" ABSOLUTE)
set(CMAKE_C_COMPILER "${TANGLE_BIN_DIR}/tangle-cc")
set(CMAKE_CXX_COMPILER "${TANGLE_BIN_DIR}/tangle-c++")
set(TANGLE_EXECUTABLE "${TANGLE_BIN_DIR}/tangle" CACHE FILEPATH "The tangle command")
if(TANGLE_RACES) # -DTANGLE_RACES=ON
  set(CMAKE_C_FLAGS_INIT "-ftangle-races")
  set(CMAKE_CXX_FLAGS_INIT "-ftangle-races")
endif()
