/*
 * rescue.h: a message handed to sendmail mode is never lost when the
 * process is stopped. SIGTERM, SIGINT or SIGHUP once it is read: its
 * spool file is moved into the dead letters (one rename, which a signal
 * handler may do), the terminal of a resolve prompt is given back, and
 * the process exits 75 saying where the message is. SIGKILL cannot be
 * caught: the spool file stays in dead.letter/tmp, and the next run finds
 * it (its process is gone) and keeps it (rescue_orphans).
 */
#ifndef SENDGUARD_RESCUE_H
#define SENDGUARD_RESCUE_H

#include <stddef.h>

/*
 * Before the input is read: installs the handlers. A stop while it is
 * read lets the reading finish (a second stop does not wait), and the
 * message is then kept whole.
 */
void	 rescue_begin(void);
/*
 * Holds the message spooled at path (in dead.letter/tmp): from now on a
 * stop keeps it.
 */
void	 rescue_hold(const char *spool_path);
/*
 * The message's fate is settled (sent, queued or kept): a stop from now
 * on changes nothing, and the run finishes what it does.
 */
void	 rescue_release(void);

/*
 * Keeps what runs killed earlier left in the dead letters' tmp/, moving
 * each file whose process is gone into their new/: whole
 * (its name ends in ",S=SIZE" and the size matches) as it is, else with
 * ".partial" added (the process was stopped while it read its input,
 * which the caller still has). Says each on stderr. In the queue's tmp/
 * (copies of a spooled message being queued) such files are removed.
 * Returns how many messages were kept.
 */
size_t	 rescue_orphans(void);

#endif
