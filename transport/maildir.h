/* maildir.h: Maildir helpers inside transport/ (the public calls are in
 * transport.h). */
#ifndef SENDGUARD_MAILDIR_H
#define SENDGUARD_MAILDIR_H

/*
 * Creates dir/{tmp,new,cur} if missing and a new file in dir/tmp with a
 * unique name. Returns its fd with *path allocated, or -1 with *errstr.
 */
int	maildir_create_tmp(const char *dir, char **path, char **errstr);

#endif
