/* paths.h: where sendguard keeps its files (XDG base directories). */
#ifndef SENDGUARD_PATHS_H
#define SENDGUARD_PATHS_H

/*
 * Each returns an allocated path under the XDG directory of its kind,
 * falling back to the XDG defaults under $HOME:
 *   config  $XDG_CONFIG_HOME/sendguard   (~/.config/sendguard)
 *   cache   $XDG_CACHE_HOME/sendguard    (~/.cache/sendguard)
 *   state   $XDG_STATE_HOME/sendguard    (~/.local/state/sendguard)
 *   data    $XDG_DATA_HOME/sendguard     (~/.local/share/sendguard)
 * with name appended when it is not NULL.
 */
char	*paths_config(const char *name);
char	*paths_cache(const char *name);
char	*paths_state(const char *name);
char	*paths_data(const char *name);

#endif
