/* Block devices: the range checks every caller gets (dom0/blkdev.h). */
#include <dom0/blkdev.h>
#include <keel/errno.h>

static int check_range(const struct blkdev *dev, uint64_t sector, uint32_t count)
{
    if (count == 0 || sector >= dev->sectors || count > dev->sectors - sector)
        return -EINVAL;
    return 0;
}

int blkdev_read(struct blkdev *dev, uint64_t sector, uint32_t count, void *buf)
{
    int rc = check_range(dev, sector, count);

    return rc ? rc : dev->ops->read(dev, sector, count, buf);
}

int blkdev_write(struct blkdev *dev, uint64_t sector, uint32_t count,
                 const void *buf)
{
    int rc = check_range(dev, sector, count);

    if (rc)
        return rc;
    if (dev->read_only)
        return -EROFS;
    return dev->ops->write(dev, sector, count, buf);
}

int blkdev_flush(struct blkdev *dev)
{
    return dev->read_only ? 0 : dev->ops->flush(dev);
}
