/* main.c: picks the mode and wires the parts together. */
#include <stdio.h>
#include <sysexits.h>

int
main(void)
{
	fprintf(stderr, "sendguard: work in progress\n");
	return EX_USAGE;
}
