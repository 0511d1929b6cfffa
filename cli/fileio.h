/* fileio.h: whole-file reads, atomic writes, directories. */
#ifndef SENDGUARD_FILEIO_H
#define SENDGUARD_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

struct buf;

/*
 * Writes a file atomically: a temporary file in the same directory,
 * fsync, rename, fsync of the directory. Returns 0, or -1 with *errstr.
 */
int	 fileio_write_atomic(const char *path, const void *data, size_t len,
	    mode_t mode, char **errstr);

struct iovec;
/* The same, from several pieces. */
int	 fileio_write_atomicv(const char *path, const struct iovec *, int,
	    mode_t mode, char **errstr);

/*
 * Reads a configuration file into b: 1 when read, 0 when it is missing
 * and missing_ok is set (b left empty), CONFIG_EIO with *errstr.
 */
int	 fileio_read_config(const char *path, int missing_ok, struct buf *b,
	    char **errstr);

/*
 * Locks a state file for a read-modify-write: an exclusive flock on path
 * (created, with its directory), or, with shared, a shared one (on path
 * if it exists), held until fileio_unlock(). Returns the descriptor, or
 * -1 with *errstr.
 */
int	 fileio_lock(const char *path, int shared, char **errstr);
void	 fileio_unlock(int);

/* The directory part of a path (allocated); "." for a bare name. */
char	*fileio_dirname(const char *path);

/*
 * For a file that holds a password: 0 if only its owner may read it, else
 * -1 with *errstr telling to chmod 600 it (as msmtp demands).
 */
int	 fileio_private(const char *path, char **errstr);

/*
 * Makes a path named in a config file absolute: ~/x from $HOME, a relative
 * one from dir (the file's directory). NULL and absolute paths stay.
 */
void	 fileio_absolute(char **path, const char *dir);

#endif
