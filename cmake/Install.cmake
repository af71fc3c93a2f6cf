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
find_program(DPKG_SHLIBDEPS_EXECUTABLE dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_EXECUTABLE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libpg-query1504.0, libprotobuf-c1, libpcre2-8-0, libyaml-0-2, libjansson4, libssl3, libgit2-1.5, libpq5")
endif()
include(CPack)
