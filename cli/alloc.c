/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * alloc.c — the allocator hook the command gives to mw_engine_config.
 *
 * Hosted code: it maps the hook onto malloc/realloc/free. glibc and the BSD/macOS libcs
 * return blocks aligned for max_align_t (16 bytes on 64-bit hosts), which is what the
 * hook contract asks for.
 *
 * It also keeps an account of bytes in use, so the spec runner can check that deleting
 * everything returns every byte (a leak check that works without ASan), and so a byte
 * limit can be imposed to exercise MW_ERR_NOMEM paths.
 */
#include <stdlib.h>

#include "cli.h"

void *cli_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    cli_alloc_stats *st = ud;

    if (nsize == 0) {
        if (ptr != NULL) {
            free(ptr);
            if (st != NULL) {
                /* Saturate: a wrong osize from the caller must not wrap the counter. */
                st->in_use = osize <= st->in_use ? st->in_use - osize : 0;
                if (st->blocks > 0)
                    st->blocks--;
            }
        }
        return NULL;
    }
    if (ptr == NULL)
        osize = 0;   /* nothing to account for the old block */

    if (st != NULL && st->limit != 0 && nsize > osize &&
        (nsize - osize > st->limit || st->in_use > st->limit - (nsize - osize)))
        return NULL;

    void *p = ptr == NULL ? malloc(nsize) : realloc(ptr, nsize);
    if (p == NULL)
        return NULL;   /* realloc failure leaves ptr valid, as the contract requires */

    if (st != NULL) {
        st->in_use = st->in_use - (osize <= st->in_use ? osize : st->in_use) + nsize;
        if (st->in_use > st->peak)
            st->peak = st->in_use;
        if (ptr == NULL)
            st->blocks++;
    }
    return p;
}
