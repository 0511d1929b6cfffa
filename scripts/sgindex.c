/*
 * sgindex.c: compiles the shipped data files (guard/data/) into the index
 * sendguard maps at start-up, when sendguard is built:
 *	sgindex OUT builtin.txt providers.tsv broad.txt
 * Prints how many domains the index holds, and how many lines were left
 * out as invalid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"

int
main(int argc, char **argv)
{
	static const enum guard_source src[] = {
		GUARD_SRC_BUILTIN, GUARD_SRC_PROVIDER, GUARD_SRC_LIST,
	};
	struct guard_text t[3];
	struct guard_index *ix;
	struct buf text[3];
	char *err = NULL;
	size_t i, skipped, len;
	void *bytes;
	FILE *f;

	if (argc != 5) {
		fprintf(stderr, "usage: sgindex OUT builtin.txt providers.tsv "
		    "broad.txt\n");
		return 64;
	}
	for (i = 0; i < 3; i++) {
		buf_init(&text[i]);
		if (file_read(argv[i + 2], &text[i], &err) != 0) {
			fprintf(stderr, "sgindex: %s\n", err);
			return 1;
		}
		t[i].name = argv[i + 2];
		t[i].text = text[i].s != NULL ? text[i].s : "";
		t[i].len = text[i].len;
		t[i].src = src[i];
	}
	if (guard_index_build_texts(t, 3, NULL, NULL, &skipped, &ix,
	    &err) != 0) {
		fprintf(stderr, "sgindex: %s\n", err);
		return 1;
	}
	guard_index_bytes(ix, &bytes, &len);
	if ((f = fopen(argv[1], "wb")) == NULL ||
	    fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "sgindex: cannot write %s\n", argv[1]);
		return 1;
	}
	printf("sgindex: %zu domains (%zu lines skipped), %zu bytes\n",
	    guard_index_count(ix), skipped, len);
	guard_index_free(ix);
	free(bytes);
	for (i = 0; i < 3; i++)
		buf_free(&text[i]);
	return 0;
}
