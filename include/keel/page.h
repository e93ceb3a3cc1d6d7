/* The 4 KiB page: the unit of memory in Keel and in the Xen ABI. */
#ifndef KEEL_PAGE_H
#define KEEL_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ul << PAGE_SHIFT)

#endif
