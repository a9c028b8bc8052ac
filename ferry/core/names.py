"""ONNX names are untrusted text: turn them into unique C++ identifiers and safe comments."""

from __future__ import annotations

import re

# C and C++ keywords plus names a translation unit of ours may already use; an ONNX name that
# sanitizes to one of them gets a suffix (principle 11).
_RESERVED = frozenset(
    """
    alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
    nullptr operator or or_eq private protected public register reinterpret_cast requires restrict
    return short signed sizeof static static_assert static_cast struct switch template this
    thread_local throw true try typedef typeid typename union unsigned using virtual void volatile
    wchar_t while xor xor_eq _Bool _Complex _Imaginary main NULL EOF errno assert stdin stdout
    stderr arena ferry weights std
    """.split()
)
_INVALID = re.compile(r"[^A-Za-z0-9_]+")
_MAX_LENGTH = 48


def sanitize(text: str, fallback: str = "t") -> str:
    """A valid, non-reserved C++ identifier that still reads like `text`."""
    name = _INVALID.sub("_", text)
    name = re.sub(r"_+", "_", name).strip("_")[:_MAX_LENGTH].rstrip("_")
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED:
        name = f"{name}_"
    return name


# Identifiers from the table (ports unprefixed) share scopes with more than keywords:
# - the runner's locals and helpers: a port named "out" would be the runner's FILE* out;
# - the typedefs and lower-case macros of the C headers the package includes; the other
#   macros are upper case, so upper-case names are avoided altogether (_MACRO_LIKE);
# - what the emitter derives from the package prefix ("<prefix>_run", "<prefix>_weights",
#   "<prefix>_input0_size"...), whatever the prefix (_PREFIX_DERIVED).
_PACKAGE_NAMES = frozenset(
    """
    in out samples argc argv fail read_all write_all at_end
    int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t intptr_t uintptr_t
    intmax_t uintmax_t size_t ptrdiff_t max_align_t nullptr_t float_t double_t
    alloca offsetof math_errhandling issubnormal
    """.split()
)
_MACRO_LIKE = re.compile(r"[A-Z][A-Z0-9_]+|[A-Z]_\w*|(?:be|le|htobe|htole)\d+(?:toh)?")
_PREFIX_DERIVED = re.compile(
    r".*_(?:run|weights|input_count|output_count|(?:input|output)\d+_size)")


def _unclashed(identifier: str) -> str:
    """`identifier`, with a "_" appended when it may clash with one of the names above (none of
    which ends with "_")."""
    if identifier.endswith("_"):
        return identifier
    if (identifier in _RESERVED or identifier in _PACKAGE_NAMES
            or _MACRO_LIKE.fullmatch(identifier) or _PREFIX_DERIVED.fullmatch(identifier)):
        return identifier + "_"
    return identifier


class IdentifierTable:
    """Hands out one unique identifier per (kind, ONNX name), stable for a given insertion order."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def get(self, kind: str, onnx_name: str, text: str | None = None, prefix: str = "") -> str:
        """The identifier for `onnx_name`; it reads like `text` when given, else like the name."""
        key = (kind, onnx_name)
        if key not in self._by_key:
            base = _unclashed(prefix + sanitize(onnx_name if text is None else text))
            candidate, counter = base, 2
            while candidate in self._taken:
                # "int_" + "2", not "int__2": a double underscore is reserved in C++
                candidate = _unclashed(f"{base}{'' if base.endswith('_') else '_'}{counter}")
                counter += 1
            self._taken.add(candidate)
            self._by_key[key] = candidate
        return self._by_key[key]


def quoted(text: str) -> str:
    """`text` as a double-quoted, escaped string that is safe inside a // comment or a literal.

    Escaping backslashes and ending with a quote means no line can end in a backslash (which
    would splice the next line into the comment); non-ASCII and control characters become \\u
    escapes so the file is plain ASCII; "*/", "/*" and "??" are broken up so the text can sit
    inside a /* */ comment, and the result is also a valid C++ string literal of `text`.
    """
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif 0x20 <= ord(char) < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    # "*/" would end a /* */ comment and "/*" inside one is a -Wcomment error: a slash next to
    # a star becomes the octal escape \057 (valid in a literal, unlike "\/"). "??" starts a
    # trigraph: a "?" before another "?" gets an escape ("?\?"). Neither creates a new pair.
    text = re.sub(r"(?<=\*)/|/(?=\*)", r"\\057", "".join(out))
    text = re.sub(r"\?(?=\?)", r"?\\", text)
    return '"' + text + '"'
