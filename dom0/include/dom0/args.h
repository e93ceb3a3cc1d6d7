/*
 * Splitting a shell command line into words, in place.
 *
 * Words are separated by runs of blanks (space, tab, CR, LF, VT, FF).
 * Within a word, as in sh: '...' keeps everything up to the closing quote
 * literally; "..." too, except that a backslash there escapes '"' or '\'
 * (before anything else it stays a backslash); outside quotes a backslash
 * makes the next character literal. Quoted parts join the text around them
 * ("a"'b'c is one word abc), and "" is an empty word. Nothing is expanded.
 */
#ifndef DOM0_ARGS_H
#define DOM0_ARGS_H

#include <stddef.h>

#define ARGS_MAX 32     /* words in one command line */

/*
 * Splits line into words, rewriting it in place: argv[i] point into line,
 * argv[argc] is NULL. Returns argc (0 for a blank line); -E2BIG beyond
 * ARGS_MAX words, -EINVAL for an unterminated quote or a backslash at the
 * end, with a message naming the column (1-based) in err (may be NULL).
 * After an error line and argv hold partial results.
 */
int args_split(char *line, char *argv[ARGS_MAX + 1], char *err, size_t err_len);

#endif
