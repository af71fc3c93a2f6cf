# Finds retort's libraries (all Debian packages; see scripts/setup.sh) and gathers them
# into one interface target, retort_deps. libgit2, libpq and libpg_query are used for
# their headers only: src/dl loads them with dlopen on first use, by the SONAMEs found
# here, so that a run that needs none of them does not pay for mapping and relocating
# them (libgit2 and libpq bring ~30 dependencies; libpg_query is large).

pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
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

# rt_soname(VAR PREFIX): the SONAME of the shared library pkg-config found for PREFIX
# (PREFIX_LINK_LIBRARIES), which is the file name dlopen must ask for.
function(rt_soname var prefix)
  set(lib "")
  foreach(candidate IN LISTS ${prefix}_LINK_LIBRARIES)
    if(candidate MATCHES "\\.so")
      set(lib ${candidate})
      break()
    endif()
  endforeach()
  if(NOT lib OR NOT CMAKE_OBJDUMP)
    message(FATAL_ERROR "cannot find the shared library of ${prefix} to read its SONAME")
  endif()
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${lib} OUTPUT_VARIABLE dump
                  RESULT_VARIABLE failed)
  string(REGEX MATCH "SONAME[ \t]+([^\n]+)" found "${dump}")
  if(failed OR NOT found)
    message(FATAL_ERROR "cannot read the SONAME of ${lib}")
  endif()
  string(STRIP "${CMAKE_MATCH_1}" soname)
  set(${var} ${soname} PARENT_SCOPE)
endfunction()
rt_soname(RETORT_LIBGIT2_SONAME LIBGIT2)
rt_soname(RETORT_LIBPQ_SONAME LIBPQ)
set(PG_QUERY_LINK_LIBRARIES ${PG_QUERY_LIBRARY})
rt_soname(RETORT_PG_QUERY_SONAME PG_QUERY)
message(STATUS "loaded on first use: libgit2 as ${RETORT_LIBGIT2_SONAME}, libpq as "
               "${RETORT_LIBPQ_SONAME}, libpg_query as ${RETORT_PG_QUERY_SONAME}")

add_library(retort_deps INTERFACE)
target_link_libraries(retort_deps INTERFACE
  PkgConfig::PCRE2 PkgConfig::YAML PkgConfig::JANSSON PkgConfig::NETTLE Threads::Threads
  ${CMAKE_DL_LIBS} m)
target_include_directories(retort_deps INTERFACE ${LIBGIT2_INCLUDE_DIRS} ${LIBPQ_INCLUDE_DIRS}
  ${PG_QUERY_INCLUDE_DIR} ${PROTOBUF_C_INCLUDE_DIRS})
target_compile_definitions(retort_deps INTERFACE
  RT_LIBGIT2_SONAME="${RETORT_LIBGIT2_SONAME}" RT_LIBPQ_SONAME="${RETORT_LIBPQ_SONAME}"
  RT_PG_QUERY_SONAME="${RETORT_PG_QUERY_SONAME}")
