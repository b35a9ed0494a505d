/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * cwasm.c — precompiled modules: .cwasm files (mw_module_deserialize) and static
 * modules compiled into the program (mw_module_new_static). See doc/aot.md.
 *
 * Trust: a .cwasm holds native code, which no check can make safe; like Wasmtime's,
 * it must come from a trusted `minwasm compile`. What is checked is that the file is
 * whole and meant for this core: magic, format, target, ABI and configuration, every
 * length and offset, and checksums of the header and of the rest. The original module
 * travels inside and is decoded and validated as any module, which gives the
 * metadata (types, imports, exports, segments) and the interpreter's code when the
 * platform cannot publish native code (no MW_PLATFORM_CODE): the module then runs
 * interpreted, and mw_module_is_native says so.
 */
#include "mw_internal.h"
#include "cwasm_format.h"
#if MW_PLATFORM_CODE
#  include "../include/minwasm_platform.h"
#endif

static uint32_t core_config(void)
{
    return (MW_GUARD_PAGES ? 0u : MWA_CFG_BOUNDS) | (MW_SIMD ? MWA_CFG_SIMD : 0u);
}

static const char *target_name(uint32_t t)
{
    switch (t) {
    case MWH_TARGET_X86_64: return "x86_64";
    case MWH_TARGET_AARCH64: return "aarch64";
    case MWH_TARGET_RISCV64: return "riscv64";
    default: return "an unknown target";
    }
}

static const char *config_name(uint32_t c)
{
    switch (c) {
    case 0: return "guard pages, no SIMD";
    case MWA_CFG_SIMD: return "guard pages";
    case MWA_CFG_BOUNDS: return "bounds checks, no SIMD";
    case MWA_CFG_BOUNDS | MWA_CFG_SIMD: return "bounds checks";
    default: return "an unknown configuration";
    }
}

bool mw_module_is_native(const mw_module *m) { return m != NULL && m->native != NULL; }

void mwH_free(mw_module *m)
{
    mwi_native *n = m->native;
    if (!n) return;
    mw_engine *e = m->engine;
#if MW_PLATFORM_CODE
    if (n->code) mw_platform_unmap(n->code, n->code_len);
#endif
    if (n->addrs) mwM_free(e, n->addrs, (size_t)n->naddrs * sizeof *n->addrs);
    if (n->addr_func) mwM_free(e, n->addr_func, (size_t)n->naddrs * sizeof *n->addr_func);
    if (n->entries) mwM_free(e, n->entries, (size_t)n->desc.nfuncs * sizeof *n->entries);
    if (n->typed) mwM_free(e, (void *)n->typed, (size_t)n->desc.nfuncs * sizeof *n->typed);
    mwM_free(e, n, sizeof *n);
    m->native = NULL;
}

/* The native code replaces the interpreter's for every defined function. */
static void drop_translations(mw_module *m)
{
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        mw_code *c = &m->funcs[i].code;
        if (c->ops) mwM_free(m->engine, c->ops, (size_t)c->nops * sizeof(mw_unit));
        c->ops = NULL;
        c->nops = 0;
    }
}

static mw_result check_desc(const mw_module *m, const mwa_module_desc *d, mw_error *err)
{
    if (d->abi != MWA_ABI_VERSION)
        return mwE_set(err, MW_ERR_UNSUPPORTED, SIZE_MAX,
                       "precompiled code uses native interface %u; this core has %u",
                       d->abi, MWA_ABI_VERSION);
    if (d->config != core_config())
        return mwE_set(err, MW_ERR_UNSUPPORTED, SIZE_MAX,
                       "precompiled code configuration mismatch: compiled for a core with %s; this core has %s",
                       config_name(d->config), config_name(core_config()));
    if (d->nfuncs != m->nfuncs - m->nfunc_imports || (d->nfuncs && (!d->entries || !d->typed)))
        return mwE_set(err, MW_ERR_MALFORMED, SIZE_MAX,
                       "precompiled code has %u functions, its module defines %u",
                       d->nfuncs, m->nfuncs - m->nfunc_imports);
    for (uint32_t i = 0; i < d->nfuncs; i++)
        if (!d->entries[i] || !d->typed[i])
            return mwE_set(err, MW_ERR_MALFORMED, SIZE_MAX,
                           "precompiled code lacks function %u", m->nfunc_imports + i);
    return MW_OK;
}

#if MW_PLATFORM_CODE
/* The address table of mwi_native (typed functions and slot entries, ascending). */
static mw_result build_addrs(mw_module *m, mwi_native *n)
{
    uint32_t nf = n->desc.nfuncs, na = 2 * nf;
    if (!na) return MW_OK;
    n->addrs = mwM_alloc(m->engine, (size_t)na * sizeof *n->addrs);
    n->addr_func = mwM_alloc(m->engine, (size_t)na * sizeof *n->addr_func);
    if (!n->addrs || !n->addr_func) {
        if (n->addrs) mwM_free(m->engine, n->addrs, (size_t)na * sizeof *n->addrs);
        if (n->addr_func) mwM_free(m->engine, n->addr_func, (size_t)na * sizeof *n->addr_func);
        n->addrs = NULL;
        n->addr_func = NULL;
        return MW_ERR_NOMEM;
    }
    n->naddrs = na;
    for (uint32_t i = 0; i < nf; i++) {
        const void *t = n->typed[i];
        mwa_entry w = n->entries[i];
        uintptr_t wa;
        memcpy(&wa, &w, sizeof wa);   /* function pointer to address */
        n->addrs[2 * i] = (uintptr_t)t;
        n->addr_func[2 * i] = m->nfunc_imports + i;
        n->addrs[2 * i + 1] = wa;
        n->addr_func[2 * i + 1] = (m->nfunc_imports + i) | MWI_NATIVE_ENTRY;
    }
    /* Shell sort: no recursion, no allocation, fine for tens of thousands. */
    static const uint32_t gaps[] = { 1750, 701, 301, 132, 57, 23, 10, 4, 1 };
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        uint32_t gap = gaps[g];
        for (uint32_t i = gap; i < na; i++) {
            uintptr_t a = n->addrs[i];
            uint32_t f = n->addr_func[i], j = i;
            for (; j >= gap && n->addrs[j - gap] > a; j -= gap) {
                n->addrs[j] = n->addrs[j - gap];
                n->addr_func[j] = n->addr_func[j - gap];
            }
            n->addrs[j] = a;
            n->addr_func[j] = f;
        }
    }
    return MW_OK;
}

/* Copy the image to fresh pages, relocate it, publish it, and run its init function. */
static mw_result load_image(mw_module *m, const uint8_t *img, uint32_t len, const uint8_t *rel,
                            uint32_t nrel, uint32_t entry, mw_error *err)
{
    size_t ps = mw_platform_page_size();
    size_t size = ((size_t)len + ps - 1) / ps * ps;
    void *p = NULL;
    if (mw_platform_reserve(size, &p) != 0)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "cannot reserve %zu bytes for native code", size);
    if (mw_platform_protect(p, size, MW_PROT_READ | MW_PROT_WRITE) != 0) {
        mw_platform_unmap(p, size);
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "cannot commit %zu bytes for native code", size);
    }
    uint8_t *base = p;
    memcpy(base, img, len);
    for (uint32_t i = 0; i < nrel; i++) {
        uint64_t w;
        uint32_t off = mwH_rd32(rel + 4 * (size_t)i);
        memcpy(&w, base + off, 8);
        w += (uint64_t)(uintptr_t)base;
        memcpy(base + off, &w, 8);
    }
    if (mw_platform_publish_code(p, size) != 0) {
        mw_platform_unmap(p, size);
        return mwE_set(err, MW_ERR_UNSUPPORTED, SIZE_MAX, "the platform cannot publish native code");
    }
    mw_engine *e = m->engine;
    mwi_native *n = mwM_zalloc(e, sizeof *n);
    uint32_t nf = m->nfuncs - m->nfunc_imports;
    if (n) {
        n->code = p;
        n->code_len = size;
        n->desc.nfuncs = nf;
        m->native = n;   /* mwH_free cleans up from here on */
        /* Sized as mwH_free frees them (an empty block for no functions). */
        n->entries = mwM_zalloc(e, (size_t)nf * sizeof *n->entries);
        n->typed = mwM_zalloc(e, (size_t)nf * sizeof *n->typed);
    } else {
        mw_platform_unmap(p, size);
    }
    if (!n || !n->entries || !n->typed)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory loading native code");
    typedef void (*init_fn)(mwa_module_desc *, mwa_entry *, const void **);
    init_fn init;
    void *ep = base + entry;
    memcpy(&init, &ep, sizeof init);   /* object to function pointer: the loader's one cast */
    mwa_module_desc d;
    memset(&d, 0, sizeof d);
    init(&d, n->entries, n->typed);
    mw_result r = check_desc(m, &d, err);
    if (r != MW_OK) return r;
    n->desc = d;
    if (build_addrs(m, n) != MW_OK)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory loading native code");
    drop_translations(m);
    return MW_OK;
}
#endif

mw_result mw_module_deserialize(mw_engine *engine, const uint8_t *b, size_t len,
                                mw_module **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "module output pointer is NULL");
    *out = NULL;
    if (!engine || (!b && len))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_module_deserialize: NULL argument");
    if (len < MWH_HEADER || !mwi_bytes_eq(b, MWH_MAGIC, 8))
        return mwE_set(err, MW_ERR_MALFORMED, 0, "not a precompiled module (.cwasm): %s",
                       len < MWH_HEADER ? "too short" : "bad magic");
    if (mwH_fnv1a(b, 56) != mwH_rd64(b + 56))
        return mwE_set(err, MW_ERR_MALFORMED, 56, "corrupted .cwasm header (checksum)");
    uint32_t version = mwH_rd32(b + 8), target = mwH_rd32(b + 12), config = mwH_rd32(b + 16);
    uint32_t abi = mwH_rd32(b + 20), wasm_len = mwH_rd32(b + 32), img_len = mwH_rd32(b + 36);
    uint32_t nrel = mwH_rd32(b + 40), entry = mwH_rd32(b + 44);
    if (version != MWH_VERSION)
        return mwE_set(err, MW_ERR_UNSUPPORTED, 8,
                       ".cwasm format version %u; this minwasm reads version %u", version, MWH_VERSION);
    if (target != MWH_TARGET_HOST)
        return mwE_set(err, MW_ERR_UNSUPPORTED, 12, ".cwasm compiled for target %s; this is %s",
                       target_name(target), target_name(MWH_TARGET_HOST));
    if (abi != MWA_ABI_VERSION)
        return mwE_set(err, MW_ERR_UNSUPPORTED, 20,
                       ".cwasm uses native interface %u; this core has %u", abi, MWA_ABI_VERSION);
    if (config != core_config())
        return mwE_set(err, MW_ERR_UNSUPPORTED, 16,
                       ".cwasm configuration mismatch: compiled for a core with %s; this core has %s",
                       config_name(config), config_name(core_config()));
    uint64_t off_rel = MWH_HEADER + mwH_pad8(wasm_len);
    uint64_t off_img = off_rel + mwH_pad8((size_t)nrel * 4);
    if (img_len == 0 || img_len > MWH_MAX_IMAGE || entry >= img_len || off_img + img_len != len)
        return mwE_set(err, MW_ERR_MALFORMED, 32,
                       "corrupted .cwasm: lengths do not match the file size (%zu bytes)", len);
    if (mwH_fnv1a(b + MWH_HEADER, len - MWH_HEADER) != mwH_rd64(b + 48))
        return mwE_set(err, MW_ERR_MALFORMED, MWH_HEADER, "corrupted .cwasm (payload checksum)");
    if (mwH_fnv1a(b + MWH_HEADER, wasm_len) != mwH_rd64(b + 24))
        return mwE_set(err, MW_ERR_MALFORMED, 24, "corrupted .cwasm (module hash)");
    for (uint32_t i = 0; i < nrel; i++) {
        uint32_t r = mwH_rd32(b + off_rel + 4 * (size_t)i);
        if (img_len < 8 || r > img_len - 8)
            return mwE_set(err, MW_ERR_MALFORMED, (size_t)off_rel + 4 * (size_t)i,
                           "corrupted .cwasm: relocation %u outside the code", i);
    }

    mw_module *m = NULL;
    mw_result r = mw_module_new(engine, b + MWH_HEADER, wasm_len, &m, err);
    if (r != MW_OK) return r;
#if MW_PLATFORM_CODE
    r = load_image(m, b + off_img, img_len, b + off_rel, nrel, entry, err);
    if (r != MW_OK) {
        mw_module_delete(m);
        return r;
    }
#endif
    *out = m;
    return MW_OK;
}

mw_result mw_module_new_static(mw_engine *engine, const struct mwa_module_desc *d,
                               mw_module **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "module output pointer is NULL");
    *out = NULL;
    if (!engine || !d || (!d->wasm && d->wasm_len))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_module_new_static: NULL argument");
    mw_module *m = NULL;
    mw_result r = mwi_module_new(engine, d->wasm, d->wasm_len, true, &m, err);
    if (r != MW_OK) return r;
    r = check_desc(m, d, err);
    mwi_native *n = r == MW_OK ? mwM_zalloc(engine, sizeof *n) : NULL;
    if (r == MW_OK && !n)
        r = mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory");
    if (r != MW_OK) {
        mw_module_delete(m);
        return r;
    }
    n->desc = *d;
    m->native = n;
    drop_translations(m);
    *out = m;
    return MW_OK;
}
