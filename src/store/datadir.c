#include "config.h"
#include "store/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* data/ beside /proc/self/exe, if it holds services.xml: "" otherwise. An installed
 * program never has one (no data/ in bindir), so it falls through to PKGDATADIR. */
static void beside_program(char *out, size_t cap)
{
    char self[PATH_MAX], probe[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash;

    out[0] = '\0';
    if (n <= 0)
        return;
    self[n] = '\0';
    if (!(slash = strrchr(self, '/')))
        return;
    *slash = '\0';
    if ((size_t)snprintf(probe, sizeof probe, "%s/data/services.xml", self) >= sizeof probe ||
        access(probe, R_OK) != 0)
        return;
    if ((size_t)snprintf(out, cap, "%s/data", self) >= cap)
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
