/* GET requests that never hold the caller: each URL is fetched once on an http_multi
 * whose sockets and timers sit behind one epoll fd, and its answer is kept. The TUI
 * polls that fd in its one loop; a caller asks again for the URL and gets the answer
 * once it has arrived (the wizard's Enhetsregisteret look-ups, DESIGN.md §2).
 *
 *     a = get_queue_get(q, url);      NULL: started (or still running), ask again later
 *     loop: poll(get_queue_fd(q)) -> get_queue_step(q) -> true: answers arrived
 *
 * In blocking mode (the line frontend, which has no loop of its own) get_queue_get
 * waits for the answer instead. */
#ifndef HELSEID_GET_QUEUE_H
#define HELSEID_GET_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "net/http.h"

/* One finished GET: rc 0 with an HTTP answer (any status) in res, or -1 with err. */
struct get_answer {
    int rc;
    struct http_response res;
    struct error err;
};

struct get_queue;

/* Answers are capped at max_body bytes; the client is borrowed. */
int get_queue_new(struct get_queue **out, struct http_client *c, size_t max_body,
                  struct error *e);
/* Cancels what is running. Safe on NULL. */
void get_queue_free(struct get_queue *q);
void get_queue_set_blocking(struct get_queue *q, bool blocking);

/* The answer for url, or NULL while it is on its way (the GET is started on the first
 * call). Out of memory or a request that cannot start gives a failed answer. */
const struct get_answer *get_queue_get(struct get_queue *q, const char *url);
/* URLs asked for and not answered yet. */
size_t get_queue_pending(const struct get_queue *q);

/* The one fd to poll for input; -1 if the queue could not make one (then it blocks). */
int get_queue_fd(const struct get_queue *q);
/* Do the work that is due; true when at least one answer arrived. */
bool get_queue_step(struct get_queue *q);

#endif
