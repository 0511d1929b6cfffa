/* stamp.h: Date and Message-ID values for outgoing messages. */
#ifndef SENDGUARD_STAMP_H
#define SENDGUARD_STAMP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * An RFC 5322 date for now in the local time zone, with its real offset
 * (half-hour zones included): "Mon, 03 Nov 2026 20:41:00 +0530", day in two digits as msmtp writes it.
 */
void	 stamp_date(time_t now, char *buf, size_t len);

/*
 * A new Message-ID "<time.random@domain>" (allocated). The random part is
 * drawn from the kernel, or, when SENDGUARD_NOW is set (tests), derived
 * from now and seed so that the output is repeatable.
 */
char	*stamp_message_id(time_t now, const char *domain, uint64_t seed);

#endif
