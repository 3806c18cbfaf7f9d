#ifndef STT_CMALLOC_SHIM_H
#define STT_CMALLOC_SHIM_H
// glibc's allocator statistics (mallinfo2): the bench measures heap bytes per node with them.
#include <malloc.h>
#endif
