/* --env demo without URLs: start the bundled simulator (helseid-sim) on a free
 * loopback port for the length of the command and point every URL at it
 * (DESIGN.md §4). Its test CA goes to a private temporary folder. */
#ifndef HELSEID_DEMO_SIM_H
#define HELSEID_DEMO_SIM_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/error.h"
#include "net/endpoints.h"

/* The simulator's built-in vendor api key (not a secret: demo only). */
#define DEMO_SIM_API_KEY "demo-api-key"

struct demo_sim {
    pid_t pid;                  /* 0 when not running */
    int stdin_fd;               /* our end of its stdin (it exits at EOF), 0 if none */
    bool auto_confirm;          /* started with --auto-confirm ($HELSEID_DEMO_AUTO_CONFIRM):
                                   frontends say so on screen */
    char dir[256];              /* private folder: ca.pem, sim.log */
    struct endpoints_layer urls;    /* strings owned below */
    char *authority, *selvbetjening_api, *selvbetjening_web, *brreg, *ca_file;
    char *web_browser;          /* the portal's pages over plain HTTP, or NULL */
};

/* Start it and wait (at most 15 s) for its one JSON line of URLs. The program is
 * $HELSEID_SIM, else helseid-sim beside this executable, else the installed one.
 * Its clients persist in $XDG_STATE_HOME/helseid-admin/demo-sim.json; with
 * $HELSEID_DEMO_AUTO_CONFIRM=1 it confirms drafts by itself (unattended demos). */
int demo_sim_start(struct demo_sim *d, struct error *e);
/* SIGTERM, wait, remove the private folder. Safe on a stopped or zeroed struct. */
void demo_sim_stop(struct demo_sim *d);

#endif
