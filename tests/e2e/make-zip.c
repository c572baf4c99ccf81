/* Test helper: a zip like Selvbetjening's download, made with libzip.
 *   make-zip OUT.zip MEMBER-NAME IN.json aes|classic|none PASSWORD-FILE
 * (the password from a file, as the program under test reads it). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <zip.h>

int main(int argc, char **argv)
{
    char pw[256] = "";
    FILE *f;
    zip_t *z;
    zip_source_t *src;
    zip_int64_t idx;
    zip_uint16_t method;
    int err = 0;

    if (argc != 6) {
        fprintf(stderr, "usage: make-zip OUT.zip NAME IN.json aes|classic|none PASSWORD-FILE\n");
        return 2;
    }
    method = strcmp(argv[4], "aes") == 0 ? ZIP_EM_AES_256
           : strcmp(argv[4], "classic") == 0 ? ZIP_EM_TRAD_PKWARE : ZIP_EM_NONE;
    if ((f = fopen(argv[5], "r"))) {
        if (fgets(pw, sizeof pw, f))
            pw[strcspn(pw, "\r\n")] = '\0';
        fclose(f);
    }
    if (!(z = zip_open(argv[1], ZIP_CREATE | ZIP_TRUNCATE, &err)) ||
        !(src = zip_source_file(z, argv[3], 0, -1)) ||
        (idx = zip_file_add(z, argv[2], src, ZIP_FL_OVERWRITE)) < 0 ||
        (method != ZIP_EM_NONE && zip_file_set_encryption(z, (zip_uint64_t)idx, method, pw) < 0) ||
        zip_close(z) < 0) {
        fprintf(stderr, "make-zip: %s\n", z ? zip_strerror(z) : "cannot create the zip");
        return 1;
    }
    return 0;
}
