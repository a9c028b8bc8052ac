// ferry kernels: movement.
#pragma once

#include "ferry_common.h"

namespace ferry {

}  // namespace ferry
