/*
 * Block devices in dom0: what a disk driver (virtio-blk) offers and what a
 * filesystem (ext2) or a backend (blkback) uses. A device is a run of
 * 512-byte sectors, named as a user names it ("vda", "vda1").
 *
 * The calls may block the calling thread until the device answers; they
 * return 0 or a negative errno: -EIO (the device said no), -EROFS (a
 * write to a read-only device), -EINVAL (a range past the end, count 0).
 * A completed write may still sit in the device's volatile cache until
 * flush returns: flush is the only durability point.
 */
#ifndef DOM0_BLKDEV_H
#define DOM0_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>

#define BLKDEV_SECTOR_SIZE 512u
#define BLKDEV_NAME_MAX    15u

struct blkdev;

struct blkdev_ops {
    int (*read)(struct blkdev *dev, uint64_t sector, uint32_t count, void *buf);
    int (*write)(struct blkdev *dev, uint64_t sector, uint32_t count,
                 const void *buf);
    int (*flush)(struct blkdev *dev);
};

struct blkdev {
    char name[BLKDEV_NAME_MAX + 1];
    uint64_t sectors;       /* size in BLKDEV_SECTOR_SIZE units */
    bool read_only;
    const struct blkdev_ops *ops;
    void *priv;             /* the driver's own state */
    struct blkdev *next;    /* the registry's list */
};

/*
 * The registry: every disk and partition dom0 knows, by name. A disk is
 * registered by its driver once it works; blkdev_register then looks for
 * an MBR partition table on it and registers each partition as NAMEn
 * (vda1 .. vda4), forwarding to the disk with the partition's offset.
 */
int blkdev_register(struct blkdev *dev);
struct blkdev *blkdev_find(const char *name);
void blkdev_walk(void (*fn)(struct blkdev *dev, void *arg), void *arg);

/* Checked calls: the range is checked against dev->sectors first. */
int blkdev_read(struct blkdev *dev, uint64_t sector, uint32_t count, void *buf);
int blkdev_write(struct blkdev *dev, uint64_t sector, uint32_t count,
                 const void *buf);
int blkdev_flush(struct blkdev *dev);

#endif
