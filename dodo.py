"""doit entry point in the repository: `doit` builds pipeline.yaml; `doit pipeline=PATH` builds
another spec (`outputs=DIR`, `cache=DIR|off`). The installed command is `ferry` (ferry/cli.py);
both load the graph and its tasks through ferry/engine/guard.py.
"""

import sys
from pathlib import Path

from ferry.engine import guard

guard.handle_interrupts()  # first: a Ctrl-C while the graph loads is one line too

from doit import get_var  # noqa: E402

from ferry.engine.doit_actions import keygen_action, verify_action  # noqa: E402

# Commands that need no spec: a key is made before the spec that names it can load.
TOOLS = ("keygen", "verify")

guard.guard_dependency_records()
_outputs = get_var("outputs", None)
_loaded = guard.load_for_doit(Path(get_var("pipeline", "pipeline.yaml")), Path(_outputs) if _outputs else None,
                              get_var("cache", None), lock=guard.writes_outputs(sys.argv),
                              recompute=bool({"-a", "--always-execute"} & set(sys.argv[1:])))
if isinstance(_loaded, str):
    if not set(TOOLS) & set(sys.argv[1:]):  # a person reads errors, not tracebacks
        print(_loaded, file=sys.stderr)
        sys.exit(guard.LOAD_ERROR_EXIT)
    # with only the tools to run, their dependency records need not outlive the run
    DOIT_CONFIG = {"dep_file": ":memory:", "backend": "sqlite3", "verbosity": 0}
else:
    globals().update(guard.task_namespace(_loaded))


def task_verify():
    """Check a bundle's digests and signature: `doit verify bundle=PATH [pubkey=PATH]`."""
    return {"actions": [(verify_action, [get_var("bundle", ""), get_var("pubkey", None)])],
            "uptodate": [False], "verbosity": 2}


def task_keygen():
    """Make an Ed25519 signing key: `doit keygen key=PATH` writes PATH (0600) and PATH.pub."""
    return {"actions": [(keygen_action, [get_var("key", "")])], "uptodate": [False], "verbosity": 2}
