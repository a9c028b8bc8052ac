"""The embedded side: cross-compiling the package for a microcontroller, a firmware image that runs
it on an emulated board (QEMU) with semihosting, and the comparison of what it computed."""
