/* stamp.c: Date and Message-ID values for outgoing messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common.h"
#include "stamp.h"

void
stamp_date(time_t now, char *buf, size_t len)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	long off;

	localtime_r(&now, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, len, "%s, %02d %s %d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* splitmix64: a good mix of a seed into random-looking bits. */
static uint64_t
stamp_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

char *
stamp_message_id(time_t now, const char *domain, uint64_t seed)
{
	uint64_t r[2];
	const char *p;

	if (getenv("SENDGUARD_NOW") != NULL ||
	    getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		r[0] = stamp_mix((uint64_t)now ^ stamp_mix(seed));
		r[1] = stamp_mix(r[0]);
	}
	/* Only a plain domain may follow the @. */
	for (p = domain; p != NULL && *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			break;
	if (domain == NULL || *domain == '\0' || *p != '\0' ||
	    strchr(domain, '>') != NULL)
		domain = "localhost";
	return xasprintf("<%lld.%016llx%08llx@%s>", (long long)now,
	    (unsigned long long)r[0], (unsigned long long)(r[1] & 0xffffffff),
	    domain);
}
