"""doit's side of running a stage, and the two tools that are not stages (`verify`, `keygen`).

The actions the task graph names: module-level functions with picklable arguments, so that
`doit -n 2` can run them in worker processes. Each imports what it runs only when it runs: the
runner and the stage code (onnx, onnxruntime, numpy, ...) would otherwise load with the graph on
every doit run, a no-op included. ferry/engine/runner.py knows nothing of doit; this is the adapter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doit.exceptions import TaskFailed

from ferry.core.errors import FerryError
from ferry.engine.contracts import StageCall


def run_stage_action(call: StageCall[Any, Any]) -> TaskFailed | dict[str, str] | None:
    """Run the stage; a restore returns {"cache": "restored"}, which doit keeps in the task's
    values for the reporter (ferry/engine/feedback.py)."""
    from ferry.engine.runner import run_stage

    outcome = run_stage(call)
    if outcome.failure is not None:
        return TaskFailed(outcome.failure)
    return {"cache": "restored"} if outcome.restored else None


def verify_action(archive: str, public_key: str | None) -> TaskFailed | None:
    """`doit verify bundle=PATH [pubkey=PATH]`: one verdict line, nothing extracted."""
    from ferry.stages.bundle import verify_bundle

    if not archive:
        return TaskFailed("name the bundle: doit verify bundle=PATH [pubkey=PATH]")
    try:
        verified = verify_bundle(Path(archive), Path(public_key) if public_key else None)
    except FerryError as error:
        return TaskFailed(str(error))
    files = len(verified.manifest.files)
    signature = (f"signature valid (key {verified.signer})" if verified.signer else
                 "signature not checked (no public key given)")
    print(f"{archive}: OK: {files} files match the manifest; {signature}")
    return None


def keygen_action(path: str) -> TaskFailed | None:
    """`doit keygen key=PATH`: a new Ed25519 signing key (PATH, 0600) and its public key (PATH.pub)."""
    from ferry.stages.bundle import generate_keypair

    if not path:
        return TaskFailed("name the key file: doit keygen key=PATH")
    try:
        fingerprint = generate_keypair(Path(path))
    except (FerryError, OSError) as error:
        return TaskFailed(str(error))
    print(f"{path}: Ed25519 private key (mode 0600; keep it secret); {path}.pub: public key for the receiver; "
          f"fingerprint {fingerprint}")
    return None
