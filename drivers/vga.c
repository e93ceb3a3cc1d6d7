/* VGA text console: write, wrap and scroll in the 80x25 text buffer. */
#include <stdint.h>
#include <asm/io.h>
#include <keel/layout.h>
#include <keel/string.h>
#include "vga.h"

#define VGA_TEXT_PHYS 0xb8000
#define COLS 80
#define ROWS 25
#define ATTR 0x0700 /* light grey on black */

static struct {
    struct console_sink sink;
    unsigned int row, col;
} vga;

static volatile uint16_t *screen(void)
{
    return phys_to_virt(VGA_TEXT_PHYS);
}

static void move_cursor(void)
{
    unsigned int pos = vga.row * COLS + vga.col;

    outb(0x3d4, 0x0f);
    outb(0x3d5, pos & 0xff);
    outb(0x3d4, 0x0e);
    outb(0x3d5, (pos >> 8) & 0xff);
}

static void newline(void)
{
    volatile uint16_t *s = screen();

    vga.col = 0;
    if (++vga.row < ROWS)
        return;
    for (unsigned int i = 0; i < (ROWS - 1) * COLS; i++)
        s[i] = s[i + COLS];
    for (unsigned int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
        s[i] = ATTR | ' ';
    vga.row = ROWS - 1;
}

static void vga_putc(struct console_sink *sink, char c)
{
    (void)sink;
    if (c == '\n') {
        newline();
    } else {
        screen()[vga.row * COLS + vga.col] = ATTR | (uint8_t)c;
        if (++vga.col == COLS)
            newline();
    }
    move_cursor();
}

struct console_sink *vga_console(void)
{
    volatile uint16_t *s = screen();

    for (unsigned int i = 0; i < ROWS * COLS; i++)
        s[i] = ATTR | ' ';
    vga.row = vga.col = 0;
    vga.sink.putc = vga_putc;
    return &vga.sink;
}
