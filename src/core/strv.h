/* A growable, owned vector of strings. */
#ifndef HELSEID_STRV_H
#define HELSEID_STRV_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

struct strv {
    char **v;
    size_t n, alloc;
};

#define STRV_INIT { NULL, 0, 0 }

/* Append a copy of s; -1 on out of memory. */
int strv_push(struct strv *sv, const char *s);
/* Append s itself (ownership moves to sv). */
int strv_push_owned(struct strv *sv, char *s);
bool strv_contains(const struct strv *sv, const char *s);
/* Sort and remove duplicates (byte order). */
void strv_sort_unique(struct strv *sv);
int strv_copy(struct strv *dst, const struct strv *src);
void strv_clear(struct strv *sv);

/* strdup that accepts NULL. */
char *str_dup_or_null(const char *s);
/* A new string from a printf format, or NULL on out of memory. */
char *str_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *str_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Replace *dst with a copy of src (NULL allowed); -1 on out of memory. */
int str_replace(char **dst, const char *src);

/* Free each owned string and set it to NULL, as a struct's *_clear does with its text
 * fields: free_strings(&u->name, &u->orgnr, &u->herid). Each argument is a char **
 * (the compiler checks it, as the list is an array); a NULL string is fine. Secrets go
 * through secret_free_str (jose/rand.h) instead, which wipes them first. */
#define free_strings(...) free_string_list((char **const[]){ __VA_ARGS__, NULL })
/* The list behind free_strings: NULL-terminated. */
void free_string_list(char **const fields[]);

#endif
