/* harness.c: a program in a pseudo-terminal, its screen kept by libvterm
 * (read in harness_screen.c). */
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "harness_impl.h"

extern char **environ;

#define SEND_TIMEOUT_MS	5000	/* longest wait for room to write input */
#define KILL_GRACE_MS	1000	/* SIGTERM to SIGKILL in pty_free() */
#define EXIT_POLL_MS	20	/* waitpid() interval while waiting */
#define IDLE_POLL_MS	2	/* /proc interval while the child runs */
#define RESIZE_IDLE_MS	1000	/* pty_resize() waits this for idle */
#define TAIL_MS		500	/* reading output after the child exited */
#define DRAIN_MAX	(256 * 1024)	/* bytes read per pump, at most */

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left before deadline, never negative. */
static int
left_ms(long long deadline)
{
	long long d = deadline - now_ms();

	return d > 0 ? (int)d : 0;
}

/* Whether environment entry e has the name of spec ("NAME=VALUE" or "NAME"). */
static int
same_name(const char *e, const char *spec)
{
	size_t n = strcspn(spec, "=");

	return strncmp(e, spec, n) == 0 && (e[n] == '=' || e[n] == '\0');
}

/* Sets or (without '=') removes spec in env, which has *n entries. */
static void
env_put(char **env, size_t *n, char *spec)
{
	size_t i, k;

	for (i = k = 0; i < *n; i++)
		if (!same_name(env[i], spec))
			env[k++] = env[i];
	if (strchr(spec, '=') != NULL)
		env[k++] = spec;
	env[k] = NULL;
	*n = k;
}

/* The child's environment: ours, the fixed terminal settings, then extra. */
static char **
make_env(char *const extra[])
{
	static char term[] = "TERM=xterm-256color", lang[] = "LANG=C.UTF-8",
	    lc_all[] = "LC_ALL=C.UTF-8", escdelay[] = "ESCDELAY=25",
	    lines[] = "LINES", columns[] = "COLUMNS";
	char *fixed[] = { term, lang, lc_all, escdelay, lines, columns };
	char **env;
	size_t n = 0, nenv = 0, nextra = 0, i;

	while (environ[nenv] != NULL)
		nenv++;
	while (extra != NULL && extra[nextra] != NULL)
		nextra++;
	env = calloc(nenv + nextra + sizeof fixed / sizeof fixed[0] + 1,
	    sizeof *env);
	if (env == NULL)
		return NULL;
	for (i = 0; i < nenv; i++)
		env[n++] = environ[i];
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		env_put(env, &n, fixed[i]);
	for (i = 0; i < nextra; i++)
		env_put(env, &n, extra[i]);
	return env;
}

/* Queues bytes for the program; libvterm's replies and keys come here too. */
static void
queue(const char *s, size_t len, void *user)
{
	struct pty *p = user;
	char *v;
	size_t cap;

	if (p->outlen + len > p->outcap) {
		cap = p->outcap ? p->outcap : 256;
		while (cap < p->outlen + len)
			cap *= 2;
		if ((v = realloc(p->out, cap)) == NULL) {
			p->outerr = 1;
			return;
		}
		p->out = v;
		p->outcap = cap;
	}
	memcpy(p->out + p->outlen, s, len);
	p->outlen += len;
}

/* Keeps what the program wrote, for pty_output() (dropped past 16 MB). */
static void
keep_raw(struct pty *p, const char *buf, size_t n)
{
	size_t cap = p->rawcap ? p->rawcap : 65536;
	char *v;

	while (cap < p->rawlen + n + 1 && cap < (16u << 20))
		cap *= 2;
	if (cap < p->rawlen + n + 1)
		return;
	if (cap != p->rawcap) {
		if ((v = realloc(p->raw, cap)) == NULL)
			return;
		p->raw = v;
		p->rawcap = cap;
	}
	memcpy(p->raw + p->rawlen, buf, n);
	p->rawlen += n;
	p->raw[p->rawlen] = '\0';
}

/* Feeds the output available now to the screen; returns the bytes read. */
static int
drain(struct pty *p)
{
	char buf[4096];
	ssize_t n;
	int total = 0;

	while (!p->closed && total < DRAIN_MAX) {
		n = read(p->fd, buf, sizeof buf);
		if (n > 0) {
			vterm_input_write(p->vt, buf, (size_t)n);
			keep_raw(p, buf, (size_t)n);
			total += (int)n;
		} else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		else
			p->closed = 1;	/* EIO: the child closed its side */
	}
	return total;
}

/* Writes the queued input, reading output meanwhile so neither side blocks. */
static int
flush(struct pty *p, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd pfd;
	ssize_t n;
	int left;

	if (p->outerr) {
		p->outerr = 0;
		p->outlen = 0;
		errno = ENOMEM;
		return -1;
	}
	while (p->outlen > 0) {
		n = write(p->fd, p->out, p->outlen);
		if (n > 0) {
			p->outlen -= (size_t)n;
			memmove(p->out, p->out + n, p->outlen);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return -1;
		if ((left = left_ms(deadline)) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = p->fd;
		pfd.events = POLLIN | POLLOUT;
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			return -1;
		if (pfd.revents & (POLLIN | POLLHUP)) {
			drain(p);
			if (p->closed) {
				errno = EIO;
				return -1;
			}
		}
	}
	return 0;
}

/* Reaps the child if it has exited (or waits when block): 1 if reaped. */
static int
reap(struct pty *p, int block)
{
	pid_t r;

	if (p->reaped)
		return 1;
	do
		r = waitpid(p->pid, &p->status, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == p->pid || (r < 0 && errno == ECHILD)) {
		if (r < 0)
			p->status = -1;
		p->reaped = 1;
	}
	return p->reaped;
}

/* In the child: default signal handling, then the program. */
static void
child(char *const argv[], char **env)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM,
	    SIGCHLD, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU };
	static const char msg[] = "pty_spawn: exec failed\r\n";
	sigset_t none;
	size_t i;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, env);
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(127);
	_exit(127);
}

struct pty *
pty_spawn(char *const argv[], char *const envp_extra[], int rows, int cols)
{
	struct pty *p;
	struct winsize ws;
	char **env = NULL;
	int fl;

	if (argv == NULL || argv[0] == NULL || rows <= 0 || cols <= 0 ||
	    rows > 0xffff || cols > 0xffff) {
		errno = EINVAL;
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->fd = -1;
	p->pid = -1;
	p->rows = rows;
	p->cols = cols;
	if ((p->vt = vterm_new(rows, cols)) == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	vterm_set_utf8(p->vt, 1);
	vterm_output_set_callback(p->vt, queue, p);
	p->state = vterm_obtain_state(p->vt);
	p->screen = vterm_obtain_screen(p->vt);
	vterm_screen_enable_altscreen(p->screen, 1);
	vterm_screen_reset(p->screen, 1);
	if ((env = make_env(envp_extra)) == NULL)
		goto fail;

	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	if (p->pid < 0)
		goto fail;
	if (p->pid == 0)
		child(argv, env);
	free(env);
	env = NULL;

	if ((fl = fcntl(p->fd, F_GETFL)) < 0 ||
	    fcntl(p->fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(p->fd, F_SETFD, FD_CLOEXEC) < 0)
		goto fail;
	return p;

fail:
	fl = errno;
	free(env);
	pty_free(p);
	errno = fl;
	return NULL;
}

void
pty_free(struct pty *p)
{
	if (p == NULL)
		return;
	if (p->pid > 0 && !reap(p, 0 /* no block */)) {
		kill(p->pid, SIGTERM);
		if (pty_wait_exit(p, KILL_GRACE_MS, NULL) != 0) {
			kill(p->pid, SIGKILL);
			reap(p, 1);
		}
	}
	if (p->fd >= 0)
		close(p->fd);
	if (p->vt != NULL)
		vterm_free(p->vt);
	free(p->out);
	free(p->raw);
	free(p);
}

const char *
pty_output(const struct pty *p, size_t *len)
{
	*len = p->rawlen;
	return p->raw != NULL ? p->raw : "";
}

int
pty_pid(const struct pty *p)
{
	return (int)p->pid;
}

int
pty_pump(struct pty *p, int timeout_ms)
{
	struct pollfd pfd;
	int n, r;

	if (p->closed)
		return -1;
	pfd.fd = p->fd;
	pfd.events = POLLIN;
	r = poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : 0);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	n = drain(p);
	if (p->outlen > 0 || p->outerr)
		(void)flush(p, SEND_TIMEOUT_MS);	/* the terminal's replies */
	return n == 0 && p->closed ? -1 : n;
}

int
pty_send(struct pty *p, const char *bytes, size_t n)
{
	queue(bytes, n, p);
	return flush(p, SEND_TIMEOUT_MS);
}

int
pty_sendf(struct pty *p, const char *s)
{
	return pty_send(p, s, strlen(s));
}

int
pty_key(struct pty *p, VTermKey key, VTermModifier mod)
{
	vterm_keyboard_key(p->vt, key, mod);
	return flush(p, SEND_TIMEOUT_MS);
}

int
pty_char(struct pty *p, uint32_t cp, VTermModifier mod)
{
	vterm_keyboard_unichar(p->vt, cp, mod);
	return flush(p, SEND_TIMEOUT_MS);
}

int
pty_ctrl(struct pty *p, char c)
{
	char b = (char)(c & 0x1f);

	return pty_send(p, &b, 1);
}

/* Pumps until the text is on screen (want 1) or not (want 0). */
static int
wait_for(struct pty *p, const char *utf8, int timeout_ms, int want)
{
	long long deadline = now_ms() + timeout_ms;
	int left;

	for (;;) {
		if ((pty_find(p, utf8, NULL, NULL) == 0) == want)
			return 0;
		if ((left = left_ms(deadline)) == 0)
			return -1;
		if (pty_pump(p, left) < 0)
			return (pty_find(p, utf8, NULL, NULL) == 0) == want ?
			    0 : -1;
	}
}

int
pty_wait_text(struct pty *p, const char *utf8, int timeout_ms)
{
	return wait_for(p, utf8, timeout_ms, 1);
}

int
pty_wait_gone(struct pty *p, const char *utf8, int timeout_ms)
{
	return wait_for(p, utf8, timeout_ms, 0);
}

int
pty_wait_exit(struct pty *p, int timeout_ms, int *status)
{
	long long deadline = now_ms() + timeout_ms;
	long long tail;
	int left, step;

	while (!reap(p, 0)) {
		if ((left = left_ms(deadline)) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		step = left < EXIT_POLL_MS ? left : EXIT_POLL_MS;
		/* Once the pty is closed there is nothing to wait on but time. */
		if (pty_pump(p, step) < 0)
			poll(NULL, 0, step);
	}
	/*
	 * What it wrote before it exited may still be in the kernel's flip
	 * buffer: read until the pty reports closed (a process it left
	 * behind may hold it open, hence the bound).
	 */
	tail = now_ms() + TAIL_MS;
	while (!p->closed && pty_pump(p, left_ms(tail)) > 0)
		;
	if (status != NULL)
		*status = p->status;
	return 0;
}

/* Reads /proc/PID/name of the child into buf; returns its length or -1. */
static ssize_t
proc_read(struct pty *p, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)p->pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/*
 * Whether the child is blocked waiting for input: 1, 0, or -1 if /proc
 * cannot tell. /proc/PID/syscall names the call it sleeps in; without it,
 * the state in /proc/PID/stat ("S") has to do.
 */
static int
child_waiting(struct pty *p)
{
	static const long waits[] = { SYS_read, SYS_ppoll, SYS_pselect6,
	    SYS_epoll_pwait,
#ifdef SYS_poll
	    SYS_poll,
#endif
#ifdef SYS_select
	    SYS_select,
#endif
#ifdef SYS_epoll_wait
	    SYS_epoll_wait,
#endif
	};
	char buf[512], *end, *paren;
	long nr;
	size_t i;

	if (proc_read(p, "syscall", buf, sizeof buf) > 0) {
		nr = strtol(buf, &end, 10);
		if (end == buf)
			return 0;	/* "running" */
		for (i = 0; i < sizeof waits / sizeof waits[0]; i++)
			if (nr == waits[i])
				return 1;
		return 0;
	}
	if (proc_read(p, "stat", buf, sizeof buf) <= 0 ||
	    (paren = strrchr(buf, ')')) == NULL || paren[1] != ' ')
		return -1;
	return paren[2] == 'S';
}

int
pty_wait_idle(struct pty *p, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	int w, left;

	for (;;) {
		if (p->closed || reap(p, 0))
			return -1;
		if ((w = child_waiting(p)) < 0)
			return -1;
		/* Asleep with everything it wrote read: waiting for input. */
		if (w == 1 && pty_pump(p, 0) == 0)
			return 0;
		if ((left = left_ms(deadline)) == 0)
			return -1;
		if (pty_pump(p, left < IDLE_POLL_MS ? left : IDLE_POLL_MS) < 0)
			return -1;
	}
}

int
pty_resize(struct pty *p, int rows, int cols)
{
	struct winsize ws;

	if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * A curses program checks for SIGWINCH only when read() fails: one
	 * that comes between its refresh and its read() waits for the next
	 * key. Resize while it is blocked in read() (or give up waiting).
	 */
	(void)pty_wait_idle(p, RESIZE_IDLE_MS);
	/* The screen first, so the redraw that follows lands at the new size. */
	vterm_set_size(p->vt, rows, cols);
	p->rows = rows;
	p->cols = cols;
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	return ioctl(p->fd, TIOCSWINSZ, &ws);
}
