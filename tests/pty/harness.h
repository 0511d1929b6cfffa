/* harness.h: runs a program in a pty and reads its screen with libvterm. */
#ifndef SENDGUARD_PTY_HARNESS_H
#define SENDGUARD_PTY_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <vterm.h>

/*
 * Functions returning int give 0 (or a count) on success and -1 on failure
 * with errno set where a system call failed; none of them exits or prints.
 * Rows and columns count from 0. Every wait polls the pty with a deadline.
 */
struct pty;

/* One screen cell, as the terminal shows it. */
struct pty_cell {
	uint32_t	ch;		/* first code point; ' ' if empty,
					   0 on the right half of a wide one */
	int		width;		/* 2 for a wide character, 0 on its
					   right half, else 1 */
	int		fg, bg;		/* palette index 0-255 (SGR 31 is 1,
					   38;5;196 is 196), PTY_COLOR_DEFAULT,
					   or PTY_COLOR_RGB (SGR 38;2;R;G;B) */
	uint32_t	fg_rgb, bg_rgb;	/* 0xRRGGBB if PTY_COLOR_RGB, else 0 */
	int		bold, underline, reverse, italic;
};
#define PTY_COLOR_DEFAULT	(-1)
#define PTY_COLOR_RGB		(-2)

/*
 * Starts argv[0] (a path, no PATH search) under a new rows x cols pty with
 * TERM=xterm-256color, LANG=LC_ALL=C.UTF-8 and ESCDELAY=25 added to the
 * environment, then each "NAME=VALUE" of envp_extra (NULL-terminated, may
 * be NULL; a bare "NAME" removes it). Returns NULL on failure (errno set).
 * If exec fails the child exits with status 127. Free with pty_free().
 */
struct pty	*pty_spawn(char *const argv[], char *const envp_extra[], int rows,
		    int cols);
/* Kills the child if it runs (SIGTERM, SIGKILL 1 s later), reaps it, frees. */
void		 pty_free(struct pty *);
/* The child's process id. */
int		 pty_pid(const struct pty *);

/*
 * Waits up to timeout_ms for output and feeds all that is available to the
 * screen. Returns the bytes read, 0 on timeout, -1 once the child has
 * closed the pty (it exited) or on a read error.
 */
int		 pty_pump(struct pty *, int timeout_ms);

/* Writes n bytes of input to the program (waits up to 5 s for room). */
int		 pty_send(struct pty *, const char *bytes, size_t n);
/* Writes the NUL-terminated string s (no formatting). */
int		 pty_sendf(struct pty *, const char *s);
/* Sends a key as the terminal would in the program's current keypad mode. */
int		 pty_key(struct pty *, VTermKey key, VTermModifier mod);
/* Sends a character (code point cp) with modifiers, as the terminal would. */
int		 pty_char(struct pty *, uint32_t cp, VTermModifier mod);
/* Sends Ctrl-c (the byte c & 0x1f): pty_ctrl(p, 'x') is Ctrl-X. */
int		 pty_ctrl(struct pty *, char c);

/*
 * Pumps output until the UTF-8 text is on screen (within one row). Returns
 * 0, or -1 on timeout or when the child closed the pty first.
 */
int		 pty_wait_text(struct pty *, const char *utf8, int timeout_ms);
/* Pumps output until the text is no longer on screen; 0, or -1 as above. */
int		 pty_wait_gone(struct pty *, const char *utf8, int timeout_ms);
/*
 * Pumps output until the child exits and reaps it; *status (may be NULL)
 * gets its waitpid() status (use WIFEXITED/WEXITSTATUS); the output it left
 * is on screen. Returns 0, or -1 on timeout. Once reaped, later calls return
 * the same status at once.
 */
int		 pty_wait_exit(struct pty *, int timeout_ms, int *status);

/*
 * Finds the first occurrence of the UTF-8 text (top to bottom, within one
 * row); *row and *col (may be NULL) get its start cell. Returns 0, or -1
 * if it is not on screen.
 */
int		 pty_find(struct pty *, const char *utf8, int *row, int *col);
/* A row as UTF-8, trailing blanks trimmed (allocated; NULL if out of range). */
char		*pty_row(struct pty *, int row);
/* The whole screen, one line per row, for failure messages (allocated). */
char		*pty_dump(struct pty *);
/* Describes the cell at row, col. Returns 0, or -1 if out of range. */
int		 pty_cell(struct pty *, int row, int col, struct pty_cell *out);
/*
 * Every byte the program wrote to the terminal so far, as written (escape
 * sequences and all; NUL-terminated, len without the NUL), borrowed.
 */
const char	*pty_output(const struct pty *, size_t *len);
/* Current screen size. */
void		 pty_size(const struct pty *, int *rows, int *cols);

/*
 * Pumps output until the child is blocked waiting for input (read, poll or
 * select, seen in /proc) and has nothing more to show. Returns 0, or -1 on
 * timeout, once it exited, or if /proc cannot tell. Use it before sending
 * a signal that a program only notices while it waits for input.
 */
int		 pty_wait_idle(struct pty *, int timeout_ms);

/*
 * Resizes the screen and the pty (the kernel sends SIGWINCH to the child),
 * after waiting up to 1 s for pty_wait_idle(): curses notices SIGWINCH only
 * when it interrupts read(), so one sent between its refresh and its read()
 * would wait for the next key.
 */
int		 pty_resize(struct pty *, int rows, int cols);

#endif
