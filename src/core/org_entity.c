#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/org_entity.h"
#include "core/strv.h"

void org_entity_init(struct org_entity *o)
{
    memset(o, 0, sizeof(*o));
}

void org_entity_clear(struct org_entity *o)
{
    free_strings(&o->orgnr, &o->name, &o->form_code, &o->parent_orgnr, &o->nace, &o->failure);
    org_entity_init(o);
}

enum org_kind org_kind_from_form(const char *form_code)
{
    if (!form_code || !*form_code)
        return ORG_KIND_UNKNOWN;
    if (strcmp(form_code, "ORGL") == 0)
        return ORG_KIND_ORG_PART;
    if (strcmp(form_code, "BEDR") == 0 || strcmp(form_code, "AAFY") == 0)
        return ORG_KIND_SUB_UNIT;
    return ORG_KIND_MAIN;
}
