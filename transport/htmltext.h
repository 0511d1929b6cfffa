/*
 * htmltext.h: the text of an HTML document as a reader sees it, streamed:
 * tags, comments and the content of <script> and <style> dropped; runs of
 * white space one space; block elements (p, div, br, li, tr, headings...)
 * a line break and table cells a space; the common entities decoded
 * (&nbsp; and &#160; as a plain space, so that "For&nbsp;Official" reads
 * "For Official"; &shy; and zero-width joiners as nothing). Input and
 * output are UTF-8.
 */
#ifndef SENDGUARD_HTMLTEXT_H
#define SENDGUARD_HTMLTEXT_H

#include <stddef.h>

struct htmltext;

struct htmltext *htmltext_new(void (*out)(void *, const char *, size_t),
	    void *arg);
void	 htmltext_feed(struct htmltext *, const char *, size_t);
/* The document has ended: hands over what was held. */
void	 htmltext_finish(struct htmltext *);
void	 htmltext_free(struct htmltext *);

#endif
