/* Keep secrets out of core dumps: helseid-admin holds the vendor api key, private
 * keys and tokens in memory. */
#ifndef HELSEID_CLI_NO_DUMPS_H
#define HELSEID_CLI_NO_DUMPS_H

/* RLIMIT_CORE 0 (soft and hard) and PR_SET_DUMPABLE 0 (no core, no ptrace attach by
 * the same user, /proc/PID owned by root). Call first in main; failures are ignored:
 * there is nothing better to do than go on. */
void no_dumps(void);

#endif
