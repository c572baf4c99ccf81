/* Defaults without flags (DESIGN.md §3): $(sysconfdir)/helseid-admin/config, then
 * $XDG_CONFIG_HOME/helseid-admin/config (~/.config when unset), each "key = value"
 * lines with keys site, env, api-key-file, browser and port; '#' starts a comment.
 * A later file wins over an earlier one; the environment and flags win over both; the
 * site file's own settings only fill what is still unset. Relative paths are taken
 * from the config file's folder. A bad line is an error naming file:line.
 * $HELSEID_ADMIN_SYSCONFDIR replaces $(sysconfdir) (tests; helseid-admin(8)). */
#ifndef HELSEID_CONFIG_FILE_H
#define HELSEID_CONFIG_FILE_H

#include "core/error.h"
#include "session/options.h"

struct config_file {
    char *site, *env, *api_key_file, *browser;
    int port;
};

void config_file_init(struct config_file *cf);
void config_file_clear(struct config_file *cf);
/* Read one file into cf (values override earlier ones). A missing file is no error. */
int config_file_read(struct config_file *cf, const char *path, struct error *e);
/* The system file, then the user's. */
int config_file_load_defaults(struct config_file *cf, struct error *e);
/* Copy the values into o (o's other fields untouched; cf must outlive o). */
void config_file_apply(const struct config_file *cf, struct options *o);

#endif
