/*
 * The registry of disks and partitions by name, and partitions as windows
 * onto their disk (dom0/blkdev.h).
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/blkdev.h>
#include <dom0/console.h>
#include <dom0/mbr.h>

static struct blkdev *devices;

/* ---- Partitions: a window of first .. first + sectors on the disk ---- */

struct partition {
    struct blkdev dev;
    struct blkdev *disk;
    uint64_t first;
};

static struct blkdev *disk_of(struct blkdev *dev, uint64_t *sector)
{
    struct partition *p = dev->priv;

    *sector += p->first;
    return p->disk;
}

static int part_read(struct blkdev *dev, uint64_t sector, uint32_t count, void *buf)
{
    struct blkdev *disk = disk_of(dev, &sector);

    return disk->ops->read(disk, sector, count, buf);
}

static int part_write(struct blkdev *dev, uint64_t sector, uint32_t count, const void *buf)
{
    struct blkdev *disk = disk_of(dev, &sector);

    return disk->ops->write(disk, sector, count, buf);
}

static int part_flush(struct blkdev *dev)
{
    struct partition *p = dev->priv;

    return blkdev_flush(p->disk);
}

static const struct blkdev_ops partition_ops = {
    .read = part_read, .write = part_write, .flush = part_flush,
};

static void add(struct blkdev *dev)
{
    struct blkdev **tail = &devices;

    while (*tail)
        tail = &(*tail)->next;
    dev->next = NULL;
    *tail = dev;
}

static void report_skipped(void *arg, unsigned int index, const char *why)
{
    printk("dom0: %s%u: %s; skipped\n", ((struct blkdev *)arg)->name, index, why);
}

static void add_partitions(struct blkdev *disk)
{
    struct mbr_part parts[MBR_ENTRIES];
    uint8_t *sector0 = malloc(BLKDEV_SECTOR_SIZE);
    unsigned int n = 0;
    int rc;

    if (!sector0) {
        printk("dom0: %s: no memory to read its partition table\n", disk->name);
        return;
    }
    if ((rc = blkdev_read(disk, 0, 1, sector0)))
        printk("dom0: %s: cannot read its partition table (error %d)\n", disk->name, rc);
    else
        n = mbr_parse(sector0, disk->sectors, parts, report_skipped, disk);
    free(sector0);
    for (unsigned int i = 0; i < n; i++) {
        struct partition *p = calloc(1, sizeof(*p));

        if (!p) {
            printk("dom0: %s: no memory for its partitions\n", disk->name);
            return;
        }
        snprintf(p->dev.name, sizeof(p->dev.name), "%s%u", disk->name, parts[i].index);
        p->dev.sectors = parts[i].count;
        p->dev.read_only = disk->read_only;
        p->dev.ops = &partition_ops;
        p->dev.priv = p;
        p->disk = disk;
        p->first = parts[i].first;
        add(&p->dev);
        printk("dom0: %s: MBR partition, type %#x, %llu MiB from sector %llu\n", p->dev.name,
               parts[i].type, (unsigned long long)(parts[i].count >> 11),
               (unsigned long long)parts[i].first);
    }
}

int blkdev_register(struct blkdev *dev)
{
    if (blkdev_find(dev->name))
        return -EEXIST;
    add(dev);
    add_partitions(dev);
    return 0;
}

struct blkdev *blkdev_find(const char *name)
{
    for (struct blkdev *d = devices; d; d = d->next)
        if (!strcmp(d->name, name))
            return d;
    return NULL;
}

void blkdev_walk(void (*fn)(struct blkdev *dev, void *arg), void *arg)
{
    for (struct blkdev *d = devices; d; d = d->next)
        fn(d, arg);
}
