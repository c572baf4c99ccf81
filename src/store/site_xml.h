/* The site file as XML (man/helseid-site.5, schema data/site.rng).
 * Parsing is hardened: size cap, UTF-8 only, no DOCTYPE or entities, no network,
 * RelaxNG validation; every error names file:line. Writing is stable (fixed element
 * and attribute order, two-space indent), so parse(write(s)) == s. */
#ifndef HELSEID_SITE_XML_H
#define HELSEID_SITE_XML_H

#include <stddef.h>

#include "core/error.h"
#include "core/site.h"

/* Files larger than this are refused before parsing. */
#define SITE_XML_MAX_SIZE (16u * 1024 * 1024)
/* Unit tree levels the reader accepts and the writer writes: the same limit, so a file
 * that was read can always be saved again. */
#define SITE_XML_MAX_UNIT_DEPTH 200

/* Parse a site file. `out` is initialised here and filled only on success. */
int site_xml_parse_file(const char *path, struct site *out, struct error *e);
/* Parse from memory; `name` is what error messages call the document. */
int site_xml_parse_memory(const char *data, size_t len, const char *name,
                          struct site *out, struct error *e);

/* Serialise; *out is a NUL-terminated malloc'd buffer of *len bytes.
 * Units are written as a tree (each root, then its children, in index order);
 * -1 with ERR_INVALID if the parent links do not form a tree. */
int site_xml_write(const struct site *s, char **out, size_t *len, struct error *e);

/* The schema path: site.rng in data_dir() (store/datadir.h). */
const char *site_xml_schema_path(void);
/* Free the cached schema (tests and fuzzers call it at exit to stay leak-clean). */
void site_xml_cleanup(void);

#endif
