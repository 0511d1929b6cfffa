/* curlfn.h: libcurl, loaded when mail is first sent (internal). */
#ifndef SENDGUARD_CURLFN_H
#define SENDGUARD_CURLFN_H

#include <curl/curl.h>

/*
 * The libcurl calls the transport uses. libcurl (with GnuTLS, Kerberos,
 * LDAP, SSH...) takes longer to load than everything else together, and
 * "sendguard check" or the composer's start never need it: so it is
 * loaded with dlopen the first time mail is sent.
 */
struct curlfn {
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_perform)(CURL *);
	void		 (*easy_cleanup)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
};

/* Loads libcurl once; NULL with *errstr (allocated) if it cannot. */
const struct curlfn *curlfn_load(char **errstr);

#endif
