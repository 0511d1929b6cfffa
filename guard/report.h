/* report.h: building verdicts and findings (internal to guard/). */
#ifndef SENDGUARD_REPORT_H
#define SENDGUARD_REPORT_H

#include "guard.h"

/* Appends a finding with a formatted reason; suggestion may be NULL. */
void	report_add(struct guard_verdict *, enum guard_code,
	    enum guard_severity, const char *suggestion, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Appends a message-level finding (no suggestion) to the report. */
void	report_add_message(struct guard_report *, enum guard_code,
	    enum guard_severity, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Appends an empty verdict to the report and returns it. */
struct guard_verdict *report_verdict(struct guard_report *);

#endif
