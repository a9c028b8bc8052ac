// ferry kernels: reduce.
#pragma once

#include "ferry_common.h"

namespace ferry {

}  // namespace ferry
