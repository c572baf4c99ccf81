#include "config.h"
#include "line/line.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/interrupt.h"

#define LIST_MAX_ROWS 20

enum { GOT_VALUE, GOT_BACK, GOT_EOF };

/* One line without its newline; "<" alone means back. */
static int read_answer(struct line_ui *ui, char **line)
{
    size_t cap = 0;
    ssize_t n;

    fflush(ui->out);
    *line = NULL;
    n = getline(line, &cap, ui->in);
    if (n < 0) {
        free(*line);
        *line = NULL;
        return GOT_EOF;
    }
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        (*line)[--n] = '\0';
    if (strcmp(*line, "<") == 0) {
        free(*line);
        *line = NULL;
        return GOT_BACK;
    }
    return GOT_VALUE;
}

/* Print text made safe by the one sanitiser (remote text may carry escapes, C1
 * controls, bidi overrides or bytes that are not UTF-8). */
static void print_safe(FILE *out, const char *s)
{
    char *t = sanitize_dup(s, (size_t)-1, 16384, 0);

    fputs(t ? t : "?", out);
    free(t);
}

static void print_diags(struct line_ui *ui, const struct view *v, const char *field)
{
    for (size_t i = 0; i < v->diags.n; i++) {
        const struct diag *d = &v->diags.v[i];

        if (d->level == DIAG_OK)
            continue;
        if (field ? !d->field || strcmp(d->field, field) : d->field && view_find_field(v, d->field) &&
            view_find_field(v, d->field)->kind != FIELD_LIST)
            continue;
        fprintf(ui->out, "  %s: ", diag_level_word(d->level));
        print_safe(ui->out, d->text);
        fputc('\n', ui->out);
    }
}

/* Preflight rows carry a level mark ('o', 'i', '!', 'x'); speak it as a word. */
static const char *check_word(char mark)
{
    return diag_level_word(mark == 'x' ? DIAG_ERROR : mark == '!' ? DIAG_WARN
                      : mark == 'o' ? DIAG_OK : DIAG_INFO);
}

static void print_rows(struct line_ui *ui, const struct field *f)
{
    size_t shown = f->kind == FIELD_DIFF || f->n_rows <= LIST_MAX_ROWS ? f->n_rows : LIST_MAX_ROWS;

    if (f->heading[0] || f->heading[1]) {
        fputs("    ", ui->out);
        print_safe(ui->out, f->heading[0]);
        fputs(" | ", ui->out);
        print_safe(ui->out, f->heading[1]);
        fputc('\n', ui->out);
    }
    for (size_t i = 0; i < shown; i++) {
        const struct view_row *r = &f->rows[i];

        if (strcmp(f->id, "checks") == 0)
            fprintf(ui->out, "  [%s] ", check_word(r->mark));
        else
            fprintf(ui->out, "  %c ", r->mark ? r->mark : ' ');
        print_safe(ui->out, r->col[0] && *r->col[0] ? r->col[0] : "-");
        if (r->col[1] && *r->col[1]) {
            fputs(" | ", ui->out);
            print_safe(ui->out, r->col[1]);
        }
        fputc('\n', ui->out);
    }
    if (shown < f->n_rows)
        fprintf(ui->out, P_("  ... and %zu more row\n", "  ... and %zu more rows\n",
                            f->n_rows - shown), f->n_rows - shown);
}

static int ask_text(struct line_ui *ui, const struct view *v, const struct field *f,
                    struct answer *a)
{
    char *line;
    int r;

    print_diags(ui, v, f->id);
    print_safe(ui->out, f->label);
    fputs(" [", ui->out);
    print_safe(ui->out, f->value ? f->value : "");    /* e.g. an SFM-ID from the live client */
    fputs("]: ", ui->out);
    r = read_answer(ui, &line);
    if (r != GOT_VALUE)
        return r;
    /* Enter keeps the default; a single "-" empties the field. */
    if (*line)
        answer_set(a, f->id, strcmp(line, "-") == 0 ? "" : line);
    free(line);
    return GOT_VALUE;
}

/* A group of check fields [first, end): numbered; the answer lists the numbers to
 * choose ("1,3"); Enter keeps the current choice. */
static int ask_checks(struct line_ui *ui, const struct view *v, size_t first, size_t end,
                      struct answer *a)
{
    char defaults[256] = "", *line, *p, *tok, *save = NULL;
    size_t len = 0;
    bool radio_only = true;
    int r;

    for (size_t i = first; i < end; i++) {
        const struct field *f = &v->fields[i];

        radio_only &= f->radio && f->parent < 0;
        fprintf(ui->out, "  %2zu. %*s%s ", i - first + 1, f->parent >= 0 ? 4 : 0, "",
                f->radio ? (f->checked ? "(*)" : "( )") : (f->checked ? "[x]" : "[ ]"));
        print_safe(ui->out, f->label);
        fputc('\n', ui->out);
        print_diags(ui, v, f->id);
        if (f->checked && len < sizeof(defaults) - 8)
            len += (size_t)snprintf(defaults + len, sizeof(defaults) - len, "%s%zu",
                                    len ? "," : "", i - first + 1);
    }
    fputs(radio_only ? _("Choice") : _("Choices (numbers separated by commas, - for none)"),
          ui->out);
    fprintf(ui->out, " [%s]: ", defaults);
    r = read_answer(ui, &line);
    if (r != GOT_VALUE)
        return r;
    if (!*line) {
        free(line);
        return GOT_VALUE;
    }
    for (size_t i = first; i < end; i++)
        answer_set(a, v->fields[i].id, "0");
    for (p = line; (tok = strtok_r(p, ", ", &save)); p = NULL) {
        char *endp;
        long n = strtol(tok, &endp, 10);

        if (strcmp(tok, "-") == 0)
            continue;
        if (*endp || n < 1 || (size_t)n > end - first) {
            fprintf(ui->out, _("'%s' is not one of the numbers shown\n"), tok);
            free(line);
            return ask_checks(ui, v, first, end, a);
        }
        answer_set(a, v->fields[first + (size_t)n - 1].id, "1");
    }
    free(line);
    return GOT_VALUE;
}

/* A warning the step wants acknowledged (the shared-database Persontjenesten access):
 * the same j/n question as the full screen, asked once the answer is known. "n" leaves
 * it unacknowledged, and the step then refuses and asks again. */
static int ask_acks(struct line_ui *ui, const struct view *v, struct answer *a)
{
    struct diags d;
    int r = GOT_VALUE;

    diags_init(&d);
    v->live_rules(v->live_ctx, a, &d);
    for (size_t i = 0; i < d.n && r == GOT_VALUE; i++) {
        char id[160], *line;

        if (!d.v[i].ack || !d.v[i].rule)
            continue;
        fprintf(ui->out, "\n%s: ", diag_level_word(d.v[i].level));
        print_safe(ui->out, d.v[i].text);
        fputc('\n', ui->out);
        print_safe(ui->out, d.v[i].ack);
        fprintf(ui->out, " %s ", _("[y/N]"));
        r = read_answer(ui, &line);
        if (r != GOT_VALUE)
            break;
        snprintf(id, sizeof(id), "%s%s", ANSWER_ACK_PREFIX, d.v[i].rule);
        if (line_yes(line))
            answer_set(a, id, "1");
        free(line);
    }
    diags_clear(&d);
    return r;
}

static int line_ask(void *ctx, const struct view *v, size_t index, size_t count,
                    const char *last_error, struct answer *a, struct error *e)
{
    struct line_ui *ui = ctx;
    bool asked = false;
    char *line;
    int r = GOT_VALUE;

    fputc('\n', ui->out);
    if (count > 1)      /* a single question (a resumed draft's choice) is no step */
        fprintf(ui->out, _("Step %zu of %zu: "), index, count - 1);
    print_safe(ui->out, v->title);
    fputs("\n\n", ui->out);
    if (last_error) {
        fprintf(ui->out, "%s: ", _("Error"));
        print_safe(ui->out, last_error);
        fputs("\n\n", ui->out);
    }
    for (size_t i = 0; i < v->n_paragraphs; i++) {
        print_safe(ui->out, v->paragraphs[i]);
        fputc('\n', ui->out);
    }
    print_diags(ui, v, NULL);
    for (size_t i = 0; i < v->n_fields && r == GOT_VALUE;) {
        const struct field *f = &v->fields[i];
        size_t j = i + 1;

        fputc('\n', ui->out);
        switch (f->kind) {
        case FIELD_TEXT:
            r = ask_text(ui, v, f, a);
            asked = true;
            break;
        case FIELD_CHECK:
            while (j < v->n_fields && v->fields[j].kind == FIELD_CHECK)
                j++;
            r = ask_checks(ui, v, i, j, a);
            asked = true;
            break;
        case FIELD_LIST:
        case FIELD_DIFF:
            print_rows(ui, f);
            break;
        }
        i = j;
    }
    if (r == GOT_VALUE && !asked) {
        fputc('\n', ui->out);
        fputs(v->can_save ? _("Press Enter to save, < to go back: ")
                          : _("Press Enter to continue, < to go back: "), ui->out);
        r = read_answer(ui, &line);
        free(line);
    }
    if (r == GOT_VALUE && v->live_rules)
        r = ask_acks(ui, v, a);
    if (r == GOT_EOF) {
        fputc('\n', ui->out);
        if (interrupt_signal())         /* getline() saw EINTR: unwind like a cancel */
            return interrupt_error(e);
        return FRONTEND_CANCEL;
    }
    if (r == GOT_BACK)
        return index == 0 ? FRONTEND_CANCEL : FRONTEND_BACK;
    return FRONTEND_OK;
}

bool line_yes(const char *line)
{
    return line[0] == 'y' || line[0] == 'Y' || line[0] == 'j' || line[0] == 'J';
}

void line_frontend(struct line_ui *ui, struct frontend *fe)
{
    fe->ctx = ui;
    fe->ask = line_ask;
}
