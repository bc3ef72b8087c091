/*
 * bench/watchers' wake client, in C so that the client is not what the wake time measures.
 *
 * The earlier client (python asyncio) spent 78-91 ms of CPU on one thread parsing 1,000 answers, more than either
 * server's whole wake, so both servers measured the client (1.00x). This one reads each answer with one epoll loop
 * and a few string scans: a few ms for 1,000 answers (it prints its own CPU time as client_cpu_ms).
 *
 *   wake URL WATCHERS VALUE TIMEOUT_S [PGID]
 *
 * URL is http://host:port (plain HTTP only). WATCHERS long polls GET /v2/keys/bench/w?wait=true, one connection
 * each, connected one at a time (so the listen backlog never overflows); waits until the server counts them
 * (GET /v2/stats/store "watchers" >= WATCHERS plus what was there before, polled every 50 ms) or, for a server
 * without that count, a 3 s settle; then sends one PUT /v2/keys/bench/w value=VALUE on its own connection and
 * measures the time from sending the PUT to the last watcher's complete answer. An answer is complete at the end of
 * its Content-Length body, at the end of the first complete JSON object of a chunked body (a v2 watch sends one
 * event; the stream's end may come later), or at the connection's close; it is good when its status is 200 and its
 * body holds "value":"VALUE" (VALUE is unique per wake, so a prevNode cannot match it).
 * Over the same window it reads this process's CPU time and, given PGID, that of the server's process group (the
 * sum of its threads' schedstat run times, in ns: /proc/<pid>/stat's ticks are too coarse for a wake of ms).
 *
 * Prints: WAKERESULT watchers=.. ms=.. put_ms=.. ok=.. bad=.. registered_by=stats|settle server_cpu_ms=..
 *         client_cpu_ms=..
 * Exit status 1 on any failure (a watcher that did not connect, a bad answer, a timeout). Every wait is bounded by
 * TIMEOUT_S.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_CAP 16384 /* bytes kept per answer; a watch event of a 256-byte value is well under 2 KiB */
#define SETTLE_S 3

static char host[256];
static char port[16];
static double deadline_s;

static double now_s(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wake failed: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static void check_deadline(const char *what) {
    if (now_s(CLOCK_MONOTONIC) > deadline_s) {
        fail("timed out %s", what);
    }
}

/* A connected, blocking TCP socket to host:port, with send and receive timeouts of the time left. */
static int connect_to(void) {
    struct addrinfo hints = {0}, *res;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        fail("cannot resolve %s: %s", host, gai_strerror(rc));
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fail("socket: %s", strerror(errno));
    }
    double left = deadline_s - now_s(CLOCK_MONOTONIC);
    struct timeval tv = {.tv_sec = left > 1 ? (time_t)left : 1};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        fail("connect to %s:%s: %s", host, port, strerror(errno));
    }
    freeaddrinfo(res);
    return fd;
}

static void send_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail("send: %s", strerror(errno));
        }
        data += n;
        len -= (size_t)n;
    }
}

/* One GET on a new connection (Connection: close), the whole answer read into buf; -> its status. */
static int get(const char *path, char *buf, size_t cap) {
    char req[1024];
    int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n", path, host,
                       port);
    if (len < 0 || (size_t)len >= sizeof req) {
        fail("request too long");
    }
    int fd = connect_to();
    send_all(fd, req, (size_t)len);
    size_t got = 0;
    for (;;) {
        ssize_t n = recv(fd, buf + got, cap - 1 - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail("GET %s: %s", path, strerror(errno));
        }
        if (n == 0 || got + (size_t)n >= cap - 1) {
            got += (size_t)(n > 0 ? n : 0);
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[got] = 0;
    int status = 0;
    if (sscanf(buf, "HTTP/%*d.%*d %d", &status) != 1) {
        fail("GET %s: no status line", path);
    }
    return status;
}

/* The server's count of its watchers (/v2/stats/store "watchers"), or -1 when it has none. */
static long watcher_count(void) {
    static char buf[65536];
    if (get("/v2/stats/store", buf, sizeof buf) != 200) {
        return -1;
    }
    char *w = strstr(buf, "\"watchers\":");
    return w ? strtol(w + strlen("\"watchers\":"), NULL, 10) : -1;
}

/* CPU time (ns) of every thread of process group pgid so far: the sum of the threads' schedstat run times. */
static long long group_cpu_ns(int pgid) {
    long long total = 0;
    DIR *proc = opendir("/proc");
    if (!proc) {
        return 0;
    }
    struct dirent *p;
    while ((p = readdir(proc)) != NULL) {
        if (p->d_name[0] < '0' || p->d_name[0] > '9') {
            continue;
        }
        char path[320], line[1024];
        snprintf(path, sizeof path, "/proc/%s/stat", p->d_name);
        FILE *f = fopen(path, "r");
        if (!f) {
            continue;
        }
        size_t n = fread(line, 1, sizeof line - 1, f);
        fclose(f);
        line[n] = 0;
        char *close_paren = strrchr(line, ')');
        int group = -1;
        if (!close_paren || sscanf(close_paren + 1, " %*c %*d %d", &group) != 1 || group != pgid) {
            continue;
        }
        snprintf(path, sizeof path, "/proc/%s/task", p->d_name);
        DIR *tasks = opendir(path);
        if (!tasks) {
            continue;
        }
        struct dirent *t;
        while ((t = readdir(tasks)) != NULL) {
            if (t->d_name[0] < '0' || t->d_name[0] > '9') {
                continue;
            }
            char tpath[640];
            snprintf(tpath, sizeof tpath, "/proc/%s/task/%s/schedstat", p->d_name, t->d_name);
            FILE *s = fopen(tpath, "r");
            long long run_ns;
            if (s && fscanf(s, "%lld", &run_ns) == 1) {
                total += run_ns;
            }
            if (s) {
                fclose(s);
            }
        }
        closedir(tasks);
    }
    closedir(proc);
    return total;
}

struct answer {
    int fd;
    size_t len;
    int complete;
    int eof;
    double done_at;
    char *buf;
};

/* End of the first complete JSON object in s[0..len), or NULL. Strings and their escapes are skipped. */
static const char *json_end(const char *s, size_t len) {
    int depth = 0, in_string = 0, started = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{') {
            depth++;
            started = 1;
        } else if (c == '}') {
            depth--;
            if (started && depth == 0) {
                return s + i + 1;
            }
        }
    }
    return NULL;
}

/*
 * Whether a's bytes hold a complete answer; on yes, its body (dechunked when chunked) is left in body, NUL-ended.
 * The body buffer must hold ANSWER_CAP bytes.
 */
static int answer_complete(struct answer *a, char *body) {
    a->buf[a->len] = 0;
    char *end_of_head = strstr(a->buf, "\r\n\r\n");
    if (!end_of_head) {
        return 0;
    }
    char *start = end_of_head + 4;
    size_t have = a->len - (size_t)(start - a->buf);
    char *cl = NULL, *te = NULL;
    for (char *line = strstr(a->buf, "\r\n"); line && line < end_of_head; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0) {
            cl = line + 2 + 15;
        } else if (strncasecmp(line + 2, "Transfer-Encoding:", 18) == 0) {
            te = line + 2 + 18;
        }
    }
    if (cl) {
        size_t want = strtoul(cl, NULL, 10);
        if (have < want) {
            return 0;
        }
        memcpy(body, start, want);
        body[want] = 0;
        return 1;
    }
    if (te && strncasecmp(te + strspn(te, " "), "chunked", 7) == 0) {
        size_t out = 0;
        char *p = start, *limit = a->buf + a->len;
        for (;;) {
            char *eol = memmem(p, (size_t)(limit - p), "\r\n", 2);
            if (!eol) {
                break;
            }
            size_t size = strtoul(p, NULL, 16);
            if (size == 0 || eol + 2 + size + 2 > limit || out + size >= ANSWER_CAP) {
                break;
            }
            memcpy(body + out, eol + 2, size);
            out += size;
            p = eol + 2 + size + 2;
        }
        body[out] = 0;
        return json_end(body, out) != NULL || a->eof;
    }
    if (a->eof) {
        memcpy(body, start, have);
        body[have] = 0;
        return 1;
    }
    return 0;
}

/* Watches are registered one-shot: a complete answer costs no epoll_ctl, an incomplete one is armed again. */
static void rearm(int ep, int fd, unsigned index) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = index};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) != 0) {
        fail("epoll_ctl: %s", strerror(errno));
    }
}

static int status_of(const char *buf) {
    int status = 0;
    return sscanf(buf, "HTTP/%*d.%*d %d", &status) == 1 ? status : 0;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: wake URL WATCHERS VALUE TIMEOUT_S [PGID]\n");
        return 2;
    }
    if (sscanf(argv[1], "http://%255[^:/]:%15[0-9]", host, port) != 2) {
        fail("the URL must be http://host:port, not %s", argv[1]);
    }
    int n = atoi(argv[2]);
    const char *value = argv[3];
    double timeout_s = atof(argv[4]);
    int pgid = argc > 5 ? atoi(argv[5]) : 0;
    if (n <= 0 || timeout_s <= 0 || strlen(value) > 200 || strpbrk(value, "\"\\&=%+ ")) {
        fail("bad arguments (watchers %d, timeout %s, value %s)", n, argv[4], value);
    }
    deadline_s = now_s(CLOCK_MONOTONIC) + timeout_s;

    long base = watcher_count();
    struct answer *answers = calloc((size_t)n + 1, sizeof *answers);
    char *body = malloc(ANSWER_CAP);
    char watch_req[512];
    int watch_len = snprintf(watch_req, sizeof watch_req,
                             "GET /v2/keys/bench/w?wait=true HTTP/1.1\r\nHost: %s:%s\r\n\r\n", host, port);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (!answers || !body || ep < 0) {
        fail("out of memory or epoll: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
        check_deadline("connecting the watchers");
        answers[i].fd = connect_to();
        answers[i].buf = malloc(ANSWER_CAP);
        if (!answers[i].buf) {
            fail("out of memory");
        }
        memset(answers[i].buf, 0, ANSWER_CAP); /* touched now: a page fault per answer inside the wake cost 5-10 us */
        send_all(answers[i].fd, watch_req, (size_t)watch_len);
        fcntl(answers[i].fd, F_SETFL, fcntl(answers[i].fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = (unsigned)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, answers[i].fd, &ev) != 0) {
            fail("epoll_ctl: %s", strerror(errno));
        }
    }

    const char *registered_by = "settle";
    if (base < 0) {
        sleep(SETTLE_S);
    } else {
        long count;
        while ((count = watcher_count()) < base + n) {
            check_deadline("waiting for the server to count the watchers");
            usleep(50 * 1000);
        }
        registered_by = "stats";
    }

    /* The PUT goes on its own connection, written in one send; its answer is read in the same loop. */
    char put_body[256], put_req[1024];
    snprintf(put_body, sizeof put_body, "value=%s", value);
    int put_len = snprintf(put_req, sizeof put_req,
                           "PUT /v2/keys/bench/w HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
                           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
                           host, port, strlen(put_body), put_body);
    struct answer *put = &answers[n];
    put->buf = malloc(ANSWER_CAP);
    put->fd = connect_to();
    if (!put->buf) {
        fail("out of memory");
    }
    memset(put->buf, 0, ANSWER_CAP);
    memset(body, 0, ANSWER_CAP);

    long long server0 = pgid ? group_cpu_ns(pgid) : 0;
    double client0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    double t0 = now_s(CLOCK_MONOTONIC);
    send_all(put->fd, put_req, (size_t)put_len);
    fcntl(put->fd, F_SETFL, fcntl(put->fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event put_ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = (unsigned)n};
    epoll_ctl(ep, EPOLL_CTL_ADD, put->fd, &put_ev);

    int pending = n + 1, ok = 0, bad = 0, put_status = 0;
    struct epoll_event events[256];
    while (pending > 0) {
        check_deadline("waiting for the answers");
        int ready = epoll_wait(ep, events, 256, 100);
        if (ready < 0 && errno != EINTR) {
            fail("epoll_wait: %s", strerror(errno));
        }
        for (int e = 0; e < ready; e++) {
            unsigned i = events[e].data.u32;
            struct answer *a = &answers[i];
            if (a->complete) {
                continue;
            }
            /* One read per readiness: an answer comes in one segment; the rest, if any, is reported again. */
            ssize_t got = recv(a->fd, a->buf + a->len, ANSWER_CAP - 1 - a->len, 0);
            if (got > 0) {
                a->len += (size_t)got;
                if (a->len >= ANSWER_CAP - 1) {
                    a->eof = 1; /* full: judge what is there */
                }
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
                a->eof = 1;
            }
            int whole = answer_complete(a, body);
            if (whole || a->eof) {
                if (!whole) {
                    body[0] = 0; /* closed before a complete answer: bad */
                }
                a->complete = 1;
                a->done_at = now_s(CLOCK_MONOTONIC);
                pending--;
                a->buf[a->len] = 0;
                int status = status_of(a->buf);
                if ((int)i == n) {
                    put_status = status;
                    continue;
                }
                char want[256];
                snprintf(want, sizeof want, "\"value\":\"%s\"", value);
                if (status == 200 && strstr(body, want)) {
                    ok++;
                } else {
                    if (bad++ == 0) {
                        fprintf(stderr, "  first bad answer: %.300s\n", a->buf);
                    }
                }
            } else {
                rearm(ep, a->fd, i);
            }
        }
    }
    /* the window ends at the last answer; reading the server's threads after it adds nothing of the wake */
    double client_ms = (now_s(CLOCK_PROCESS_CPUTIME_ID) - client0) * 1000;
    double server_ms = pgid ? (group_cpu_ns(pgid) - server0) / 1e6 : -1;
    double last = t0;
    for (int i = 0; i < n; i++) {
        if (answers[i].done_at > last) {
            last = answers[i].done_at;
        }
    }
    if (put_status < 200 || put_status >= 300) {
        fail("PUT -> %d", put_status);
    }
    printf("WAKERESULT watchers=%d ms=%.2f put_ms=%.2f ok=%d bad=%d registered_by=%s server_cpu_ms=%.2f "
           "client_cpu_ms=%.2f\n",
           n, (last - t0) * 1000, (put->done_at - t0) * 1000, ok, bad, registered_by, server_ms, client_ms);
    for (int i = 0; i <= n; i++) {
        close(answers[i].fd);
    }
    return ok == n ? 0 : 1;
}
