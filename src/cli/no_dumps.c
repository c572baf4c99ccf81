/* Core dumps off for helseid-admin (see no_dumps.h). Not in the simulator: its dumps
 * hold only test keys and help debugging. */
#include "config.h"
#include "cli/no_dumps.h"

#include <sys/prctl.h>
#include <sys/resource.h>

void no_dumps(void)
{
    struct rlimit none = { 0, 0 };

    (void)setrlimit(RLIMIT_CORE, &none);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
