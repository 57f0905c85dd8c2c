// A counting heap for bench binaries: heap allocations per operation, per thread.
//
// Include from exactly one translation unit of a bench executable: it defines the global
// operator new family and also replaces malloc, calloc, realloc, free and the aligned
// allocators (forwarding to glibc's __libc_* entry points). Counting at the malloc level
// matters because not every allocation goes through operator new: OpenSSL calls malloc,
// and Asio's recycling allocator falls back to aligned_alloc. Each thread counts in a
// thread_local counter of its own (single writer, relaxed atomics: no locked instruction
// per allocation), so the bench harness can count the client's threads and leave out the
// embedded emulator's, which allocate in the same process. A thread that wants to be
// read from elsewhere publishes `&this_thread_counter()`; a snapshot is then consistent
// whenever that thread is idle.
//
// `exclude_scope` stops counting on the calling thread for a while (the harness uses it
// for what it builds itself, e.g. the PhoneNumberId string it passes in).
//
// glibc only (the __libc_* entry points); the bench binaries are Linux-only anyway.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <new>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace awsconnect::bench {

struct alloc_counts {
    std::uint64_t mallocs = 0;         ///< every heap allocation (malloc level)
    std::uint64_t operator_news = 0;   ///< ... of which through operator new
    std::uint64_t bytes = 0;           ///< bytes requested (malloc level)

    alloc_counts operator-(const alloc_counts& o) const noexcept {
        return {mallocs - o.mallocs, operator_news - o.operator_news, bytes - o.bytes};
    }
    alloc_counts& operator+=(const alloc_counts& o) noexcept {
        mallocs += o.mallocs;
        operator_news += o.operator_news;
        bytes += o.bytes;
        return *this;
    }
};

/// One thread's counters. Only that thread writes them; anyone may read them.
struct thread_alloc_counter {
    std::atomic<std::uint64_t> mallocs{0};
    std::atomic<std::uint64_t> operator_news{0};
    std::atomic<std::uint64_t> bytes{0};
    int excluded = 0;  ///< > 0: do not count (only the owning thread touches it)

    alloc_counts snapshot() const noexcept {
        return {mallocs.load(std::memory_order_relaxed), operator_news.load(std::memory_order_relaxed),
                bytes.load(std::memory_order_relaxed)};
    }
};

namespace detail {
// Constant-initialized and trivially destructible: static TLS in the executable, so
// reading it from inside malloc never allocates.
inline thread_local thread_alloc_counter tl_counter;

inline void bump(std::atomic<std::uint64_t>& a, std::uint64_t n) noexcept {
    a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}
inline void count_malloc(std::size_t n) noexcept {
    thread_alloc_counter& c = tl_counter;
    if (c.excluded) return;
    bump(c.mallocs, 1);
    bump(c.bytes, n);
}
inline void count_operator_new() noexcept {
    thread_alloc_counter& c = tl_counter;
    if (!c.excluded) bump(c.operator_news, 1);
}
}  // namespace detail

/// The calling thread's counter (publish its address to read it from another thread).
inline thread_alloc_counter& this_thread_counter() noexcept { return detail::tl_counter; }
/// The calling thread's counts so far.
inline alloc_counts this_thread_allocations() noexcept { return detail::tl_counter.snapshot(); }

/// Allocations made on this thread while it lives are not counted.
class exclude_scope {
public:
    exclude_scope() noexcept { ++detail::tl_counter.excluded; }
    ~exclude_scope() { --detail::tl_counter.excluded; }
    exclude_scope(const exclude_scope&) = delete;
    exclude_scope& operator=(const exclude_scope&) = delete;
};

}  // namespace awsconnect::bench

// ---- the C heap ----
extern "C" {
void* malloc(std::size_t n) noexcept {
    awsconnect::bench::detail::count_malloc(n);
    return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
    awsconnect::bench::detail::count_malloc(count * size);
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t n) noexcept {
    awsconnect::bench::detail::count_malloc(n);
    return __libc_realloc(p, n);
}
void free(void* p) noexcept { __libc_free(p); }
void* memalign(std::size_t align, std::size_t n) noexcept {
    awsconnect::bench::detail::count_malloc(n);
    return __libc_memalign(align, n);
}
void* aligned_alloc(std::size_t align, std::size_t n) noexcept {
    awsconnect::bench::detail::count_malloc(n);
    return __libc_memalign(align, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) noexcept {
    if (align < sizeof(void*) || (align & (align - 1)) != 0) return EINVAL;
    awsconnect::bench::detail::count_malloc(n);
    void* p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
}

// ---- operator new / delete (on top of the C heap above) ----
void* operator new(std::size_t n) {
    awsconnect::bench::detail::count_operator_new();
    if (void* p = malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    awsconnect::bench::detail::count_operator_new();
    return malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(std::size_t n, std::align_val_t a) {
    awsconnect::bench::detail::count_operator_new();
    if (void* p = aligned_alloc(static_cast<std::size_t>(a), n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { free(p); }
