#include "config.h"
#include "store/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* PATH if PATH/services.xml can be read: copied to out, 0; else -1. */
static int holds_catalog(const char *path, char *out, size_t cap)
{
    char probe[PATH_MAX + 32];

    if ((size_t)snprintf(probe, sizeof probe, "%s/services.xml", path) >= sizeof probe ||
        access(probe, R_OK) != 0 || (size_t)snprintf(out, cap, "%s", path) >= cap)
        return -1;
    return 0;
}

/* The source tree's data folder named by data/source-data beside the program, which
 * `make` writes in a build folder apart from the source: 0 with it in out, else -1. */
static int source_marker(const char *dir, char *out, size_t cap)
{
    char marker[PATH_MAX + 32], line[PATH_MAX];
    FILE *f;
    size_t n;

    if ((size_t)snprintf(marker, sizeof marker, "%s/data/source-data", dir) >= sizeof marker ||
        !(f = fopen(marker, "re")))
        return -1;
    n = fgets(line, sizeof line, f) ? strcspn(line, "\n") : 0;
    fclose(f);
    line[n] = '\0';
    return line[0] == '/' ? holds_catalog(line, out, cap) : -1;
}

/* data/ beside /proc/self/exe if it holds services.xml (a program run from its source
 * tree), else the folder its data/source-data names (a separate build folder): ""
 * otherwise. An installed program has neither (no data/ in bindir), so it falls
 * through to PKGDATADIR. */
static void beside_program(char *out, size_t cap)
{
    char self[PATH_MAX], data[PATH_MAX + 8];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash;

    out[0] = '\0';
    if (n <= 0)
        return;
    self[n] = '\0';
    if (!(slash = strrchr(self, '/')))
        return;
    *slash = '\0';
    snprintf(data, sizeof data, "%s/data", self);
    if (holds_catalog(data, out, cap) < 0 && source_marker(self, out, cap) < 0)
        out[0] = '\0';
}

const char *data_dir(void)
{
    static char found[PATH_MAX + 8];
    static int done;
    const char *env = getenv("HELSEID_ADMIN_DATADIR");

    if (env && *env)
        return env;
    if (!done) {
        beside_program(found, sizeof found);
        done = 1;
    }
    return found[0] ? found : PKGDATADIR;
}
