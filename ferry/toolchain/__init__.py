"""The tools outside Python that stages drive: compilers and binutils, the host runner of a
generated package, QEMU; and their versions. Stages call these instead of reaching into each other."""
