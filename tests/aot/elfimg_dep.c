/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Built twice by elfimg.sh: as libelfimgdep.so, and (with -DUSER) as a shared object
 * linked against it, which has a DT_NEEDED entry that mwa_image_from_elf must refuse. */
#ifdef USER
int elfimg_dep(int x);
__attribute__((visibility("default"))) int mwa_init(int x) { return elfimg_dep(x) + 1; }
#else
__attribute__((visibility("default"))) int elfimg_dep(int x) { return x * 3; }
#endif
