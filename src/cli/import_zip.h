/* import FILE.zip (issue 12 item 9): Selvbetjening's download is a password-protected
 * zip (WinZip AES or classic PKWARE encryption; the password comes by SMS) holding the
 * JSON configuration. The password comes from --password-file, the terminal (not
 * echoed) or one line of standard input, never the command line; the JSON is unpacked
 * into memory only, so the private key reaches the disk only in its 0600 key file. */
#ifndef HELSEID_CLI_IMPORT_ZIP_H
#define HELSEID_CLI_IMPORT_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* True when the file starts like a zip archive ("PK\3\4"). */
bool import_zip_is_zip(const char *path);

/* The zip's JSON member (the only *.json, or the only member) into *json (malloc'd,
 * NUL-terminated, at most `max` bytes; wipe it with secret_free). ERR_INVALID for a
 * wrong password or a zip without one configuration. */
int import_zip_read(const char *path, const char *password_file, bool no_input, size_t max,
                    char **json, size_t *len, struct error *e);

#endif
