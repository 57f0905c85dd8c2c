// A counting global allocator for bench binaries: heap allocations per operation.
// Include from exactly one translation unit of a bench executable.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace awsconnect::bench {
inline std::atomic<unsigned long long> allocations{0};
inline std::atomic<unsigned long long> allocated_bytes{0};
}  // namespace awsconnect::bench

void* operator new(std::size_t n) {
    awsconnect::bench::allocations.fetch_add(1, std::memory_order_relaxed);
    awsconnect::bench::allocated_bytes.fetch_add(n, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    awsconnect::bench::allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
