/* VGA text-mode console (80x25 at 0xb8000). */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include <keel/console.h>

struct console_sink *vga_console(void);

#endif
