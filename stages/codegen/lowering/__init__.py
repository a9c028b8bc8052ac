"""Lowering functions, one module per op family; importing this package registers them all.

Each module decorates its functions with `stages.codegen.kernel_call.lowers`.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
