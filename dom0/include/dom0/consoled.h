/*
 * The console backend (Xen's xenconsoled): for each domU, the PV console
 * ring its builder granted dom0 (ref GNTTAB_RESERVED_CONSOLE). What the
 * guest writes is appended to /var/log/keel/guest-NAME.log and kept for
 * the next `xl console`, or shown at once while one is attached; what the
 * user types then goes to the guest.
 */
#ifndef DOM0_CONSOLED_H
#define DOM0_CONSOLED_H

#include <public/xen.h>

#define CONSOLED_LOG_DIR "/var/log/keel"

/* Make the log directory; 0 or a negative errno (then nothing is
 * logged, and consoles are served all the same). */
int consoled_start(void);

/* Serve domid's console: its ring and remote_port, the unbound port it
 * made for dom0. 0 or a negative errno. */
int consoled_add(domid_t domid, unsigned int remote_port, const char *name);
/* Stop serving it (before the domain is destroyed); an attached
 * `xl console` returns. Nothing happens for a domid not served. */
void consoled_remove(domid_t domid);
/* The domain's log file has a new name (xl rename). */
void consoled_rename(domid_t domid, const char *name);

/*
 * `xl console`: show what domid wrote since it was last shown, then its
 * output as it comes, sending typed bytes to it, until the user types ^]
 * or the domain goes. 0, or -ENOENT if domid has no console served.
 */
int consoled_attach(domid_t domid);

/* System time at which the domain's console first carried a byte; 0 if
 * it has not. For measuring xl create. */
uint64_t consoled_first_byte_ns(domid_t domid);

#endif
