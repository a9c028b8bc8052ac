"""manifest.json and provenance.dsse.json of a hand-off bundle: its files, and how they were made.

Provenance is an in-toto Statement v1 with an SLSA Provenance v1 predicate, in a DSSE envelope
(provenance.dsse.json), so that standard in-toto and SLSA verifiers can check it: every file of
the bundle and manifest.json are its subjects; the spec, its digest and the stage params are the
build definition; the model, data and target files are resolved dependencies. The envelope's
signature (Ed25519 over DSSE's pre-authentication encoding) thus covers the statement, which
covers manifest.json, which lists every file.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ferry.schemas.artifacts import Figure
from ferry.schemas.pipeline import Name

# One archive member: a relative POSIX path of safe components (no absolute path, no empty part).
_COMPONENT = r"[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,99}"  # no leading dot: never '.', '..' or hidden
MemberPath = Annotated[str, Field(pattern=rf"^{_COMPONENT}(/{_COMPONENT}){{0,15}}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
StageName = Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]

FORMAT: Final = "ferry-bundle/3"  # 3: provenance in a DSSE envelope (2: a raw signature over manifest.json)
STATEMENT_TYPE: Final = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE: Final = "application/vnd.in-toto+json"  # DSSE payload type of an in-toto statement
SLSA_PROVENANCE: Final = "https://slsa.dev/provenance/v1"
BUILD_TYPE = "https://ferry.invalid/pipeline/v1"  # ferry's own build type: spec + stage params


class BundleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Digest(BundleModel):
    sha256: Sha256


class FileEntry(BundleModel):
    path: MemberPath
    sha256: Sha256
    size: int = Field(ge=0)


class Subject(BundleModel):
    name: MemberPath
    digest: Digest


class ResourceDescriptor(BundleModel):
    """An input of the build: the model, the data, the target file (uri relative to the spec)."""

    name: str
    uri: str
    digest: Digest


class StageParams(BundleModel):
    version: int
    params: dict[str, object]


class ExternalParameters(BundleModel):
    pipeline: dict[str, object]  # the spec as parsed, in canonical JSON form
    pipeline_sha256: Sha256  # of canonical_json(pipeline)
    model: Name
    target: Name


class InternalParameters(BundleModel):
    stages: dict[str, StageParams]  # each stage that made the bundled files: version and params
    source_date_epoch: int  # the mtime of every archive member


class BuildDefinition(BundleModel):
    buildType: str = BUILD_TYPE
    externalParameters: ExternalParameters
    internalParameters: InternalParameters
    resolvedDependencies: list[ResourceDescriptor]


class Builder(BundleModel):
    id: str = "ferry"
    version: dict[str, str]  # ferry, git commit, compiler, python and library versions


class RunDetails(BundleModel):
    builder: Builder


class Provenance(BundleModel):
    buildDefinition: BuildDefinition
    runDetails: RunDetails


class Statement(BundleModel):
    type: Literal["https://in-toto.io/Statement/v1"] = Field(default=STATEMENT_TYPE, alias="_type")
    subject: list[Subject]
    predicateType: Literal["https://slsa.dev/provenance/v1"] = SLSA_PROVENANCE
    predicate: Provenance


class ModelCard(BundleModel):
    """What the receiving side asks first: how accurate, how big, how fast, within budget?"""

    accuracy: dict[str, float | None]  # fp32, C++ and int8 top-1 (when labelled)
    stage_figures: dict[str, dict[str, Figure]]  # each stage's figures, accuracy per stage among them
    arena_bytes: int
    weights_bytes: int
    flash_bytes: int | None
    peak_sram_bytes: int | None
    latency_ms: float | None  # simulated targets
    energy_uj: float | None
    budget: Literal["pass", "fail", "none"] | None


class ShippedModel(BundleModel):
    """The model a receiving pipeline resumes from: read before extraction to shape its graph."""

    path: MemberPath  # one of the files, under model/
    quantized: bool  # an int8 (QDQ) program: the receiver skips calibrate and quantize
    stages: list[StageName]  # the stages the sender ran, in order (their params: the provenance)


class BundleManifest(BundleModel):
    """Every file of the bundle except manifest.json itself and provenance.dsse.json."""

    format: Literal["ferry-bundle/3"] = FORMAT
    files: list[FileEntry]
    model: ShippedModel
    card: ModelCard

    @model_validator(mode="after")
    def _model_is_a_file(self) -> BundleManifest:
        paths = [f.path for f in self.files]
        if paths != sorted(set(paths)):
            raise ValueError("files must be sorted by path, each once")
        if self.model.path not in paths:
            raise ValueError(f"model.path {self.model.path!r} is not one of the files")
        return self


class DsseSignature(BundleModel):
    keyid: str  # ferry: the signer's fingerprint (sha256 of the raw Ed25519 public key, hex)
    sig: str  # base64 of the Ed25519 signature over PAE(payloadType, payload)


class DsseEnvelope(BundleModel):
    """provenance.dsse.json: the statement as DSSE v1 carries it (no signatures: unsigned)."""

    payloadType: Literal["application/vnd.in-toto+json"] = PAYLOAD_TYPE
    payload: str  # base64 of the statement's canonical JSON
    signatures: list[DsseSignature]


class BundleOrigin(BundleModel):
    """What the receiver's intake verified about a bundle (intake/origin.json): shown in its report."""

    bundle: str  # the archive's file name (not its folder: origin.json must not depend on where it lies)
    sha256: Sha256  # of the archive
    signer: Sha256 | None  # fingerprint (sha256 of the raw public key) that verified it; None: unsigned
    pipeline: str  # the sender's pipeline, model and target
    model: Name
    target: Name
    stages: list[StageName]  # the sender's stages, in order
    ferry: str  # the sender's ferry version and git commit (printable ASCII)
    card: ModelCard

    def sender_accuracy(self) -> dict[str, float]:
        """The sender's top-1 figures: the card's keys ferry writes (other keys are not shown)."""
        return {name: value for name in ("fp32_top1", "int8_top1", "cpp_top1")
                if (value := self.card.accuracy.get(name)) is not None}
