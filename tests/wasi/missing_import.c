/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* missing_import.c — imports a function nobody provides: minwasm run must refuse to
 * link it with a one-line error naming the import. */
__attribute__((import_module("env"), import_name("no_such_function"))) void no_such_function(void);

int main(void)
{
    no_such_function();
    return 0;
}
