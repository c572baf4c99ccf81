/* The one hardened libxml2 reader, for every XML file we read (the site file, the
 * service catalog). A DOCTYPE or entity declaration stops the parser from its SAX hooks
 * (no entity expansion, no XXE), the network is off, libxml2 prints nothing, and the
 * document is validated against a RelaxNG schema. What went wrong comes back as a code
 * and the first error with its line; the callers word their own messages. */
#ifndef HELSEID_XML_SAFE_H
#define HELSEID_XML_SAFE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

enum xml_safe_rc {
    XML_SAFE_OK = 0,
    XML_SAFE_NOMEM,
    XML_SAFE_DOCTYPE,       /* a DOCTYPE or entity declaration (line: where) */
    XML_SAFE_MALFORMED,     /* not well-formed XML (msg: libxml2's account) */
    XML_SAFE_INVALID,       /* does not match the schema (element: the one at fault) */
};

/* The first diagnostic libxml2 reports. */
struct xml_safe_diag {
    bool have;
    bool doctype;           /* a DOCTYPE or entity declaration was seen */
    long line;
    char msg[320];          /* libxml2's English message, one line */
    char element[32];       /* the element the first error is about, if known */
};

/* Compile a RelaxNG schema from a file or from memory; NULL with d filled on failure. */
xmlRelaxNGPtr xml_safe_schema_file(const char *path, struct xml_safe_diag *d);
xmlRelaxNGPtr xml_safe_schema_memory(const char *buf, size_t len, struct xml_safe_diag *d);

/* Parse len bytes (at most INT32_MAX) named `name` and validate them against schema.
 * `encoding` NULL = as the document declares. On XML_SAFE_OK *doc is the document
 * (xmlFreeDoc it); otherwise *doc is untouched and d says what and where. */
enum xml_safe_rc xml_safe_read(const char *data, size_t len, const char *name,
                               const char *encoding, xmlRelaxNGPtr schema, xmlDoc **doc,
                               struct xml_safe_diag *d);

/* Offset of the first byte that is not valid UTF-8 (or is NUL), or len. */
size_t xml_safe_utf8_invalid_at(const unsigned char *s, size_t len);
/* The line (from 1) that byte offset `off` of data stands on. */
long xml_safe_line_at(const char *data, size_t off);

#endif
