/* store/journal: the one remote change in flight, beside the site file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strv.h"
#include "store/journal.h"
#include "tests/tap.h"

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    char dir[] = "/tmp/test-journal.XXXXXX", site[256], jpath[300], newp[310];
    struct journal_entry j, r;
    struct error e = { 0 };
    struct stat st;

    if (!mkdtemp(dir))
        return 99;
    snprintf(site, sizeof site, "%s/site.xml", dir);
    snprintf(jpath, sizeof jpath, "%s.journal", site);
    snprintf(newp, sizeof newp, "%s.new", jpath);

    is_int(journal_read(site, &r, &e), 0, "no journal: nothing in flight");
    is_int(r.op, JOURNAL_NONE, "op none");
    is_int(journal_clear(site, &e), 0, "clearing no journal is fine");

    journal_entry_init(&j);
    j.op = JOURNAL_DRAFT;
    j.stage = JOURNAL_INTENT;
    str_replace(&j.command, "apply");
    str_replace(&j.started, "2026-12-04T16:00:00+01:00");
    str_replace(&j.key_file, "client-abc.jwk");
    str_replace(&j.kid, "abcdef");
    str_replace(&j.digest, "00ff");
    is_int(journal_write(site, &j, &e), 0, "intent written");
    ok(stat(jpath, &st) == 0 && (st.st_mode & 07777) == 0600, "the journal is 0600");
    ok(access(newp, F_OK) != 0, "no temp file left");
    is_int(journal_read(site, &r, &e), 1, "intent read back");
    ok(r.op == JOURNAL_DRAFT && r.stage == JOURNAL_INTENT, "op and stage");
    is_str(r.key_file, "client-abc.jwk", "key file");
    is_str(r.digest, "00ff", "digest");
    is_str(r.command, "apply", "command");
    ok(r.client_id == NULL, "no client id before the answer");
    journal_entry_clear(&r);

    j.stage = JOURNAL_ANSWERED;
    str_replace(&j.client_id, "6f3a2c1e-0000-4000-8000-000000000001");
    is_int(journal_write(site, &j, &e), 0, "answer written over the intent");
    is_int(journal_read(site, &r, &e), 1, "answer read back");
    ok(r.stage == JOURNAL_ANSWERED, "stage answered");
    is_str(r.client_id, "6f3a2c1e-0000-4000-8000-000000000001", "client id");
    is_str(r.key_file, "client-abc.jwk", "key file kept");
    journal_entry_clear(&r);

    /* Saved in the site file: the draft's entry stays for its loopback while it waits. */
    j.stage = JOURNAL_WAITING;
    str_replace(&j.loopback_port, "47190");
    str_replace(&j.loopback_secret, "0123456789abcdef0123456789abcdef");
    is_int(journal_write(site, &j, &e), 0, "waiting written");
    is_int(journal_read(site, &r, &e), 1, "waiting read back");
    ok(r.stage == JOURNAL_WAITING, "stage waiting");
    is_str(journal_stage_name(r.stage), "waiting", "its name");
    is_str(r.loopback_port, "47190", "loopback port");
    is_str(r.loopback_secret, "0123456789abcdef0123456789abcdef", "loopback path segment");
    journal_entry_clear(&r);

    /* A value that is not one line is left out rather than breaking the format. */
    str_replace(&j.kid, "bad\nop update");
    is_int(journal_write(site, &j, &e), 0, "written with a two-line value");
    is_int(journal_read(site, &r, &e), 1, "still readable");
    ok(r.op == JOURNAL_DRAFT && r.kid == NULL, "the two-line value was not written");
    journal_entry_clear(&r);

    is_int(journal_clear(site, &e), 0, "cleared");
    ok(access(jpath, F_OK) != 0, "the journal file is gone");
    is_int(journal_read(site, &r, &e), 0, "nothing in flight after clearing");

    put(jpath, "something else\nop draft\n");
    is_int(journal_read(site, &r, &e), -1, "an unknown format is refused");
    ok(strstr(e.msg, "remove it") != NULL, "and the message says what to do: %s", e.msg);
    put(jpath, "helseid-admin journal 1\nop frobnicate\n");
    is_int(journal_read(site, &r, &e), -1, "an unknown operation is refused");
    put(jpath, "helseid-admin journal 1\nstage intent\n");
    is_int(journal_read(site, &r, &e), -1, "an entry without an operation is refused");

    /* A run killed between writing the new entry and renaming it. */
    unlink(jpath);
    put(jpath, "helseid-admin journal 1\nop draft\nstage intent\nkey-file k.jwk\nend\n");
    put(newp, "helseid-admin journal 1\nop draft\nstage answered\nclient-id abc\nkey-file k.jwk\nend\n");
    is_int(journal_read(site, &r, &e), 1, "a complete new entry left by a killed run is read");
    ok(r.stage == JOURNAL_ANSWERED && r.client_id && strcmp(r.client_id, "abc") == 0,
       "and wins over the older one: the answer is not lost");
    journal_entry_clear(&r);
    put(newp, "helseid-admin journal 1\nop draft\nstage answered\nclient-id ab");
    is_int(journal_read(site, &r, &e), 1, "a torn new entry");
    ok(r.stage == JOURNAL_INTENT, "is ignored: the older entry holds");
    journal_entry_clear(&r);
    is_int(journal_clear(site, &e), 0, "cleared");
    ok(access(newp, F_OK) != 0 && access(jpath, F_OK) != 0, "clearing removes the leftover too");

    /* Symlinked journal temp: never followed. */
    unlink(jpath);
    if (symlink("/nonexistent-target", newp) == 0) {
        ok(journal_write(site, &j, &e) < 0, "a symlink at the temp name is not followed");
        unlink(newp);
    }
    journal_entry_clear(&j);
    unlink(jpath);
    rmdir(dir);
    return done_testing();
}
