/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * module.c — the public module API: creation (decode + validate + translate), reference
 * counting and introspection of imports, exports, names and custom sections.
 */
#include "mw_internal.h"

static void mw_module_free_(mw_module *m)
{
    mw_engine *e = m->engine;
    mwH_free(m);
    mwV_image_free(m);
    mwD_free(m);
    if (!m->bytes_borrowed)
        mwM_free(e, m->bytes, m->len);
    mwM_free(e, m, sizeof *m);
}

mw_result mw_module_new(mw_engine *engine, const uint8_t *bytes, size_t len,
                        mw_module **out, mw_error *err)
{
    return mwi_module_new(engine, bytes, len, false, out, err);
}

mw_result mwi_module_new(mw_engine *engine, const uint8_t *bytes, size_t len, bool borrow,
                         mw_module **out, mw_error *err)
{
    mwE_clear(err);
    if (out == NULL)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "module output pointer is NULL");
    *out = NULL;
    if (engine == NULL)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "engine is NULL");
    if (bytes == NULL && len != 0)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "module bytes are NULL");

    mw_module *m = mwM_zalloc(engine, sizeof *m);
    if (m == NULL)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating the module");
    m->engine = engine;
    m->refcount = 1;
    if (borrow) {
        /* Static modules: the bytes live as long as the program (e.g. in flash). */
        m->bytes = (uint8_t *)(uintptr_t)bytes;
        m->len = len;
        m->bytes_borrowed = true;
    } else if (len > 0) {
        /* A private copy: the caller may free its buffer, and names point into ours. */
        m->bytes = mwM_alloc(engine, len);
        if (m->bytes == NULL) {
            mwM_free(engine, m, sizeof *m);
            return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory copying the module");
        }
        memcpy(m->bytes, bytes, len);
        m->len = len;
    }
    mw_result r = mwD_decode(m, err);
    if (r == MW_OK)
        r = mwV_image_build(m, err);
    if (r != MW_OK) {
        mw_module_free_(m);
        return r;
    }
    *out = m;
    return MW_OK;
}

void mw_module_delete(mw_module *m)
{
    if (m == NULL || MWI_REF_DEC(&m->refcount) > 0)
        return;
    mw_module_free_(m);
}

void mw_module_stats_get(const mw_module *m, mw_module_stats *out)
{
    out->code_section_bytes = 0;
    out->translated_bytes = 0;
    out->functions = 0;
    if (m == NULL)
        return;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        out->code_section_bytes += m->funcs[i].body_len;
        out->translated_bytes += (size_t)m->funcs[i].code.nops * sizeof(mw_unit);
        out->functions++;
    }
}

uint32_t mw_module_import_count(const mw_module *m)
{
    return m != NULL ? m->nimports : 0;
}

uint32_t mw_module_export_count(const mw_module *m)
{
    return m != NULL ? m->nexports : 0;
}

/* The type of entity `index` of kind k, into out (names are left to the caller). */
static void mw_module_describe_(const mw_module *m, mw_extern_kind k, uint32_t index,
                                mw_import_export_desc *out)
{
    out->kind = k;
    out->func.nparams = out->func.nresults = 0;
    out->func.params = out->func.results = NULL;
    out->elem_type = MW_FUNCREF;
    out->limits.min = out->limits.max = 0;
    out->limits.has_max = false;
    out->global_type = MW_I32;
    out->global_mutable = false;
    switch (k) {
    case MW_EXTERN_FUNC:
        out->func = m->types[m->funcs[index].type];
        break;
    case MW_EXTERN_TABLE:
        out->elem_type = m->tables[index].elem;
        out->limits = m->tables[index].lim;
        break;
    case MW_EXTERN_MEMORY:
        out->limits = m->mems[index].lim;
        break;
    case MW_EXTERN_GLOBAL:
        out->global_type = m->globals[index].type;
        out->global_mutable = m->globals[index].mut;
        break;
    }
}

bool mw_module_import(const mw_module *m, uint32_t i, mw_import_export_desc *out)
{
    if (m == NULL || out == NULL || i >= m->nimports)
        return false;
    const mwi_import *im = &m->imports[i];
    mw_module_describe_(m, im->kind, im->index, out);
    out->module = im->module;
    out->module_len = im->module_len;
    out->name = im->name;
    out->name_len = im->name_len;
    return true;
}

bool mw_module_export(const mw_module *m, uint32_t i, mw_import_export_desc *out)
{
    if (m == NULL || out == NULL || i >= m->nexports)
        return false;
    const mwi_export *ex = &m->exports[i];
    mw_module_describe_(m, ex->kind, ex->index, out);
    out->module = NULL;
    out->module_len = 0;
    out->name = ex->name;
    out->name_len = ex->name_len;
    return true;
}

const char *mw_module_func_name(const mw_module *m, uint32_t fidx, size_t *len)
{
    if (m == NULL)
        return NULL;
    /* func_names is sorted by index (the decoder drops unsorted maps). */
    uint32_t lo = 0, hi = m->nfunc_names;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->func_names[mid].idx < fidx)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= m->nfunc_names || m->func_names[lo].idx != fidx)
        return NULL;
    if (len != NULL)
        *len = m->func_names[lo].len;
    return m->func_names[lo].name;
}

bool mw_module_custom_section(const mw_module *m, uint32_t i, const char **name,
                              size_t *name_len, const uint8_t **data, size_t *data_len)
{
    if (m == NULL || i >= m->ncustoms)
        return false;
    const mwi_custom *c = &m->customs[i];
    if (name != NULL)
        *name = c->name;
    if (name_len != NULL)
        *name_len = c->name_len;
    if (data != NULL)
        *data = c->data;
    if (data_len != NULL)
        *data_len = c->len;
    return true;
}
