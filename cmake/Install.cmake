# Installation and packaging: the binary (installed in CMakeLists.txt), the man page
# generated from docs/retort.1.scd with scdoc, the bash and zsh completions, and the
# Python entry point Alembic's console_scripts post_write_hooks call (retort-sign).
# `cpack` builds a .deb from the same install rules.

find_program(SCDOC_EXECUTABLE scdoc)
if(SCDOC_EXECUTABLE)
  set(RETORT_MANPAGE ${PROJECT_BINARY_DIR}/retort.1)
  add_custom_command(
    OUTPUT ${RETORT_MANPAGE}
    COMMAND sh -c "\"$0\" < \"$1\" > \"$2\"" ${SCDOC_EXECUTABLE}
            ${PROJECT_SOURCE_DIR}/docs/retort.1.scd ${RETORT_MANPAGE}
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/retort.1.scd
    COMMENT "Generating the man page retort(1) with scdoc"
    VERBATIM)
  add_custom_target(manpage ALL DEPENDS ${RETORT_MANPAGE})
  install(FILES ${RETORT_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "scdoc not found: the man page retort(1) is not built (scripts/setup.sh installs it)")
endif()

install(FILES ${PROJECT_SOURCE_DIR}/completions/retort.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME retort)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_retort
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

# Debian's python3 looks in /usr/lib/python3/dist-packages; the .dist-info makes the
# retort-sign console_scripts entry point visible to Alembic (importlib.metadata).
set(RETORT_PYTHON_DIR lib/python3/dist-packages CACHE STRING
    "Where the retort_alembic package goes, relative to the prefix")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/retort_alembic
                  ${PROJECT_SOURCE_DIR}/python/retort_alembic-0.1.0.dist-info
        DESTINATION ${RETORT_PYTHON_DIR}
        PATTERN "__pycache__" EXCLUDE)

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME retort)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "retort maintainers <retort@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-alembic, pre-commit")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# rt_deb_package(VAR SONAME FALLBACK): the Debian package that ships SONAME here.
function(rt_deb_package var soname fallback)
  set(package ${fallback})
  find_program(DPKG_QUERY_EXECUTABLE dpkg-query)
  if(DPKG_QUERY_EXECUTABLE)
    execute_process(COMMAND ${DPKG_QUERY_EXECUTABLE} -S "*/${soname}"
                    OUTPUT_VARIABLE owner ERROR_QUIET RESULT_VARIABLE failed)
    if(NOT failed AND owner MATCHES "^([^:,]+)")
      set(package ${CMAKE_MATCH_1})
    endif()
  endif()
  set(${var} ${package} PARENT_SCOPE)
endfunction()
# libgit2 and libpq are loaded with dlopen on first use (src/dl), so dpkg-shlibdeps cannot
# see them in the binary: the package names them itself.
rt_deb_package(RETORT_LIBGIT2_PACKAGE ${RETORT_LIBGIT2_SONAME} libgit2-1.5)
rt_deb_package(RETORT_LIBPQ_PACKAGE ${RETORT_LIBPQ_SONAME} libpq5)
set(RETORT_DLOPEN_DEPENDS "${RETORT_LIBGIT2_PACKAGE}, ${RETORT_LIBPQ_PACKAGE}")
find_program(DPKG_SHLIBDEPS_EXECUTABLE dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_EXECUTABLE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${RETORT_DLOPEN_DEPENDS}")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libpg-query1504.0, libprotobuf-c1, libpcre2-8-0, libyaml-0-2, libjansson4, libnettle8, ${RETORT_DLOPEN_DEPENDS}")
endif()
include(CPack)
