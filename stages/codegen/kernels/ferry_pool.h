// ferry kernels: pool.
#pragma once

#include "ferry_common.h"

namespace ferry {

}  // namespace ferry
