/* check.c: "sendguard check", verdicts for scripts. */
#include <getopt.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "common.h"
#include "guard.h"
#include "msgview.h"
#include "check.h"
#include "exitcode.h"
#include "setup.h"

static const char check_usage[] =
    "usage: sendguard check [--json] [-C FILE] [--] ADDRESS...\n"
    "       sendguard check [--json] [-C FILE] -   (addresses on stdin)\n"
    "       sendguard check -t [--json] [-C FILE] [ADDRESS...] < message\n";


/* Appends untrusted text safely for a terminal. */
static void
check_text(struct buf *b, const char *s)
{
	utf8_sanitize(b, s, strlen(s));
}

static void
check_print_text(struct buf *b, const struct guard_verdict *v)
{
	const struct guard_finding *f;
	const char *at;
	size_t i;

	check_text(b, v->address != NULL ? v->address : v->raw);
	buf_addf(b, ": %s\n", guard_severity_name(v->severity));
	for (i = 0; i < v->nfindings; i++) {
		f = &v->findings[i];
		buf_addf(b, "  %s: ", guard_code_name(f->code));
		check_text(b, f->reason);
		buf_addc(b, '\n');
		if (f->suggestion == NULL)
			continue;
		buf_adds(b, "  did you mean ");
		if (v->address != NULL && (at = strrchr(v->address, '@')))
			utf8_sanitize(b, v->address,
			    (size_t)(at - v->address) + 1);
		check_text(b, f->suggestion);
		buf_adds(b, "?\n");
	}
}

static void
check_print_json(struct buf *b, const struct guard_verdict *v)
{
	const struct guard_finding *f;
	size_t i;

	buf_adds(b, "{\"address\":");
	json_string(b, v->address != NULL ? v->address : v->raw);
	if (v->address == NULL && v->raw == NULL)
		buf_adds(b, ",\"message\":true");
	buf_adds(b, ",\"name\":");
	json_string(b, v->name);
	buf_adds(b, ",\"domain\":");
	json_string(b, v->domain);
	buf_adds(b, ",\"domain_ascii\":");
	json_string(b, v->domain_ascii);
	buf_adds(b, ",\"address_ascii\":");
	json_string(b, v->address_ascii);
	buf_adds(b, ",\"verdict\":");
	json_string(b, guard_severity_name(v->severity));
	buf_adds(b, ",\"findings\":[");
	for (i = 0; i < v->nfindings; i++) {
		f = &v->findings[i];
		buf_adds(b, i > 0 ? ",{\"code\":" : "{\"code\":");
		json_string(b, guard_code_name(f->code));
		buf_adds(b, ",\"severity\":");
		json_string(b, guard_severity_name(f->severity));
		buf_adds(b, ",\"reason\":");
		json_string(b, f->reason);
		buf_adds(b, ",\"suggestion\":");
		json_string(b, f->suggestion);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}\n");
}

/* The findings of the message itself, as one more line (or block). */
static void
check_print_message(struct buf *b, const struct guard_report *r, int json)
{
	struct guard_verdict v;

	if (r->nfindings == 0)
		return;
	memset(&v, 0, sizeof(v));
	v.findings = r->findings;
	v.nfindings = r->nfindings;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity > v.severity)
			v.severity = r->findings[i].severity;
	if (json) {
		check_print_json(b, &v);
		return;
	}
	v.raw = (char *)(uintptr_t)"(the message)";
	check_print_text(b, &v);
}

/* Checks one argument (an address list); returns its worst severity. */
static enum guard_severity
check_one(const struct guard *g, const char *arg, int json, struct buf *out)
{
	struct guard_report r;
	struct guard_verdict empty;
	struct guard_finding f;
	enum guard_severity worst;
	size_t i;

	guard_report_init(&r);
	guard_check(g, arg, &r);
	if (r.nverdicts == 0) {
		/* Nothing to check is itself an error, said like the rest. */
		memset(&empty, 0, sizeof(empty));
		memset(&f, 0, sizeof(f));
		f.code = GUARD_SYNTAX;
		f.severity = GUARD_BLOCK;
		f.reason = (char *)(uintptr_t)"empty address";
		empty.raw = (char *)(uintptr_t)arg;
		empty.severity = GUARD_BLOCK;
		empty.findings = &f;
		empty.nfindings = 1;
		(json ? check_print_json : check_print_text)(out, &empty);
		guard_report_free(&r);
		return GUARD_BLOCK;
	}
	for (i = 0; i < r.nverdicts; i++)
		(json ? check_print_json : check_print_text)(out,
		    &r.verdicts[i]);
	worst = r.severity;
	guard_report_free(&r);
	return worst;
}

/*
 * -t: the recipients of a message on stdin (its To, Cc and Bcc, and any
 * addresses given), checked together with what the message says.
 */
static enum guard_severity
check_message(const struct guard *g, char **args, int nargs, int json,
    struct buf *out)
{
	const char *fields[3];
	struct guard_report r;
	struct msgview mv;
	enum guard_severity worst;
	char *err = NULL;
	size_t i;
	int k;

	if (msgview_read(0, g, &mv, &err) != 0) {
		fprintf(stderr, "sendguard: check: cannot read the message: "
		    "%s\n", err);
		free(err);
		return GUARD_BLOCK;
	}
	guard_report_init(&r);
	for (k = 0; k < nargs; k++)
		guard_check(g, args[k], &r);
	fields[0] = mv.mt.to;
	fields[1] = mv.mt.cc;
	fields[2] = mv.mt.bcc;
	for (i = 0; i < 3; i++)
		if (fields[i] != NULL)
			guard_check(g, fields[i], &r);
	guard_check_message(g, &mv.view, &r);
	if (r.nverdicts == 0)
		fprintf(stderr, "sendguard: check: the message has no "
		    "recipients (no To, Cc or Bcc)\n");
	for (i = 0; i < r.nverdicts; i++)
		(json ? check_print_json : check_print_text)(out,
		    &r.verdicts[i]);
	check_print_message(out, &r, json);
	worst = r.nverdicts == 0 ? GUARD_BLOCK : r.severity;
	guard_report_free(&r);
	msgview_free(&mv);
	return worst;
}

static void
check_flush(struct buf *out)
{
	fwrite(out->s != NULL ? out->s : "", 1, out->len, stdout);
	buf_reset(out);
}

int
check_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "read-recipients", no_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum guard_severity worst = GUARD_OK, s;
	struct setup setup;
	struct buf out;
	const char *config = NULL;
	char *err = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c, json = 0, i, message = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+jtC:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'C':
			config = optarg;
			break;
		case 't':
			message = 1;
			break;
		case 'h':
			fputs(check_usage, stdout);
			return 0;
		default:
			fputs(check_usage, stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc && !message) {
		fprintf(stderr, "sendguard: check: no address given\n%s",
		    check_usage);
		return EX_USAGE;
	}
	if (setup_load(&setup, config, 0, &err) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&setup);
		return EX_CONFIG;
	}
	for (i = 0; i < (int)setup.learned.warnings.n; i++)
		fprintf(stderr, "sendguard: contacts: %s\n",
		    setup.learned.warnings.v[i]);
	buf_init(&out);
	if (message) {
		worst = check_message(setup.guard, argv + optind,
		    argc - optind, json, &out);
		check_flush(&out);
		optind = argc;
	}
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			s = check_one(setup.guard, argv[i], json, &out);
			worst = s > worst ? s : worst;
			check_flush(&out);
			continue;
		}
		while ((n = getline(&line, &cap, stdin)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			if (n > 0 && line[n - 1] == '\r')
				line[--n] = '\0';
			if (n == 0)
				continue;
			s = check_one(setup.guard, line, json, &out);
			worst = s > worst ? s : worst;
			check_flush(&out);
		}
	}
	free(line);
	buf_free(&out);
	setup_free(&setup);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "sendguard: check: cannot write the output\n");
		return EX_IOERR;
	}
	return exitcode_check(worst);
}
