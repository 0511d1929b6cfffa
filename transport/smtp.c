/*
 * smtp.c: delivery over SMTP with libcurl, in one transaction: if the
 * server refuses any recipient, nobody gets the message. libcurl reports
 * no per-recipient results, so the debug callback follows the dialogue:
 * each command sent and the reply that follows it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "common.h"
#include "transport.h"
#include "curlfn.h"

/* What the dialogue showed so far. */
struct smtp_state {
	struct message			*msg;
	const struct deliver_callbacks	*cb;
	char				*cmd;	   /* last command sent */
	char				*rcpt;	   /* its recipient, if RCPT */
	int				 code;	   /* last reply code */
	struct buf			 reply;	   /* last reply text */
	char				*bad_rcpt; /* first refused RCPT */
	int				 bad_code;
	char				*bad_reply;
	int				 auth_offered;
	int				 tls_up;	/* after STARTTLS */
	int				 need_auth;
	int				 data_sent;	/* all bytes handed over */
	int				 no_auth;	/* AUTH not offered */
	int				 readerr;
};

/* Feeds the message to libcurl, which dot-stuffs it. */
static size_t
smtp_read(char *buf, size_t size, size_t n, void *arg)
{
	struct smtp_state *s = arg;
	ssize_t r;

	if (s->need_auth && !s->auth_offered) {
		/* We would send a password-protected account's mail
		 * without its password: stop before the data. */
		s->no_auth = 1;
		return CURL_READFUNC_ABORT;
	}
	r = message_read(s->msg, buf, size * n);
	if (r < 0) {
		s->readerr = 1;
		return CURL_READFUNC_ABORT;
	}
	if (r == 0)
		s->data_sent = 1;
	return (size_t)r;
}

/* The address inside "RCPT TO:<a@b>". */
static char *
smtp_rcpt_of(const char *cmd)
{
	const char *lt = strchr(cmd, '<'), *gt;

	if (lt == NULL || (gt = strchr(lt, '>')) == NULL)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

/* A reply line "250-..." or "550 ..." from the server. */
static void
smtp_reply_line(struct smtp_state *s, const char *line, size_t n)
{
	int code;

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (n < 3 || !isdigit((unsigned char)line[0]) ||
	    !isdigit((unsigned char)line[1]) ||
	    !isdigit((unsigned char)line[2]))
		return;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if (n > 4 && (strncasecmp(line + 4, "AUTH ", 5) == 0 ||
	    strncasecmp(line + 4, "AUTH=", 5) == 0))
		s->auth_offered = 1;
	if (n > 3 && line[3] == '-') {
		if (s->code != code)
			buf_reset(&s->reply);
		s->code = code;
		if (s->reply.len > 0)
			buf_addc(&s->reply, ' ');
		buf_add(&s->reply, line + 4, n - 4);
		return;
	}
	if (!(s->code == code && s->reply.len > 0 && s->cmd != NULL &&
	    strncasecmp(s->cmd, "EHLO", 4) == 0))
		buf_reset(&s->reply);
	else
		buf_addc(&s->reply, ' ');
	s->code = code;
	buf_add(&s->reply, n > 4 ? line + 4 : "", n > 4 ? n - 4 : 0);
	if (s->rcpt != NULL) {
		if (s->cb != NULL && s->cb->rcpt != NULL)
			s->cb->rcpt(s->cb->arg, s->rcpt, code, s->reply.s);
		if (code >= 400 && s->bad_rcpt == NULL) {
			s->bad_rcpt = xstrdup(s->rcpt);
			s->bad_code = code;
			s->bad_reply = xstrdup(s->reply.s);
		}
		free(s->rcpt);
		s->rcpt = NULL;
	}
}

static int
smtp_debug(CURL *c, curl_infotype type, char *data, size_t n, void *arg)
{
	struct smtp_state *s = arg;
	const char *p = data, *end = data + n, *nl;

	(void)c;
	if (type == CURLINFO_HEADER_OUT) {
		free(s->cmd);
		s->cmd = xstrndup(data, n);
		if (strncasecmp(s->cmd, "STARTTLS", 8) == 0)
			s->tls_up = 1;
		if (strncasecmp(s->cmd, "EHLO", 4) == 0)
			s->auth_offered = 0;	/* asked again after TLS */
		free(s->rcpt);
		s->rcpt = strncasecmp(s->cmd, "RCPT TO:", 8) == 0 ?
		    smtp_rcpt_of(s->cmd) : NULL;
	} else if (type == CURLINFO_HEADER_IN) {
		while (p < end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			nl = nl != NULL ? nl + 1 : end;
			smtp_reply_line(s, p, (size_t)(nl - p));
			p = nl;
		}
	}
	return 0;
}

/* Refuses addresses that would break the command they go into. */
static int
smtp_address_ok(const char *a)
{
	const unsigned char *p;

	if (a == NULL || *a == '\0' || strlen(a) > 254)
		return 0;
	for (p = (const unsigned char *)a; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/* Sets status, code and words from curl's result and the dialogue. */
static void
smtp_result(const struct curlfn *fn, CURLcode rc, const char *errbuf,
    struct smtp_state *s, struct deliver_result *r)
{
	const char *what = errbuf[0] != '\0' ? errbuf :
	    fn->easy_strerror(rc);

	r->code = s->code;
	if (s->reply.len > 0)
		r->reply = xstrdup(s->reply.s);
	if (s->bad_rcpt != NULL) {
		r->rcpt = xstrdup(s->bad_rcpt);
		r->code = s->bad_code;
		free(r->reply);
		r->reply = xstrdup(s->bad_reply);
		r->status = s->bad_code >= 500 ? DELIVER_REFUSED :
		    DELIVER_TEMPFAIL;
		r->error = xasprintf("the server refused %s: %d %s",
		    s->bad_rcpt, s->bad_code, s->bad_reply);
		return;
	}
	if (s->no_auth) {
		r->status = DELIVER_UNAVAILABLE;
		r->error = xstrdup("the server does not offer "
		    "authentication (AUTH), and the account has a user");
		return;
	}
	if (s->readerr) {
		r->status = DELIVER_TEMPFAIL;
		r->error = xstrdup("cannot read the message being sent");
		return;
	}
	switch (rc) {
	case CURLE_OK:
		r->status = DELIVER_OK;
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
		r->status = DELIVER_NOHOST;
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		r->status = DELIVER_TEMPFAIL;
		break;
	case CURLE_LOGIN_DENIED:
		r->status = DELIVER_AUTH;
		r->error = xasprintf("authentication failed: %d %s", s->code,
		    s->reply.s != NULL ? s->reply.s : what);
		return;
	case CURLE_USE_SSL_FAILED:
		r->status = DELIVER_UNAVAILABLE;
		r->error = xstrdup("the server does not offer STARTTLS; "
		    "refusing to send in plaintext");
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		r->status = DELIVER_UNAVAILABLE;
		r->error = xasprintf("TLS failed: %s", what);
		return;
	default:
		if (s->code >= 500)
			r->status = DELIVER_REFUSED;
		else if (s->code >= 400)
			r->status = DELIVER_TEMPFAIL;
		else if (s->data_sent)
			r->status = DELIVER_MAYBE;
		else if (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
		    rc == CURLE_GOT_NOTHING)
			r->status = DELIVER_TEMPFAIL;
		else
			r->status = DELIVER_PROTOCOL;
		if (s->code >= 400) {
			r->error = xasprintf("the server said: %d %s", s->code,
			    s->reply.s != NULL ? s->reply.s : "");
			return;
		}
		if (r->status == DELIVER_MAYBE) {
			r->error = xasprintf("the connection was lost after "
			    "the message was sent, before the server "
			    "confirmed it (%s); it may have arrived", what);
			return;
		}
		break;
	}
	r->error = xstrdup(what);
}

enum deliver_status
deliver_smtp(const struct deliver_account *a, struct message *msg,
    const char *from, const char *const *rcpts, size_t nrcpts,
    const struct deliver_callbacks *cb, struct deliver_result *r)
{
	char errbuf[CURL_ERROR_SIZE], *url, *tmp;
	struct curl_slist *list = NULL;
	const struct curlfn *fn;
	struct smtp_state s;
	CURLcode rc;
	CURL *c;
	size_t i;
	int port;

	memset(r, 0, sizeof(*r));
	if (!smtp_address_ok(from) && !(from != NULL && *from == '\0')) {
		r->status = DELIVER_USAGE;
		r->error = xasprintf("the sender address is not usable");
		return r->status;
	}
	for (i = 0; i < nrcpts; i++) {
		if (!smtp_address_ok(rcpts[i])) {
			r->status = DELIVER_USAGE;
			r->error = xstrdup("a recipient address holds "
			    "characters that cannot go into SMTP");
			return r->status;
		}
	}
	if (nrcpts == 0) {
		r->status = DELIVER_USAGE;
		r->error = xstrdup("no recipients");
		return r->status;
	}
	if ((fn = curlfn_load(&r->error)) == NULL) {
		r->status = DELIVER_TEMPFAIL;
		return r->status;
	}
	if ((c = fn->easy_init()) == NULL) {
		r->status = DELIVER_TEMPFAIL;
		r->error = xstrdup("cannot start libcurl");
		return r->status;
	}
	memset(&s, 0, sizeof(s));
	buf_init(&s.reply);
	s.msg = msg;
	s.cb = cb;
	s.need_auth = a->user != NULL;
	port = a->port != 0 ? a->port : a->tls == DELIVER_TLS ? 465 :
	    a->tls == DELIVER_PLAIN ? 25 : 587;
	url = xasprintf("%s://%s%s%s:%d/%s",
	    a->tls == DELIVER_TLS ? "smtps" : "smtp",
	    strchr(a->host, ':') != NULL ? "[" : "", a->host,
	    strchr(a->host, ':') != NULL ? "]" : "", port,
	    a->helo != NULL ? a->helo : "localhost");
	errbuf[0] = '\0';
	fn->easy_setopt(c, CURLOPT_URL, url);
	fn->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	fn->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	fn->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	fn->easy_setopt(c, CURLOPT_USE_SSL, a->tls == DELIVER_PLAIN ?
	    (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (a->trust_file != NULL)
		fn->easy_setopt(c, CURLOPT_CAINFO, a->trust_file);
	if (a->user != NULL) {
		fn->easy_setopt(c, CURLOPT_USERNAME, a->user);
		fn->easy_setopt(c, CURLOPT_PASSWORD,
		    a->password != NULL ? a->password : "");
	}
	tmp = xasprintf("<%s>", from != NULL ? from : "");
	fn->easy_setopt(c, CURLOPT_MAIL_FROM, tmp);
	free(tmp);
	for (i = 0; i < nrcpts; i++) {
		tmp = xasprintf("<%s>", rcpts[i]);
		list = fn->slist_append(list, tmp);
		free(tmp);
	}
	fn->easy_setopt(c, CURLOPT_MAIL_RCPT, list);
	fn->easy_setopt(c, CURLOPT_UPLOAD, 1L);
	fn->easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	fn->easy_setopt(c, CURLOPT_READDATA, &s);
	fn->easy_setopt(c, CURLOPT_VERBOSE, 1L);
	fn->easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	fn->easy_setopt(c, CURLOPT_DEBUGDATA, &s);
	fn->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, a->connect_timeout > 0 ?
	    a->connect_timeout : 30L);
	fn->easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT,
	    a->timeout > 0 ? a->timeout : 60L);
	fn->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	fn->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, a->timeout > 0 ?
	    a->timeout : 60L);
	message_rewind(msg);
	rc = fn->easy_perform(c);
	smtp_result(fn, rc, errbuf, &s, r);
	fn->slist_free_all(list);
	fn->easy_cleanup(c);
	free(url);
	free(s.cmd);
	free(s.rcpt);
	free(s.bad_rcpt);
	free(s.bad_reply);
	buf_free(&s.reply);
	return r->status;
}

void
deliver_result_free(struct deliver_result *r)
{
	free(r->reply);
	free(r->rcpt);
	free(r->error);
	memset(r, 0, sizeof(*r));
}
