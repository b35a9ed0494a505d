/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Calls a function the shared object does not define: mwa_image_from_elf must refuse it
 * and name memcpy (the loader resolves nothing). */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);

__attribute__((visibility("default")))
void mwa_init(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n);
}
