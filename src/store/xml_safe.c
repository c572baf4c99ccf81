/* The hardened libxml2 reader shared by the site file and the service catalog. */
#include "config.h"
#include "store/xml_safe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlErrorPtr xml_error_ptr;
#endif

static void diag_collect(void *ctx, xml_error_ptr err)
{
    struct xml_safe_diag *d = ctx;
    size_t n;

    /* The first error wins, unless it has no line: RelaxNG may first say "Element unit
     * failed to validate attributes" with no node, then name the attribute and line. */
    if (!d || !err || (d->have && d->line > 0) || err->level == XML_ERR_WARNING)
        return;
    if (d->have && err->line <= 0 && !err->node)
        return;
    d->have = true;
    d->element[0] = '\0';
    d->line = err->line;
    if (d->line <= 0 && err->node && ((xmlNode *)err->node)->type == XML_ELEMENT_NODE)
        d->line = xmlGetLineNo(err->node);
    if (err->node && ((xmlNode *)err->node)->type == XML_ELEMENT_NODE)
        snprintf(d->element, sizeof d->element, "%s", (const char *)((xmlNode *)err->node)->name);
    snprintf(d->msg, sizeof d->msg, "%s", err->message ? err->message : "?");
    n = strlen(d->msg);
    while (n && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' '))
        d->msg[--n] = '\0';
}

static void generic_silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* libxml2's error hooks are per-thread globals: install ours around each call. */
struct hooks {
    xmlStructuredErrorFunc sfunc;
    void *sctx;
    xmlGenericErrorFunc gfunc;
    void *gctx;
};

static void hooks_install(struct hooks *h, struct xml_safe_diag *d)
{
    h->sfunc = xmlStructuredError;
    h->sctx = xmlStructuredErrorContext;
    h->gfunc = xmlGenericError;
    h->gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(d, (xmlStructuredErrorFunc)diag_collect);
    xmlSetGenericErrorFunc(NULL, generic_silent);
}

static void hooks_restore(const struct hooks *h)
{
    xmlSetStructuredErrorFunc(h->sctx, h->sfunc);
    xmlSetGenericErrorFunc(h->gctx, h->gfunc);
}

static xmlRelaxNGPtr schema_compile(xmlRelaxNGParserCtxtPtr pc, struct xml_safe_diag *d)
{
    xmlRelaxNGPtr rng = NULL;

    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, (xmlStructuredErrorFunc)diag_collect, d);
        rng = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    return rng;
}

xmlRelaxNGPtr xml_safe_schema_file(const char *path, struct xml_safe_diag *d)
{
    struct hooks h;
    xmlRelaxNGPtr rng;

    hooks_install(&h, d);
    rng = schema_compile(xmlRelaxNGNewParserCtxt(path), d);
    hooks_restore(&h);
    return rng;
}

xmlRelaxNGPtr xml_safe_schema_memory(const char *buf, size_t len, struct xml_safe_diag *d)
{
    struct hooks h;
    xmlRelaxNGPtr rng = NULL;

    if (len > INT32_MAX)
        return NULL;
    hooks_install(&h, d);
    rng = schema_compile(xmlRelaxNGNewMemParserCtxt(buf, (int)len), d);
    hooks_restore(&h);
    return rng;
}

/* SAX hooks: a DOCTYPE (and with it any entity declaration) stops the parser at once,
 * so neither entity expansion (billion laughs) nor external entities (XXE) can happen. */
static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr pc = ctx;
    struct xml_safe_diag *d = pc->_private;

    (void)name, (void)ext, (void)sys;
    if (!d->doctype) {
        d->doctype = true;
        d->line = pc->input ? pc->input->line : 0;
    }
    xmlStopParser(pc);
}

static void reject_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
                          const xmlChar *sys, xmlChar *content)
{
    (void)name, (void)type, (void)pub, (void)sys, (void)content;
    reject_doctype(ctx, NULL, NULL, NULL);
}

static enum xml_safe_rc validate(xmlDoc *doc, xmlRelaxNGPtr schema, struct xml_safe_diag *d)
{
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    enum xml_safe_rc rc = XML_SAFE_OK;

    if (!vc)
        return XML_SAFE_NOMEM;
    xmlRelaxNGSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)diag_collect, d);
    if (xmlRelaxNGValidateDoc(vc, doc) != 0)
        rc = XML_SAFE_INVALID;
    xmlRelaxNGFreeValidCtxt(vc);
    return rc;
}

enum xml_safe_rc xml_safe_read(const char *data, size_t len, const char *name,
                               const char *encoding, xmlRelaxNGPtr schema, xmlDoc **doc,
                               struct xml_safe_diag *d)
{
    struct hooks h;
    xmlParserCtxtPtr pc;
    xmlDocPtr tmp = NULL;
    enum xml_safe_rc rc;

    if (len > INT32_MAX)
        return XML_SAFE_MALFORMED;
    hooks_install(&h, d);
    pc = xmlNewParserCtxt();
    if (!pc) {
        rc = XML_SAFE_NOMEM;
        goto out;
    }
    pc->_private = d;
    pc->sax->internalSubset = reject_doctype;
    pc->sax->externalSubset = reject_doctype;
    pc->sax->entityDecl = reject_entity;
    tmp = xmlCtxtReadMemory(pc, data, (int)len, name, encoding,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOXINCNODE);
    if (d->doctype)
        rc = XML_SAFE_DOCTYPE;
    else if (!tmp || !pc->wellFormed)
        rc = XML_SAFE_MALFORMED;
    else
        rc = validate(tmp, schema, d);
    if (rc == XML_SAFE_OK) {
        *doc = tmp;
        tmp = NULL;
    }
out:
    if (tmp)
        xmlFreeDoc(tmp);
    if (pc)
        xmlFreeParserCtxt(pc);
    hooks_restore(&h);
    return rc;
}

size_t xml_safe_utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;

        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += n + 1;
    }
    return len;
}

long xml_safe_line_at(const char *data, size_t off)
{
    long line = 1;

    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}
