/* editor.c: the body in $VISUAL or $EDITOR, the terminal restored around it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curses.h>

#include "common.h"
#include "compose.h"
#include "editor.h"
#include "trace.h"

/* Runs $VISUAL or $EDITOR on the body, the terminal restored around it. */
void
editor_run(struct compose *c)
{
	const char *ed = getenv("VISUAL");
	char path[] = "/tmp/sendguard-body.XXXXXX", *text, *err = NULL;
	struct buf b;
	pid_t pid;
	int fd, status = 0;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	if ((fd = mkstemp(path)) == -1) {
		compose_say(c, ROLE_ERROR, "cannot make a file for the editor");
		return;
	}
	text = body_get(&c->body);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    (strlen(text) > 0 && write(fd, "\n", 1) != 1)) {
		close(fd);
		unlink(path);
		free(text);
		compose_say(c, ROLE_ERROR, "cannot write the body for the "
		    "editor");
		return;
	}
	close(fd);
	free(text);
	trace_simple("editor", "command", ed);
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		    (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	reset_prog_mode();
	refresh();
	buf_init(&b);
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    file_read(path, &b, &err) == 0) {
		while (b.len > 0 && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
		body_set(&c->body, b.s != NULL ? b.s : "");
		compose_say(c, ROLE_STATUS, "the body is back from the editor");
	} else {
		compose_say(c, ROLE_ERROR, "the editor failed: the body is "
		    "unchanged");
		free(err);
	}
	buf_free(&b);
	unlink(path);
	trace_simple("editor-done", NULL, NULL);
}
