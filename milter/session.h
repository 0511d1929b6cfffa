/*
 * session.h: the libmilter callbacks. Each SMTP session gets its own
 * state; a message takes a reference to the current guard at MAIL FROM
 * and checks every recipient at RCPT TO (refusing syntax errors and
 * policy blocks there), reads the header and body as they come, and acts
 * on the warnings at the end of the message.
 */
#ifndef SENDGUARD_SESSION_H
#define SENDGUARD_SESSION_H

#include <libmilter/mfapi.h>

/* The filter description smfi_register() takes. */
struct smfiDesc *session_filter(void);

#endif
