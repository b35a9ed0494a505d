/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * examples/wasi/hello.c — a small WASI preview 1 program for `make run`.
 *
 * Built with `clang --target=wasm32-wasi -O2` and run as
 *     minwasm run --dir HOSTDIR::/data --env GREETING=... hello.wasm ARGS...
 * It prints its arguments and an environment variable, writes a file into the
 * pre-opened directory, reads it back, lists the directory, and shows that the
 * sandbox refuses a path outside it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    printf("Hello from WebAssembly (WASI preview 1) under minwasm!\n");
    for (int i = 0; i < argc; i++) printf("  argv[%d] = %s\n", i, argv[i]);
    const char *g = getenv("GREETING");
    printf("  GREETING = %s\n", g ? g : "(unset)");

    FILE *f = fopen("/data/note.txt", "w");
    if (!f) { perror("fopen /data/note.txt"); return 1; }
    fprintf(f, "written by a wasm guest at %ld\n", (long)time(NULL));
    fclose(f);
    char line[128] = "";
    f = fopen("/data/note.txt", "r");
    if (!f || !fgets(line, sizeof line, f)) { perror("read back"); return 1; }
    fclose(f);
    printf("  read back: %s", line);

    DIR *d = opendir("/data");
    if (!d) { perror("opendir"); return 1; }
    struct dirent *e;
    printf("  /data holds:");
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) printf(" %s", e->d_name);
    printf("\n");
    closedir(d);

    f = fopen("/data/../../etc/passwd", "r");
    printf("  open /data/../../etc/passwd: %s\n", f ? "OPENED (sandbox broken!)" : strerror(errno));
    if (f) { fclose(f); return 1; }
    return 0;
}
