/* editor.h: editing the body in $EDITOR (internal to tui/). */
#ifndef SENDGUARD_EDITOR_H
#define SENDGUARD_EDITOR_H

struct compose;

/*
 * Runs $VISUAL or $EDITOR (else vi) on the body, with the terminal given
 * back to it and taken again after; the body is replaced when the editor
 * exits 0, and left as it was otherwise (said on the status line).
 */
void	editor_run(struct compose *);

#endif
