# ferry: CMake package configuration of model @PREFIX@: find_package(@PREFIX@) defines the
# imported static library @PREFIX@::@PREFIX@ (C API in @PREFIX@_model.h). Its code is C++: the
# project that links it enables CXX, e.g. project(firmware C CXX).
include("${CMAKE_CURRENT_LIST_DIR}/@PREFIX@Targets.cmake")
