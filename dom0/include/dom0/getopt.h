/*
 * Short options for shell commands, as POSIX getopt reads them: "-l",
 * clusters ("-wa"), an argument joined or separate ("-p5", "-p 5") where
 * optstring puts ':' after the letter, "--" ending the options, and the
 * first word not starting with '-' (or a lone "-") ending them too.
 * State lives in a struct rather than globals, so commands can nest.
 */
#ifndef DOM0_GETOPT_H
#define DOM0_GETOPT_H

struct getopt {
    int ind;            /* next word of argv to read; operands start here at the end */
    int pos;            /* position in a cluster, 0 between words */
    char *arg;          /* the option's argument, when it takes one */
    char opt;           /* the option letter just read (also on errors) */
};

/* Start reading argv[1] on. */
void getopt_init(struct getopt *g);

/*
 * The next option letter; -1 when the options end (g->ind names the first
 * operand); '?' for a letter not in optstring, ':' for a missing argument
 * (g->opt holds the letter in both cases).
 */
int getopt_next(struct getopt *g, int argc, char **argv, const char *optstring);

#endif
