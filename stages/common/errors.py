"""The one exception type a person sees: a message, never a traceback."""


class FerryError(Exception):
    """A problem the user can fix: bad spec, unsupported model, compiler error.

    The message is complete on its own (file, line, what was expected); callers print it and exit
    non-zero instead of showing a traceback.
    """
