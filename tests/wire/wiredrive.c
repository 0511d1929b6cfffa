/*
 * wiredrive.c: drives transport/'s deliver_smtp() and deliver_serverinfo()
 * with every field of struct deliver_account from the command line, for
 * tests/cli/wire.sh (the SMTP dialogue against the real test server, side
 * by side with msmtp), independent of how the command line and msmtprc
 * fill the account.
 *
 *   wiredrive [OPTION...] FROM RCPT... < message
 *   wiredrive --serverinfo [OPTION...]
 *
 * Options: --host H --port N --socket PATH --tls starttls|tls|off
 * --trust FILE --user U --password P --helo NAME --lmtp --source-ip IP
 * --auth METHOD --cert FILE --key FILE --host-override NAME
 * --fingerprint FP --notify V --ret V --timeout S, and -d (the dialogue on
 * stderr, "--> " and "<-- " as msmtp --debug writes them).
 *
 * Prints "status=N code=N tls=N auth=N", then "rcpt ADDR CODE TEXT" per
 * reply and "error: ..." on stdout (or the serverinfo text), and exits
 * with cli/exitcode.c's code for the status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "exitcode.h"
#include "transport.h"

static void
dialogue(void *arg, char dir, const char *line, size_t len)
{
	(void)arg;
	fprintf(stderr, "%s %.*s\n", dir == '>' ? "-->" : "<--", (int)len,
	    line);
}

static void
rcpt(void *arg, const char *who, int code, const char *text)
{
	(void)arg;
	printf("rcpt %s %d %s\n", who, code, text != NULL ? text : "");
}

static int
usage(const char *what)
{
	fprintf(stderr, "wiredrive: %s\n", what);
	return 64;
}

int
main(int argc, char **argv)
{
	struct deliver_callbacks cb = { .rcpt = rcpt };
	struct deliver_serverinfo info;
	struct deliver_account a;
	struct deliver_result r;
	struct message *m;
	struct buf in;
	char chunk[8192];
	const char *o, *v;
	ssize_t n;
	int i, info_mode = 0, rc;

	memset(&a, 0, sizeof(a));
	a.timeout = 10;
	a.connect_timeout = 10;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		o = argv[i];
		if (strcmp(o, "-d") == 0) {
			cb.dialogue = dialogue;
			continue;
		}
		if (strcmp(o, "--serverinfo") == 0) {
			info_mode = 1;
			continue;
		}
		if (strcmp(o, "--lmtp") == 0) {
			a.protocol = DELIVER_LMTP;
			continue;
		}
		if (i + 1 >= argc)
			return usage(o);
		v = argv[++i];
		if (strcmp(o, "--host") == 0)
			a.host = v;
		else if (strcmp(o, "--port") == 0)
			a.port = atoi(v);
		else if (strcmp(o, "--socket") == 0)
			a.socket = v;
		else if (strcmp(o, "--tls") == 0)
			a.tls = strcmp(v, "tls") == 0 ? DELIVER_TLS :
			    strcmp(v, "off") == 0 ? DELIVER_PLAIN :
			    DELIVER_STARTTLS;
		else if (strcmp(o, "--trust") == 0)
			a.trust_file = v;
		else if (strcmp(o, "--user") == 0)
			a.user = v;
		else if (strcmp(o, "--password") == 0)
			a.password = v;
		else if (strcmp(o, "--helo") == 0)
			a.helo = v;
		else if (strcmp(o, "--source-ip") == 0)
			a.source_ip = v;
		else if (strcmp(o, "--auth") == 0)
			a.auth_method = v;
		else if (strcmp(o, "--cert") == 0)
			a.tls_cert_file = v;
		else if (strcmp(o, "--key") == 0)
			a.tls_key_file = v;
		else if (strcmp(o, "--host-override") == 0)
			a.tls_host_override = v;
		else if (strcmp(o, "--fingerprint") == 0)
			a.tls_fingerprint = v;
		else if (strcmp(o, "--notify") == 0)
			a.dsn_notify = v;
		else if (strcmp(o, "--ret") == 0)
			a.dsn_return = v;
		else if (strcmp(o, "--timeout") == 0)
			a.timeout = atol(v);
		else
			return usage(o);
	}
	if (info_mode) {
		if (deliver_serverinfo(&a, &cb, &info, &r) == DELIVER_OK)
			fputs(info.text, stdout);
		else
			printf("error: %s\n", r.error);
		rc = exitcode_deliver(r.status);
		deliver_serverinfo_free(&info);
		deliver_result_free(&r);
		return rc;
	}
	if (argc - i < 2)
		return usage("FROM RCPT... needed");
	buf_init(&in);
	while ((n = read(0, chunk, sizeof(chunk))) > 0)
		buf_add(&in, chunk, (size_t)n);
	m = message_from_bytes(in.s != NULL ? in.s : "", in.len);
	buf_free(&in);
	deliver_smtp(&a, m, argv[i], (const char *const *)argv + i + 1,
	    (size_t)(argc - i - 1), &cb, &r);
	printf("status=%d code=%d tls=%d auth=%d\n", (int)r.status, r.code,
	    r.tls, r.auth);
	if (r.error != NULL)
		printf("error: %s\n", r.error);
	rc = exitcode_deliver(r.status);
	message_free(m);
	deliver_result_free(&r);
	return rc;
}
