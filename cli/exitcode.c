/* exitcode.c: every error of every part mapped to sysexits in one place. */
#include <sysexits.h>

#include "exitcode.h"

int
exitcode_check(enum guard_severity s)
{
	switch (s) {
	case GUARD_OK:
	case GUARD_NOTICE:
		return 0;
	case GUARD_WARN:
		return 1;
	case GUARD_BLOCK:
		break;
	}
	return EX_NOPERM;
}
