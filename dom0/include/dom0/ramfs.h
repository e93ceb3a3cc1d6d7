/*
 * The RAM filesystem: files and directories held in the dom0 heap, the
 * first filesystem type behind the VFS (dom0/vfs.h).
 *
 * Space, for df: used is the sum of the file sizes plus RAMFS_NODE_OVERHEAD
 * and the name's length for each file and directory (the root included),
 * an estimate of the heap the tree takes. total is used plus what the
 * caller's free_bytes hook says the heap still has; without a hook total
 * is 0, "no fixed size".
 */
#ifndef DOM0_RAMFS_H
#define DOM0_RAMFS_H

#include <stdint.h>

#include <dom0/vfs.h>

#define RAMFS_NODE_OVERHEAD 64u   /* bytes counted per file or directory */

/* A new empty ramfs instance (root directory mode 0755), or NULL. */
struct vfs_fs *ramfs_new(uint64_t (*free_bytes)(void));

#endif
