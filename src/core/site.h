/* The site model: what one EPJ installation knows about itself (unit tree, users,
 * EPJ version) and its saved HelseID configuration. Pure data; src/store reads and
 * writes it as XML (man/helseid-site.5). */
#ifndef HELSEID_SITE_H
#define HELSEID_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strv.h"

/* One node of the unit tree (enhetstreet). Several units may share an org number. */
struct unit {
    char *name;
    char *orgnr;        /* as written in the site file; may be invalid (shown with a warning) */
    char *herid;        /* HER-id, or NULL */
    char *nace;         /* næringskode, e.g. "86.211", or NULL when unknown */
    /* Persontjenesten access ("restricted"/"full") used by another HelseID configuration
     * on the same (shared, "total") database for this unit, or NULL. */
    char *pt_access;
    int parent;         /* index into site.units, -1 for a root */
};

struct user {
    char *id;           /* login name in the EPJ */
    char *name;
    char *birth_date;   /* YYYY-MM-DD */
    char *fnr;          /* fødselsnummer / D-number */
    char *herid;
    char *hpr;
};

/* A chosen service from the catalog with its chosen sub-options. */
struct service_choice {
    char *service;          /* catalog id, e.g. "persontjenesten" */
    struct strv options;    /* option ids, e.g. "full" */
};

enum config_state {
    CONFIG_NONE = 0,
    CONFIG_DRAFT,       /* being edited, nothing sent */
    CONFIG_PENDING,     /* draft created in HelseID, waiting for confirmation */
    CONFIG_ACTIVE,      /* confirmed and working */
};

struct helseid_config {
    enum config_state state;
    char *env;              /* "prod", "test" or "demo" */
    char *owner_orgnr;      /* konfigurasjonseier: top legal entity */
    char *client_id;        /* HelseID client id (GUID) once a draft exists */
    char *key_file;         /* path of the private JWK (mode 0600) */
    char *key_alg;          /* "ES256" or "PS256" */
    char *key_expires;      /* "YYYY-MM-DDTHH:MM:SSZ": HelseID stops accepting the key, or NULL */
    char *sfm_id;           /* SFM-ID (GUID) or NULL */
    int epj_version;        /* EPJ version that made this configuration */
    char *updated;          /* ISO 8601 time of the last save */
    char *browser;          /* remembered --browser: auto/open/print, or NULL */
    struct service_choice *services;
    size_t n_services;
    struct strv child_orgnrs;   /* as last sent to HelseID */
};

struct site {
    char *epj_name;         /* e.g. "CGM Journal" */
    int epj_version;
    int login_unit;         /* index of the unit the user is logged in on, -1 if unknown */
    int current_user;       /* index into users, -1 if unknown */
    bool shared_database;   /* several units/configurations share one ("total") database */
    struct unit *units;
    size_t n_units;
    struct user *users;
    size_t n_users;
    struct helseid_config *config;  /* NULL when no configuration is saved */
};

void site_init(struct site *s);
void site_clear(struct site *s);
void helseid_config_clear(struct helseid_config *c);
void service_choice_clear(struct service_choice *c);

/* Deep copies; -1 on out of memory (dst is left cleared). */
int site_copy(struct site *dst, const struct site *src);
int helseid_config_copy(struct helseid_config *dst, const struct helseid_config *src);

/* Append a unit/user (copies the strings); returns the new index or -1. */
int site_add_unit(struct site *s, const char *name, const char *orgnr, const char *herid,
                  const char *nace, int parent);
int site_add_user(struct site *s, const struct user *u);

/* Lookups. */
const struct service_choice *config_find_service(const struct helseid_config *c, const char *id);
bool config_has_option(const struct helseid_config *c, const char *service, const char *option);

/* Distinct org numbers of the unit tree (sorted), for HelseID's childOrganizationNumbers. */
int site_distinct_orgnrs(const struct site *s, struct strv *out);

const char *config_state_name(enum config_state st);     /* "draft", ... ; NULL for NONE */
int config_state_parse(const char *name, enum config_state *out);

#endif
