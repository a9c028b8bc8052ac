"""The one exception type a person sees: a message, never a traceback."""

import errno


class FerryError(Exception):
    """A problem the user can fix: bad spec, unsupported model, compiler error.

    The message is complete on its own (file, line, what was expected); callers print it and exit
    non-zero instead of showing a traceback.
    """


class VerdictFailed(FerryError):
    """The stage's outputs are complete and consistent, and what they say fails the build (an
    accuracy or silicon budget): they are published, then the stage fails."""


def describe_os_error(error: OSError) -> str:
    """'PATH: what went wrong' from an OSError (the errno's text, not Python's repr)."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        reason = "no space left on device"
    files = [f for f in (error.filename, error.filename2) if f is not None]
    return f"{' -> '.join(str(f) for f in files)}: {reason}" if files else reason
