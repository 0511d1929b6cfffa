/* trace.c: SENDGUARD_TRACE, one JSON line per event for scripted tests. */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "guard.h"
#include "trace.h"

static FILE *trace_file;

void
trace_open(const char *path)
{
	if (path != NULL && *path != '\0')
		trace_file = fopen(path, "a");
}

void
trace_close(void)
{
	if (trace_file != NULL)
		fclose(trace_file);
	trace_file = NULL;
}

static void
trace_write(struct buf *b)
{
	buf_adds(b, "}\n");
	fwrite(b->s, 1, b->len, trace_file);
	fflush(trace_file);
	buf_free(b);
}

void
trace_field(const char *name, const char *text, const struct guard_report *r)
{
	const struct guard_verdict *v;
	struct buf b;
	size_t i, k;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, "{\"event\":\"field\",\"field\":");
	json_string(&b, name);
	buf_adds(&b, ",\"text\":");
	json_string(&b, text);
	buf_adds(&b, ",\"verdicts\":[");
	for (i = 0; r != NULL && i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		buf_adds(&b, i > 0 ? ",{\"address\":" : "{\"address\":");
		json_string(&b, v->address != NULL ? v->address : v->raw);
		buf_adds(&b, ",\"verdict\":");
		json_string(&b, guard_severity_name(v->severity));
		buf_adds(&b, ",\"codes\":[");
		for (k = 0; k < v->nfindings; k++) {
			if (k > 0)
				buf_addc(&b, ',');
			json_string(&b, guard_code_name(v->findings[k].code));
		}
		buf_adds(&b, "]}");
	}
	buf_addc(&b, ']');
	trace_write(&b);
}

void
trace_prompt(const char *address, const char *code, const char *suggestion,
    const char *keys)
{
	struct buf b;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, "{\"event\":\"prompt\",\"address\":");
	json_string(&b, address);
	buf_adds(&b, ",\"code\":");
	json_string(&b, code);
	buf_adds(&b, ",\"suggestion\":");
	json_string(&b, suggestion);
	buf_adds(&b, ",\"keys\":");
	json_string(&b, keys);
	trace_write(&b);
}

void
trace_key(const char *key, const char *action)
{
	struct buf b;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, "{\"event\":\"key\",\"key\":");
	json_string(&b, key);
	buf_adds(&b, ",\"action\":");
	json_string(&b, action);
	trace_write(&b);
}

void
trace_send(int nrcpts)
{
	struct buf b;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_addf(&b, "{\"event\":\"send\",\"recipients\":%d", nrcpts);
	trace_write(&b);
}

void
trace_result(int exitcode, const char *message)
{
	struct buf b;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_addf(&b, "{\"event\":\"result\",\"exit\":%d,\"message\":",
	    exitcode);
	json_string(&b, message);
	trace_write(&b);
}

void
trace_simple(const char *event, const char *key, const char *value)
{
	struct buf b;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, "{\"event\":");
	json_string(&b, event);
	if (key != NULL) {
		buf_addc(&b, ',');
		json_string(&b, key);
		buf_addc(&b, ':');
		json_string(&b, value);
	}
	trace_write(&b);
}

void
trace_message(const struct guard_report *r)
{
	const struct guard_verdict *v;
	struct buf b;
	size_t i, k, n = 0;

	if (trace_file == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, "{\"event\":\"message\",\"codes\":[");
	for (i = 0; i < r->nfindings; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		json_string(&b, guard_code_name(r->findings[i].code));
	}
	buf_adds(&b, "],\"marked\":[");
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		for (k = 0; k < v->nfindings; k++)
			if (v->findings[k].code == GUARD_MARKING_EXTERNAL) {
				if (n++ > 0)
					buf_addc(&b, ',');
				json_string(&b, v->address);
				break;
			}
	}
	buf_adds(&b, "]}");
	trace_write(&b);
}
