/* Small helpers shared by the store modules (not a public API). */
#ifndef HELSEID_STORE_UTIL_H
#define HELSEID_STORE_UTIL_H

#include <stddef.h>

/* Replace control characters (C0, DEL, C1), and bytes that are not valid UTF-8, by '?'
 * in place, so the text is one safe line. */
void store_sanitise(char *s);
/* The login name of the effective user ("?" if unknown), sanitised. */
void store_user_name(char *buf, size_t cap);
/* Local time as ISO 8601 with offset: "2026-11-25T14:03:27+01:00". */
void store_iso_time(char *buf, size_t cap);

/* Write all len bytes to fd, going on after short writes and EINTR: 0, or -1 with
 * errno from the write that failed. */
int store_write_all(int fd, const void *data, size_t len);

#endif
