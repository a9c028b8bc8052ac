// ferry kernels: plain, readable reference loops, one small header per op family.
// Copied into every generated package; the generated model.cpp calls them in graph order.
#pragma once

#include "ferry_common.h"
#include "ferry_conv.h"
#include "ferry_elementwise.h"
#include "ferry_int16.h"
#include "ferry_int8.h"
#include "ferry_matmul.h"
#include "ferry_movement.h"
#include "ferry_pool.h"
#include "ferry_quantize.h"
#include "ferry_reduce.h"
#include "ferry_resize.h"
#include "ferry_sparse.h"
