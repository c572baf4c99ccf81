/* Browser decision (pure: environment in, decision out), text-browser refusal, argv
 * building and the ssh -L line. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "net/browser.h"
#include "tests/tap.h"

static enum browser_decision d(enum browser_mode m, const char *display, const char *wayland,
                               const char *ssh_conn, const char *ssh_tty, const char *browser)
{
    struct browser_env env = { display, wayland, ssh_conn, ssh_tty, browser, NULL };
    return browser_decide(m, &env);
}

int main(void)
{
    enum browser_mode m;
    char work[256], line[256];
    char *argv[8];

    is_int(d(BROWSER_MODE_AUTO, ":0", NULL, NULL, NULL, NULL), BROWSER_LAUNCH, "auto: X display launches");
    is_int(d(BROWSER_MODE_AUTO, NULL, "wayland-0", NULL, NULL, NULL), BROWSER_LAUNCH, "auto: Wayland launches");
    is_int(d(BROWSER_MODE_AUTO, NULL, NULL, NULL, NULL, NULL), BROWSER_SKIP_NO_DISPLAY, "auto: no display prints");
    is_int(d(BROWSER_MODE_AUTO, "", "", NULL, NULL, NULL), BROWSER_SKIP_NO_DISPLAY, "auto: empty display vars count as unset");
    is_int(d(BROWSER_MODE_AUTO, "localhost:10.0", NULL, "10.0.0.5 50000 10.0.0.9 22", NULL, NULL), BROWSER_SKIP_SSH,
           "auto: forwarded X over SSH prints");
    is_int(d(BROWSER_MODE_AUTO, ":0", NULL, NULL, "/dev/pts/3", NULL), BROWSER_SKIP_SSH, "auto: SSH_TTY alone means SSH");
    is_int(d(BROWSER_MODE_AUTO, NULL, NULL, "10.0.0.5 50000 10.0.0.9 22", NULL, "firefox"), BROWSER_LAUNCH,
           "auto: $BROWSER over SSH launches");
    is_int(d(BROWSER_MODE_AUTO, NULL, NULL, NULL, NULL, "firefox"), BROWSER_LAUNCH, "auto: $BROWSER without display launches");
    is_int(d(BROWSER_MODE_OPEN, NULL, NULL, "10.0.0.5 50000 10.0.0.9 22", NULL, NULL), BROWSER_LAUNCH, "open: always launches");
    is_int(d(BROWSER_MODE_PRINT, ":0", NULL, NULL, NULL, "firefox"), BROWSER_SKIP_PRINT_MODE, "print: never launches");
    ok(browser_decision_text(BROWSER_LAUNCH) == NULL, "decision text: none for launch");
    ok(browser_decision_text(BROWSER_SKIP_SSH) != NULL, "decision text: given for SSH");

    ok(browser_mode_parse("auto", &m) == 0 && m == BROWSER_MODE_AUTO, "mode: auto");
    ok(browser_mode_parse("open", &m) == 0 && m == BROWSER_MODE_OPEN, "mode: open");
    ok(browser_mode_parse("print", &m) == 0 && m == BROWSER_MODE_PRINT, "mode: print");
    ok(browser_mode_parse(NULL, &m) == 0 && m == BROWSER_MODE_AUTO, "mode: default auto");
    ok(browser_mode_parse("lynx", &m) < 0, "mode: unknown refused");

    ok(browser_is_text("w3m"), "text: w3m");
    ok(browser_is_text("/usr/bin/lynx"), "text: /usr/bin/lynx");
    ok(browser_is_text("links"), "text: links");
    ok(browser_is_text("elinks -remote"), "text: elinks with args");
    ok(browser_is_text("www-browser"), "text: www-browser");
    ok(!browser_is_text("firefox"), "graphical: firefox");
    ok(!browser_is_text("x-www-browser"), "graphical: x-www-browser");
    ok(!browser_is_text("/opt/lynxfox/bin/browser"), "graphical: directory names do not count");
    ok(!browser_is_text("lynx2"), "graphical: only exact names");

    is_int(browser_argv("firefox", "https://x/?a=1&b=2", work, sizeof work, argv, 8), 2, "argv: URL appended");
    is_str(argv[0], "firefox", "argv: command");
    is_str(argv[1], "https://x/?a=1&b=2", "argv: URL is one argument, no shell");
    ok(argv[2] == NULL, "argv: NULL-terminated");
    is_int(browser_argv("chromium --new-window %s", "https://x/;rm -rf", work, sizeof work, argv, 8), 3, "argv: %%s substituted");
    is_str(argv[1], "--new-window", "argv: option kept");
    is_str(argv[2], "https://x/;rm -rf", "argv: URL verbatim in place of %%s");
    is_int(browser_argv("   ", "u", work, sizeof work, argv, 8), -1, "argv: blank entry refused");
    is_int(browser_argv("a b c d e f g h", "u", work, sizeof work, argv, 8), -1, "argv: too many words refused");

    {
        struct browser_env env = { NULL, NULL, "192.0.2.10 51234 198.51.100.7 22", NULL, NULL, "kari" };
        is_int(browser_ssh_forward_line(&env, 47190, line, sizeof line), 0, "ssh: line built");
        is_str(line, "ssh -L 47190:127.0.0.1:47190 kari@198.51.100.7", "ssh: server address from SSH_CONNECTION");
        env.user = "bad user;";
        browser_ssh_forward_line(&env, 47191, line, sizeof line);
        is_str(line, "ssh -L 47191:127.0.0.1:47191 198.51.100.7", "ssh: unsafe user name left out");
        env.ssh_connection = "192.0.2.10 51234 -oProxyCommand=x 22";
        env.user = NULL;
        ok(browser_ssh_forward_line(&env, 47190, line, sizeof line) == 0 && strstr(line, "-oProxy") == NULL,
           "ssh: option-looking host refused (falls back to hostname)");
        env.ssh_connection = NULL;
        is_int(browser_ssh_forward_line(&env, 47190, line, sizeof line), -1, "ssh: not over SSH, no line");
    }
    {
        /* Spawning: a $BROWSER that does not exist falls through; a text browser is
         * never started even in open mode (xdg-open may or may not exist here). */
        struct browser_env env = { NULL, NULL, NULL, NULL, "/nonexistent/browser:lynx", NULL };
        enum browser_decision why;
        struct error e = { 0 };
        pid_t pid = 0;
        int rc = browser_open(BROWSER_MODE_PRINT, &env, "https://example.invalid/", &pid, &why, &e);
        ok(rc == 0 && why == BROWSER_SKIP_PRINT_MODE, "open: print mode launches nothing");
        env.browser = "true";
        rc = browser_open(BROWSER_MODE_OPEN, &env, "https://example.invalid/", &pid, &why, &e);
        ok(rc == 1 && pid > 0, "open: $BROWSER=true spawned");
        if (rc == 1) {
            int st;
            ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "open: child ran and exited 0");
        } else {
            ok(0, "open: child ran and exited 0");
        }
    }
    return done_testing();
}
