/* Serial input for dom0 (see kernel/console_io.c). */
#ifndef KEEL_CONSOLE_IO_H
#define KEEL_CONSOLE_IO_H

/* A character typed while input goes to dom0: keep it, raise VIRQ_CONSOLE. */
void console_io_input(char c);

/* From now on serial input goes to dom0 (announced), until Ctrl-A x3. */
void console_input_to_dom0(void);

#endif
