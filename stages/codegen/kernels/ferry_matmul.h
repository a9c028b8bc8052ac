// ferry kernels: matmul.
#pragma once

#include "ferry_common.h"

namespace ferry {

}  // namespace ferry
