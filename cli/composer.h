/* composer.h: the composer mode, wired to the guard and the transport. */
#ifndef SENDGUARD_COMPOSER_H
#define SENDGUARD_COMPOSER_H

/* "sendguard [-s SUBJECT] [-c CC] [-b BCC] [-a FILE] [ADDR...]" on a
 * terminal, or "--resume FILE"; returns the exit code. */
int	composer_main(int argc, char **argv);

/* The theme the config names (or the default), with *notice set to why
 * when it could not be loaded. */
struct config;
struct theme;
struct theme *composer_theme(const struct config *, char **notice);

/* Parses a saved draft file (as the composer writes it) into d. */
struct draft;
int	composer_read_draft(const char *text, struct draft *d);

#endif
