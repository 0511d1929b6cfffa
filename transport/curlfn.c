/* curlfn.c: libcurl, loaded when mail is first sent. */
#include <dlfcn.h>
#include <stdlib.h>

#include "common.h"
#include "curlfn.h"

static struct curlfn	curlfn;
static int		curlfn_loaded;

/* Looks up one symbol; 0, or -1 if it is missing. */
static int
curlfn_sym(void *h, const char *name, void *out)
{
	void *p = dlsym(h, name);

	if (p == NULL)
		return -1;
	/* POSIX guarantees object and function pointers convert. */
	*(void **)out = p;
	return 0;
}

const struct curlfn *
curlfn_load(char **errstr)
{
	static const char *const names[] = {
		"libcurl-gnutls.so.4", "libcurl.so.4", "libcurl-gnutls.so",
		"libcurl.so",
	};
	void *h = NULL;
	size_t i;

	if (curlfn_loaded)
		return &curlfn;
	for (i = 0; h == NULL && i < sizeof(names) / sizeof(names[0]); i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		*errstr = xasprintf("cannot load libcurl: %s", dlerror());
		return NULL;
	}
	if (curlfn_sym(h, "curl_easy_init", &curlfn.easy_init) != 0 ||
	    curlfn_sym(h, "curl_easy_setopt", &curlfn.easy_setopt) != 0 ||
	    curlfn_sym(h, "curl_easy_perform", &curlfn.easy_perform) != 0 ||
	    curlfn_sym(h, "curl_easy_cleanup", &curlfn.easy_cleanup) != 0 ||
	    curlfn_sym(h, "curl_easy_strerror", &curlfn.easy_strerror) != 0 ||
	    curlfn_sym(h, "curl_slist_append", &curlfn.slist_append) != 0 ||
	    curlfn_sym(h, "curl_slist_free_all", &curlfn.slist_free_all) != 0) {
		*errstr = xstrdup("cannot load libcurl: a function is missing");
		dlclose(h);
		return NULL;
	}
	curlfn_loaded = 1;
	return &curlfn;
}
