# Finds retort's libraries (all Debian packages; see scripts/setup.sh) and gathers them
# into one interface target, retort_deps.

pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(PROTOBUF_C REQUIRED IMPORTED_TARGET libprotobuf-c)

# libpg_query ships no pkg-config file: find its header and library directly.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES pg_query REQUIRED)
add_library(pg_query UNKNOWN IMPORTED)
set_target_properties(pg_query PROPERTIES
  IMPORTED_LOCATION ${PG_QUERY_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${PG_QUERY_INCLUDE_DIR})

find_package(Threads REQUIRED)

add_library(retort_deps INTERFACE)
target_link_libraries(retort_deps INTERFACE
  pg_query PkgConfig::PROTOBUF_C PkgConfig::PCRE2 PkgConfig::YAML PkgConfig::JANSSON
  PkgConfig::LIBCRYPTO PkgConfig::LIBGIT2 PkgConfig::LIBPQ Threads::Threads m)
