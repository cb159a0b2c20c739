/*
 * fuzz.h: the libFuzzer entry point every tests/fuzz/fuzz_*.c defines.
 *
 * With --enable-fuzzing, libFuzzer's main() calls it; otherwise replay.c's
 * main() feeds it each file of the target's corpus. FUZZ_CHECK aborts, so
 * a broken invariant is a crash either way.
 */
#ifndef TLSMATRIX_FUZZ_H
#define TLSMATRIX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { if (!(cond)) abort(); } while (0)

#endif
