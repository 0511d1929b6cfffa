/* policy.h: the organisation's block / warn / allow rules. */
#ifndef SENDGUARD_POLICY_H
#define SENDGUARD_POLICY_H

#include <stddef.h>

enum policy_action {
	POLICY_NONE = 0,
	POLICY_ALLOW,
	POLICY_WARN,
	POLICY_BLOCK
};

struct policy;

/*
 * Compiles the rules. A pattern is a domain ("example.com": it and its
 * subdomains), "*.example.com" (subdomains only), "*.ml" (everything under
 * .ml) or "*" (everything). Returns NULL with *error naming a bad pattern.
 */
struct policy *policy_new(const char *const *block, size_t nblock,
	    const char *const *warn, size_t nwarn, const char *const *allow,
	    size_t nallow, char **error);
void	 policy_free(struct policy *);

/* Compiles one pattern (see policy_new); 0, or -1 with *error. */
int	 policy_compile(const char *pattern, char **domain, int *subonly,
	    char **error);

/*
 * The rule for a lowercase A-label domain: the most specific pattern that
 * matches wins; between equally specific ones, block beats warn beats
 * allow. *pattern (if not NULL) is set to the rule as written.
 */
enum policy_action policy_match(const struct policy *, const char *domain,
	    const char **pattern);

#endif
