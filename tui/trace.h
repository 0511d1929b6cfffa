/* trace.h: SENDGUARD_TRACE, one JSON line per event for scripted tests. */
#ifndef SENDGUARD_TRACE_H
#define SENDGUARD_TRACE_H

struct guard_report;

/* Opens the trace file (appending); NULL path: tracing off. */
void	trace_open(const char *path);
void	trace_close(void);

/* {"event":"field","field":NAME,"text":TEXT,"verdicts":[...]} */
void	trace_field(const char *name, const char *text,
	    const struct guard_report *);
/* {"event":"prompt","address":A,"code":C,"suggestion":S,"keys":"froat"} */
void	trace_prompt(const char *address, const char *code,
	    const char *suggestion, const char *keys);
/* {"event":"key","key":K,"action":A} for answers and commands. */
/* The message-level findings, and who has a marking-external warning. */
void	trace_message(const struct guard_report *);
void	trace_key(const char *key, const char *action);
/* {"event":"send"} and {"event":"result","exit":N,"message":M} */
void	trace_send(int nrcpts);
void	trace_result(int exitcode, const char *message);
/* {"event":"ready"}, {"event":"draft","path":P}, {"event":"resize",...} */
void	trace_simple(const char *event, const char *key, const char *value);

#endif
