# The installed CMake package: `cmake --install` writes
# <prefix>/lib/cmake/dynamo_items/ so that other projects can
#   find_package(dynamo_items 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE dynamo_items::server)  # or ::engine, ::client
# The targets are installed by engine/, server/ and client/ into the export
# set dynamo_itemsTargets; the libraries are static, so the config also finds
# what they link privately (RocksDB is named by its absolute path).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DYNAMO_ITEMS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dynamo_items)
install(EXPORT dynamo_itemsTargets NAMESPACE dynamo_items:: DESTINATION ${DYNAMO_ITEMS_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/dynamo_itemsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dynamo_itemsConfig.cmake INSTALL_DESTINATION ${DYNAMO_ITEMS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dynamo_itemsConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dynamo_itemsConfig.cmake ${PROJECT_BINARY_DIR}/dynamo_itemsConfigVersion.cmake
  DESTINATION ${DYNAMO_ITEMS_CMAKE_DIR})
