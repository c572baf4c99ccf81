/* The service catalog from XML (data/services.xml, schema data/services.rng): parsed
 * with store/xml_safe.h, converted to core/catalog.h's model, then checked. */
#ifndef HELSEID_CATALOG_XML_H
#define HELSEID_CATALOG_XML_H

#include <stddef.h>

#include "core/catalog.h"
#include "core/error.h"

/* Parse `xml` (len bytes), validate it against the RelaxNG `schema`, then the checks
 * the schema cannot make (catalog_check). `name` is used in messages (e.g. the file
 * name). On error returns -1 with ERR_PARSE and "NAME:LINE: problem"; *c is left
 * untouched. */
int catalog_load(struct catalog *c, const char *xml, size_t len,
                 const char *schema, size_t schema_len, const char *name, struct error *e);

#endif
