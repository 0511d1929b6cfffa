/*
 * pick.h: Tab in a recipient field: completing the address being typed,
 * and the list of candidates when there are several (internal to tui/).
 */
#ifndef SENDGUARD_PICK_H
#define SENDGUARD_PICK_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "complete.h"

struct compose;

enum pick_state {
	PICK_CLOSED = 0,	/* no list: Tab completes or moves on */
	PICK_OPEN		/* the list is shown in the warnings pane */
};

/* What a key did while the list was open. */
enum pick_result {
	PICK_HANDLED,		/* nothing more to do */
	PICK_PASS		/* the composer handles the key as usual */
};

struct pick {
	enum pick_state		 state;
	struct complete		*matcher;	/* built after the first draw */
	int			 tried;		/* the contacts were asked for */
	struct complete_cand	*cand;		/* COMPLETE_MAX of them */
	size_t			 ncand;
	int			 more;		/* more matches than listed */
	size_t			 sel;		/* the one in the field */
	size_t			 top;		/* the first one shown */
	int			 field;		/* CF_TO, CF_CC or CF_BCC */
	uint32_t		*typed;		/* the field before the Tab */
	size_t			 ntyped;
	size_t			 cur;		/* the cursor then */
	size_t			 start;		/* where the address began */
};

void	 pick_init(struct pick *);
void	 pick_free(struct pick *);

/*
 * Prepares the matcher over the contacts (once; the first Tab does it if
 * nothing did before): the composer calls it once the first screen is
 * shown, so that no Tab waits for it.
 */
void	 pick_prepare(struct compose *);

/*
 * Tab (dir 1) or Shift-Tab (dir -1) in the focused recipient field. One
 * candidate: the address being typed is replaced with it. Several: the
 * first (Shift-Tab: the last) goes in the field and the list opens. Each
 * change is checked (compose_check). Returns 0 when there was nothing to
 * complete (nothing typed, no match, or already complete), so that the key
 * moves to the next or previous field; 1 otherwise.
 */
int	 pick_tab(struct compose *, int dir);

/*
 * A key while the list is open: Tab or Down the next candidate, Shift-Tab
 * or Up the previous one (each put in the field), Enter takes it, Esc puts
 * back what was typed; any other key takes the candidate, closes the list
 * and is PICK_PASS, as is a resize (the list stays).
 */
enum pick_result pick_key(struct compose *, wint_t k, int code);

#endif
