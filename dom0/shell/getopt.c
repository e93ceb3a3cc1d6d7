/* Short options for shell commands, see dom0/include/dom0/getopt.h. */
#include <stddef.h>
#include <keel/string.h>
#include <dom0/getopt.h>

void getopt_init(struct getopt *g)
{
    g->ind = 1;
    g->pos = 0;
    g->arg = NULL;
    g->opt = 0;
}

/* Whether argv[ind] starts a new run of options; steps over "--". */
static int at_option(struct getopt *g, int argc, char **argv)
{
    const char *w = g->ind < argc ? argv[g->ind] : NULL;

    if (!w || w[0] != '-' || w[1] == '\0')
        return 0;
    if (!strcmp(w, "--")) {
        g->ind++;
        return 0;
    }
    g->pos = 1;
    return 1;
}

int getopt_next(struct getopt *g, int argc, char **argv, const char *optstring)
{
    const char *word, *spec;

    g->arg = NULL;
    if (g->pos == 0 && !at_option(g, argc, argv))
        return -1;
    word = argv[g->ind];
    g->opt = word[g->pos++];
    if (word[g->pos] == '\0') {
        g->ind++;
        g->pos = 0;
    }
    spec = g->opt != ':' ? strchr(optstring, g->opt) : NULL;
    if (!spec)
        return '?';
    if (spec[1] != ':')
        return g->opt;
    if (g->pos) {               /* "-p5": the rest of this word */
        g->arg = (char *)word + g->pos;
        g->ind++;
        g->pos = 0;
    } else if (g->ind < argc) { /* "-p 5": the next word */
        g->arg = argv[g->ind++];
    } else {
        return ':';
    }
    return g->opt;
}
