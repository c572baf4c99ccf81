#include "config.h"
#include "tui/shown.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static FILE *log_file;

void shown_begin(void)
{
    const char *path = getenv("HELSEID_ADMIN_SCREEN_LOG");
    int fd;

    shown_end();
    if (!path || !*path)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    if (!(log_file = fdopen(fd, "w")))
        close(fd);
}

void shown_add(const char *utf8)
{
    if (!log_file || !utf8 || !*utf8)
        return;
    for (const char *p = utf8; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, log_file);
    fputc('\n', log_file);
}

void shown_end(void)
{
    if (log_file)
        fclose(log_file);
    log_file = NULL;
}
