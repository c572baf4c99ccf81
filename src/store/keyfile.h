/* The client's private key file: opaque bytes (the JOSE module stores a JWK), mode 0600,
 * created exclusively, never read if others could read it too. */
#ifndef HELSEID_KEYFILE_H
#define HELSEID_KEYFILE_H

#include <stddef.h>

#include "core/error.h"

#define KEYFILE_MAX_SIZE (64u * 1024)

/* Create `path` (O_CREAT|O_EXCL|O_NOFOLLOW), mode 0600 whatever the umask, write and
 * fsync. Refuses an existing file or symlink: a key is never overwritten. */
int keyfile_create(const char *path, const void *data, size_t len, struct error *e);

/* Read a key file into a malloc'd buffer (NUL-terminated; *len excludes the NUL).
 * Refuses symlinks, non-regular files, files of another owner, files readable or
 * writable by group/others, and files over KEYFILE_MAX_SIZE. Free with keyfile_free. */
int keyfile_read(const char *path, unsigned char **data, size_t *len, struct error *e);

/* Wipe and free a buffer from keyfile_read (NULL allowed). */
void keyfile_free(unsigned char *data, size_t len);

#endif
