"""The one exception type a person sees: a message, never a traceback."""


class FerryError(Exception):
    """A problem the user can fix: bad spec, unsupported model, compiler error.

    The message is complete on its own (file, line, what was expected); callers print it and exit
    non-zero instead of showing a traceback.
    """


class VerdictFailed(FerryError):
    """The stage's outputs are complete and consistent, and what they say fails the build (an
    accuracy or silicon budget): they are published, then the stage fails."""
